# ruff: noqa: F811  (the persona fixtures are imported, then named as test arguments)
"""The committee websocket through the real stack (config.asgi.application): who may connect,
presence in the chair's console, the projector, isolation between committees, revoked codes.

Async tests with `transaction=True` (stack notes G1); ORM calls wrapped (G2); an Origin header
(G3). The `channel_layer` and `ws_headers` fixtures come from tests/conftest.py. Session cookies
come from Django test Clients that logged in or joined by code (tests/personas.py).
"""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from channels.db import database_sync_to_async

from committee import seats as seat_services
from committee.models import Committee
from config.asgi import application
from tests.personas import World, join_client, world  # noqa: F401
from tests.ws import Socket
from tests.wsutil import refusal_code

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 3


@pytest.fixture
def cookies(world: World) -> dict[str, bytes]:
    """Session cookies of the personas, made synchronously before the test's event loop runs."""
    personas = ("organizer", "interpol_chair", "unodc_chair", "kenya", "japan", "user")
    return {persona: world.session_cookie(persona) for persona in personas}



def _communicator(path: str, headers, cookie: bytes | None = None) -> Socket:
    extra = [(b"cookie", cookie)] if cookie else []
    return Socket(application, path, headers=[*headers, *extra])


@asynccontextmanager
async def connected(path: str, headers, cookie: bytes | None = None):
    """An accepted socket whose snapshot was read; always disconnected afterwards."""
    communicator = _communicator(path, headers, cookie)
    ok, code = await communicator.connect(timeout=TIMEOUT)
    try:
        assert ok, f"refused with {code}"
        snapshot = await communicator.receive_json_from(timeout=TIMEOUT)
        # A dais socket joins its group before its snapshot is read, so the presence frame of a
        # delegate who connected just before may come first (the page takes it either way).
        while snapshot["type"] == "presence":
            snapshot = await communicator.receive_json_from(timeout=TIMEOUT)
        assert snapshot["type"] == "snapshot"
        communicator.snapshot = snapshot
        yield communicator
    finally:
        await communicator.disconnect()


async def receive_type(communicator: Socket, kind: str) -> dict:
    """The next frame of type `kind`, skipping others (events, etc.)."""
    while True:
        frame = await communicator.receive_json_from(timeout=TIMEOUT)
        if frame["type"] == kind:
            return frame


def ws(committee_id: int, *, projector: bool = False) -> str:
    return f"/ws/committees/{committee_id}/" + ("projector/" if projector else "")


async def event_seq(committee_id: int) -> int:
    committee = await database_sync_to_async(Committee.objects.get)(pk=committee_id)
    return committee.event_seq


async def test_it_shows_a_connecting_delegate_in_the_chairs_presence(
    world, cookies, channel_layer, ws_headers
):
    path = ws(world.interpol.pk)
    async with connected(path, ws_headers, cookies["interpol_chair"]) as chair:
        assert chair.snapshot["presence"] == []
        async with connected(path, ws_headers, cookies["kenya"]) as kenya:
            assert "presence" not in kenya.snapshot  # presence is for the dais only
            frame = await receive_type(chair, "presence")
            assert frame == {"type": "presence", "connected": [world.kenya.pk]}
            async with connected(path, ws_headers, cookies["japan"]):
                frame = await receive_type(chair, "presence")
                assert frame["connected"] == sorted([world.kenya.pk, world.japan.pk])
            frame = await receive_type(chair, "presence")
            assert frame["connected"] == [world.kenya.pk]
        # Disconnecting removes the seat.
        frame = await receive_type(chair, "presence")
        assert frame["connected"] == []


async def test_it_puts_already_connected_delegates_in_the_chairs_snapshot(
    world, cookies, channel_layer, ws_headers
):
    path = ws(world.interpol.pk)
    async with connected(path, ws_headers, cookies["kenya"]):
        async with connected(path, ws_headers, cookies["organizer"]) as organizer:
            assert organizer.snapshot["presence"] == [world.kenya.pk]


