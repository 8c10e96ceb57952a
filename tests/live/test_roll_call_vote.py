"""The substantive roll-call vote through the services: seats called in the profile's order,
pass and a second round, yes with rights, refusals (out of turn, a second answer, pass twice,
rights the profile refuses, abstaining while present and voting), and replay."""

from __future__ import annotations

import pytest

from committee import services as live_services
from committee.live.views import audience_views
from resolutions import services
from resolutions.models import Paper
from tests.live.factory import World, accepted, make_committee, refused
from tests.resolutions.helpers import as_chair, paper_with_clauses, sign_all

pytestmark = pytest.mark.django_db

ORDER = ["AR", "BR", "CA", "DK", "EG", "FR", "GH"]  # alphabetical (unausa)


def _roll_call(w: World) -> Paper:
    paper = paper_with_clauses(w)
    sign_all(w, paper, ["AR"], ["BR"])
    services.approve(as_chair(w), w.chair_user, paper.pk)
    w.as_chair("draft.introduce", draft=paper.pk)
    w.as_chair("debate.close")
    accepted(w, w.chair, "draft.vote", ["vote_opened"], draft=paper.pk, roll_call=True)
    return paper


def _public(w: World) -> dict:
    return audience_views(w.state, live_services.live_context(w.refresh()))["public"]


def test_pass_rights_and_a_second_round_adopt_the_resolution(debate: World):
    w = debate
    paper = _roll_call(w)
    rc = _public(w)["vote"]["roll_call"]
    assert rc["order"] == [w.seat(i) for i in ORDER] and rc["current"] == w.seat("AR")
    refused(w, w.delegate("BR"), "vote.answer", "Out of turn: Argentina", answer="yes")
    refused(w, w.delegate("AR"), "vote.cast", "roll-call vote", choice="yes")
    refused(w, w.chair, "vote.placard", "roll-call vote", yes=7, no=0)
    refused(w, w.chair, "vote.close", "Argentina is being called")
    accepted(w, w.delegate("AR"), "vote.answer", ["roll_call_answered"], answer="pass")
    refused(w, w.delegate("AR"), "vote.answer", "Out of turn", answer="yes")
    rows = accepted(w, w.chair, "vote.answer", ["roll_call_answered"], seat=w.seat("BR"), answer="yes_rights")
    assert rows[0].payload["rights"] is True and rows[0].payload["by"] == "chair"
    refused(w, w.delegate("BR"), "vote.answer", "already answered", answer="no")
    assert _public(w)["vote"]["roll_call"]["current"] == w.seat("CA")
    for iso, answer in (("CA", "yes"), ("DK", "no"), ("EG", "abstain"), ("FR", "yes"), ("GH", "no_rights")):
        w.as_delegate(iso, "vote.answer", answer=answer)
    rc = _public(w)["vote"]["roll_call"]
    assert rc["round"] == 2 and rc["current"] == w.seat("AR")
    refused(w, w.delegate("AR"), "vote.answer", "only yes or no", answer="pass")
    refused(w, w.delegate("AR"), "vote.answer", "only yes or no", answer="abstain")
    w.as_delegate("AR", "vote.answer", answer="yes")
    assert _public(w)["vote"]["roll_call"]["done"]
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "draft_decided"])
    result = rows[0].payload["result"]
    assert (result["yes"], result["no"], result["abstain"], result["method"]) == (4, 2, 1, "roll_call")
    assert result["rights"] == [w.seat("BR"), w.seat("GH")]
    paper.refresh_from_db()
    assert paper.code == "INTERPOL/RES/1"
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state


def test_present_and_voting_cannot_abstain_and_rights_where_refused(db, clock):
    w = make_committee(rule_overrides={"roll_call_rights": False})
    w.mark_present(mark="present_and_voting")
    w.as_chair("agenda.set", topic="A")
    _roll_call(w)
    refused(w, w.delegate("AR"), "vote.answer", "cannot abstain", answer="abstain")
    refused(w, w.delegate("AR"), "vote.answer", "no votes with rights", answer="yes_rights")
    refused(w, w.delegate("AR"), "vote.answer", "Answer yes, no", answer="maybe")
    refused(w, w.delegate("VA"), "vote.answer", "Out of turn", answer="yes")


def test_the_un_draws_the_first_seat_by_lot_and_keeps_it_on_replay(db, clock):
    w = make_committee(profile="un")
    w.open_debate("A")
    _roll_call(w)
    order = _public(w)["vote"]["roll_call"]["order"]
    ids = [w.seat(i) for i in ORDER]
    start = ids.index(order[0])
    assert order == ids[start:] + ids[:start]  # alphabetical from the seat drawn
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state


def test_interpol_calls_the_roll_in_french_alphabetical_order(db, clock):
    w = make_committee(profile="interpol")
    # Germany is "Allemagne" in French: first in the French order, after France in the English.
    w.seats["DK"].country, w.seats["DK"].iso_code = "Germany", "DE"
    w.seats["DK"].save()
    w.open_debate("A")
    _roll_call(w)
    order = _public(w)["vote"]["roll_call"]["order"]
    assert order == [w.seat(i) for i in ["DK", "AR", "BR", "CA", "EG", "FR", "GH"]]
    english = make_committee(profile="interpol", rule_overrides={"roll_call_order": "alphabetical"})
    english.seats["DK"].country, english.seats["DK"].iso_code = "Germany", "DE"
    english.seats["DK"].save()
    english.open_debate("A")
    _roll_call(english)
    order = _public(english)["vote"]["roll_call"]["order"]
    assert order == [english.seat(i) for i in ["AR", "BR", "CA", "EG", "FR", "DK", "GH"]]


def test_rights_asked_by_a_seat_that_passed_are_refused_and_the_vote_recorded(debate: World):
    """procedure.md scenario 14 (rights_after_pass False, the default here): a delegation that
    passed asks "yes with rights" on the second call: recorded yes, rights refused, and the
    journal says what was asked."""
    w = debate
    _roll_call(w)
    w.as_delegate("AR", "vote.answer", answer="pass")
    for iso in ORDER[1:]:
        w.as_delegate(iso, "vote.answer", answer="yes")
    assert _public(w)["vote"]["roll_call"]["current"] == w.seat("AR")
    rows = accepted(w, w.delegate("AR"), "vote.answer", ["roll_call_answered"], answer="yes_rights")
    p = rows[0].payload
    assert (p["answer"], p["rights"], p["asked"]) == ("yes", False, "yes_rights")
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "draft_decided"])
    assert rows[0].payload["result"]["rights"] == [] and rows[0].payload["result"]["yes"] == 7
