"""A reconnect storm through the real stack: every socket of a room connects at once and the
shared part of the snapshot is rendered once per audience (issue 13); after a change, the
sockets that reconnect get the new point, each seat its own private view."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from typing import Any

import pytest
from channels.db import database_sync_to_async

from tests.live.factory import World, make_committee
from tests.live.test_websocket import chair_cookie, connected, delegate_cookie, ok, path

pytestmark = pytest.mark.django_db(transaction=True)

DEVICES = 3  # sockets per seat


@pytest.fixture
def world(transactional_db) -> World:
    return make_committee()


@pytest.fixture
def cookies(world: World) -> dict[str, bytes]:
    made = {"chair": chair_cookie(world)}
    for iso in ("AR", "BR", "VA"):
        made[iso] = delegate_cookie(world, iso)
    return made


async def storm(stack: AsyncExitStack, world: World, cookies, headers) -> dict[str, list[Any]]:
    """Every socket of the room at once: the chair, DEVICES per seat, two projectors."""
    who = ["chair"] + [iso for iso in ("AR", "BR", "VA") for _ in range(DEVICES)]
    who += ["projector", "projector"]
    sockets = await asyncio.gather(
        *(
            stack.enter_async_context(
                connected(path(world.committee.pk, projector=True), headers)
                if name == "projector"
                else connected(path(world.committee.pk), headers, cookies[name])
            )
            for name in who
        )
    )
    room: dict[str, list[Any]] = {}
    for name, socket in zip(who, sockets, strict=True):
        room.setdefault(name, []).append(socket)
    return room


async def test_a_reconnecting_room_shares_one_rendering(
    world, cookies, channel_layer, ws_headers, renders
):
    await database_sync_to_async(world.open_debate)("A")
    async with AsyncExitStack() as stack:
        room = await storm(stack, world, cookies, ws_headers)
        assert sorted(renders) == ["chair", "delegates", "public"]
        seq = room["chair"][0].snapshot["seq"]
        for name, sockets in room.items():
            frames = [{k: v for k, v in s.snapshot.items() if k != "server_now"} for s in sockets]
            assert all(frame == frames[0] for frame in frames), name  # the devices of a seat agree
            assert frames[0]["seq"] == seq
            if name in ("AR", "BR", "VA"):
                assert frames[0]["private"]["seat"] == world.seat(name)
        assert "points" in room["chair"][0].snapshot["state"]
        assert "points" not in room["AR"][0].snapshot["state"]
        assert "private" not in room["projector"][0].snapshot
        # A change, then the room drops and reconnects at the new point.
        await ok(room["AR"][0], {"type": "speakers.join"})
    async with AsyncExitStack() as stack:
        room = await storm(stack, world, cookies, ws_headers)
        assert len(renders) == 6
        for sockets in room.values():
            for socket in sockets:
                assert socket.snapshot["seq"] == seq + 1
                assert socket.snapshot["state"]["speakers"] == [world.seat("AR")]
                assert socket.snapshot["events"][-1]["kind"] == "speaker_added"
