"""Division of the question through the services (reference scenario: OP3 voted separately and
rejected, the rest adopted without it; every part rejected: the draft fails without a vote)."""

from __future__ import annotations

import pytest

from committee import services as live_services
from resolutions import services
from resolutions.document import flatten
from resolutions.models import Clause, Paper
from tests.live.factory import World, accepted, refused
from tests.resolutions.helpers import as_chair, as_delegate, paper_with_clauses, sign_all

pytestmark = pytest.mark.django_db

ALL = ["AR", "BR", "CA", "DK", "EG", "FR", "GH"]


def _draft(w: World) -> Paper:
    paper = paper_with_clauses(w)  # 1. Urges (a) sub-clause), 2. Requests
    services.add_clause(as_delegate(w, "AR"), None, paper.pk, kind="operative", phrase="Encourages", text="training")
    sign_all(w, paper, ["AR"], ["BR"])
    services.approve(as_chair(w), w.chair_user, paper.pk)
    w.as_chair("draft.introduce", draft=paper.pk)
    return paper


def _divide(w: World, paper: Paper, parts: str) -> None:
    motion = w.raise_motion("CA", "divide_question", "DK", draft=paper.pk, parts=parts)
    w.as_chair("motion.vote", motion=motion)
    w.vote_all(ALL, [])
    w.as_chair("vote.close")


def test_a_rejected_part_leaves_the_adopted_text(debate: World):
    w = debate
    paper = _draft(w)
    refused(w, w.delegate("CA"), "motion.raise", "only in voting procedure", kind="divide_question", params={"draft": paper.pk, "parts": "3"})
    w.as_chair("debate.close")
    refused(w, w.delegate("CA"), "motion.raise", "like", kind="divide_question", params={"draft": paper.pk, "parts": "9"})
    refused(w, w.delegate("CA"), "motion.raise", "like", kind="divide_question", params={"draft": paper.pk, "parts": "2,2"})
    _divide(w, paper, "3")
    assert w.state["drafts"][str(paper.pk)]["divided"] == [[3]]
    w.as_chair("draft.vote", draft=paper.pk)
    assert w.state["vote"]["subject"] == "part" and w.state["vote"]["clauses"] == [3]
    w.vote_all(ALL[:2], ALL[2:])
    accepted(w, w.chair, "vote.close", ["vote_closed", "part_decided"])
    w.as_chair("draft.vote", draft=paper.pk)
    assert w.state["vote"]["subject"] == "draft"
    w.vote_all(ALL, [])
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "draft_decided"])
    assert rows[1].payload["removed"] == [3]
    paper.refresh_from_db()
    assert paper.code == "INTERPOL/RES/1"
    texts = [line["text"] for line in flatten(services.document(paper)["operative"])]
    assert texts == ["member countries to share data", "through I-24/7", "a yearly report"]
    assert [line["text"] for line in w.state["drafts"][str(paper.pk)]["operative"]] == texts
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state


def _minutes(w: World) -> list[str]:
    from exports import adapters

    minutes = adapters.minutes_doc(w.refresh(), language="en")
    return [e.text for s in minutes.sittings for sec in s.sections for e in sec.entries]


def _second_draft(w: World) -> Paper:
    paper = services.create_paper(as_delegate(w, "BR"), None, topic="A", title="Second")
    services.add_clause(as_delegate(w, "BR"), None, paper.pk, kind="operative", phrase="Requests", text="more data")
    sign_all(w, paper, ["BR"], ["AR"])
    services.approve(as_chair(w), w.chair_user, paper.pk)
    w.as_chair("draft.introduce", draft=paper.pk)
    return paper


