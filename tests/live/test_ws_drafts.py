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
        focus = frame["patch"]["focus"]
        assert (focus["draft"], focus["clause"], isinstance(focus["clause_id"], int)) == (draft, "1.a", True)
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


ALL = ("AR", "BR", "CA", "DK", "EG", "FR", "GH")


async def enter_votes(chair, world: World, yes: tuple[str, ...]) -> None:
    """The chair records every member's vote: `yes` for yes, the others no."""
    for iso in ALL:
        await ok(chair, {"type": "vote.enter", "seat": world.seat(iso), "choice": "yes" if iso in yes else "no"})


async def frame_with(communicator, kind: str) -> dict:
    """The next event frame carrying an event of `kind`."""
    while True:
        frame = await receive_type(communicator, "event")
        if any(e["kind"] == kind for e in frame["events"]):
            return frame


async def test_the_draft_fails_over_the_socket_when_every_part_is_rejected(world, cookies, channel_layer, ws_headers):
    async with room(world, cookies, ws_headers, "chair", "AR", "BR", "projector") as s:
        draft = await approve(world)
        await ok(s["chair"], {"type": "draft.introduce", "draft": draft})
        await ok(s["chair"], {"type": "debate.close"})
        await ok(s["AR"], {"type": "motion.raise", "kind": "divide_question", "params": {"draft": draft, "parts": "1, 2"}})
        motion = (await committee_row(world))[1]["motions"][-1]["id"]
        await ok(s["BR"], {"type": "motion.second", "motion": motion})
        await ok(s["chair"], {"type": "motion.vote", "motion": motion})
        await enter_votes(s["chair"], world, ALL)
        await ok(s["chair"], {"type": "vote.close"})
        await ok(s["chair"], {"type": "draft.vote", "draft": draft})
        await enter_votes(s["chair"], world, ("AR",))
        await ok(s["chair"], {"type": "vote.close"})
        frame = await frame_with(s["projector"], "part_decided")
        assert [e["kind"] for e in frame["events"]] == ["vote_closed", "part_decided"]
        await ok(s["chair"], {"type": "draft.vote", "draft": draft})
        await enter_votes(s["chair"], world, ("AR",))
        await ok(s["chair"], {"type": "vote.close"})  # the last part: no other press
        for who in ("projector", "AR", "chair"):
            frame = await frame_with(s[who], "draft_decided")
            assert [e["kind"] for e in frame["events"]] == ["vote_closed", "part_decided", "draft_decided"]
            decided = frame["events"][-1]["payload"]
            assert (decided["adopted"], decided["reason"]) == (False, "all_parts_rejected")
            shown = frame["patch"]["drafts"][0]
            assert (shown["status"], shown["reason"], shown["resolution"]) == ("rejected", "all_parts_rejected", None)
        await error(s["chair"], {"type": "draft.vote", "draft": draft}, "already been decided")
        _seq, state = await committee_row(world)
        assert state["drafts"][str(draft)]["status"] == "rejected" and state["vote"] is None


@database_sync_to_async
def amend(world: World, draft: int) -> tuple[int, int, int]:
    """A friendly addition (the only sponsor proposes it), then an unfriendly replacement of the
    clause it added, approved by the chair."""
    from resolutions.models import Amendment
    from tests.resolutions.helpers import as_delegate

    add = services.propose_amendment(
        as_delegate(world, "AR"), None, draft, kind="add", target=None, phrase="Invites", text="donors"
    )
    added = Amendment.objects.get(pk=add.pk).result_clause
    assert added is not None
    replace = services.propose_amendment(
        as_delegate(world, "DK"), None, draft, kind="replace", target=added.pk, phrase="Invites", text="donors and banks"
    )
    services.respond_amendment(as_delegate(world, "AR"), None, replace.pk, response="refuse")
    services.respond_amendment(as_delegate(world, "EG"), None, replace.pk, response="support")
    services.approve_amendment(as_chair(world), world.chair_user, replace.pk)
    return add.pk, replace.pk, added.pk


@database_sync_to_async
def adopted_text(draft: int) -> list[tuple[str, str]]:
    from resolutions.document import flatten
    from resolutions.models import Paper

    doc = services.document(Paper.objects.get(pk=draft))
    return [(line["ref"], line["text"]) for line in flatten(doc["operative"])]


async def test_an_added_clause_is_amended_and_voted_over_the_socket(world, cookies, channel_layer, ws_headers):
    async with room(world, cookies, ws_headers, "chair", "AR", "BR", "projector") as s:
        draft = await approve(world)
        add, replace, _clause = await amend(world, draft)
        frame = await frame_with(s["projector"], "draft_amended")
        line = frame["patch"]["drafts"][0]["operative"][-1]
        assert (line["id"], line["ref"], line["text"]) == (f"amd{add}", "3", "donors")
        frame = await frame_with(s["projector"], "amendment_registered")
        assert frame["patch"]["drafts"][0]["amendments"][-1]["target"] == f"amd{add}"
        await ok(s["chair"], {"type": "draft.introduce", "draft": draft})
        await ok(s["chair"], {"type": "draft.focus", "draft": draft, "clause": "3"})
        await ok(s["chair"], {"type": "debate.close"})
        await ok(s["chair"], {"type": "draft.vote", "draft": draft})
        _seq, state = await committee_row(world)
        assert (state["vote"]["subject"], state["vote"]["amendment"]) == ("amendment", replace)
        await enter_votes(s["chair"], world, ALL)
        await ok(s["chair"], {"type": "vote.close"})
        frame = await frame_with(s["projector"], "amendment_decided")
        assert frame["events"][-1]["payload"]["adopted"] is True
        line = frame["patch"]["drafts"][0]["operative"][-1]
        assert (line["id"], line["text"], len(line["amended_by"])) == (f"amd{add}", "donors and banks", 2)
        await ok(s["chair"], {"type": "draft.vote", "draft": draft})
        await enter_votes(s["chair"], world, ALL)
        await ok(s["chair"], {"type": "vote.close"})
        frame = await frame_with(s["projector"], "draft_decided")
        assert frame["patch"]["drafts"][0]["resolution"]["code"] == "INTERPOL/RES/1"
        assert (await adopted_text(draft))[-1] == ("3", "donors and banks")
