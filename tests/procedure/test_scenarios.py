"""The 25 scenarios of procedure.md §8, one test each.

Unless a scenario says otherwise: 24 voting members, all present, and the MUN profile ("unausa":
two-thirds closure, simple majority elsewhere).
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from committee.procedure import (
    Amendment,
    Clause,
    Motion,
    ProcedureError,
    RollCallSeat,
    VotePlan,
    amendment_is_friendly,
    get_profile,
    moderated_caucus_slots,
    vote_plan,
)


def _next_key(plan: VotePlan, results: Mapping[str, bool]) -> str | None:
    """The key of the next vote, or None when voting is over."""
    step = plan.next_vote(results)
    return step.key if step is not None else None


MUN = get_profile("unausa")
UN = get_profile("un")
HAR = get_profile("hmun")
THI = get_profile("thimun")


def test_scenario_01_closure_passes_with_sixteen_of_twenty_four():
    d = MUN.decide("closure", yes=16, no=8, present=24, members=24)
    assert d.valid and d.passed
    assert d.required_yes == 16
    assert d.reason == "Passes: 16 yes of 24 voting; two-thirds needs 16."


def test_scenario_02_closure_fails_by_one_but_passes_under_un_simple_majority():
    d = MUN.decide("closure", yes=15, no=9, present=24, members=24)
    assert d.valid and not d.passed
    assert d.required_yes == 16
    assert d.reason == "Fails: 15 yes of 24 voting; two-thirds needs 16."
    un = UN.decide("closure", yes=15, no=9, present=24, members=24)
    assert un.passed and un.required_yes == 13  # r.117: simple majority
    assert UN.motion_rule("close_debate").speakers_against == 2


def test_scenario_03_abstentions_of_present_delegations_are_excluded():
    d = MUN.decide("substantive", yes=11, no=9, abstain=4, present=24, members=24)
    assert d.valid and d.passed and d.required_yes == 11
    assert "4 abstaining" in d.reason
    # The four who answered "present" may abstain; the twenty "present and voting" may not.
    assert MUN.abstention_allowed("substantive", present_and_voting=False)
    assert not MUN.abstention_allowed("substantive", present_and_voting=True)
    # The same vote by roll call.
    seats = [RollCallSeat(i, f"Country {i:02d}", present_and_voting=i < 20) for i in range(24)]
    call = MUN.roll_call(seats)
    for seat_id in list(call.order):
        vote = "abstain" if seat_id >= 20 else ("yes" if seat_id < 11 else "no")
        call.answer(seat_id, vote)
    assert call.done
    assert (call.tally.yes, call.tally.no, call.tally.abstain) == (11, 9, 4)
    assert call.decision(members=24).passed


def test_scenario_04_incomplete_procedural_tally_is_invalid_but_passes_under_un():
    for abstain in (0, 3):
        d = MUN.decide("closure", yes=15, no=6, abstain=abstain, present=24, members=24)
        assert not d.valid and not d.passed
        assert d.reason.startswith("Invalid:")
    un = UN.decide("closure", yes=15, no=6, abstain=3, present=24, members=24)
    assert un.valid and un.passed
    assert un.required_yes == 11  # simple majority of the 21 voting


def test_scenario_05_present_and_voting_delegate_cannot_abstain_on_a_draft():
    assert not MUN.abstention_allowed("substantive", present_and_voting=True)
    call = MUN.roll_call([RollCallSeat("fr", "France", present_and_voting=True)])
    with pytest.raises(ProcedureError, match="present and voting and cannot abstain"):
        call.answer("fr", "abstain")
    assert call.answers == {}  # nothing recorded; the delegate must choose yes or no
    call.answer("fr", "no")
    assert call.done and call.tally.no == 1


def test_scenario_06_procedural_tie_fails():
    for question in ("moderated_caucus", "procedural"):
        d = MUN.decide(question, yes=12, no=12, present=24, members=24)
        assert d.valid and not d.passed
        assert d.reason == "Fails: tie (12 yes, 12 no); a tie fails."


def test_scenario_07_two_thirds_passes_exactly():
    d = UN.decide("important", yes=30, no=15, abstain=10, present=55, members=55)
    assert d.valid and d.passed and d.required_yes == 30


def test_scenario_08_two_thirds_short_by_one_fails():
    d = UN.decide("important", yes=29, no=15, abstain=11, present=55, members=55)
    assert d.valid and not d.passed and d.required_yes == 30


def test_scenario_09_mass_abstention_adopts_under_un_but_not_on_a_present_base():
    d = UN.decide("substantive", yes=2, no=1, abstain=190, present=193, members=193)
    assert d.valid and d.passed and d.required_yes == 2
    present_base = get_profile("un", {"vote_base": "present"})
    d = present_base.decide("substantive", yes=2, no=1, abstain=190, present=193, members=193)
    assert d.valid and not d.passed and d.required_yes == 97
    # "provided a majority of members is present"
    assert not UN.decide("substantive", yes=2, no=1, abstain=90, present=93, members=193).valid


@pytest.mark.parametrize("name", ["un", "unausa", "hmun", "thimun"])
def test_scenario_10_draft_tie_is_rejected(name):
    d = get_profile(name).decide("substantive", yes=12, no=12, abstain=3, present=27, members=27)
    assert d.valid and not d.passed


def test_scenario_11_quorum_to_open_committee_versus_plenary():
    committee = UN.quorum(present=12, members=40)  # r.108: one quarter
    assert committee.needed_to_debate == 10 and committee.can_debate
    assert committee.needed_to_vote == 21 and not committee.can_vote
    plenary = get_profile("un", {"quorum_to_debate": "1/3"}).quorum(present=12, members=40)
    assert plenary.needed_to_debate == 14 and not plenary.can_debate  # r.67: one third


def test_scenario_12_quorum_lost_blocks_substantive_vote_but_not_debate():
    assert MUN.quorum(present=22, members=40).can_vote
    q = MUN.quorum(present=19, members=40)  # recount after three left
    assert q.can_debate and q.needed_to_debate == 14
    assert not q.can_vote and q.needed_to_vote == 21
    d = MUN.decide("substantive", yes=12, no=7, present=19, members=40)
    assert not d.valid and not d.passed
    assert d.reason == "Invalid: no quorum to vote (19 present, 21 needed)."
    # The chair may still take a motion to suspend: the voting quorum is for substance here,
    # whereas the UN needs it "for any decision" (r.67/108).
    assert MUN.decide("suspend_meeting", yes=12, no=7, present=19, members=40).passed
    assert not UN.decide("suspend_meeting", yes=12, no=7, present=19, members=40).valid


def test_scenario_13_pass_twice_is_refused():
    seats = [RollCallSeat(1, "Kenya"), RollCallSeat(2, "Japan"), RollCallSeat(3, "Mexico")]
    call = MUN.roll_call(seats)
    assert call.order == [2, 1, 3]  # Japan, Kenya, Mexico
    call.answer(2, "yes")
    call.answer(1, "pass")
    call.answer(3, "no")
    assert call.round == 2 and call.current == 1
    with pytest.raises(ProcedureError, match="only yes or no"):
        call.answer(1, "pass")
    with pytest.raises(ProcedureError, match="only yes or no"):
        call.answer(1, "abstain")
    call.answer(1, "yes")
    assert call.done and (call.tally.yes, call.tally.no) == (2, 1)


def test_scenario_14_votes_with_rights_count_normally_and_are_refused_after_a_pass():
    seats = [
        RollCallSeat("br", "Brazil"),
        RollCallSeat("cl", "Chile"),
        RollCallSeat("de", "Germany"),
    ]
    call = HAR.roll_call(seats)
    assert call.answer("br", "no_rights").rights_granted
    call.answer("cl", "pass")
    call.answer("de", "yes")
    recorded = call.answer("cl", "yes_rights")
    assert not recorded.rights_granted and "rights refused" in recorded.message
    assert call.answers == {"br": "no_rights", "cl": "yes", "de": "yes"}
    assert call.rights_granted == ["br"]
    assert (call.tally.yes, call.tally.no) == (2, 1)  # rights do not change the count


def test_scenario_15_moderated_caucus_of_ten_minutes_at_forty_five_seconds():
    slots = moderated_caucus_slots(600, 45)
    assert slots == 13 and 600 - slots * 45 == 15
    d = MUN.decide("moderated_caucus", yes=13, no=11, present=24, members=24)
    assert d.passed and d.required_yes == 13


def test_scenario_16_precedence_app_default_and_harvard_variant():
    moderated = Motion("moderated_caucus", 600, 60)
    unmoderated = Motion("unmoderated_caucus", 900)
    close = Motion("close_debate")
    suspend = Motion("suspend_meeting", 600)
    floor = [moderated, unmoderated, close, suspend]
    assert MUN.order_motions(floor) == [suspend, close, unmoderated, moderated]
    assert HAR.order_motions(floor) == [suspend, unmoderated, moderated, close]


def test_scenario_17_longer_caucus_is_voted_first():
    a = Motion("moderated_caucus", 15 * 60, 60, ref="A")
    b = Motion("moderated_caucus", 10 * 60, 30, ref="B")
    assert [m.ref for m in MUN.order_motions([b, a])] == ["A", "B"]
    # Same total time: the longer speaking time goes first.
    c = Motion("moderated_caucus", 15 * 60, 45, ref="C")
    assert [m.ref for m in MUN.order_motions([c, b, a])] == ["A", "C", "B"]


def test_scenario_18_un_no_action_motion_is_adopted():
    rule = UN.motion_rule("table_debate")
    assert (rule.speakers_for, rule.speakers_against) == (2, 2)  # r.116
    assert not rule.needs_second  # the UN has no seconds
    d = UN.decide("table", yes=40, no=38, abstain=20, present=98, members=98)
    assert d.valid and d.passed and d.required_yes == 40


def test_scenario_19_harvard_postpone_needs_two_thirds_and_resume_a_majority():
    d = HAR.decide("table", yes=15, no=9, present=24, members=24)
    assert not d.passed and d.required_yes == 16
    d = HAR.decide("resume_debate", yes=13, no=11, present=24, members=24)
    assert d.passed and d.required_yes == 13


OPERATIVE = [Clause(n, f"Operative clause {n};") for n in range(1, 6)]


def test_scenario_20_division_votes_the_part_then_the_rest_as_a_whole():
    rule = MUN.motion_rule("divide_question")
    assert rule.voting_procedure_only and (rule.speakers_for, rule.speakers_against) == (2, 2)
    assert MUN.decide("divide_question", yes=20, no=15, present=35, members=35).passed
    plan = vote_plan(MUN, OPERATIVE, divided=[3])
    assert [s.key for s in plan.steps] == ["part:3", "draft"]
    part = plan.next_vote({})
    assert part is not None and part.question == "substantive"
    results = {
        part.key: MUN.decide("substantive", yes=10, no=18, abstain=7, present=35, members=35).passed
    }
    assert _next_key(plan, results) == "draft"
    results["draft"] = MUN.decide(
        "substantive", yes=22, no=10, abstain=3, present=35, members=35
    ).passed
    outcome = plan.outcome(results)
    assert outcome.status == "adopted"
    assert [c.text for c in outcome.clauses] == [
        "Operative clause 1;",
        "Operative clause 2;",
        "Operative clause 4;",
        "Operative clause 5;",
    ]
    # Had every operative part failed, the whole draft fails without a final vote.
    every = vote_plan(MUN, OPERATIVE, divided=[(1, 2), 3, (4, 5)])
    results = {"part:1+2": False, "part:3": False, "part:4+5": False}
    outcome = every.outcome(results)
    assert outcome.status == "rejected" and not outcome.adopted
    assert "every operative part" in outcome.reason and "draft" in outcome.skipped
    assert every.next_vote(results) is None


def test_scenario_21_furthest_removed_amendment_first_and_the_other_lapses():
    urges = [Clause(1, "Calls upon ...;"), Clause(2, "Urges member states ...;")]
    change = Amendment(2, "replace", target=2, text="Encourages member states ...;")
    delete = Amendment(1, "delete", target=2)
    plan = vote_plan(UN, urges, [change, delete])  # submitted in the other order
    assert [s.key for s in plan.steps] == ["amendment:1", "amendment:2", "draft"]
    adopted = {"amendment:1": True}
    assert _next_key(plan, adopted) == "draft"  # amendment 2 is not put to the vote
    outcome = plan.outcome({**adopted, "draft": True})
    assert outcome.skipped == ("amendment:2",)
    assert [c.text for c in outcome.clauses] == ["Calls upon ...;"]
    # If the deletion fails, the change is voted.
    assert _next_key(plan, {"amendment:1": False}) == "amendment:2"
    outcome = plan.outcome({"amendment:1": False, "amendment:2": True, "draft": True})
    assert outcome.clauses[1].text == "Encourages member states ...;"


def test_scenario_22_friendly_amendment_and_draft_signatory_threshold():
    sponsors = ["ar", "bd", "ca"]
    assert amendment_is_friendly(sponsors, accepted_by=["ca", "bd", "ar"])  # no vote
    assert not amendment_is_friendly(sponsors, accepted_by=["ar", "bd"])  # one objects
    assert MUN.amendment_threshold(24) == 3  # an unfriendly one needs its own signatories
    assert MUN.draft_threshold(24) == 5  # ceil(20 % of 24)
    refused = MUN.draft_support(sponsors=2, signatories=2, present=24)
    assert (
        not refused.accepted and refused.reason == "Refused: 4 sponsors and signatories; 5 needed."
    )
    assert MUN.draft_support(sponsors=2, signatories=3, present=24).accepted


def test_scenario_23_thimun_second_degree_first_without_abstention_and_tie_fails():
    clauses = [Clause(1, "Requests ...;"), Clause(2, "Urges ...;")]
    first = Amendment("A", "replace", target=2, text="Strongly urges ...;")
    second = Amendment("A.1", "replace", parent="A", text="Calls upon ...;")
    plan = vote_plan(THI, clauses, [first, second])
    assert [s.key for s in plan.steps] == ["amendment:A.1", "amendment:A", "draft"]
    assert all(s.question == "amendment" for s in plan.steps[:2])
    assert not THI.abstention_allowed("amendment", present_and_voting=False)
    assert THI.decide("amendment", yes=11, no=11, abstain=2, present=24, members=24).valid is False
    tie = THI.decide("amendment", yes=12, no=12, present=24, members=24)
    assert tie.valid and not tie.passed
    outcome = plan.outcome({"amendment:A.1": True, "amendment:A": tie.passed, "draft": True})
    assert [c.text for c in outcome.clauses] == ["Requests ...;", "Urges ...;"]  # original stays


def test_scenario_24_un_reconsideration_needs_two_thirds():
    rule = UN.motion_rule("reconsider")
    assert rule.threshold == "two_thirds" and rule.speakers_against == 2  # r.123
    d = UN.decide("reconsider", yes=26, no=13, abstain=5, present=44, members=44)
    assert d.valid and d.passed and d.required_yes == 26


def test_scenario_25_appeal_majority_overrules_under_un_but_not_harvard():
    un = UN.decide("appeal", yes=13, no=11, present=24, members=24)
    assert un.passed and un.reason.startswith("Ruling overturned")
    har = HAR.decide("appeal", yes=13, no=11, present=24, members=24)
    assert not har.passed and har.required_yes == 16
    assert har.reason == "Ruling stands: 13 of 24 voting to overrule; two-thirds needs 16."
    for profile in (UN, HAR):
        tie = profile.decide("appeal", yes=12, no=12, present=24, members=24)
        assert not tie.passed and "a tie upholds the chair" in tie.reason
