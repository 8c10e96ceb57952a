"""Roll-call votes: call order, answers refused, and the JSON round trip the live session uses."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from committee.procedure import ANSWERS, ProcedureError, RollCall, RollCallSeat, Tally, get_profile

COUNTRIES = ["Kenya", "Brazil", "Côte d'Ivoire", "Argentina", "Egypt", "chile", "Denmark"]
SEATS = [RollCallSeat(i, name) for i, name in enumerate(COUNTRIES, start=1)]


def names(call):
    return [seat.name for seat in call.seats]


def test_mun_calls_alphabetically_ignoring_accents_and_case():
    call = get_profile("unausa").roll_call(SEATS)
    assert names(call) == [
        "Argentina",
        "Brazil",
        "chile",
        "Côte d'Ivoire",
        "Denmark",
        "Egypt",
        "Kenya",
    ]
    assert call.current == 4 and call.round == 1 and not call.done


def test_un_calls_from_a_member_drawn_by_lot():
    un = get_profile("un")
    call = un.roll_call(SEATS, start=6)  # chile
    assert names(call) == [
        "chile",
        "Côte d'Ivoire",
        "Denmark",
        "Egypt",
        "Kenya",
        "Argentina",
        "Brazil",
    ]
    drawn = [un.roll_call(SEATS, rng=random.Random(seed)).order for seed in (7, 7)]
    assert drawn[0] == drawn[1]  # a seeded draw replays
    with pytest.raises(ValueError, match="not among the seats"):
        un.roll_call(SEATS, start=99)


def test_as_given_order_keeps_the_callers_order():
    call = get_profile("unausa", {"roll_call_order": "as_given"}).roll_call(SEATS)
    assert call.order == [1, 2, 3, 4, 5, 6, 7]


def test_un_takes_only_yes_no_or_abstention():
    call = get_profile("un").roll_call(SEATS[:2], start=1)
    with pytest.raises(ProcedureError, match="no pass"):
        call.answer(1, "pass")
    with pytest.raises(ProcedureError, match="no votes with rights"):
        call.answer(1, "yes_rights")
    call.answer(1, "abstain")
    call.answer(2, "yes")
    assert call.done and call.tally == Tally(1, 0, 1)
    assert call.decision(members=2).passed


def test_out_of_turn_unknown_and_late_answers_are_refused():
    call = get_profile("unausa").roll_call(SEATS[:2])  # Brazil, then Kenya
    with pytest.raises(ProcedureError, match="Out of turn: Brazil is being called, not Kenya"):
        call.answer(1, "yes")
    with pytest.raises(ProcedureError, match="Out of turn"):
        call.answer(42, "yes")
    with pytest.raises(ProcedureError, match="not a roll-call answer"):
        call.answer(2, "maybe")
    call.answer(2, "yes")
    call.answer(1, "no")
    with pytest.raises(ProcedureError, match="over"):
        call.answer(1, "yes")


def test_nobody_abstains_on_a_procedural_roll_call():
    call = get_profile("unausa").roll_call(SEATS[:1], question="procedural")
    with pytest.raises(ProcedureError, match="Nobody may abstain"):
        call.answer(1, "abstain")


def test_rights_after_a_pass_can_be_allowed():
    profile = get_profile("unausa", {"rights_after_pass": True})
    call = profile.roll_call(SEATS[:1])
    call.answer(1, "pass")
    assert call.answer(1, "no_rights").rights_granted
    assert call.rights_granted == [1] and call.answers == {1: "no_rights"}


def test_bad_seats_are_refused():
    profile = get_profile("unausa")
    with pytest.raises(ValueError, match="appears twice"):
        profile.roll_call([RollCallSeat(1, "A"), RollCallSeat(1, "B")])
    with pytest.raises(ValueError, match="int or a str"):
        profile.roll_call([RollCallSeat(True, "A")])
    with pytest.raises(ValueError, match="unknown question"):
        profile.roll_call(SEATS, question="censure")
    assert profile.roll_call([]).done


def test_round_trip_mid_vote_keeps_int_and_str_ids():
    profile = get_profile("hmun")
    seats = [RollCallSeat(1, "Brazil", True), RollCallSeat("cl", "Chile"), RollCallSeat(3, "Peru")]
    call = profile.roll_call(seats)
    call.answer(1, "yes_rights")
    call.answer("cl", "pass")
    data = json.loads(json.dumps(call.to_dict()))
    again = RollCall.from_dict(profile, data)
    assert again.order == [1, "cl", 3] and again.current == 3
    assert again.answers == {1: "yes_rights", "cl": "pass"}
    again.answer(3, "no")
    assert again.round == 2 and again.current == "cl"
    again.answer("cl", "no")
    assert again.done and again.tally == Tally(1, 2, 0) and again.rights_granted == [1]


def test_malformed_data_is_refused():
    profile = get_profile("unausa")
    data = profile.roll_call(SEATS[:2]).to_dict()
    with pytest.raises(ValueError, match="malformed"):
        RollCall.from_dict(profile, {**data, "answers": [[99, "yes"]]})
    with pytest.raises(ValueError, match="malformed"):
        RollCall.from_dict(profile, {k: v for k, v in data.items() if k != "seats"})


@given(
    st.sampled_from(["un", "unausa", "hmun", "thimun"]),
    st.lists(st.booleans(), min_size=1, max_size=8),
    st.lists(st.sampled_from(ANSWERS), min_size=1, max_size=40),
    st.integers(0, 1000),
)
def test_any_sequence_of_answers_survives_serialisation(name, voting, answers, seed):
    profile = get_profile(name)
    seats = [RollCallSeat(i, f"Seat {i}", pav) for i, pav in enumerate(voting)]
    call = profile.roll_call(seats, rng=random.Random(seed))
    for answer in answers:
        if call.done:
            break
        try:
            call.answer(call.current, answer)
        except ProcedureError:
            continue
        call = RollCall.from_dict(profile, json.loads(json.dumps(call.to_dict())))
    tally = call.tally
    assert tally.yes + tally.no + tally.abstain + list(call.answers.values()).count("pass") == len(
        call.answers
    )
    assert set(call.rights_granted) <= set(call.answers)
    if call.round == 2:
        assert profile.settings.roll_call_pass and call.second_round
