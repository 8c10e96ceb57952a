"""Fan-out under a failing channel layer (issue 8, finding 2): sends are bounded and retried,
a send that still fails is logged (never silent), private frames ride in the delegates message,
and a hub whose layer restarted empty joins its groups again."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from committee import broadcast, hub


class FlakyLayer:
    def __init__(self, failures: int) -> None:
        self.failures, self.in_flight, self.peak = failures, 0, 0
        self.sent: list[Any] = []

    async def group_send(self, group, message):
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await asyncio.sleep(0.001)
            if self.failures:
                self.failures -= 1
                raise ConnectionError("pool exhausted")
            self.sent.append((group, message))
        finally:
            self.in_flight -= 1


def test_private_frames_ride_in_the_delegates_message():
    frames = [
        ("dais.c1.chair", {"type": "event", "seq": 5}),
        ("dais.c1.delegates", {"type": "event", "seq": 5}),
        ("dais.c1.public", {"type": "event", "seq": 5}),
        *[(f"dais.c1.seat{n}", {"type": "private", "seq": 5, "private": {"seat": n}}) for n in range(100)],
    ]
    messages = dict(broadcast.layer_messages(frames))
    assert sorted(messages) == ["dais.c1.chair", "dais.c1.delegates", "dais.c1.public"]
    private = messages["dais.c1.delegates"]["private"]
    assert len(private) == 100 and '"seat":7' in private["7"]


def test_sends_are_bounded_retried_and_logged_when_they_fail(caplog):
    messages = [(f"g{n}", {"type": "hub.frame", "group": f"g{n}"}) for n in range(30)]
    layer = FlakyLayer(failures=5)
    asyncio.run(broadcast._send_all(layer, messages))
    assert len(layer.sent) == 30  # every one got through on a retry
    assert layer.peak <= broadcast.MAX_CONCURRENT_SENDS
    layer = FlakyLayer(failures=10**6)
    with caplog.at_level(logging.ERROR, logger="committee.broadcast"):
        asyncio.run(broadcast._send_all(layer, messages[:2]))
    assert [r.getMessage() for r in caplog.records] == [
        "broadcast to g0 failed; its pages will resync",
        "broadcast to g1 failed; its pages will resync",
    ]


def test_a_hub_joins_its_groups_again_after_the_layer_failed(monkeypatch):
    class Layer:
        def __init__(self):
            self.adds, self.receives = [], 0

        async def new_channel(self):
            return "hub!1"

        async def group_add(self, group, channel):
            self.adds.append(group)

        async def receive(self, channel):
            self.receives += 1
            if self.receives == 1:
                raise ConnectionError("Redis restarted")
            await asyncio.sleep(3600)

    layer = Layer()
    monkeypatch.setattr(hub, "get_channel_layer", lambda: layer)

    async def scenario():
        h = hub.Hub()
        await h.join("dais.c1.delegates", object())
        await asyncio.sleep(0.8)
        for task in h._tasks:
            task.cancel()
        return layer.adds

    assert asyncio.run(scenario()) == ["dais.c1.delegates", "dais.c1.delegates"]


def test_a_room_joining_at_once_makes_one_add_per_group_and_few_at_a_time(monkeypatch):
    """A reconnect storm (issue 13): a thousand sockets join their audience group and ~200
    seat groups together. One group_add per group, few layer calls in flight (each may hold a
    Redis connection of a pool of 100), and each join returns only once its group is added."""

    class Layer:
        def __init__(self):
            self.calls: list[tuple[str, str]] = []
            self.in_flight = self.peak = 0
            self.added: set[str] = set()

        async def new_channel(self):
            return "hub!1"

        async def _call(self, kind, group):
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            try:
                await asyncio.sleep(0.002)
                self.calls.append((kind, group))
                (self.added.add if kind == "add" else self.added.discard)(group)
            finally:
                self.in_flight -= 1

        async def group_add(self, group, channel):
            await self._call("add", group)

        async def group_discard(self, group, channel):
            await self._call("discard", group)

        async def receive(self, channel):
            await asyncio.sleep(3600)

    layer = Layer()
    monkeypatch.setattr(hub, "get_channel_layer", lambda: layer)
    groups = ["dais.c1.delegates"] + [f"dais.c1.seat{n}" for n in range(200)]

    async def scenario():
        h = hub.Hub()
        sockets = [object() for _ in range(1000)]

        async def connect(n: int) -> None:
            for group in (groups[0], groups[1 + n % 200]):
                await h.join(group, sockets[n])
                assert group in layer.added  # joined on the layer before the snapshot is read

        await asyncio.gather(*(connect(n) for n in range(1000)))
        adds = [g for kind, g in layer.calls if kind == "add"]
        # The whole room leaves, then comes back at once.
        await asyncio.gather(
            *(h.leave(g, sockets[n]) for n in range(1000) for g in (groups[0], groups[1 + n % 200]))
        )
        assert layer.added == set() and h.members == {}
        await asyncio.gather(*(connect(n) for n in range(1000)))
        for task in h._tasks:
            task.cancel()
        return adds

    adds = asyncio.run(scenario())
    assert sorted(adds) == sorted(groups)
    assert layer.added == set(groups)
    assert [kind for kind, _ in layer.calls].count("add") == 2 * len(groups)
    assert layer.peak <= hub.LAYER_CALLS