@pytest.mark.parametrize("persona", [None, "user", "unodc_chair"])
async def test_it_refuses_sockets_of_outsiders(world, cookies, channel_layer, ws_headers, persona):
    communicator = _communicator(
        ws(world.interpol.pk), ws_headers, cookies[persona] if persona else None
    )
    try:
        assert await refusal_code(communicator) == 4403
    finally:
        await communicator.disconnect()


async def test_it_refuses_a_delegate_on_another_committees_socket(
    world, cookies, channel_layer, ws_headers
):
    communicator = _communicator(ws(world.unodc.pk), ws_headers, cookies["kenya"])
    try:
        assert await refusal_code(communicator) == 4403
    finally:
        await communicator.disconnect()


@pytest.mark.parametrize("projector", [False, True])
async def test_it_closes_4404_for_an_unknown_committee(
    world, cookies, channel_layer, ws_headers, projector
):
    communicator = _communicator(
        ws(world.interpol.pk + 1000, projector=projector), ws_headers, cookies["organizer"]
    )
    try:
        assert await refusal_code(communicator) == 4404
    finally:
        await communicator.disconnect()


async def test_it_refuses_a_socket_without_origin(world, cookies, channel_layer):
    communicator = _communicator(ws(world.interpol.pk), [], cookies["interpol_chair"])
    try:
        ok, _code = await communicator.connect(timeout=TIMEOUT)
        assert not ok
    finally:
        await communicator.disconnect()


async def test_it_lets_anyone_watch_the_projector_but_not_command(
    world, channel_layer, ws_headers
):
    before = await event_seq(world.interpol.pk)
    async with connected(ws(world.interpol.pk, projector=True), ws_headers) as projector:
        assert "presence" not in projector.snapshot
        await projector.send_json_to({"type": "sitting.open", "ref": "p1"})
        reply = await projector.receive_json_from(timeout=TIMEOUT)
        assert reply == {"type": "error", "ref": "p1", "message": "The projector only listens."}
        # It may still ping and resync.
        await projector.send_json_to({"type": "ping", "t": 1})
        assert (await projector.receive_json_from(timeout=TIMEOUT))["type"] == "pong"
    assert await event_seq(world.interpol.pk) == before


async def test_it_refuses_chair_commands_from_a_delegate(
    world, cookies, channel_layer, ws_headers
):
    path = ws(world.interpol.pk)
    before = await event_seq(world.interpol.pk)
    async with connected(path, ws_headers, cookies["kenya"]) as kenya:
        for command in (
            {"type": "sitting.open", "ref": "k1"},
            {"type": "agenda.set", "topic": "A", "ref": "k2"},
            {"type": "speech.recognise", "seat": world.japan.pk, "ref": "k3"},
        ):
            await kenya.send_json_to(command)
            reply = await receive_type(kenya, "error")
            assert reply["ref"] == command["ref"]
            assert reply["message"]
        assert await kenya.receive_nothing(timeout=0.2)
    assert await event_seq(world.interpol.pk) == before


async def test_it_accepts_the_same_chair_command_from_the_chair(
    world, cookies, channel_layer, ws_headers
):
    """The positive control of the test above: the command itself is fine."""
    before = await event_seq(world.interpol.pk)
    async with connected(ws(world.interpol.pk), ws_headers, cookies["interpol_chair"]) as chair:
        await chair.send_json_to({"type": "sitting.open", "ref": "c1"})
        reply = await receive_type(chair, "ok")
        assert reply["ref"] == "c1"
        assert reply["seq"] > before
    assert await event_seq(world.interpol.pk) > before


async def test_it_answers_malformed_messages_with_an_error(
    world, cookies, channel_layer, ws_headers
):
    async with connected(ws(world.interpol.pk), ws_headers, cookies["kenya"]) as kenya:
        await kenya.send_to(text_data="not json")
        assert (await kenya.receive_json_from(timeout=TIMEOUT))["type"] == "error"
        await kenya.send_json_to({"type": "no.such.thing", "ref": 7})
        reply = await kenya.receive_json_from(timeout=TIMEOUT)
        assert reply["type"] == "error" and reply["ref"] == 7


