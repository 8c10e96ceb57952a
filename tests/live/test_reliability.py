# ruff: noqa: F811  (fixtures are imported from test_websocket, then named as test arguments)
"""Issue 8, findings 2, 3, 8 and 10, through the real websocket stack (config.asgi).

Each test here failed on the code before the fix: private frames as one layer message per seat,
chair powers checked only at the handshake, presence rows that never expired, and websocket
input that killed the socket (deep JSON, odd refs, huge frames) or refusals at the handshake.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.models import Session
from django.utils import timezone

from committee import consumers
from committee.models import DaisMember, LiveConnection
from config.asgi import application
from tests.live.test_websocket import (  # noqa: F401  (fixtures)
    TIMEOUT,
    committee_row,
    cookies,
    error,
    ok,
    path,
    receive_type,
    room,
    send,
    setup,
    world,
)
from tests.wsutil import refusal_code

pytestmark = pytest.mark.django_db(transaction=True)

VOTERS = ("AR", "BR", "CA")


def _vote_ready(world) -> list[tuple[str, str, dict]]:
    return [
        *[
            ("chair", "rollcall.mark", {"seat": world.seat(i), "mark": "present"})
            for i in ("AR", "BR", "CA", "DK", "EG", "FR", "GH")
        ],
        ("chair", "agenda.set", {"topic": "A"}),
        ("AR", "motion.raise", {"kind": "unmoderated_caucus", "params": {"total_seconds": 600}}),
        ("BR", "motion.second", {"motion": 1}),
    ]


# ---------------------------------------------------------------------------------------------
# Finding 2: one layer message per committee (issue 13, session 6: it used to be one per
# audience), private frames inside the delegates' part


async def test_opening_a_vote_sends_one_layer_message_for_the_whole_committee(
    world, cookies, channel_layer, ws_headers
):
    await setup(world, *_vote_ready(world))
    sent: list[tuple[str, dict]] = []
    original = channel_layer.group_send

    async def counting_group_send(group, message):
        sent.append((group, message))
        await original(group, message)

    channel_layer.group_send = counting_group_send
    async with room(world, cookies, ws_headers, "chair", *VOTERS) as s:
        sent.clear()
        await ok(s["chair"], {"type": "motion.vote", "motion": 1})
        for iso in VOTERS:
            event = await receive_type(s[iso], "event")
            private = await receive_type(s[iso], "private")
            # Each phone gets its own seat's view, with the event's seq.
            assert private["private"]["seat"] == world.seat(iso)
            assert private["private"]["vote"]["eligible"] is True
            assert private["seq"] == event["seq"]
        event = await receive_type(s["chair"], "event")
        # A presence frame for the chair (the sockets' connects, folded over PRESENCE_INTERVAL)
        # may go out meanwhile, as a message of its own: it is not the vote's.
        during = [
            (group, message)
            for group, message in sent
            if not (
                message.get("type") == "hub.frame"
                and json.loads(message.get("text") or "{}").get("type") == "presence"
            )
        ]
    # Every seat's private view changed, yet one message: the committee's, with a part for
    # each audience in the order sent; the seats' frames ride in the delegates' part.
    committee = f"dais.c{world.committee.pk}"
    assert [group for group, _ in during] == [committee]
    batch = during[0][1]
    assert batch["type"] == "hub.batch" and batch["group"] == committee
    parts = batch["messages"]
    assert [p["group"] for p in parts] == [f"{committee}.{a}" for a in ("chair", "delegates", "public")]
    assert {p["seq"] for p in parts} == {event["seq"]}
    assert {str(world.seat(i)) for i in VOTERS} <= set(parts[1]["private"])
    assert "private" not in parts[0] and "private" not in parts[2]


async def test_a_pong_carries_the_servers_seq_so_a_page_behind_resyncs(
    world, cookies, channel_layer, ws_headers
):
    await setup(world, *_vote_ready(world))
    seq, _state = await committee_row(world)
    async with room(world, cookies, ws_headers, "AR", "projector") as s:
        for name in ("AR", "projector"):
            await s[name].send_json_to({"type": "ping", "t": 5})
            pong = await receive_type(s[name], "pong")
            assert pong["seq"] == seq and pong["t"] == 5


# ---------------------------------------------------------------------------------------------
# Finding 3: the chair's role on every command


async def test_a_chair_removed_from_the_dais_loses_control_of_an_open_socket(
    world, cookies, channel_layer, ws_headers
):
    async with room(world, cookies, ws_headers, "chair") as s:
        await ok(s["chair"], {"type": "rollcall.open"})
        await database_sync_to_async(
            DaisMember.objects.filter(user=world.chair_user).delete
        )()
        before = await committee_row(world)
        await error(s["chair"], {"type": "rollcall.close"}, "no longer on this committee's dais")
        assert await committee_row(world) == before


async def test_a_chair_who_logged_out_loses_control_of_an_open_socket(
    world, cookies, channel_layer, ws_headers
):
    async with room(world, cookies, ws_headers, "chair") as s:
        await ok(s["chair"], {"type": "rollcall.open"})
        # Logging out deletes the session (in another tab, say).
        key = cookies["chair"].decode().split("=", 1)[1]
        await database_sync_to_async(Session.objects.filter(session_key=key).delete)()
        before = await committee_row(world)
        await error(s["chair"], {"type": "rollcall.close"}, "logged out")
        closed = await s["chair"].receive_output(timeout=TIMEOUT)
        assert closed == {"type": "websocket.close", "code": consumers.CLOSE_FORBIDDEN}
        assert await committee_row(world) == before


async def test_a_delegate_who_left_the_seat_loses_it_on_an_open_socket(
    world, cookies, channel_layer, ws_headers
):
    async with room(world, cookies, ws_headers, "AR") as s:
        key = cookies["AR"].decode().split("=", 1)[1]
        await database_sync_to_async(Session.objects.filter(session_key=key).delete)()
        await error(s["AR"], {"type": "hand.raise"}, "no longer holds a seat")


# ---------------------------------------------------------------------------------------------
# Finding 8: presence expires by itself


async def test_presence_forgets_a_socket_whose_heartbeat_stopped(
    world, cookies, channel_layer, ws_headers, settings
):
    settings.DAIS_PRESENCE_TIMEOUT_SECONDS = 60
    # A row left behind by a killed worker: it never pings again.
    await database_sync_to_async(LiveConnection.objects.create)(
        committee_id=world.committee.pk,
        seat_id=world.seat("BR"),
        role="delegate",
        channel_name="dead-worker!1",
        last_seen=timezone.now() - dt.timedelta(minutes=5),
    )
    async with room(world, cookies, ws_headers, "AR", "chair") as s:
        assert s["chair"].snapshot["presence"] == [world.seat("AR")]
        # Arg's worker stalls: its heartbeat gets old, the chair's next ping no longer lists it.
        old = timezone.now() - dt.timedelta(minutes=2)
        await database_sync_to_async(
            LiveConnection.objects.filter(seat_id=world.seat("AR")).update
        )(last_seen=old)
        await s["chair"].send_json_to({"type": "ping", "t": 1})
        assert (await receive_type(s["chair"], "pong"))["presence"] == []
        # Its ping brings it back.
        await s["AR"].send_json_to({"type": "ping", "t": 2})
        await receive_type(s["AR"], "pong")
        await s["chair"].send_json_to({"type": "ping", "t": 3})
        assert (await receive_type(s["chair"], "pong"))["presence"] == [world.seat("AR")]
    # The dead worker's row is purged by the next connection.
    async with room(world, cookies, ws_headers, "CA"):
        pass
    assert not await database_sync_to_async(
        LiveConnection.objects.filter(channel_name="dead-worker!1").exists
    )()


# ---------------------------------------------------------------------------------------------
# Finding 10: the websocket's door


async def _still_usable(communicator) -> None:
    await communicator.send_json_to({"type": "ping", "t": 9})
    assert (await receive_type(communicator, "pong"))["t"] == 9


async def test_deeply_nested_json_gets_an_error_and_the_socket_lives(
    world, cookies, channel_layer, ws_headers
):
    async with room(world, cookies, ws_headers, "AR") as s:
        for depth in (1000, 1900):
            await s["AR"].send_to(text_data="[" * depth + "]" * depth)
            reply = await receive_type(s["AR"], "error")
            assert "JSON" in reply["message"]
            await s["AR"].send_to(text_data='{"a":' * depth + "1" + "}" * depth)
            await receive_type(s["AR"], "error")
        await _still_usable(s["AR"])


ODD_REFS = ["x" * 64, "x" * 65, ["list"], {"a": 1}, 1.5, 10**40, 10**70, True, None]
ODD_REFS += ["\u00e9\u4e2d", "\ud800", "a\u0000b"]
USABLE_REFS = ("x" * 64, 10**40, "\u00e9\u4e2d")


async def test_an_odd_ref_gets_a_reply_and_the_socket_lives(
    world, cookies, channel_layer, ws_headers
):
    async with room(world, cookies, ws_headers, "AR") as s:
        for ref in ODD_REFS:
            for message in ({"type": "hand.lower", "ref": ref}, {"type": "nope", "ref": ref}):
                await s["AR"].send_to(text_data=json.dumps(message))
                frame = await s["AR"].receive_json_from(timeout=TIMEOUT)
                while frame["type"] not in ("ok", "error"):
                    frame = await s["AR"].receive_json_from(timeout=TIMEOUT)
                # The reply echoes a ref the page can use, or none.
                assert frame["ref"] == (ref if ref in USABLE_REFS else None), ref
        await _still_usable(s["AR"])


async def test_a_frame_far_over_the_limit_closes_with_4413(
    world, cookies, channel_layer, ws_headers
):
    async with room(world, cookies, ws_headers, "AR") as s:
        # Over the message limit but small: an error, the socket lives.
        await s["AR"].send_to(text_data=" " * 5000)
        assert "too large" in (await receive_type(s["AR"], "error"))["message"]
        await _still_usable(s["AR"])
        await s["AR"].send_to(text_data="x" * (2 * 1024 * 1024))
        closed = await s["AR"].receive_output(timeout=TIMEOUT)
        assert closed == {"type": "websocket.close", "code": consumers.CLOSE_TOO_BIG}


async def test_refusals_come_after_the_handshake_with_their_codes(
    world, cookies, channel_layer, ws_headers
):
    unknown = WebsocketCommunicator(application, path(world.committee.pk + 999), headers=ws_headers)
    anonymous = WebsocketCommunicator(application, path(world.committee.pk), headers=ws_headers)
    try:
        assert await refusal_code(unknown) == consumers.CLOSE_NOT_FOUND
        assert await refusal_code(anonymous) == consumers.CLOSE_FORBIDDEN
    finally:
        await unknown.disconnect()
        await anonymous.disconnect()


async def test_an_address_may_open_only_so_many_anonymous_sockets(
    world, cookies, channel_layer, ws_headers, settings
):
    settings.DAIS_MAX_ANONYMOUS_SOCKETS_PER_ADDRESS = 3
    url = path(world.committee.pk, projector=True)
    opened = []
    try:
        for _ in range(3):
            communicator = WebsocketCommunicator(application, url, headers=ws_headers)
            assert (await communicator.connect(timeout=TIMEOUT))[0]
            assert (await communicator.receive_json_from(timeout=TIMEOUT))["type"] == "snapshot"
            opened.append(communicator)
        extra = WebsocketCommunicator(application, url, headers=ws_headers)
        assert await refusal_code(extra) == consumers.CLOSE_TOO_MANY
        await extra.disconnect()
        # Delegates and chairs of the same address are counted apart (a room behind a NAT).
        async with room(world, cookies, ws_headers, "AR"):
            pass
        # A closed socket frees its place.
        await opened.pop().disconnect()
        await asyncio.sleep(0.05)
        again = WebsocketCommunicator(application, url, headers=ws_headers)
        assert (await again.connect(timeout=TIMEOUT))[0]
        opened.append(again)
    finally:
        for communicator in opened:
            await communicator.disconnect()
