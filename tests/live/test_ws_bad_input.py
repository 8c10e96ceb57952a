"""Issue 11's bad input over the real websocket stack (config.asgi), where it is not already
sent there (tests/live/test_ws_drafts.py: a vote outside voting procedure, a second answer in a
roll call): rights asked where the profile has none are refused and change nothing; rights
asked by a seat that passed are refused while its vote is recorded, and the journal says so;
HTML in a clause reaches the pages as the text it is."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from resolutions import services
from tests.live.factory import World, make_committee
from tests.live.test_websocket import chair_cookie, committee_row, delegate_cookie, error, ok, room
from tests.live.test_ws_drafts import frame_with
from tests.resolutions.helpers import as_chair, as_delegate, paper_with_clauses, sign_all

pytestmark = pytest.mark.django_db(transaction=True)

ORDER = ("AR", "BR", "CA", "DK", "EG", "FR", "GH")
EVIL = '<script>alert("x")</script> & <b>bold</b>'


def _cookies(world: World) -> dict[str, bytes]:
    return {"chair": chair_cookie(world), **{iso: delegate_cookie(world, iso) for iso in ("AR", "BR")}}


@database_sync_to_async
def _world(**overrides) -> tuple[World, dict[str, bytes]]:
    w = make_committee(rule_overrides=overrides) if overrides else make_committee()
    w.open_debate("A")
    return w, _cookies(w)


@database_sync_to_async
def _draft(world: World) -> int:
    paper = paper_with_clauses(world)
    services.add_clause(as_delegate(world, "AR"), None, paper.pk, kind="operative", phrase="Urges", text=EVIL)
    sign_all(world, paper, ["AR"], ["BR"])
    return services.approve(as_chair(world), world.chair_user, paper.pk).pk


async def _roll_call(s, draft: int) -> None:
    await ok(s["chair"], {"type": "draft.introduce", "draft": draft})
    await ok(s["chair"], {"type": "debate.close"})
    await ok(s["chair"], {"type": "draft.vote", "draft": draft, "roll_call": True})


async def test_rights_the_profile_refuses_change_nothing(transactional_db, channel_layer, ws_headers):
    world, cookies = await _world(roll_call_rights=False)
    async with room(world, cookies, ws_headers, "chair", "AR", "BR") as s:
        draft = await _draft(world)
        await _roll_call(s, draft)
        before = await committee_row(world)
        await error(s["AR"], {"type": "vote.answer", "answer": "yes_rights"}, "no votes with rights")
        await error(s["chair"], {"type": "vote.answer", "seat": world.seat("AR"), "answer": "no_rights"}, "no votes with rights")
        assert await committee_row(world) == before
        await ok(s["AR"], {"type": "vote.answer", "answer": "yes"})


async def test_rights_asked_after_a_pass_are_refused_and_the_vote_recorded(transactional_db, channel_layer, ws_headers):
    world, cookies = await _world()  # unausa: rights_after_pass False (procedure.md scenario 14)
    async with room(world, cookies, ws_headers, "chair", "AR", "BR", "projector") as s:
        draft = await _draft(world)
        # HTML in a clause travels as text in the draft's state; pages set it as text.
        frame = await frame_with(s["projector"], "draft_registered")
        assert frame["patch"]["drafts"][0]["operative"][-1]["text"] == EVIL
        await _roll_call(s, draft)
        await ok(s["AR"], {"type": "vote.answer", "answer": "pass"})
        for iso in ORDER[1:]:
            await ok(s["chair"], {"type": "vote.answer", "seat": world.seat(iso), "answer": "yes"})
        await ok(s["AR"], {"type": "vote.answer", "answer": "yes_rights"})
        frame = await frame_with(s["BR"], "roll_call_answered")
        while frame["events"][-1]["payload"]["asked"] != "yes_rights":  # past the first round
            frame = await frame_with(s["BR"], "roll_call_answered")
        p = frame["events"][-1]["payload"]
        assert (p["answer"], p["rights"], p["asked"]) == ("yes", False, "yes_rights")
        await error(s["AR"], {"type": "vote.answer", "answer": "no"}, "roll call is over")
        await ok(s["chair"], {"type": "vote.close"})
        _seq, state = await committee_row(world)
        assert state["results"][0]["rights"] == [] and state["drafts"][str(draft)]["status"] == "adopted"
