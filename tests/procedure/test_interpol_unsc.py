"""The `interpol` and `security_council` profiles: every worked vote of the test vectors in
shared/reference/rules-interpol-unsc.md (section D) as a named test, and the engine features they
brought (veto, constitutional question, bases, observers, caucus cap, reconsideration mover,
discretion, closure that drops the item, adoption without a vote, differences)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from committee.procedure import (
    BUILTIN_PROFILES,
    DISCRETION_ITEMS,
    MOTION_KINDS,
    QUESTIONS,
    Difference,
    Motion,
    ProcedureError,
    ballot,
    get_profile,
)

INTERPOL = get_profile("interpol")
UNSC = get_profile("security_council")


# --- INTERPOL test vectors -------------------------------------------------------------------


def test_interpol_resolution_80_79_30_is_adopted():
    d = INTERPOL.decide("substantive", yes=80, no=79, abstain=30, present=189, members=196)
    assert d.valid and d.passed and d.required_yes == 80


def test_interpol_resolution_80_80_tie_is_not_adopted():
    d = INTERPOL.decide("substantive", yes=80, no=80, present=160, members=196)
    assert d.valid and not d.passed and "tie" in d.reason


def test_interpol_admission_75_24_34_passes_palestine_2017():
    d = INTERPOL.decide("important", yes=75, no=24, abstain=34, present=133, members=196)
    assert d.passed and d.required_yes == 66  # 3*75 = 225 >= 2*99 = 198


def test_interpol_admission_68_51_16_fails_kosovo_2018():
    d = INTERPOL.decide("important", yes=68, no=51, abstain=16, present=135, members=196)
    assert d.valid and not d.passed and d.required_yes == 80  # 204 < 238


@pytest.mark.parametrize("present", [131, 150, 196])
def test_interpol_constitution_amendment_needs_131_of_196_whatever_the_turnout(present):
    d = INTERPOL.decide("constitutional", yes=130, no=0, present=present, members=196)
    assert d.valid and not d.passed and d.required_yes == 131
    d = INTERPOL.decide("constitutional", yes=131, no=present - 131, present=present, members=196)
    assert d.passed and d.required_yes == 131


def test_interpol_president_160_valid_votes_elected_on_the_third_ballot_2021_pattern():
    first = ballot({"A": 100, "B": 60}, number=1)
    assert first.outcome == "next_ballot" and first.needed == 107
    assert ballot({"A": 100, "B": 60}, number=2).outcome == "next_ballot"
    third = ballot({"A": 100, "B": 60}, number=3)
    assert third.outcome == "elected" and third.elected == "A" and third.needed == 81


def test_interpol_election_tie_90_90_second_ballot_then_lots():
    assert ballot({"A": 90, "B": 90}, number=3).outcome == "tie_ballot"
    assert ballot({"A": 90, "B": 90}, number=4, after_tie_ballot=True).outcome == "lots"
    with pytest.raises(ValueError):
        ballot({}, number=1)


def test_interpol_appeal_50_50_the_ruling_stands():
    d = INTERPOL.decide("appeal", yes=50, no=50, present=100, members=196)
    assert d.valid and not d.passed and d.reason.startswith("Ruling stands")


def test_interpol_abstentions_are_allowed_on_motions_and_not_counted():
    d = INTERPOL.decide("suspend_meeting", yes=3, no=2, abstain=90, present=95, members=196)
    assert d.passed


def test_interpol_has_no_quorum_and_says_so():
    q = INTERPOL.quorum(present=1, members=196)
    assert q.can_debate and q.can_vote and not q.required
    assert q.reason.startswith("No quorum required")
    assert INTERPOL.decide("substantive", yes=2, no=1, present=3, members=196).passed
    assert get_profile("unausa").quorum(present=1, members=196).required


def test_interpol_motions_are_the_three_kinds_in_rpga_30_order_without_seconds():
    in_profile = {k for k in MOTION_KINDS if INTERPOL.motion_rule(k).in_profile}
    for kind in ("unmoderated_caucus", "moderated_caucus", "extend_caucus"):
        assert kind not in in_profile
    pending = [
        Motion("close_debate"),
        Motion("table_debate"),
        Motion("adjourn_meeting"),
        Motion("suspend_meeting"),
    ]
    ordered = [m.kind for m in INTERPOL.order_motions(pending)]
    assert ordered == ["suspend_meeting", "adjourn_meeting", "table_debate", "close_debate"]
    assert not any(INTERPOL.motion_rule(k).needs_second for k in MOTION_KINDS)
    assert INTERPOL.motion_rule("close_debate").speakers_against == 2


def test_interpol_closure_drops_the_item_and_is_labelled_plainly():
    assert INTERPOL.closure_drops_item and not get_profile("unausa").closure_drops_item
    label = INTERPOL.motion_label("close_debate")
    assert "drops the item" in label and "no vote" in label
    assert get_profile("unausa").motion_label("close_debate") == "close debate"


def test_interpol_leaves_speaking_time_reply_seconds_and_caucuses_to_the_president():
    for item in DISCRETION_ITEMS:
        assert INTERPOL.at_discretion(item)
        assert not get_profile("unausa").at_discretion(item)
    # The app default still applies, shown as such by the console.
    assert (
        INTERPOL.default_speaking_seconds == BUILTIN_PROFILES["unausa"]["default_speaking_seconds"]
    )


def test_interpol_amends_furthest_removed_first_and_divides_on_request():
    assert INTERPOL.amendment_order == "furthest_removed"
    assert not INTERPOL.motion_rule("divide_question").voted
    assert INTERPOL.settings.explanations_of_vote == "after"
    assert INTERPOL.settings.observers_may_move is False


# --- Security Council test vectors -----------------------------------------------------------


def test_unsc_11_0_4_with_four_permanent_abstentions_is_adopted_res_2504():
    d = UNSC.decide("substantive", yes=11, no=0, abstain=4, present=15, members=15)
    assert d.valid and d.passed and not d.vetoed and d.required_yes == 9


def test_unsc_9_0_6_is_adopted():
    assert UNSC.decide("substantive", yes=9, no=0, abstain=6, present=15, members=15).passed


def test_unsc_13_1_1_with_a_permanent_no_is_vetoed_crimea_2014():
    d = UNSC.decide(
        "substantive",
        yes=13,
        no=1,
        abstain=1,
        present=15,
        members=15,
        permanent_no=1,
        vetoed_by=["Russian Federation"],
    )
    assert d.valid and not d.passed and d.vetoed
    assert d.vetoed_by == ("Russian Federation",)
    assert d.reason.startswith("Vetoed by Russian Federation")


def test_unsc_8_0_7_fails_for_want_of_votes():
    d = UNSC.decide("substantive", yes=8, no=0, abstain=7, present=15, members=15)
    assert d.valid and not d.passed and not d.vetoed


def test_unsc_procedural_9_4_2_with_two_permanent_no_votes_is_adopted():
    d = UNSC.decide("procedural", yes=9, no=4, abstain=2, present=15, members=15, permanent_no=2)
    assert d.passed and not d.vetoed


def test_unsc_14_0_with_a_permanent_member_absent_is_adopted():
    assert UNSC.decide("substantive", yes=14, no=0, present=14, members=15).passed


def test_a_permanent_no_on_a_failing_draft_is_not_what_decided_it():
    d = UNSC.decide("substantive", yes=7, no=2, present=15, members=15, permanent_no=1)
    assert not d.passed and not d.vetoed


def test_permanent_no_votes_beyond_the_no_votes_are_invalid():
    d = UNSC.decide("substantive", yes=9, no=1, present=15, members=15, permanent_no=2)
    assert not d.valid and not d.passed
    with pytest.raises(ValueError, match="vetoed_by"):
        UNSC.decide(
            "substantive",
            yes=9,
            no=1,
            present=15,
            members=15,
            permanent_no=1,
            vetoed_by=["China", "France"],
        )


def test_no_other_profile_has_a_veto():
    for name in ("un", "unausa", "hmun", "thimun", "interpol"):
        profile = get_profile(name)
        d = profile.decide("substantive", yes=20, no=1, present=21, members=21, permanent_no=1)
        assert d.passed and not d.vetoed, name


def test_unsc_motions_follow_rule_33_without_seconds_or_closure():
    assert not UNSC.motion_rule("close_debate").in_profile
    assert not any(UNSC.motion_rule(k).needs_second for k in MOTION_KINDS)
    ordered = UNSC.order_motions(
        [
            Motion("introduce_amendment"),
            Motion("table_debate"),
            Motion("adjourn_meeting"),
            Motion("suspend_meeting"),
        ]
    )
    assert [m.kind for m in ordered] == [
        "suspend_meeting",
        "adjourn_meeting",
        "table_debate",
        "introduce_amendment",
    ]
    assert UNSC.settings.general_speakers_list is False
    assert UNSC.settings.presidency_rotation == "monthly_english_alphabetical"


# --- bases, observers, caucuses, reconsideration, consensus, differences ----------------------


def test_majority_of_members_present_counts_abstentions_against():
    profile = get_profile("unausa", {"substantive_threshold": "majority_of_present"})
    d = profile.decide("substantive", yes=10, no=5, abstain=6, present=21, members=30)
    assert not d.passed and d.required_yes == 11
    assert "of 21 present" in d.reason
    profile = get_profile("unausa", {"substantive_threshold": "two_thirds_of_present"})
    assert profile.decide("substantive", yes=14, no=0, abstain=7, present=21, members=30).passed
    assert not profile.decide("substantive", yes=13, no=0, abstain=8, present=21, members=30).passed


def test_observers_never_count_towards_the_quorum():
    unausa = get_profile("unausa")
    with_observers = unausa.quorum(present=9, members=30, observers=5)
    assert with_observers.can_debate == unausa.quorum(present=9, members=30).can_debate is False
    assert "5 observers not counted" in with_observers.reason


def test_caucus_cap_and_the_remainder_warning():
    capped = get_profile("unausa", {"caucus_max_seconds": 900})
    with pytest.raises(ProcedureError, match="at most 15 minutes"):
        capped.check_caucus(1200, 60)
    check = capped.check_caucus(600, 45)
    assert check.slots == 13 and "15 s unused" in check.warning
    assert capped.check_caucus(600, 60).warning == ""
    assert capped.check_caucus(900).slots is None
    assert get_profile("unausa").check_caucus(7200, 60).slots == 120


@pytest.mark.parametrize(
    ("vote", "passed", "allowed"),
    [
        ("yes", True, True),
        ("no", True, False),
        ("no", False, True),
        ("yes", False, False),
        ("abstain", True, False),
        (None, False, False),
    ],
)
def test_the_reconsideration_mover_must_have_voted_with_the_majority(vote, passed, allowed):
    profile = get_profile("unausa", {"reconsider_mover_majority": True})
    if allowed:
        profile.check_reconsideration_mover(vote, passed=passed)
    else:
        with pytest.raises(ProcedureError, match="voted with the majority"):
            profile.check_reconsideration_mover(vote, passed=passed)
    get_profile("unausa").check_reconsideration_mover(vote, passed=passed)  # not required


def test_adoption_without_a_vote_per_profile():
    assert INTERPOL.consensus_allowed("substantive") and not INTERPOL.consensus_allowed(
        "constitutional"
    )
    assert UNSC.consensus_allowed("procedural") and not UNSC.consensus_allowed("substantive")
    assert get_profile("unausa").consensus_allowed("set_agenda")
    assert not get_profile("unausa").consensus_allowed("appeal")
    assert not get_profile("un", {"consensus_questions": []}).consensus_allowed("substantive")


def test_differences_from_the_base_profile():
    profile = get_profile(
        "unausa",
        {"motions": {"close_debate": {"threshold": "simple_majority"}}, "tie_rule": "fails"},
    )
    assert profile.differences() == [
        Difference("motions.close_debate.threshold", "two_thirds", "simple_majority")
    ]
    assert get_profile("interpol").differences() == []


def test_new_settings_refuse_bad_values_with_their_name():
    cases: list[tuple[dict[str, Any], str]] = [
        ({"veto_questions": ["budget"]}, "veto_questions: unknown value 'budget'"),
        ({"affirmative_votes": 0}, "affirmative_votes: must be at least 1"),
        ({"closure_effect": "vanish"}, "closure_effect: must be one of vote, drop_item"),
        ({"caucus_max_seconds": 10}, "caucus_max_seconds: must be at least 60"),
        ({"discretionary": ["yields"]}, "discretionary: unknown value 'yields'"),
        ({"objection_seconds": 1}, "objection_seconds: must be at least 3"),
    ]
    for overrides, message in cases:
        with pytest.raises(ValueError) as caught:
            get_profile("interpol", overrides)
        assert str(caught.value).startswith(message)


# --- properties --------------------------------------------------------------------------------

ALL = [get_profile(name) for name in BUILTIN_PROFILES]
counts = st.integers(0, 60)


@given(
    st.sampled_from(ALL),
    st.sampled_from(QUESTIONS + MOTION_KINDS),
    counts,
    counts,
    counts,
    st.integers(0, 60),
)
def test_no_profile_passes_a_tie_even_with_permanent_votes(
    profile, question, votes, abstain, slack, permanent
):
    present = 2 * votes + abstain
    d = profile.decide(
        question,
        yes=votes,
        no=votes,
        abstain=abstain,
        present=present,
        members=present + slack,
        permanent_no=min(permanent, votes),
    )
    assert not d.passed


@given(
    st.sampled_from(QUESTIONS),
    st.integers(0, 15),
    st.integers(0, 15),
    st.integers(0, 5),
    st.integers(0, 15),
)
def test_a_permanent_members_abstention_never_changes_the_outcome(
    question, yes, no, permanent_no, abstain
):
    """Fifteen members; one permanent member abstains, or is absent, or the abstainer is not a
    permanent member at all: the engine's answer is the same (an abstention is no veto)."""
    if yes + no + abstain + 1 > 15 or permanent_no > no:
        return
    present = yes + no + abstain + 1
    abstaining = UNSC.decide(
        question,
        yes=yes,
        no=no,
        abstain=abstain + 1,
        present=present,
        members=15,
        permanent_no=permanent_no,
    )
    absent = UNSC.decide(
        question,
        yes=yes,
        no=no,
        abstain=abstain,
        present=present - 1,
        members=15,
        permanent_no=permanent_no,
    )
    assert abstaining.passed == absent.passed
    assert abstaining.vetoed == absent.vetoed
    # And an abstention by a permanent member instead of a no vote never makes it fail.
    if permanent_no:
        switched = UNSC.decide(
            question,
            yes=yes,
            no=no - 1,
            abstain=abstain + 2,
            present=present,
            members=15,
            permanent_no=permanent_no - 1,
        )
        assert switched.passed or not abstaining.passed
