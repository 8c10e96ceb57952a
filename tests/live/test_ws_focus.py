"""The clause under discussion over the real websocket stack (config.asgi): the console names it
by id, the projector follows it through an amendment that renumbers the text, bad requests are
refused, and the journal replays to the live state."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from committee import services as live_services
from committee.models import Committee
from resolutions import services
from resolutions.models import Clause
from tests.live.factory import World, make_committee
from tests.live.test_websocket import chair_cookie, committee_row, delegate_cookie, error, ok, room
from tests.live.test_ws_drafts import frame_with
from tests.resolutions.helpers import as_chair, as_delegate, paper_with_clauses, sign_all

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db) -> World:
    w = make_committee()
    w.open_debate("A")
    return w


@pytest.fixture
def cookies(world: World) -> dict[str, bytes]:
    return {"chair": chair_cookie(world), "AR": delegate_cookie(world, "AR")}


@database_sync_to_async
def approve(world: World) -> tuple[int, int, int]:
    paper = paper_with_clauses(world)
    sign_all(world, paper, ["AR"], ["BR"])
    draft = services.approve(as_chair(world), world.chair_user, paper.pk).pk
    urges = Clause.objects.get(paper_id=draft, phrase="Urges").pk
    report = Clause.objects.get(paper_id=draft, text="a yearly report").pk
    return draft, urges, report


@database_sync_to_async
def add_before(world: World, draft: int, target: int) -> None:
    """A friendly addition after clause 1 (the only sponsor proposes it): applied at once."""
    services.propose_amendment(
        as_delegate(world, "AR"), None, draft, kind="add", target=target, phrase="Invites", text="donors"
    )


@database_sync_to_async
def replayed(world: World) -> bool:
    committee = Committee.objects.get(pk=world.committee.pk)
    return live_services.replay_state(committee) == committee.live_state


async def test_the_projector_follows_the_clause_not_its_number(world, cookies, channel_layer, ws_headers):
    async with room(world, cookies, ws_headers, "chair", "AR", "projector") as s:
        draft, urges, report = await approve(world)
        await ok(s["chair"], {"type": "draft.introduce", "draft": draft})
        await ok(s["chair"], {"type": "draft.focus", "draft": draft, "clause_id": report})
        frame = await frame_with(s["projector"], "draft_focused")
        assert frame["events"][0]["payload"] == {"draft": draft, "clause_id": report, "clause": "2"}
        assert frame["patch"]["focus"] == {"draft": draft, "clause_id": report, "clause": "2"}
        await add_before(world, draft, urges)
        for who in ("projector", "chair", "AR"):
            frame = await frame_with(s[who], "draft_amended")
            assert frame["patch"]["focus"] == {"draft": draft, "clause_id": report, "clause": "3"}
            lines = frame["patch"]["drafts"][0]["operative"]
            shown = next(line for line in lines if line["id"] == report)
            assert (shown["ref"], shown["text"]) == ("3", "a yearly report")
        # Bad requests: a clear message, nothing changes.
        seq, state = await committee_row(world)
        await error(s["chair"], {"type": "draft.focus", "draft": draft, "clause_id": 10**6}, "no longer in")
        await error(s["chair"], {"type": "draft.focus", "draft": draft, "clause_id": True}, "wrong type")
        await error(s["chair"], {"type": "draft.focus", "draft": draft, "clause_id": [report]}, "wrong type")
        await error(s["chair"], {"type": "draft.focus", "draft": draft, "clause": "9"}, "no clause 9")
        await error(s["chair"], {"type": "draft.focus", "draft": draft, "clause": "3", "clause_id": report}, "not both")
        await error(s["AR"], {"type": "draft.focus", "draft": draft, "clause_id": report}, "Only the chair")
        assert await committee_row(world) == (seq, state)
        # The added clause, by its stable id.
        added = next(line for line in state["drafts"][str(draft)]["operative"] if line["text"] == "donors")
        await ok(s["chair"], {"type": "draft.focus", "draft": draft, "clause_id": added["id"]})
        frame = await frame_with(s["projector"], "draft_focused")
        assert frame["patch"]["focus"] == {"draft": draft, "clause_id": added["id"], "clause": "2"}
        assert await replayed(world)


@database_sync_to_async
def delete_every_operative_clause(world: World, draft: int) -> None:
    for clause in Clause.objects.filter(paper_id=draft, kind="operative", parent=None):
        services.propose_amendment(as_delegate(world, "AR"), None, draft, kind="delete", target=clause.pk)


async def test_a_draft_emptied_by_amendments_fails_over_the_socket(world, cookies, channel_layer, ws_headers):
    """tests/live/test_no_operative_clause.py has the voted path and the paper page."""
    async with room(world, cookies, ws_headers, "chair", "AR", "projector") as s:
        draft, _urges, _report = await approve(world)
        await ok(s["chair"], {"type": "draft.introduce", "draft": draft})
        await delete_every_operative_clause(world, draft)
        for who in ("projector", "chair", "AR"):
            frame = await frame_with(s[who], "draft_decided")
            assert [e["kind"] for e in frame["events"]] == ["draft_amended", "draft_decided"]
            assert frame["events"][-1]["payload"] == {
                "draft": draft, "adopted": False, "result": None, "reason": "no_operative_clause",
            }
            shown = frame["patch"]["drafts"][0]
            assert (shown["status"], shown["reason"], shown["operative"]) == ("rejected", "no_operative_clause", [])
        await ok(s["chair"], {"type": "debate.close"})
        await error(s["chair"], {"type": "draft.vote", "draft": draft}, "already been decided")
        assert await replayed(world)
