"""Benchmark of live delivery: N websocket clients on one public topic of a running server
(daphne, with the Redis channel layer when REDIS_URL is set), then P posts created here
through ``services.post_create``; reports the delay from the commit to each client's receipt
(p50, p95, max). Run it against a server that uses the same database and channel layer:

    export DJANGO_SETTINGS_MODULE=labo.settings.bench  # the only settings with this command
    daphne -p 8001 labo.asgi:application &
    manage.py forum_bench --url ws://127.0.0.1:8001 --clients 200 --posts 20

Goal on the 2-core machine: p95 ≤ 250 ms. The clients are a minimal asyncio websocket
reader (no extra dependency).
"""

import asyncio
import base64
import json
import os
import statistics
import struct
import time
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from forum import services
from forum.models import Category, Topic


class Command(BaseCommand):
    help = "Mesure le délai de diffusion en direct d'un message du forum à N clients websocket."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="ws://127.0.0.1:8000")
        parser.add_argument("--origin", default="http://127.0.0.1:8000")
        parser.add_argument("--clients", type=int, default=200)
        parser.add_argument("--posts", type=int, default=20)
        parser.add_argument("--interval", type=float, default=0.5)

    def handle(self, *args, **options):
        topic = self._topic()
        delays = asyncio.run(self._run(topic, options))
        expected = options["clients"] * options["posts"]
        if not delays:
            raise CommandError("Aucun message reçu : le serveur partage-t-il la base et Redis ?")
        delays.sort()
        p50 = statistics.median(delays)
        p95 = delays[min(len(delays) - 1, int(len(delays) * 0.95))]
        self.stdout.write(
            f"{len(delays)}/{expected} livraisons · p50 {p50:.1f} ms · p95 {p95:.1f} ms · "
            f"max {delays[-1]:.1f} ms"
        )

    def _topic(self):
        User = get_user_model()
        author, _created = User.objects.get_or_create(
            email="bench@labo.invalid", defaults={"display_name": "Banc d'essai", "is_staff": True}
        )
        category, _created = Category.objects.get_or_create(
            slug="banc-d-essai",
            defaults={"name": "Banc d'essai", "visibility": Category.Visibility.PUBLIC},
        )
        topic = Topic.objects.filter(category=category).first()
        if topic is None:
            topic = services.topic_create(category, author, title="Banc d'essai", body="Départ")
        self.author = author
        return topic

    async def _run(self, topic, options):
        sent_at = {}
        delays = []
        url = urlsplit(f"{options['url'].rstrip('/')}/ws/forum/topics/{topic.pk}/")
        clients = [
            await _open(url.hostname, url.port or 80, url.path, options["origin"])
            for _ in range(options["clients"])
        ]

        async def listen(reader):
            while True:
                text = await _read_text_frame(reader)
                if text is None:
                    return
                if not text:
                    continue
                received = time.perf_counter()
                data = json.loads(text)
                post_id = data.get("post_id")
                if data.get("event") == "post.created" and post_id in sent_at:
                    delays.append((received - sent_at[post_id]) * 1000)

        listeners = [asyncio.create_task(listen(reader)) for reader, _writer in clients]
        loop = asyncio.get_running_loop()

        def post(number):
            with transaction.atomic():
                created = services.post_create(topic, self.author, body=f"Mesure n° {number}")
                # The clock starts just before the commit, which sends the event.
                sent_at[created.pk] = time.perf_counter()
            return created.pk

        for number in range(options["posts"]):
            await loop.run_in_executor(None, post, number)
            await asyncio.sleep(options["interval"])
        await asyncio.sleep(2)
        for task in listeners:
            task.cancel()
        for _reader, writer in clients:
            writer.close()
        return delays


async def _open(host, port, path, origin):
    """A minimal websocket client (RFC 6455): handshake, then read the server's frames.
    Autobahn's asyncio client cannot be used here: daphne already chose Twisted for txaio."""
    reader, writer = await asyncio.open_connection(host, port)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write(
        (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n"
        ).encode()
    )
    await writer.drain()
    status = await reader.readline()
    if b" 101 " not in status:
        raise CommandError(f"Connexion websocket refusée : {status!r}")
    while (await reader.readline()) not in (b"\r\n", b""):
        pass
    return reader, writer


async def _read_text_frame(reader):
    try:
        first, second = await reader.readexactly(2)
    except asyncio.IncompleteReadError:
        return None
    length = second & 0x7F
    if length == 126:
        length = struct.unpack("!H", await reader.readexactly(2))[0]
    elif length == 127:
        length = struct.unpack("!Q", await reader.readexactly(8))[0]
    payload = await reader.readexactly(length)
    opcode = first & 0x0F
    if opcode == 0x8:  # close
        return None
    return payload.decode() if opcode == 0x1 else ""
