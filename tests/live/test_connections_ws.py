# ruff: noqa: F811  (fixtures are imported from test_websocket, then named as test arguments)
"""Connections through the real websocket stack (config.asgi) with the database pool and the
coalesced presence of issue 13 (docs/performance.md, "Fan-out and connections")."""

from __future__ import annotations

import asyncio
import time

import pytest

from committee import broadcast
from committee.dbcalls import db
from committee.models import LiveConnection
from tests.live.test_websocket import (  # noqa: F401  (fixtures)
    TIMEOUT,
    chair_cookie,
    connected,
    delegate_cookie,
    ok,
    path,
    receive_type,
    room,
    send,
    world,
)

pytestmark = pytest.mark.django_db(transaction=True)

DELEGATES = ("AR", "BR", "CA", "DK", "EG", "FR")


@pytest.fixture
def cookies(world) -> dict[str, bytes]:
    """Made synchronously, before the test's event loop runs."""
    return {"chair": chair_cookie(world), **{iso: delegate_cookie(world, iso) for iso in DELEGATES}}


async def test_simultaneous_commands_of_one_committee_reach_every_page_in_order(
    world, cookies, channel_layer, ws_headers, monkeypatch
):
    original = broadcast.send_now
    slow = [True]

    def send_now(frames):
        # The first answer's frames are slow to leave (a busy layer): the next answers, on other
        # threads, must not overtake them (committee/dbcalls.py committee_lane).
        if slow[0] and any(f.get("type") == "event" and f["seq"] == 3 for _g, f in frames):
            slow[0] = False
            time.sleep(0.3)
        original(frames)

    monkeypatch.setattr(broadcast, "send_now", send_now)
    async with room(world, cookies, ws_headers, "chair", "projector", *DELEGATES) as s:
        await ok(s["chair"], {"type": "rollcall.open"})
        # Every delegate answers at once: the commands run on the pool, side by side.
        replies = await asyncio.gather(
            *(send(s[iso], {"type": "rollcall.answer", "mark": "present"}) for iso in DELEGATES)
        )
        assert all(r["type"] == "ok" for r in replies), replies
        assert sorted(r["seq"] for r in replies) == list(range(3, 3 + len(DELEGATES)))
        for name in ("chair", "projector", "AR"):
            last = 0
            while last < 2 + len(DELEGATES):
                frame = await receive_type(s[name], "event")
                # No gap and no step back: the frames left in commit order.
                assert frame["first_seq"] == last + 1, (name, frame["first_seq"], last)
                last = frame["seq"]


async def test_a_ping_writes_a_missing_presence_row_again(
    world, cookies, channel_layer, ws_headers
):
    async with room(world, cookies, ws_headers, "chair", "AR") as s:
        await db(
            LiveConnection.objects.filter(seat_id=world.seat("AR")).delete
        )()
        await s["chair"].send_json_to({"type": "ping", "t": 1})
        assert (await receive_type(s["chair"], "pong"))["presence"] == []
        await s["AR"].send_json_to({"type": "ping", "t": 2})
        await receive_type(s["AR"], "pong")
        assert await db(
            LiveConnection.objects.filter(seat_id=world.seat("AR")).count
        )() == 1
        await s["chair"].send_json_to({"type": "ping", "t": 3})
        assert (await receive_type(s["chair"], "pong"))["presence"] == [world.seat("AR")]


async def test_a_room_connecting_at_once_ends_with_the_whole_set_in_the_console(
    world, cookies, channel_layer, ws_headers
):
    url = path(world.committee.pk)
    async with room(world, cookies, ws_headers, "chair") as s:
        contexts = [connected(url, ws_headers, cookies[iso]) for iso in DELEGATES]
        await asyncio.gather(*(c.__aenter__() for c in contexts))
        try:
            expected = sorted(world.seat(iso) for iso in DELEGATES)
            frames: list[list[int]] = []
            while not frames or frames[-1] != expected:
                frames.append((await receive_type(s["chair"], "presence"))["connected"])
            # Every frame is a whole set (coalescing itself is timed in tests/test_connections.py:
            # here the connects may spread over several intervals on a loaded machine).
            assert all(f == sorted(f) and set(f) <= set(expected) for f in frames), frames
        finally:
            for c in contexts:
                await c.__aexit__(None, None, None)
        while (await receive_type(s["chair"], "presence"))["connected"]:
            pass  # every one left: the last frame is empty


async def test_a_session_cookie_is_read_in_the_pool_not_on_the_event_loop(
    world, cookies, channel_layer, ws_headers
):
    # The user is loaded lazily (committee/dbcalls.py): a chair's socket still gets the chair's
    # snapshot (presence is for the dais only), a delegate's does not.
    async with room(world, cookies, ws_headers, "chair", "AR") as s:
        assert "presence" in s["chair"].snapshot
        assert "presence" not in s["AR"].snapshot
    assert TIMEOUT
