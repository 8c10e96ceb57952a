# ruff: noqa: F811
"""A draft played through `resolutions.services` and the live session (friendly and unfriendly
amendments, a roll-call vote), then exported: the PDF, the DOCX and the minutes read back with
the adopted text, the real vote and the roll call."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn

from committee.live.votes import roll_call_view
from exports import adapters, services
from resolutions import services as papers
from resolutions.models import Clause, Paper
from tests.exports.readback import docx, pdf_text
from tests.live.factory import World, debate  # noqa: F401
from tests.resolutions.helpers import as_chair, as_delegate, paper_with_clauses, sign_all

pytestmark = pytest.mark.django_db

ANSWERS = {"AR": "yes", "BR": "yes", "CA": "yes", "DK": "no", "EG": "abstain", "FR": "yes", "GH": "no"}



def _calling(vote: dict) -> int | None:
    view = roll_call_view(vote)
    assert view is not None, "the vote is not a roll call"
    current: int | None = view["current"]
    return current

def _draft_with_amendments(w: World) -> tuple[Paper, int]:
    paper = paper_with_clauses(w, "AR")
    sign_all(w, paper, ["AR", "BR"], ["CA"])
    draft = papers.approve(as_chair(w), w.chair_user, paper.pk)
    report = Clause.objects.get(paper=draft, text="a yearly report")
    friendly = papers.propose_amendment(
        as_delegate(w, "AR"), None, draft.pk, kind="replace", target=report.pk, phrase="Requests",
        text="a report every six months",
    )
    papers.respond_amendment(as_delegate(w, "BR"), None, friendly.pk, response="accept")
    urges = Clause.objects.get(paper=draft, phrase="Urges")
    unfriendly = papers.propose_amendment(
        as_delegate(w, "DK"), None, draft.pk, kind="add", target=urges.pk, phrase="Invites",
        text="regional bodies to join",
    )
    papers.respond_amendment(as_delegate(w, "AR"), None, unfriendly.pk, response="refuse")
    papers.respond_amendment(as_delegate(w, "EG"), None, unfriendly.pk, response="support")
    papers.approve_amendment(as_chair(w), w.chair_user, unfriendly.pk)
    return draft, unfriendly.pk


def _adopt_by_roll_call(w: World, draft: Paper) -> None:
    w.as_chair("draft.introduce", draft=draft.pk)
    w.as_chair("debate.close")
    w.as_chair("draft.vote", draft=draft.pk)  # the unfriendly amendment first: rejected
    w.vote_all(["DK", "EG"], ["AR", "BR", "CA", "FR", "GH"])
    w.as_chair("vote.close")
    w.as_chair("draft.vote", draft=draft.pk, roll_call=True)
    by_pk = {w.seat(iso): iso for iso in ANSWERS}
    while (current := _calling(w.state["vote"])) is not None:
        w.as_delegate(by_pk[current], "vote.answer", answer=ANSWERS[by_pk[current]])
    w.as_chair("vote.close")


def test_a_draft_shows_its_pending_amendment_tracked_and_is_private(debate: World):
    w = debate
    draft, _amendment = _draft_with_amendments(w)
    doc = adapters.resolution_doc(draft)
    assert doc.code == "INTERPOL/DR/A/1" and doc.status == "draft" and doc.vote is None
    assert doc.sponsors == ("Argentina", "Brazil") and doc.signatories == ("Canada",)
    assert [(a.kind, a.clause, a.sponsor) for a in doc.amendments] == [("add", 1, "Denmark")]
    document = docx(services.resolution_file(draft, "docx", tracked=True).content)
    ops = [p for p in document.paragraphs if p.style.name == "Operative Clause"]
    assert [p._p.find(qn("w:ins")) is not None for p in ops] == [False, True, False]
    # The friendly amendment is already in the text.
    assert ops[-1].text.startswith("Requests a report every six months")
    assert adapters.resolutions_of(w.committee, adopted_only=True) == []


def test_an_adopted_resolution_reads_back_with_its_vote_and_roll_call(debate: World):
    w = debate
    draft, _amendment = _draft_with_amendments(w)
    _adopt_by_roll_call(w, draft)
    draft.refresh_from_db()
    assert draft.status == Paper.Status.ADOPTED and draft.code == "INTERPOL/RES/1"
    doc = adapters.resolution_doc(draft)
    assert doc.vote is not None
    assert (doc.vote.yes, doc.vote.no, doc.vote.abstain, doc.vote.method) == (4, 2, 1, "roll_call")
    assert {e.country: e.choice for e in doc.vote.roll_call} == {
        w.seats[iso].country: choice for iso, choice in ANSWERS.items()
    }
    assert doc.amendments == ()  # merged: the adopted text

    text = pdf_text(services.resolution_file(draft, "pdf").content)
    assert "INTERPOL/RES/1" in text
    assert "by a recorded vote of 4 in favour, 2 against, 1 abstentions" in text
    assert "Against (2) Denmark, Ghana" in text
    assert "Abstaining (1) Egypt" in text
    assert "regional bodies" not in text  # the unfriendly amendment was voted down
    assert "2. Requests a report every six months." in text

    document = docx(services.resolution_file(draft, "docx").content)
    ops = [p.text for p in document.paragraphs if p.style.name == "Operative Clause"]
    assert ops == ["Urges member countries to share data:", "Requests a report every six months."]
    votes = [p.text for p in document.paragraphs if p.style.name == "Vote Result"]
    assert "In favour (4): Argentina, Brazil, Canada, France" in votes
    assert "Against (2): Denmark, Ghana" in votes

    minutes = "\n".join(p.text for p in docx(services.minutes_file(w.committee, "docx").content).paragraphs)
    assert "draft resolution INTERPOL/DR/A/1" in minutes
    assert "Friendly amendment INTERPOL/DR/A/1/AMD/1" in minutes
    assert "Amendment INTERPOL/DR/A/1/AMD/2 was rejected" in minutes
    assert "Draft resolution INTERPOL/DR/A/1 was adopted as resolution INTERPOL/RES/1." in minutes
    assert "not yet described" not in minutes
    bundle = pdf_text(services.committee_bundle(w.committee, "pdf", language="es").content)
    assert "INTERPOL/RES/1" in bundle
