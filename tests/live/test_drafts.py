"""Drafts in the live session, through the services: approval into the journal, introduction,
the substantive vote (devices and ballots the chair enters), adoption numbers, rejection, lapse,
and a journal replay that rebuilds the documents."""

from __future__ import annotations

import pytest

from committee import services as live_services
from committee.live.views import audience_views
from resolutions import services
from resolutions.models import Paper
from tests.live.factory import World, accepted, make_committee, refused
from tests.resolutions.helpers import as_chair, paper_with_clauses, sign_all

pytestmark = pytest.mark.django_db

ALL = ["AR", "BR", "CA", "DK", "EG", "FR", "GH"]


def approved(w: World, author: str = "AR", sponsors=("AR",), signatories=("BR",)) -> Paper:
    paper = paper_with_clauses(w, author)
    sign_all(w, paper, list(sponsors), list(signatories))
    return services.approve(as_chair(w), w.chair_user, paper.pk)


def to_voting(w: World, *drafts: Paper) -> None:
    for d in drafts:
        w.as_chair("draft.introduce", draft=d.pk)
    w.as_chair("debate.close")


def test_introduce_and_focus(debate: World):
    w = debate
    draft = approved(w)
    refused(w, w.delegate("AR"), "draft.introduce", "Only the chair", draft=draft.pk)
    refused(w, w.chair, "draft.introduce", "does not exist", draft=999)
    w.as_chair("agenda.set", topic="B")
    refused(w, w.chair, "draft.introduce", "Topic A", draft=draft.pk)
    w.as_chair("agenda.set", topic="A")
    accepted(w, w.chair, "draft.introduce", ["draft_introduced"], draft=draft.pk)
    refused(w, w.chair, "draft.introduce", "not waiting", draft=draft.pk)
    accepted(w, w.chair, "draft.focus", ["draft_focused"], draft=draft.pk, clause="1.a")
    sub = w.state["drafts"][str(draft.pk)]["operative"][1]
    assert sub["ref"] == "1.a" and w.state["focus"] == {"draft": draft.pk, "clause_id": sub["id"]}
    refused(w, w.chair, "draft.focus", "no clause 7", draft=draft.pk, clause="7")
    public = audience_views(w.state, live_services.live_context(w.refresh()))["public"]
    shown = public["drafts"][0]
    assert shown["code"] == "INTERPOL/DR/A/1" and shown["status"] == "introduced"
    assert [line["text"] for line in shown["operative"]] == [
        "member countries to share data", "through I-24/7", "a yearly report",
    ]


def test_voting_procedure_closes_the_doors_and_drafts_vote_only_there(debate: World):
    w = debate
    draft = approved(w)
    w.as_chair("draft.introduce", draft=draft.pk)
    refused(w, w.chair, "draft.vote", "voting procedure", draft=draft.pk)
    w.as_chair("debate.close")
    refused(w, w.delegate("CA"), "speakers.join", "Debate is closed")
    refused(w, w.delegate("CA"), "draft.vote", "Only the chair", draft=draft.pk)
    accepted(w, w.chair, "draft.vote", ["vote_opened"], draft=draft.pk)
    vote = w.state["vote"]
    assert vote["subject"] == "draft" and vote["question"] == "substantive" and vote["draft"] == draft.pk


def test_device_and_chair_entered_ballots_add_up_and_adopt(debate: World):
    w = debate
    draft = approved(w)
    to_voting(w, draft)
    w.as_chair("draft.vote", draft=draft.pk)
    w.vote_all(["AR", "BR", "CA"], ["DK"])
    chair = audience_views(w.state, live_services.live_context(w.refresh()))["chair"]
    assert chair["vote"]["not_voted"] == [w.seat(i) for i in ("EG", "FR", "GH")]
    refused(w, w.chair, "vote.enter", "already voted", seat=w.seat("AR"), choice="yes")
    refused(w, w.chair, "vote.enter", "has no vote", seat=w.observer.pk, choice="yes")
    refused(w, w.chair, "vote.enter", "yes, no or abstain", seat=w.seat("EG"), choice="maybe")
    refused(w, w.delegate("AR"), "vote.enter", "Only the chair", seat=w.seat("EG"), choice="yes")
    rows = accepted(w, w.chair, "vote.enter", ["ballot_cast"], seat=w.seat("EG"), choice="yes")
    assert rows[0].payload["by"] == "chair"
    w.as_chair("vote.enter", seat=w.seat("FR"), choice="no")
    w.as_chair("vote.enter", seat=w.seat("GH"), choice="abstain")
    chair = audience_views(w.state, live_services.live_context(w.refresh()))["chair"]
    assert chair["vote"]["not_voted"] == [] and chair["vote"]["entered"] == [w.seat(i) for i in ("EG", "FR", "GH")]
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "draft_decided"])
    result = rows[0].payload["result"]
    assert (result["yes"], result["no"], result["abstain"]) == (4, 2, 1)
    assert result["method"] == "device_and_chair" and result["passed"]
    decided = rows[1].payload
    assert decided["adopted"] and decided["number"] == 1 and decided["code"] == "INTERPOL/RES/1"
    draft.refresh_from_db()
    assert draft.status == Paper.Status.ADOPTED and draft.code == "INTERPOL/RES/1"
    assert w.state["drafts"][str(draft.pk)]["resolution"]["code"] == "INTERPOL/RES/1"


