"""The production ASGI server for the benchmark: uvicorn with several worker processes, in a
subprocess of its own session so that stopping it stops its workers too."""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

SETTINGS = "labo.settings.bench"


def uvicorn_command(port, workers):
    uvicorn = Path(sys.executable).with_name("uvicorn")
    return [
        str(uvicorn),
        "labo.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        # Django answers no lifespan events, and access logs would cost the server CPU the
        # clients share.
        "--lifespan",
        "off",
        "--no-access-log",
        # uvicorn drops idle keep-alive connections after 5 s, while a client that waited
        # a few seconds between two pages may be sending on it: a reset that a reverse proxy
        # (which keeps its upstream connections open) would never cause.
        "--timeout-keep-alive",
        "60",
        "--log-level",
        "warning",
    ]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port):
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def wait_until_ready(port, process, path="/", timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # Without this, a server of someone else's on the same port would be measured.
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn s'est arrêté (code {process.returncode}).")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"Le serveur ne répond pas sur le port {port} après {timeout} s.")


@contextlib.contextmanager
def running_server(port, workers, out=print):
    if not port_is_free(port):
        raise RuntimeError(f"Le port {port} est déjà pris : choisissez-en un autre (--port).")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS}
    command = uvicorn_command(port, workers)
    out(f"Démarrage : {' '.join(command[1:])}")
    process = subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603
    try:
        wait_until_ready(port, process)
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