async def test_it_sends_nothing_of_one_committee_to_another(
    world, cookies, channel_layer, ws_headers
):
    async with (
        connected(ws(world.unodc.pk), ws_headers, cookies["unodc_chair"]) as unodc_chair,
        connected(ws(world.unodc.pk, projector=True), ws_headers) as unodc_projector,
        connected(ws(world.interpol.pk), ws_headers, cookies["interpol_chair"]) as chair,
        connected(ws(world.interpol.pk, projector=True), ws_headers) as projector,
    ):
        async with connected(ws(world.interpol.pk), ws_headers, cookies["kenya"]):
            assert (await receive_type(chair, "presence"))["connected"] == [world.kenya.pk]
            await chair.send_json_to({"type": "sitting.open", "ref": "c1"})
            await receive_type(chair, "ok")
            # INTERPOL's projector sees the sitting open ...
            frame = await projector.receive_json_from(timeout=TIMEOUT)
            assert frame["type"] != "error"
        await receive_type(chair, "presence")
        # ... while UNODC's sockets hear nothing of INTERPOL.
        assert await unodc_chair.receive_nothing(timeout=0.3)
        assert await unodc_projector.receive_nothing(timeout=0.1)


async def test_it_closes_the_delegates_socket_with_4003_when_the_code_is_revoked(
    world, cookies, channel_layer, ws_headers
):
    path = ws(world.interpol.pk)
    async with (
        connected(path, ws_headers, cookies["interpol_chair"]) as chair,
        connected(path, ws_headers, cookies["japan"]) as japan,
    ):
        await receive_type(chair, "presence")
        kenya = _communicator(path, ws_headers, cookies["kenya"])
        try:
            assert (await kenya.connect(timeout=TIMEOUT))[0]
            await kenya.receive_json_from(timeout=TIMEOUT)  # snapshot
            await receive_type(chair, "presence")
            await database_sync_to_async(seat_services.do_revoke_code)(world.kenya)
            closed = await kenya.receive_output(timeout=TIMEOUT)
            assert closed == {"type": "websocket.close", "code": seat_services.CLOSE_REVOKED}
        finally:
            await kenya.disconnect()
        # Kenya's presence goes; Japan keeps its socket.
        frame = await receive_type(chair, "presence")
        assert frame["connected"] == [world.japan.pk]
        assert await japan.receive_nothing(timeout=0.2)
        # The old session cannot reconnect.
        again = _communicator(path, ws_headers, cookies["kenya"])
        try:
            assert await refusal_code(again) == 4403
        finally:
            await again.disconnect()


async def test_it_closes_the_socket_on_reissue_and_lets_the_new_code_in(
    world, cookies, channel_layer, ws_headers
):
    path = ws(world.interpol.pk)
    kenya = _communicator(path, ws_headers, cookies["kenya"])
    try:
        assert (await kenya.connect(timeout=TIMEOUT))[0]
        await kenya.receive_json_from(timeout=TIMEOUT)  # snapshot
        seat = await database_sync_to_async(seat_services.do_reissue_code)(world.kenya)
        closed = await kenya.receive_output(timeout=TIMEOUT)
        assert closed == {"type": "websocket.close", "code": seat_services.CLOSE_REVOKED}
    finally:
        await kenya.disconnect()
    # A browser that joins with the new code gets in.
    cookie = await database_sync_to_async(_joined_cookie)(seat.join_code)
    async with connected(path, ws_headers, cookie) as fresh:
        assert fresh.snapshot["private"] is not None


def _joined_cookie(code: str) -> bytes:
    client = join_client(code)
    return f"sessionid={client.cookies['sessionid'].value}".encode()
