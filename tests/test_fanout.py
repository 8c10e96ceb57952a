"""Fan-out under a failing channel layer (issue 8, finding 2): sends are bounded and retried,
a send that still fails is logged (never silent), private frames ride in the delegates message,
and a hub whose layer restarted empty joins its groups again."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

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

    # The committee's layer group, joined again after the failure.
    assert asyncio.run(scenario()) == ["dais.c1", "dais.c1"]


def test_a_room_joining_at_once_makes_one_add_per_committee_and_few_at_a_time(monkeypatch):
    """A reconnect storm (issue 13): a thousand sockets join their audience group and ~200
    seat groups together. One group_add for the committee's layer group (all its audience and
    seat groups travel in it), few layer calls in flight (each may hold a Redis connection of
    a pool of 100), and each join returns only once its group is added. Another committee
    is a layer group of its own."""

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
    other = ["dais.c2.public"]

    async def scenario():
        h = hub.Hub()
        sockets = [object() for _ in range(1000)]

        async def connect(n: int) -> None:
            for group in (groups[0], groups[1 + n % 200]):
                await h.join(group, sockets[n])
                # joined on the layer before the snapshot is read
                assert broadcast.layer_group(group) in layer.added

        await asyncio.gather(*(connect(n) for n in range(1000)))
        await h.join(other[0], sockets[0])
        await h.join(other[0], sockets[0])  # twice: counted once
        assert layer.added == {"dais.c1", "dais.c2"}
        adds = [g for kind, g in layer.calls if kind == "add"]
        # The whole room leaves, then comes back at once.
        await asyncio.gather(
            *(h.leave(g, sockets[n]) for n in range(999) for g in (groups[0], groups[1 + n % 200]))
        )
        assert layer.added == {"dais.c1", "dais.c2"}  # the last socket is still in dais.c1
        await h.leave(groups[0], sockets[999])
        await h.leave(groups[0], sockets[999])  # twice: counted once
        assert layer.added == {"dais.c1", "dais.c2"}
        await h.leave(groups[1 + 999 % 200], sockets[999])
        await h.leave(other[0], sockets[0])
        assert layer.added == set() and h.members == {}
        await asyncio.gather(*(connect(n) for n in range(1000)))
        for task in h._tasks:
            task.cancel()
        return adds

    adds = asyncio.run(scenario())
    assert adds == ["dais.c1", "dais.c2"]
    assert layer.added == {"dais.c1"}
    assert [kind for kind, _ in layer.calls] == ["add", "add", "discard", "discard", "add"]
    assert layer.peak <= hub.LAYER_CALLS


def test_a_committees_groups_travel_in_its_layer_group():
    assert broadcast.layer_group("dais.c12.chair") == "dais.c12"
    assert broadcast.layer_group("dais.c12.seat7") == "dais.c12"
    assert broadcast.layer_group("dais.c12") == "dais.c12"
    for other in ("g0", "dais.cx.chair", "dais.c.chair", "other.c1.chair", "dais"):
        assert broadcast.layer_group(other) == other


group_names = st.one_of(
    st.builds(
        lambda c, a: f"dais.c{c}.{a}",
        st.integers(1, 3),
        st.sampled_from(["chair", "delegates", "public", "seat1", "seat2"]),
    ),
    st.sampled_from(["g0", "g1"]),
)


@given(st.lists(group_names, max_size=12))
def test_bundling_keeps_every_message_once_and_each_committees_order(groups):
    messages = [(g, {"type": "hub.frame", "group": g, "n": n}) for n, g in enumerate(groups)]
    bundles = broadcast.bundled(messages)
    layer_groups = [g for g, _ in bundles]
    assert len(layer_groups) == len(set(layer_groups))  # one layer message per layer group
    delivered: list[dict[str, Any]] = []
    for layer_group, message in bundles:
        parts = message["messages"] if message["type"] == "hub.batch" else [message]
        assert message["type"] != "hub.batch" or len(parts) > 1
        assert {broadcast.layer_group(p["group"]) for p in parts} == {layer_group}
        assert [p["n"] for p in parts] == sorted(p["n"] for p in parts)  # in the order sent
        delivered += parts
    assert sorted(p["n"] for p in delivered) == list(range(len(messages)))


class Socket:
    def __init__(self, seat: int | None = None) -> None:
        self.seat_id = seat
        self.texts: list[str] = []

    async def send(self, text_data: str) -> None:
        self.texts.append(text_data)


def test_a_hub_hands_each_part_of_a_batch_to_its_own_audience(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

    async def scenario() -> dict[str, list[str]]:
        h = hub.Hub()
        chair, seven, eight = Socket(), Socket(seat=7), Socket(seat=8)
        h.members = {"dais.c1.chair": {chair}, "dais.c1.delegates": {seven, eight}}
        # This worker has no projector of the committee: the public part is skipped.
        await h.deliver(
            {
                "type": "hub.batch",
                "group": "dais.c1",
                "messages": [
                    {"type": "hub.frame", "group": "dais.c1.chair", "seq": 3, "text": "chair 3"},
                    {
                        "type": "hub.frame",
                        "group": "dais.c1.delegates",
                        "seq": 3,
                        "text": "delegates 3",
                        "private": {"7": "seven 3"},
                    },
                    {"type": "hub.frame", "group": "dais.c1.public", "seq": 3, "text": "public 3"},
                ],
            }
        )
        return {"chair": chair.texts, "7": seven.texts, "8": eight.texts}

    assert asyncio.run(scenario()) == {
        "chair": ["chair 3"],
        "7": ["delegates 3", "seven 3"],
        "8": ["delegates 3"],
    }


def test_the_layer_hands_one_batch_to_every_hub_of_the_committee(settings):
    """Through a real (in-memory) channel layer: two hubs, as two workers; a third holds only
    another committee's sockets and gets nothing."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

    async def scenario() -> list[list[str]]:
        hubs = [hub.Hub(), hub.Hub(), hub.Hub()]
        layer = hubs[0].layer
        for h in hubs[1:]:
            h.layer = layer
        sockets = [Socket(seat=1), Socket(), Socket()]
        await hubs[0].join("dais.c1.delegates", sockets[0])
        await hubs[0].join("dais.c1.seat1", sockets[0])
        await hubs[1].join("dais.c1.public", sockets[1])
        await hubs[2].join("dais.c2.public", sockets[2])
        frames = [
            ("dais.c1.delegates", {"type": "event", "seq": 1}),
            ("dais.c1.public", {"type": "event", "seq": 1}),
            ("dais.c1.seat1", {"type": "private", "seq": 1}),
        ]
        await broadcast.send_frames_async(frames)
        await asyncio.sleep(0.05)
        for h in hubs:
            for task in h._tasks:
                task.cancel()
        return [s.texts for s in sockets]

    delegate, projector, elsewhere = asyncio.run(scenario())
    assert [json.loads(t)["type"] for t in delegate] == ["event", "private"]
    assert [json.loads(t)["type"] for t in projector] == ["event"]
    assert elsewhere == []


