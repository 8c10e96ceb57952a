"""Property tests of the vote arithmetic (hypothesis), over every built-in profile, a few
overridden ones, and every question and motion kind that is put to a vote."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from committee.procedure import MOTION_KINDS, QUESTIONS, get_profile

PROFILES = [
    get_profile("interpol"),
    get_profile("security_council"),
    get_profile("un"),
    get_profile("unausa"),
    get_profile("hmun"),
    get_profile("thimun"),
    get_profile("un", {"vote_base": "present"}),
    get_profile("unausa", {"vote_base": "members", "tie_rule": "revote"}),
    get_profile("hmun", {"substantive_threshold": "majority_of_members"}),
    get_profile("thimun", {"amendment_threshold": "two_thirds_of_members"}),
]

profiles = st.sampled_from(PROFILES)
questions = st.sampled_from(QUESTIONS + MOTION_KINDS)
counts = st.integers(min_value=0, max_value=120)


def tally(profile, question, yes, no, abstain, slack):
    """A tally the profile accepts as far as the counts go: abstentions only where allowed, and
    everyone present voting where nobody may abstain."""
    may_abstain = profile.abstention_allowed(question, present_and_voting=False)
    if not may_abstain:
        return {"yes": yes, "no": no, "abstain": 0, "present": yes + no}
    return {"yes": yes, "no": no, "abstain": abstain, "present": yes + no + abstain + slack}


@given(profiles, questions, counts, counts, counts)
def test_a_tie_never_passes(profile, question, votes, abstain, extra):
    present = 2 * votes + abstain + extra
    for retaken in (False, True):
        d = profile.decide(
            question,
            yes=votes,
            no=votes,
            abstain=abstain,
            present=present,
            members=present + extra,
            retaken=retaken,
        )
        assert not d.passed


@given(profiles, questions, counts, counts, counts, st.integers(0, 5), st.integers(0, 40))
def test_adding_a_yes_vote_never_turns_a_pass_into_a_fail(
    profile, question, yes, no, abstain, slack, absent
):
    before = tally(profile, question, yes, no, abstain, slack)
    after = tally(profile, question, yes + 1, no, abstain, slack)
    members = max(before["present"], after["present"]) + absent
    d1 = profile.decide(question, **before, members=members)
    d2 = profile.decide(question, **after, members=members)
    assume(d1.valid and d2.valid)
    if d1.passed:
        assert d2.passed


@given(profiles, questions, counts, counts, counts, st.integers(0, 5), st.integers(0, 40))
def test_adding_a_no_vote_never_turns_a_fail_into_a_pass(
    profile, question, yes, no, abstain, slack, absent
):
    before = tally(profile, question, yes, no, abstain, slack)
    after = tally(profile, question, yes, no + 1, abstain, slack)
    members = max(before["present"], after["present"]) + absent
    d1 = profile.decide(question, **before, members=members)
    d2 = profile.decide(question, **after, members=members)
    assume(d1.valid and d2.valid)
    if not d1.passed and not d1.revote:
        assert not d2.passed


@given(st.sampled_from(["unausa", "hmun"]), counts, counts)
def test_two_thirds_passes_exactly_when_three_yes_reach_twice_the_voters(name, yes, no):
    assume(yes + no > 0)
    profile = get_profile(name)  # closure: two-thirds, nobody abstains
    d = profile.decide("closure", yes=yes, no=no, present=yes + no, members=yes + no)
    assert d.valid
    assert d.passed == (3 * yes >= 2 * (yes + no))


@given(counts, counts, counts)
def test_two_thirds_ignores_abstentions_under_un(yes, no, abstain):
    assume(yes + no > 0)
    present = yes + no + abstain
    d = get_profile("un").decide(
        "important", yes=yes, no=no, abstain=abstain, present=present, members=present
    )
    assert d.valid and d.passed == (3 * yes >= 2 * (yes + no))


@given(profiles, questions, counts, counts, counts, st.integers(0, 5), st.integers(0, 40))
def test_required_yes_is_the_least_yes_count_that_passes_with_the_same_voters(
    profile, question, yes, no, abstain, slack, absent
):
    counted = tally(profile, question, yes, no, abstain, slack)
    members = counted["present"] + absent
    d = profile.decide(question, **counted, members=members)
    assume(d.valid)
    assert d.passed == (yes >= d.required_yes and yes != no)
    voters = yes + no

    def with_yes(y):
        return profile.decide(question, **{**counted, "yes": y, "no": voters - y}, members=members)

    if 1 <= d.required_yes <= voters:
        assert with_yes(d.required_yes).passed
        assert not with_yes(d.required_yes - 1).passed
    else:
        assert not any(with_yes(y).passed for y in range(voters + 1))


@given(counts, counts, counts, counts, st.integers(0, 40))
def test_abstentions_never_change_a_simple_majority_of_those_voting(yes, no, a1, a2, absent):
    profile = get_profile("un")  # simple majority of present and voting, abstention allowed
    present = yes + no + max(a1, a2)
    results = [
        profile.decide(
            "substantive", yes=yes, no=no, abstain=a, present=present, members=present + absent
        )
        for a in (a1, a2)
    ]
    assume(all(d.valid for d in results))
    assert results[0].passed == results[1].passed
    assert results[0].required_yes == results[1].required_yes


@given(profiles, questions, counts, counts, counts, counts, counts)
def test_an_invalid_vote_never_passes(profile, question, yes, no, abstain, present, members):
    d = profile.decide(question, yes=yes, no=no, abstain=abstain, present=present, members=members)
    if not d.valid:
        assert not d.passed
    assert d.reason
