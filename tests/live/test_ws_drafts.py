"""Draft messages over the real websocket stack (config.asgi): introduce, vote by devices and by
the chair, placard confirmation, and the projector receiving the resolution's number."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from resolutions import services
from tests.live.factory import World, make_committee
from tests.live.test_websocket import (
    chair_cookie,
    committee_row,
    delegate_cookie,
    error,
    ok,
    receive_type,
    room,
)
from tests.resolutions.helpers import as_chair, paper_with_clauses, sign_all

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db) -> World:
    w = make_committee()
    w.open_debate("A")
    return w


@pytest.fixture
def cookies(world: World) -> dict[str, bytes]:
    made = {"chair": chair_cookie(world)}
    for iso in ("AR", "BR"):
        made[iso] = delegate_cookie(world, iso)
    return made


@database_sync_to_async
def approve(world: World) -> int:
    paper = paper_with_clauses(world)
    sign_all(world, paper, ["AR"], ["BR"])
    return services.approve(as_chair(world), world.chair_user, paper.pk).pk


async def test_a_draft_is_voted_over_the_socket(world, cookies, channel_layer, ws_headers):
    async with room(world, cookies, ws_headers, "chair", "AR", "BR", "projector") as s:
        draft = await approve(world)
        frame = await receive_type(s["projector"], "event")
        assert frame["events"][0]["kind"] == "draft_registered"
        assert frame["patch"]["drafts"][0]["code"] == "INTERPOL/DR/A/1"
        await error(s["chair"], {"type": "draft.vote", "draft": "1"}, "wrong type")
        await error(s["AR"], {"type": "draft.introduce", "draft": draft}, "Only the chair")
        await ok(s["chair"], {"type": "draft.introduce", "draft": draft})
        await ok(s["chair"], {"type": "draft.focus", "draft": draft, "clause": "1.a"})
        frame = await receive_type(s["projector"], "event", seq=(await committee_row(world))[0])
        assert frame["patch"]["focus"] == {"draft": draft, "clause": "1.a"}
        await error(s["chair"], {"type": "draft.vote", "draft": draft}, "voting procedure")
        await ok(s["chair"], {"type": "debate.close"})
        await error(s["BR"], {"type": "speakers.join"}, "Debate is closed")
        await ok(s["chair"], {"type": "draft.vote", "draft": draft})
        await ok(s["AR"], {"type": "vote.cast", "choice": "yes"})
        await error(s["chair"], {"type": "vote.placard", "yes": 7, "no": 0}, "1 ballots")
        for iso in ("BR", "CA", "DK", "EG", "FR"):
            await ok(s["chair"], {"type": "vote.enter", "seat": world.seat(iso), "choice": "yes"})
        await error(s["BR"], {"type": "vote.cast", "choice": "yes"}, "already voted")
        await ok(s["chair"], {"type": "vote.enter", "seat": world.seat("GH"), "choice": "no"})
        await ok(s["chair"], {"type": "vote.close"})
        while True:
            frame = await receive_type(s["projector"], "event")
            if any(e["kind"] == "draft_decided" for e in frame["events"]):
                break
        decided = next(e for e in frame["events"] if e["kind"] == "draft_decided")
        assert decided["payload"]["code"] == "INTERPOL/RES/1"
        assert frame["patch"]["drafts"][0]["resolution"]["code"] == "INTERPOL/RES/1"
        result = frame["patch"]["results"][0]
        assert (result["yes"], result["no"], result["method"]) == (6, 1, "device_and_chair")
        _seq, state = await committee_row(world)
        assert state["drafts"][str(draft)]["status"] == "adopted"


async def test_a_roll_call_vote_over_the_socket(world, cookies, channel_layer, ws_headers):
    async with room(world, cookies, ws_headers, "chair", "AR", "BR", "projector") as s:
        draft = await approve(world)
        await ok(s["chair"], {"type": "draft.introduce", "draft": draft})
        await ok(s["chair"], {"type": "debate.close"})
        await ok(s["chair"], {"type": "draft.vote", "draft": draft, "roll_call": True})
        frame = await receive_type(s["projector"], "event")
        while frame["events"][-1]["kind"] != "vote_opened":
            frame = await receive_type(s["projector"], "event")
        assert frame["patch"]["vote"]["roll_call"]["current"] == world.seat("AR")
        await error(s["BR"], {"type": "vote.answer", "answer": "yes"}, "Out of turn")
        await error(s["AR"], {"type": "vote.answer", "answer": 1}, "wrong type")
        await ok(s["AR"], {"type": "vote.answer", "answer": "pass"})
        frame = await receive_type(s["projector"], "event")
        while frame["events"][-1]["kind"] != "roll_call_answered":
            frame = await receive_type(s["projector"], "event")
        assert frame["patch"]["vote"]["roll_call"]["current"] == world.seat("BR")  # seat by seat
        await ok(s["BR"], {"type": "vote.answer", "answer": "yes_rights"})
        await error(s["BR"], {"type": "vote.answer", "answer": "no"}, "already answered")
        for iso in ("CA", "DK", "EG", "FR", "GH"):
            await ok(s["chair"], {"type": "vote.answer", "seat": world.seat(iso), "answer": "yes"})
        await ok(s["AR"], {"type": "vote.answer", "answer": "yes"})
        await ok(s["chair"], {"type": "vote.close"})
        _seq, state = await committee_row(world)
        assert state["drafts"][str(draft)]["resolution"]["code"] == "INTERPOL/RES/1"
        assert state["results"][0]["rights"] == [world.seat("BR")]
