"""A motion to reconsider a decided vote: the profile's threshold, the mover who must have voted
with the majority where the profile says so, and on passing the question put to the vote again."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from committee import services as live_services
from committee.live.views import audience_views
from committee.models import Committee
from tests.live.factory import World, accepted, make_committee, refused

pytestmark = pytest.mark.django_db

ALL = ["AR", "BR", "CA", "DK", "EG", "FR", "GH"]


def _failed_question(w: World) -> int:
    w.as_chair("proposal.vote", title="Declaration on cybercrime", question="substantive")
    w.vote_all(["AR", "BR", "CA"], ["DK", "EG", "FR", "GH"])
    w.as_chair("vote.close")
    result = w.state["results"][0]
    assert result["passed"] is False
    return result["vote"]


def test_a_reconsideration_that_carries_puts_the_question_again(debate: World):
    w = debate
    vote = _failed_question(w)
    motion = w.raise_motion("DK", "reconsider", "EG", vote=vote)
    assert w.state["motions"][0]["params"] == {"vote": vote}
    w.as_chair("motion.vote", motion=motion)
    assert w.state["vote"]["decide_as"] == "reconsider"
    # unausa: two-thirds (UN r.81). 4 of 7 is not enough.
    w.vote_all(["DK", "EG", "FR", "GH"], ["AR", "BR", "CA"])
    rows = accepted(w, w.chair, "vote.close", ["vote_closed"])
    assert rows[0].payload["result"]["passed"] is False
    assert rows[0].payload["result"]["threshold"] == "two_thirds"
    motion = w.raise_motion("GH", "reconsider", "EG", vote=vote)
    w.as_chair("motion.vote", motion=motion)
    w.vote_all(ALL[:5], ["FR", "GH"])
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "vote_opened"])
    again = rows[1].payload["vote"]
    assert again["subject"] == "proposal" and again["title"] == "Declaration on cybercrime"
    assert again["question"] == "substantive" and again["reconsidered"] == vote
    w.vote_all(ALL[:5], ["FR", "GH"])
    w.as_chair("vote.close")
    assert w.state["results"][0]["passed"] is True
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state


def test_the_mover_must_have_voted_with_the_majority_where_the_profile_says_so(db, clock):
    w = make_committee(rule_overrides={"reconsider_mover_majority": True})
    w.open_debate("A")
    vote = _failed_question(w)
    refused(
        w, w.delegate("AR"), "motion.raise", "voted with the majority", kind="reconsider",
        params={"vote": vote},
    )
    accepted(
        w, w.delegate("DK"), "motion.raise", ["motion_raised"], kind="reconsider",
        params={"vote": vote},
    )
    # A placard count records nobody's vote: nobody can show they were in the majority.
    w.as_delegate("DK", "motion.withdraw", motion=w.state["motions"][0]["id"])
    w.as_chair("proposal.vote", title="Second", question="procedural")
    w.as_chair("vote.placard", yes=2, no=5)
    w.as_chair("vote.close")
    placard_vote = w.state["results"][0]["vote"]
    refused(
        w, w.delegate("DK"), "motion.raise", "counted by placards", kind="reconsider",
        params={"vote": placard_vote},
    )


def test_what_cannot_be_reconsidered_is_refused_with_a_reason(debate: World):
    w = debate
    refused(w, w.delegate("AR"), "motion.raise", "Say which vote", kind="reconsider", params={})
    refused(
        w, w.delegate("AR"), "motion.raise", "last votes", kind="reconsider", params={"vote": 99}
    )
    w.pass_motion("AR", "set_speaking_time", "BR", speaking_seconds=60)
    passed = w.state["results"][0]["vote"]
    refused(
        w, w.delegate("AR"), "motion.raise", "taken effect", kind="reconsider",
        params={"vote": passed},
    )
    vote = _failed_question(w)
    w.raise_motion("DK", "reconsider", vote=vote)
    refused(
        w, w.delegate("EG"), "motion.raise", "already on the floor", kind="reconsider",
        params={"vote": vote},
    )


def test_a_failed_motion_reconsidered_is_moved_and_voted_again(debate: World):
    w = debate
    motion = w.raise_motion("AR", "suspend_meeting", "BR", total_seconds=600)
    w.as_chair("motion.vote", motion=motion)
    w.vote_all(["AR"], ["BR", "CA", "DK", "EG", "FR", "GH"])
    w.as_chair("vote.close")
    vote = w.state["results"][0]["vote"]
    again = w.raise_motion("CA", "reconsider", "DK", vote=vote)
    w.as_chair("motion.vote", motion=again)
    w.vote_all(ALL, [])
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "motion_raised", "vote_opened"])
    raised = rows[1].payload["motion"]
    assert raised["kind"] == "suspend_meeting" and raised["params"] == {"total_seconds": 600}
    assert raised["seat"] == w.seat("AR") and raised["reconsidered"] == vote
    assert rows[2].payload["vote"]["motion"] == raised["id"]
    w.vote_all(ALL, [])
    w.as_chair("vote.close")
    assert w.state["phase"] == "suspended"


@pytest.mark.django_db(transaction=True)
async def test_reconsider_over_the_websocket(transactional_db, channel_layer, ws_headers):
    from tests.live.test_websocket import chair_cookie, delegate_cookie, error, ok, room

    def build() -> tuple[World, dict, int]:
        world = make_committee(profile="interpol")
        world.open_debate("A")
        vote = _failed_question(world)
        return world, {"chair": chair_cookie(world), "DK": delegate_cookie(world, "DK")}, vote

    world, cookies, vote = await database_sync_to_async(build)()
    async with room(world, cookies, ws_headers, "chair", "DK") as s:
        await error(
            s["DK"], {"type": "motion.raise", "kind": "reconsider", "params": {"vote": "1"}},
            "parameter 'vote'",
        )
        await ok(s["DK"], {"type": "motion.raise", "kind": "reconsider", "params": {"vote": vote}})
    committee = await database_sync_to_async(Committee.objects.get)(pk=world.committee.pk)
    assert committee.live_state["motions"][0]["kind"] == "reconsider"


def test_a_pending_motion_the_new_rules_lack_stays_listed_for_the_chair_to_rule_out(db, clock):
    w = make_committee(profile="interpol")
    w.open_debate("A")
    vote = _failed_question(w)
    motion = w.raise_motion("DK", "reconsider", vote=vote)
    # The organizer changes to rules with no motion to reconsider.
    Committee.objects.filter(pk=w.committee.pk).update(rule_profile="security_council")
    views = audience_views(w.state, live_services.live_context(w.refresh()))
    assert [m["kind"] for m in views["chair"]["motions"]] == ["reconsider"]
    refused(w, w.chair, "motion.vote", "no longer have this motion", motion=motion)
    accepted(w, w.chair, "motion.rule", ["motion_dropped"], motion=motion, ruling="out_of_order")
