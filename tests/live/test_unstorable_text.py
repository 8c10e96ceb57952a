"""Issue 8, finding 1: one message must never break a session.

JSON can carry an unpaired surrogate ("\\ud800"); Python decodes it into a str that no UTF-8
encoder accepts. Stored in the session state, it used to make every snapshot fail to send
(UnicodeEncodeError, close 1011) for good, and PostgreSQL refuses it (and NUL) outright.
Now the protocol refuses such strings at the door, frames always encode, and a session
that holds one (saved before the fix) still loads for the chair, who can repair it.
"""

from __future__ import annotations

import json

import pytest
from channels.db import database_sync_to_async
from django.core.management import call_command

from committee import broadcast, protocol, services
from committee.models import Committee
from tests.live.factory import World, make_committee
from tests.live.test_websocket import (
    TIMEOUT,
    chair_cookie,
    committee_row,
    delegate_cookie,
    error,
    ok,
    path,
    room,
    setup,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db) -> World:
    return make_committee()


@pytest.fixture
def cookies(world: World) -> dict[str, bytes]:
    return {"chair": chair_cookie(world), "AR": delegate_cookie(world, "AR")}


LONE = "\ud800"
BAD_TEXTS = [LONE, "abc\udfffdef", "nul\x00byte", "\x00", "ok then \udc80"]
GOOD_TEXTS = ["", "plain", "Côte d’Ivoire ¿señor?", "😀 emoji", "<script>alert(1)</script>", "\t\n"]


def _wire(text: str) -> bytes:
    """What daphne does with a text frame before it goes out."""
    return text.encode("utf-8")


# ---------------------------------------------------------------------------------------------
# The protocol's door


@pytest.mark.parametrize("text", BAD_TEXTS)
@pytest.mark.parametrize(
    "message",
    [
        {"type": "point.raise", "kind": "parliamentary_inquiry", "text": "{}"},
        {"type": "caucus.start", "kind": "moderated", "total_seconds": 600, "topic": "{}"},
        {"type": "motion.raise", "kind": "moderated_caucus", "params": {"topic": "{}"}},
        {"type": "point.answer", "point": 1, "reply": "{}"},
        {"type": "agenda.set", "topic": "{}"},
    ],
    ids=["point", "caucus", "motion-param", "reply", "agenda"],
)
def test_unstorable_strings_are_refused_at_the_door(message, text):
    filled = json.loads(json.dumps(message).replace('"{}"', json.dumps(text)))
    with pytest.raises(protocol.ProtocolError, match="cannot be stored"):
        protocol.parse(filled)


@pytest.mark.parametrize("text", GOOD_TEXTS)
def test_any_other_text_passes(text):
    message = {"type": "point.raise", "kind": "parliamentary_inquiry", "text": text}
    assert protocol.parse(message)["text"] == text


def test_a_ref_that_cannot_be_sent_back_is_dropped():
    assert protocol.reference({"ref": LONE}) is None
    assert protocol.reference({"ref": "a\x00"}) is None
    assert protocol.reference({"ref": "ok-1"}) == "ok-1"


# ---------------------------------------------------------------------------------------------
# Frames always encode


@pytest.mark.parametrize("text", [*BAD_TEXTS, *GOOD_TEXTS])
def test_every_frame_encodes_as_utf8_and_round_trips(text):
    frame = {"type": "snapshot", "state": {"points": [{"text": text}]}, text: [text]}
    wire = _wire(broadcast.encode(frame))
    assert json.loads(wire.decode("utf-8")) == frame


def test_ordinary_text_is_not_escaped():
    assert "Côte d’Ivoire" in broadcast.encode({"country": "Côte d’Ivoire"})


# ---------------------------------------------------------------------------------------------
# Through the real websocket


async def test_a_delegate_cannot_store_an_unpaired_surrogate(
    world, cookies, channel_layer, ws_headers
):
    await setup(
        world,
        *[
            ("chair", "rollcall.mark", {"seat": world.seat(iso), "mark": "present"})
            for iso in ("AR", "BR", "CA")
        ],
        ("chair", "agenda.set", {"topic": "A"}),
    )
    before = await committee_row(world)
    async with room(world, cookies, ws_headers, "chair", "AR") as s:
        for bad in BAD_TEXTS:
            await error(
                s["AR"],
                {"type": "point.raise", "kind": "parliamentary_inquiry", "text": bad},
                "cannot be stored",
            )
            await error(
                s["AR"],
                {
                    "type": "motion.raise",
                    "kind": "moderated_caucus",
                    "params": {"total_seconds": 600, "speaking_seconds": 60, "topic": bad},
                },
                "cannot be stored",
            )
        assert await committee_row(world) == before
        # The socket is still usable, and a good point goes through.
        await ok(s["AR"], {"type": "point.raise", "kind": "parliamentary_inquiry", "text": "¿Qué?"})


@database_sync_to_async
def _store_a_poisoned_point(world) -> None:
    """As a session saved before the fix: the services accept whatever the protocol let by."""
    world.as_chair("rollcall.mark", seat=world.seat("AR"), mark="present")
    world.as_delegate(
        "AR", "point.raise", kind="parliamentary_inquiry", text=f"bad {LONE}\x00 text"
    )


async def test_a_poisoned_session_still_loads_and_the_chair_repairs_it(
    world, cookies, channel_layer, ws_headers
):
    from channels.testing import WebsocketCommunicator
    from django.db import connection

    from config.asgi import application

    if connection.vendor != "sqlite":
        pytest.skip("only SQLite could store such text; elsewhere the door test covers it")
    await _store_a_poisoned_point(world)
    cookie = cookies["chair"]
    for _ in range(2):  # the console loads, and loads again (a reload)
        communicator = WebsocketCommunicator(
            application, path(world.committee.pk), headers=[*ws_headers, (b"cookie", cookie)]
        )
        connected, code = await communicator.connect(timeout=TIMEOUT)
        assert connected, code
        raw = await communicator.receive_from(timeout=TIMEOUT)
        assert isinstance(raw, str)
        snapshot = json.loads(_wire(raw).decode("utf-8"))
        assert snapshot["type"] == "snapshot"
        assert snapshot["state"]["points"][0]["text"] == f"bad {LONE}\x00 text"
        await communicator.disconnect()

    async with room(world, cookies, ws_headers, "chair", "AR") as s:
        # The chair deals with the point; every frame that follows still goes out.
        await ok(s["chair"], {"type": "point.dismiss", "point": 1, "reply": "Out of order."})
        raw = await s["AR"].receive_from(timeout=TIMEOUT)
        assert isinstance(raw, str)
        _wire(raw)

    committee = await database_sync_to_async(Committee.objects.get)(pk=world.committee.pk)
    assert await database_sync_to_async(services.replay_state)(committee) == committee.live_state

    # An operator can also clean the stored text; the journal still replays to the state.
    await database_sync_to_async(call_command)("repair_session", str(world.committee.pk))
    committee = await database_sync_to_async(Committee.objects.get)(pk=world.committee.pk)
    journal = await database_sync_to_async(world.journal)()
    dumped = json.dumps(
        [committee.live_state, [row.payload for row in journal]], ensure_ascii=False
    )
    _wire(dumped)
    assert "\x00" not in dumped and "bad \ufffd text" in dumped
    assert await database_sync_to_async(services.replay_state)(committee) == committee.live_state


def test_repair_session_refuses_an_unknown_committee(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No committee with id 999"):
        call_command("repair_session", "999")
