"""Roll calls in French alphabetical order (INTERPOL RPGA 39(7)), the Security Council's monthly
presidency (PRoP 18) and when explanations of vote are in order (RPGA 39(8))."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from committee.procedure import RollCallSeat, get_profile
from committee.procedure.rollcall import collation_key

# English name, French name
COUNTRIES = [
    ("Germany", "Allemagne"),
    ("Egypt", "Égypte"),
    ("Spain", "Espagne"),
    ("Brazil", "Brésil"),
    ("United States", "États-Unis"),
    ("Ecuador", "Équateur"),
    ("Denmark", "Danemark"),
]


def seats() -> list[RollCallSeat]:
    return [RollCallSeat(i, en, french_name=fr) for i, (en, fr) in enumerate(COUNTRIES)]


def names(call) -> list[str]:
    return [seat.french_name for seat in call.seats]


def test_interpol_calls_the_roll_in_french_alphabetical_order_with_accents_among_their_letter():
    call = get_profile("interpol").roll_call(seats())
    assert names(call) == [
        "Allemagne",
        "Brésil",
        "Danemark",
        "Égypte",
        "Équateur",
        "Espagne",
        "États-Unis",
    ]


def test_the_english_order_sorts_the_same_seats_by_their_english_names():
    call = get_profile("interpol", {"roll_call_order": "alphabetical"}).roll_call(seats())
    assert [s.name for s in call.seats] == sorted((en for en, _ in COUNTRIES))


def test_french_order_from_a_seat_drawn_by_lot_rotates_the_french_order():
    profile = get_profile("interpol", {"roll_call_order": "french_alphabetical_from_lot"})
    call = profile.roll_call(seats(), start=1)  # Egypt
    assert names(call)[:2] == ["Égypte", "Équateur"] and names(call)[-1] == "Danemark"
    drawn = profile.roll_call(seats(), rng=random.Random(7))
    assert sorted(names(drawn), key=collation_key) == names(profile.roll_call(seats(), start=0))


def test_a_seat_without_a_french_name_sorts_by_its_name():
    call = get_profile("interpol").roll_call([RollCallSeat(1, "Zambia"), RollCallSeat(2, "Angola")])
    assert [s.name for s in call.seats] == ["Angola", "Zambia"]


@given(st.lists(st.text(alphabet="aeEéÉèbcÇç", min_size=1, max_size=6), max_size=8))
def test_accents_and_case_never_separate_a_name_from_its_plain_letters(words):
    ordered = sorted(words, key=collation_key)
    plain = [collation_key(w)[0] for w in ordered]
    assert plain == sorted(plain)


MEMBERS = ["United States", "China", "Algeria", "France", "Ecuador"]


def test_the_security_council_presidency_rotates_monthly_in_english_alphabetical_order():
    council = get_profile("security_council")
    holders = [council.presidency(MEMBERS, months_since_start=m) for m in range(6)]
    assert holders == ["Algeria", "China", "Ecuador", "France", "United States", "Algeria"]


def test_no_rotation_where_the_profile_has_none_or_the_organizer_turns_it_off():
    assert get_profile("interpol").presidency(MEMBERS, months_since_start=0) is None
    off = get_profile("security_council", {"presidency_rotation": "none"})
    assert off.presidency(MEMBERS, months_since_start=3) is None
    assert get_profile("security_council").presidency([], months_since_start=0) is None


def test_interpol_hears_explanations_after_the_vote_only_the_council_before_and_after():
    interpol, council = get_profile("interpol"), get_profile("security_council")
    assert interpol.explanations_allowed("after") and not interpol.explanations_allowed("before")
    assert council.explanations_allowed("before") and council.explanations_allowed("after")
    none = get_profile("unausa", {"explanations_of_vote": "none"})
    assert not none.explanations_allowed("after")
    with pytest.raises(ValueError):
        interpol.explanations_allowed("during")


def test_only_seats_with_rights_explain_where_votes_with_rights_exist():
    assert get_profile("unausa").explanations_need_rights
    assert not get_profile("interpol").explanations_need_rights
    assert get_profile("un").settings.explanation_seconds == 600
