"""Concurrent HTTP measures with the standard library: C threads, each with its own
keep-alive connection, share a fixed number of requests to one address. Threads are enough
here: a client spends its time waiting on the socket, not in Python."""

import http.client
import http.cookiejar
import re
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from .report import Result


def login(port, email, password):
    """Log in through the real login form (CSRF token included) and return the session
    cookie, as ``"sessionid=…"``."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    page = opener.open(f"{base}/compte/login/", timeout=30).read().decode()  # noqa: S310
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"login": email, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    # Always http://127.0.0.1: the scheme is ours, not an input.
    request = urllib.request.Request(  # noqa: S310
        f"{base}/compte/login/", data=data, headers={"Referer": f"{base}/compte/login/"}
    )
    response = opener.open(request, timeout=30)
    page = response.read().decode()
    title = re.search(r"<title>([^<]*)", page)
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(
            f"La connexion de {email} a échoué ({response.status} {response.url}, "
            f"« {title.group(1).strip() if title else ''} »)."
        ) from RuntimeError(page)
    return f"sessionid={cookies['sessionid']}"


def measure(port, name, label, url, *, requests, concurrency, warmup=5, cookie="", floor=False):
    headers = {"Cookie": cookie} if cookie else {}
    result = Result(name=name, label=label, url=url, is_floor=floor)
    lock = threading.Lock()
    remaining = [requests]

    def take():
        with lock:
            if remaining[0] <= 0:
                return False
            remaining[0] -= 1
            return True

    def fetch(connection):
        began = time.perf_counter()
        connection.request("GET", url, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body), (time.perf_counter() - began) * 1000

    warm_each = max(1, warmup // concurrency)
    ready = threading.Barrier(concurrency + 1)

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        # Warm-up spread over the clients: every server worker has rendered the page and
        # every connection is open before the clock starts.
        for _ in range(warm_each):
            fetch(connection)
        ready.wait()
        while take():
            try:
                status, size, elapsed = fetch(connection)
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status, size, elapsed = None, 0, 0
            with lock:
                if status == 200:
                    result.latencies_ms.append(elapsed)
                    result.size = size
                else:
                    result.errors += 1
        connection.close()

    with ThreadPoolExecutor(concurrency) as pool:
        futures = [pool.submit(worker) for _ in range(concurrency)]
        ready.wait()
        started = time.perf_counter()
        for future in futures:
            future.result()
    result.elapsed_s = time.perf_counter() - started
    return result


def fetch_size(port, url, cookie=""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", url, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{url} répond {response.status}.")
    return len(body)