def test_placards_replace_ballots_only_when_confirmed(debate: World):
    w = debate
    draft = approved(w)
    to_voting(w, draft)
    w.as_chair("draft.vote", draft=draft.pk)
    w.vote_all(["AR", "BR", "CA"], [])
    refused(w, w.chair, "vote.placard", "3 ballots have been cast", yes=2, no=5)
    # Incomplete and not everyone may abstain? Here abstentions are allowed, so 3 of 7 is valid.
    rows = accepted(w, w.chair, "vote.placard", ["placard_counted"], yes=2, no=5, replace=True)
    assert rows[0].payload["replaced"] == 3
    public = audience_views(w.state, live_services.live_context(w.refresh()))["public"]
    assert public["vote"]["cast_count"] == 7 and public["vote"]["method"] == "placard"
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "draft_decided"])
    assert rows[0].payload["result"]["method"] == "placard"
    assert rows[1].payload["adopted"] is False
    draft.refresh_from_db()
    assert draft.status == Paper.Status.REJECTED  # kept, with its result in the journal
    assert w.state["drafts"][str(draft.pk)]["result"]["no"] == 5


def test_numbers_follow_adoption_order_and_are_never_reused(debate: World):
    w = debate
    first = approved(w, "AR", ("AR",), ("BR",))
    second = approved(w, "CA", ("CA",), ("DK",))
    third = approved(w, "EG", ("EG",), ("FR",))
    assert [p.draft_code for p in (first, second, third)] == [
        "INTERPOL/DR/A/1", "INTERPOL/DR/A/2", "INTERPOL/DR/A/3",
    ]
    to_voting(w, first, second, third)
    refused(w, w.chair, "draft.vote", "INTERPOL/DR/A/1 comes first", draft=second.pk)
    for paper, yes in ((first, ALL[:2]), (second, ALL), (third, ALL)):
        w.as_chair("draft.vote", draft=paper.pk)
        w.vote_all(yes, [i for i in ALL if i not in yes])
        w.as_chair("vote.close")
    codes = [Paper.objects.get(pk=p.pk).code for p in (first, second, third)]
    assert codes == ["INTERPOL/DR/A/1", "INTERPOL/RES/1", "INTERPOL/RES/2"]
    refused(w, w.chair, "draft.vote", "already been decided", draft=second.pk)


def test_only_one_draft_per_topic_where_the_profile_says_so(db, clock):
    w = make_committee(profile="thimun", rule_overrides={"draft_minimum": 1})
    w.open_debate("A")
    first = approved(w, "AR", ("AR",), ())
    second = approved(w, "CA", ("CA",), ())
    to_voting(w, first, second)
    w.as_chair("draft.vote", draft=first.pk)
    w.vote_all(ALL, [])
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "draft_decided"])
    assert rows[1].payload["lapsed"] == [second.pk]
    second.refresh_from_db()
    assert second.status == Paper.Status.LAPSED
    refused(w, w.chair, "draft.vote", "already been decided", draft=second.pk)


def test_replay_equals_live_state_with_documents(debate: World):
    w = debate
    first = approved(w)
    second = approved(w, "CA", ("CA",), ("DK",))
    to_voting(w, first, second)
    w.as_chair("draft.vote", draft=first.pk)
    w.vote_all(ALL[:5], ALL[5:])
    w.as_chair("vote.close")
    w.as_chair("draft.vote", draft=second.pk)
    w.vote_all(["AR"], [])
    w.as_chair("vote.enter", seat=w.seat("BR"), choice="no")
    w.as_chair("vote.placard", yes=1, no=6, replace=True)
    w.as_chair("vote.close")
    committee = w.refresh()
    replayed = live_services.replay_state(committee)
    assert replayed == committee.live_state
    assert [replayed["drafts"][str(p.pk)]["status"] for p in (first, second)] == ["adopted", "rejected"]
    assert replayed["drafts"][str(first.pk)]["operative"][0]["text"] == "member countries to share data"


def test_introduction_and_roll_call_by_motion(debate: World):
    w = debate
    draft = approved(w)
    refused(w, w.delegate("CA"), "motion.raise", "does not exist", kind="introduce_draft", params={"draft": 999})
    motion = w.raise_motion("CA", "introduce_draft", draft=draft.pk)
    # The profile leaves introduction to the chair (no vote): granted when put to the floor.
    rows = accepted(w, w.chair, "motion.vote", ["vote_closed", "draft_introduced"], motion=motion)
    assert rows[1].payload["by"] == "motion"
    assert w.state["drafts"][str(draft.pk)]["status"] == "introduced"
    refused(w, w.delegate("CA"), "motion.raise", "only in voting procedure", kind="roll_call_vote", params={"draft": draft.pk})
    w.as_chair("debate.close")
    motion = w.raise_motion("CA", "roll_call_vote", "DK", draft=draft.pk)
    w.as_chair("motion.vote", motion=motion)
    w.vote_all(ALL, [])
    w.as_chair("vote.close")
    assert w.state["drafts"][str(draft.pk)]["roll_call"] is True
    w.as_chair("draft.vote", draft=draft.pk)
    assert w.state["vote"]["roll_call"] is not None


def test_reordering_drafts_by_motion(debate: World):
    w = debate
    first = approved(w, "AR", ("AR",), ("BR",))
    second = approved(w, "CA", ("CA",), ("DK",))
    to_voting(w, first, second)
    refused(w, w.delegate("EG"), "motion.raise", "already the next", kind="reorder_drafts", params={"draft": first.pk})
    motion = w.raise_motion("EG", "reorder_drafts", "FR", draft=second.pk)
    w.as_chair("motion.vote", motion=motion)
    w.vote_all(ALL, [])
    w.as_chair("vote.close")
    assert w.state["draft_order"] == [second.pk, first.pk]
    refused(w, w.chair, "draft.vote", "INTERPOL/DR/A/2 comes first", draft=first.pk)
    accepted(w, w.chair, "draft.vote", ["vote_opened"], draft=second.pk)