def test_every_part_rejected_fails_the_draft_without_another_press(debate: World):
    w = debate
    paper = _draft(w)
    second = _second_draft(w)
    w.as_chair("debate.close")
    _divide(w, paper, "1+2, 3")
    w.as_chair("draft.vote", draft=paper.pk)
    w.vote_all(ALL[:1], ALL[1:])
    accepted(w, w.chair, "vote.close", ["vote_closed", "part_decided"])
    w.as_chair("draft.vote", draft=paper.pk)
    assert w.state["vote"]["subject"] == "part" and w.state["vote"]["clauses"] == [3]
    w.vote_all(ALL[:1], ALL[1:])
    # The last operative part goes: the draft fails in the same step, no final vote.
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "part_decided", "draft_decided"])
    decided = rows[2].payload
    assert decided == {
        "draft": paper.pk, "adopted": False, "result": None, "reason": "all_parts_rejected",
        "parts": {"part:1+2": False, "part:3": False},
    }
    state = w.state
    assert state["vote"] is None
    draft = state["drafts"][str(paper.pk)]
    assert (draft["status"], draft["reason"], draft["resolution"]) == ("rejected", "all_parts_rejected", None)
    assert draft["part_results"] == {"part:1+2": False, "part:3": False}
    # Preambular clauses are never divided and do not keep the draft alive (procedure.md §2.1).
    assert [c["phrase"] for c in draft["preambular"]] == ["Alarmed by"]
    assert state["results"][0]["code"] == "INTERPOL/DR/A/1 (3)"  # the deciding vote, shown
    refused(w, w.chair, "draft.vote", "already been decided", draft=paper.pk)
    paper.refresh_from_db()
    assert paper.status == Paper.Status.REJECTED and paper.resolution_number is None
    # Rejected drafts are kept with their text.
    assert len(flatten(services.document(paper)["operative"])) == 4
    assert "Draft resolution INTERPOL/DR/A/1 failed: every operative part was rejected." in _minutes(w)
    # The next draft on the topic is voted as usual.
    accepted(w, w.chair, "draft.vote", ["vote_opened"], draft=second.pk)
    assert w.state["vote"]["subject"] == "draft" and w.state["vote"]["draft"] == second.pk
    w.vote_all(ALL, [])
    w.as_chair("vote.close")
    second.refresh_from_db()
    assert second.code == "INTERPOL/RES/1"  # the number was not spent on the failed draft
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state


def test_a_part_kept_keeps_the_draft_for_the_final_vote(debate: World):
    w = debate
    paper = _draft(w)
    w.as_chair("debate.close")
    _divide(w, paper, "1, 3")
    w.as_chair("draft.vote", draft=paper.pk)
    w.vote_all(ALL[:1], ALL[1:])
    w.as_chair("vote.close")  # clause 1 rejected
    w.as_chair("draft.vote", draft=paper.pk)
    w.vote_all(ALL[:1], ALL[1:])
    # Clause 2 was never divided: it survives, so the rest is voted as a whole.
    accepted(w, w.chair, "vote.close", ["vote_closed", "part_decided"])
    w.as_chair("draft.vote", draft=paper.pk)
    assert w.state["vote"]["subject"] == "draft"
    w.vote_all(ALL, [])
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "draft_decided"])
    assert rows[1].payload["removed"] == [1, 3]
    paper.refresh_from_db()
    assert [line["text"] for line in flatten(services.document(paper)["operative"])] == ["a yearly report"]


def test_reference_scenario_20_division_through_the_services(debate: World):
    """procedure.md §8 scenario 20 (7 members for 35): OP1-OP5; OP3 divided; the motion
    carries 4-3; OP3 rejected 2-5; the rest adopted 5-2, without OP3."""
    w = debate
    access = as_delegate(w, "AR")
    paper = services.create_paper(access, None, topic="A", title="Scenario 20")
    services.add_clause(access, None, paper.pk, kind="preambular", phrase="Noting", text="the problem")
    for n in range(1, 6):
        services.add_clause(access, None, paper.pk, kind="operative", phrase="Requests", text=f"OP{n}")
    sign_all(w, paper, ["AR"], ["BR"])
    services.approve(as_chair(w), w.chair_user, paper.pk)
    w.as_chair("draft.introduce", draft=paper.pk)
    w.as_chair("debate.close")
    motion = w.raise_motion("CA", "divide_question", "DK", draft=paper.pk, parts="3")
    w.as_chair("motion.vote", motion=motion)
    w.vote_all(ALL[:4], ALL[4:])
    accepted(w, w.chair, "vote.close", ["vote_closed", "draft_divided"])
    w.as_chair("draft.vote", draft=paper.pk)
    assert w.state["vote"]["clauses"] == [3]
    w.vote_all(ALL[:2], ALL[2:])
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "part_decided"])
    assert rows[1].payload["adopted"] is False
    w.as_chair("draft.vote", draft=paper.pk)
    w.vote_all(ALL[:5], ALL[5:])
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "draft_decided"])
    assert (rows[1].payload["adopted"], rows[1].payload["removed"]) == (True, [3])
    paper.refresh_from_db()
    assert paper.status == Paper.Status.ADOPTED and paper.code == "INTERPOL/RES/1"
    lines = flatten(services.document(paper)["operative"])
    assert [(line["ref"], line["text"]) for line in lines] == [("1", "OP1"), ("2", "OP2"), ("3", "OP4"), ("4", "OP5")]
    live = w.state["drafts"][str(paper.pk)]["operative"]
    assert [(line["ref"], line["text"]) for line in live] == [(line["ref"], line["text"]) for line in lines]
    minutes = _minutes(w)
    assert "Operative clauses 3 of INTERPOL/DR/A/1 were rejected and leave the text." in minutes
    assert "Draft resolution INTERPOL/DR/A/1 was adopted as resolution INTERPOL/RES/1." in minutes
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state


