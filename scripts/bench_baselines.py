"""The two baselines scripts/bench.py measures Dais against, on the same client sockets
(reference/fanout.md):

- floor: a plain `websockets` server. A room is the URL path (/room/<name>); a message from one
  socket is encoded once and written to every socket of its room (`websockets.broadcast`).
    python scripts/bench_baselines.py floor --port 8190
- textbook: the textbook Channels consumer, one group member per socket, relaying through the
  channel layer (Redis, like the cluster) and encoding JSON once per socket. Served by daphne:
    BASELINE_REDIS_URL=redis://127.0.0.1:6380/1 daphne -p 8191 bench_baselines:textbook_app
  (run from scripts/, or with scripts/ on PYTHONPATH).

Messages a client sends: {"op": "relay", "n": <key>, "pad": "..."} (the server broadcasts
{"type": "relay", "n", "pad"} to the room) and {"op": "vote", "seat": <id>} (the server answers
{"type": "ok", "ref": "b"} to the sender at once, then broadcasts {"type": "ballot", "seat"}).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
from typing import Any

# ---------------------------------------------------------------------------------------------
# floor: plain websockets


async def floor_server(port: int) -> None:
    import websockets

    rooms: dict[str, set] = {}

    async def handler(ws) -> None:
        room = rooms.setdefault(ws.request.path, set())
        room.add(ws)
        try:
            async for text in ws:
                message = json.loads(text)
                if message.get("op") == "relay":
                    frame = json.dumps(
                        {"type": "relay", "n": message["n"], "pad": message.get("pad", "")}
                    )
                    websockets.broadcast(room, frame)
                elif message.get("op") == "vote":
                    await ws.send(json.dumps({"type": "ok", "ref": "b"}))
                    websockets.broadcast(room, json.dumps({"type": "ballot", "seat": message["seat"]}))
        except websockets.ConnectionClosed:
            pass
        finally:
            room.discard(ws)

    async with websockets.serve(
        handler, "127.0.0.1", port, ping_interval=None, max_queue=None, backlog=4096
    ):
        await asyncio.Future()


# ---------------------------------------------------------------------------------------------
# textbook: Channels, one group member per socket


def _textbook_application():
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="baseline-only",
            ALLOWED_HOSTS=["*"],
            INSTALLED_APPS=["channels"],
            CHANNEL_LAYERS={
                "default": {
                    "BACKEND": "channels_redis.core.RedisChannelLayer",
                    "CONFIG": {
                        "hosts": [
                            {
                                "address": os.environ.get(
                                    "BASELINE_REDIS_URL", "redis://127.0.0.1:6380/1"
                                ),
                                "socket_timeout": 30,
                                # As the cluster's workers (redis-py refuses past 100).
                                "max_connections": 1000,
                            }
                        ],
                        "capacity": 1000,
                        "expiry": 30,
                    },
                }
            },
        )
        django.setup()
    from channels.generic.websocket import AsyncWebsocketConsumer
    from channels.routing import ProtocolTypeRouter, URLRouter
    from django.urls import re_path

    class Relay(AsyncWebsocketConsumer):
        def _layer(self) -> Any:
            assert self.channel_layer is not None  # the benchmark sets CHANNEL_LAYERS
            return self.channel_layer

        async def connect(self) -> None:
            self.room = "room-" + self.scope["url_route"]["kwargs"]["room"]
            await self._layer().group_add(self.room, self.channel_name)
            await self.accept()

        async def disconnect(self, code: int) -> None:
            await self._layer().group_discard(self.room, self.channel_name)

        async def receive(self, text_data=None, bytes_data=None) -> None:
            message = json.loads(text_data)
            if message.get("op") == "relay":
                await self._layer().group_send(
                    self.room,
                    {"type": "relay.message", "n": message["n"], "pad": message.get("pad", "")},
                )
            elif message.get("op") == "vote":
                await self.send(text_data=json.dumps({"type": "ok", "ref": "b"}))
                await self._layer().group_send(
                    self.room, {"type": "ballot.message", "seat": message["seat"]}
                )

        async def relay_message(self, event) -> None:
            await self.send(
                text_data=json.dumps({"type": "relay", "n": event["n"], "pad": event["pad"]})
            )

        async def ballot_message(self, event) -> None:
            await self.send(text_data=json.dumps({"type": "ballot", "seat": event["seat"]}))

    return ProtocolTypeRouter(
        {"websocket": URLRouter([re_path(r"^room/(?P<room>[\w-]+)$", Relay.as_asgi())])}
    )


def __getattr__(name: str):
    # `daphne bench_baselines:textbook_app` builds the application on first access only, so
    # the floor server never configures Django.
    if name == "textbook_app":
        return _textbook_application()
    raise AttributeError(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind", choices=["floor"])
    parser.add_argument("--port", type=int, default=8190)
    args = parser.parse_args()
    asyncio.run(floor_server(args.port))


if __name__ == "__main__":
    main()
