"""Division of the question through the services (reference scenario: OP3 voted separately and
rejected, the rest adopted without it; every part rejected: the draft fails without a vote)."""

from __future__ import annotations

import pytest

from committee import services as live_services
from resolutions import services
from resolutions.document import flatten
from resolutions.models import Paper
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


def test_every_part_rejected_fails_the_draft_without_a_final_vote(debate: World):
    w = debate
    paper = _draft(w)
    w.as_chair("debate.close")
    _divide(w, paper, "1+2, 3")
    for _ in range(2):
        w.as_chair("draft.vote", draft=paper.pk)
        w.vote_all(ALL[:1], ALL[1:])
        w.as_chair("vote.close")
    rows = accepted(w, w.chair, "draft.vote", ["draft_decided"], draft=paper.pk)
    assert rows[0].payload["adopted"] is False
    paper.refresh_from_db()
    assert paper.status == Paper.Status.REJECTED