def test_parts_follow_their_clauses_when_an_amendment_renumbers_the_text(debate: World):
    """Divided before the amendments are voted: an adopted deletion of clause 1 makes clause 3
    the second; the part vote and the adopted text still take the clause the motion named."""
    w = debate
    paper = _draft(w)  # 1. Urges (a), 2. Requests, 3. Encourages training
    urges = Clause.objects.get(paper=paper, phrase="Urges")
    delete = services.propose_amendment(as_delegate(w, "GH"), None, paper.pk, kind="delete", target=urges.pk)
    services.respond_amendment(as_delegate(w, "AR"), None, delete.pk, response="refuse")
    services.respond_amendment(as_delegate(w, "EG"), None, delete.pk, response="support")
    services.approve_amendment(as_chair(w), w.chair_user, delete.pk)
    w.as_chair("debate.close")
    _divide(w, paper, "3")
    w.as_chair("draft.vote", draft=paper.pk)
    assert w.state["vote"]["subject"] == "amendment"
    w.vote_all(ALL, [])
    w.as_chair("vote.close")  # clause 1 deleted: "training" is now clause 2
    w.as_chair("draft.vote", draft=paper.pk)
    vote = w.state["vote"]
    assert (vote["subject"], vote["part"], vote["clauses"]) == ("part", "part:3", [2])
    w.vote_all(ALL[:1], ALL[1:])
    w.as_chair("vote.close")
    w.as_chair("draft.vote", draft=paper.pk)
    w.vote_all(ALL, [])
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "draft_decided"])
    assert rows[1].payload["removed"] == [2]
    paper.refresh_from_db()
    assert [line["text"] for line in flatten(services.document(paper)["operative"])] == ["a yearly report"]
    assert [line["text"] for line in w.state["drafts"][str(paper.pk)]["operative"]] == ["a yearly report"]
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state


def test_a_part_an_amendment_deleted_is_not_voted(debate: World):
    w = debate
    paper = _draft(w)  # 1. Urges (a), 2. Requests, 3. Encourages training
    urges = Clause.objects.get(paper=paper, phrase="Urges")
    delete = services.propose_amendment(as_delegate(w, "GH"), None, paper.pk, kind="delete", target=urges.pk)
    services.respond_amendment(as_delegate(w, "AR"), None, delete.pk, response="refuse")
    services.respond_amendment(as_delegate(w, "EG"), None, delete.pk, response="support")
    services.approve_amendment(as_chair(w), w.chair_user, delete.pk)
    w.as_chair("debate.close")
    _divide(w, paper, "1, 2+3")
    w.as_chair("draft.vote", draft=paper.pk)
    w.vote_all(ALL, [])
    w.as_chair("vote.close")  # clause 1 is gone with its part
    w.as_chair("draft.vote", draft=paper.pk)
    vote = w.state["vote"]
    assert (vote["part"], vote["clauses"]) == ("part:2+3", [1, 2])
    w.vote_all(ALL[:1], ALL[1:])
    # The only part left is rejected: no operative clause survives, the draft fails.
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "part_decided", "draft_decided"])
    assert rows[2].payload["reason"] == "all_parts_rejected"
    paper.refresh_from_db()
    assert paper.status == Paper.Status.REJECTED
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state