def test_the_senders_own_hub_delivers_at_once_and_not_again_from_the_layer(settings):
    """The process that sends a committee's frames hands them to its own hub directly (the
    layer would hand them back a few milliseconds later); every other worker's hub still gets
    them through the layer; each socket gets each frame exactly once."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

    async def scenario() -> tuple[list[str], list[str], list[str]]:
        mine = hub.get_hub()  # this event loop's: the sender's worker
        other = hub.Hub()  # another worker's
        other.layer = mine.layer
        here, there = Socket(), Socket()
        await mine.join("dais.c1.public", here)
        await other.join("dais.c1.public", there)
        delivered: list[str] = []
        deliver = mine.deliver

        async def counting(message: dict[str, Any]) -> None:
            delivered.append(message["type"])
            await deliver(message)

        mine.deliver = counting  # type: ignore[method-assign]
        for n in (1, 2):
            await broadcast.send_frames_async([("dais.c1.public", {"type": "event", "seq": n})])
            # At once: the frame is on this worker's socket when the send returns.
            assert [json.loads(t)["seq"] for t in here.texts] == list(range(1, n + 1))
        await asyncio.sleep(0.05)
        for h in (mine, other):
            for task in h._tasks:
                task.cancel()
        return here.texts, there.texts, delivered

    here, there, delivered = asyncio.run(scenario())
    assert [json.loads(t)["seq"] for t in here] == [1, 2]  # not twice
    assert [json.loads(t)["seq"] for t in there] == [1, 2]
    assert delivered == ["hub.frame", "hub.frame"]


def test_no_local_hub_outside_a_committee_or_without_its_sockets(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

    async def scenario() -> list[bool]:
        mine = hub.get_hub()
        before = hub.local_hub(mine.layer, "dais.c1")  # not started, no sockets
        await mine.join("dais.c1.chair", Socket())
        found = [
            before is None,
            hub.local_hub(mine.layer, "dais.c1") is mine,
            hub.local_hub(mine.layer, "dais.c2") is None,
            hub.local_hub(object(), "dais.c1") is None,  # another layer
        ]
        for task in mine._tasks:
            task.cancel()
        return found

    assert asyncio.run(scenario()) == [True, True, True, True]
    assert hub.local_hub(object(), "dais.c1") is None  # no running loop
