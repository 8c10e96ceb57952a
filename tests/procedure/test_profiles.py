"""Profiles: built-ins, overrides (round trips and refusals), motion rules, the UI's read-outs."""

from __future__ import annotations

import json
import pathlib
import re
from dataclasses import fields
from typing import Any

import pytest

from committee.procedure import (
    BUILTIN_PROFILES,
    MOTION_KINDS,
    MOTION_SETTING_DOCS,
    QUESTIONS,
    SETTING_DOCS,
    Motion,
    MotionRule,
    ProcedureError,
    Profile,
    Settings,
    get_profile,
    validate_overrides,
)

NAMES = ["un", "unausa", "hmun", "thimun", "interpol", "security_council"]
PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "committee" / "procedure"


@pytest.mark.parametrize("name", NAMES)
def test_every_builtin_profile_round_trips_through_its_own_settings_as_overrides(name):
    profile = get_profile(name)
    again = get_profile(name, profile.settings.to_data())
    assert again == profile and again.settings == profile.settings


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("base", NAMES)
def test_any_profile_rebuilt_from_another_base_has_the_same_settings(name, base):
    target = get_profile(name)
    rebuilt = get_profile(base, target.settings.to_data())
    assert rebuilt.settings == target.settings
    assert rebuilt.name == base  # the base name stays what was asked for


@pytest.mark.parametrize("name", NAMES)
def test_to_dict_is_json_and_rebuilds_the_same_profile(name):
    profile = get_profile(
        name,
        {"motions": {"close_debate": {"threshold": "simple_majority"}}, "draft_fraction": 0.25},
    )
    data = json.loads(json.dumps(profile.to_dict()))
    assert data["name"] == name
    assert data["overrides"] == {
        "motions": {"close_debate": {"threshold": "simple_majority"}},
        "draft_fraction": "1/4",
    }
    assert get_profile(data["name"], data["overrides"]) == profile
    assert Profile.from_dict(data) == profile
    assert data["settings"] == profile.settings.to_data()


def test_unknown_profile_names_are_refused():
    with pytest.raises(ValueError, match="unknown rule profile 'nmun'"):
        get_profile("nmun")
    with pytest.raises(ValueError, match="unknown rule profile"):
        validate_overrides("nmun", {})


def test_a_motion_override_changes_that_motion_only():
    profile = get_profile("unausa", {"motions": {"close_debate": {"threshold": "simple_majority"}}})
    assert profile.motion_rule("close_debate").threshold == "simple_majority"
    assert profile.decide("closure", yes=13, no=11, present=24, members=24).passed
    assert profile.motion_rule("reconsider").threshold == "two_thirds"
    assert profile.overrides == {"motions": {"close_debate": {"threshold": "simple_majority"}}}


def test_the_procedural_threshold_flows_to_motions_without_their_own():
    profile = get_profile("unausa", {"procedural_threshold": "two_thirds"})
    assert profile.motion_rule("moderated_caucus").threshold == "two_thirds"
    assert profile.motion_rule("resume_debate").threshold == "two_thirds"
    assert profile.settings.motions["moderated_caucus"].threshold is None  # inherits


def test_validate_overrides_returns_them_cleaned():
    cleaned = validate_overrides(
        "unausa",
        {
            "draft_fraction": 0.2,
            "amendment_fraction": "15%",
            "quorum_to_debate": "2/6",
            "yields": {"chair", "delegate"},
            "roll_call_answers": ("present_and_voting", "present"),
            "sponsor_cap": None,
        },
    )
    assert cleaned == {
        "draft_fraction": "1/5",
        "amendment_fraction": "3/20",
        "quorum_to_debate": "1/3",
        "yields": ["delegate", "chair"],
        "roll_call_answers": ["present", "present_and_voting"],
        "sponsor_cap": None,
    }
    assert validate_overrides("un", None) == {}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"quorum_to_debate": "3/2"}, "quorum_to_debate: must be between 0 and 1"),
        ({"quorum_to_debate": "a third"}, "quorum_to_debate: must be a fraction"),
        (
            {"quorum_to_debat": "1/3"},
            "quorum_to_debat: unknown setting (did you mean quorum_to_debate?)",
        ),
        ({"colour": "blue"}, "colour: unknown setting"),
        ({"quorum_to_vote": "most"}, "quorum_to_vote: must be 'majority' or a fraction"),
        ({"tie_rule": "chair_decides"}, "tie_rule: must be one of fails, revote"),
        ({"vote_base": "everyone"}, "vote_base: must be one of"),
        ({"yields": ["comments"]}, "yields: unknown value 'comments'"),
        ({"yields": "chair"}, "yields: must be a list"),
        ({"roll_call_answers": []}, "roll_call_answers: must not be empty"),
        ({"default_speaking_seconds": 0}, "default_speaking_seconds: must be at least 1"),
        ({"default_speaking_seconds": True}, "default_speaking_seconds: must be a whole number"),
        ({"default_speaking_seconds": 90.0}, "default_speaking_seconds: must be a whole number"),
        ({"several_drafts_may_pass": "yes"}, "several_drafts_may_pass: must be true or false"),
        ({"substantive_threshold": "no_vote"}, "substantive_threshold: must be one of"),
        ({"sponsor_cap": 0}, "sponsor_cap: must be at least 1"),
        ({"amendment_order": "random"}, "amendment_order: must be one of"),
        ({"motions": "close_debate"}, "motions: must be a dict"),
        (
            {"motions": {"moderated_caucs": {}}},
            "motions.moderated_caucs: unknown motion kind (did you mean moderated_caucus?)",
        ),
        ({"motions": {"close_debate": []}}, "motions.close_debate: must be a dict"),
        (
            {"motions": {"close_debate": {"threshold": "three_quarters"}}},
            "motions.close_debate.threshold: must be one of",
        ),
        (
            {"motions": {"close_debate": {"speakers": 2}}},
            "motions.close_debate.speakers: unknown setting",
        ),
        (
            {"motions": {"close_debate": {"speakers_against": -1}}},
            "motions.close_debate.speakers_against: must be at least 0",
        ),
        (
            {"motions": {"close_debate": {"in_profile": 1}}},
            "motions.close_debate.in_profile: must be true or false",
        ),
    ],
)
def test_bad_overrides_are_refused_with_the_setting_named(overrides, message):
    with pytest.raises(ValueError) as caught:
        validate_overrides("unausa", overrides)
    assert str(caught.value).startswith(message)
    with pytest.raises(ValueError):
        get_profile("unausa", overrides)


def test_overrides_that_are_not_a_dict_are_refused():
    with pytest.raises(ValueError, match="^overrides: must be a dict"):
        not_a_dict: Any = ["tie_rule"]  # typed Any: the wrong type is the point
        validate_overrides("un", not_a_dict)


def test_builtin_data_cannot_be_changed_through_a_profile():
    profile = get_profile("un")
    profile.overrides["tie_rule"] = "revote"
    profile.to_dict()["settings"]["motions"]["close_debate"]["threshold"] = "two_thirds"
    assert get_profile("un") == profile
    assert BUILTIN_PROFILES["un"]["motions"]["close_debate"]["threshold"] == "simple_majority"


@pytest.mark.parametrize("name", NAMES)
def test_every_motion_kind_has_a_resolved_rule(name):
    profile = get_profile(name)
    for kind in MOTION_KINDS:
        rule = profile.motion_rule(kind)
        assert isinstance(rule, MotionRule) and rule.kind == kind
        assert rule.question in QUESTIONS
        assert rule.threshold is not None and rule.abstention_allowed in (True, False)


def test_motion_rules_map_to_their_questions():
    profile = get_profile("unausa")
    assert profile.motion_rule("close_debate").question == "closure"
    assert profile.motion_rule("table_debate").question == "table"
    assert profile.motion_rule("reconsider").question == "reconsider"
    assert profile.motion_rule("appeal_chair").question == "appeal"
    assert profile.motion_rule("moderated_caucus").question == "procedural"
    assert profile.motion_rule("introduce_amendment").question == "amendment"
    assert {k for k in MOTION_KINDS if profile.motion_rule(k).voting_procedure_only} == {
        "reorder_drafts",
        "divide_question",
        "roll_call_vote",
    }
    with pytest.raises(ValueError, match="unknown motion kind"):
        profile.motion_rule("filibuster")


def test_motions_a_profile_does_not_know_are_out_of_order():
    thimun, un = get_profile("thimun"), get_profile("un")
    assert not thimun.motion_rule("moderated_caucus").in_profile
    assert not un.motion_rule("unmoderated_caucus").in_profile
    with pytest.raises(ProcedureError, match="hold a moderated caucus is not in order"):
        thimun.order_motions([Motion("suspend_meeting"), Motion("moderated_caucus", 600, 60)])
    enabled = get_profile("un", {"motions": {"moderated_caucus": {"in_profile": True}}})
    assert enabled.order_motions([Motion("moderated_caucus", 600, 60)])


def test_un_precedence_puts_suspension_above_adjournment():
    un = get_profile("un")
    floor = [
        Motion("close_debate"),
        Motion("table_debate"),
        Motion("adjourn_meeting"),
        Motion("suspend_meeting", 600),
    ]
    assert [m.kind for m in un.order_motions(floor)] == [
        "suspend_meeting",
        "adjourn_meeting",
        "table_debate",
        "close_debate",  # r.119
    ]
    assert [m.kind for m in get_profile("unausa").order_motions(floor)] == [
        "adjourn_meeting",
        "suspend_meeting",
        "table_debate",
        "close_debate",
    ]


def test_motion_precedence_can_be_overridden_and_ties_keep_the_order_raised():
    profile = get_profile("unausa", {"motions": {"moderated_caucus": {"precedence": 1}}})
    floor = [Motion("adjourn_meeting"), Motion("moderated_caucus", 300, 30)]
    assert [m.kind for m in profile.order_motions(floor)] == ["moderated_caucus", "adjourn_meeting"]
    same = [Motion("open_speakers_list", ref=1), Motion("open_speakers_list", ref=2)]
    assert [m.ref for m in profile.order_motions(same)] == [1, 2]


def test_motion_validation():
    with pytest.raises(ValueError, match="unknown motion kind"):
        Motion("filibuster")
    with pytest.raises(ValueError, match="total_seconds"):
        Motion("moderated_caucus", -5, 30)


@pytest.mark.parametrize(
    ("name", "question", "present", "present_and_voting", "allowed"),
    [
        ("unausa", "procedural", True, False, False),  # nobody abstains on procedure
        ("unausa", "closure", True, False, False),
        ("unausa", "substantive", True, False, True),
        ("unausa", "substantive", False, True, False),  # present and voting
        ("unausa", "important", False, True, False),
        ("unausa", "amendment", True, False, True),
        ("thimun", "amendment", True, False, False),  # no abstentions on amendments
        ("thimun", "substantive", True, False, True),
        ("un", "procedural", True, False, True),  # abstainers simply do not count (r.126)
        ("un", "close_debate", True, False, True),
    ],
)
def test_who_sees_an_abstain_button(name, question, present, present_and_voting, allowed):
    profile = get_profile(name)
    assert profile.abstention_allowed(question, present_and_voting=present_and_voting) is allowed


def test_plain_settings_the_ui_reads():
    un, mun, har, thi = (get_profile(n) for n in NAMES[:4])
    assert un.yields == frozenset() and thi.yields == frozenset({"delegate"})
    assert mun.yields == frozenset({"delegate", "questions", "chair"})
    assert mun.roll_call_answers == ("present", "present_and_voting")
    assert thi.roll_call_answers == ("present",)
    assert mun.default_speaking_seconds == 90
    assert thi.second_degree_amendments and not har.second_degree_amendments
    assert un.amendment_order == "furthest_removed" and mun.amendment_order == "submission"
    assert un.several_drafts_may_pass and not thi.several_drafts_may_pass
    assert un.title and un.name == "un"


def test_no_vote_motions_are_not_decided_by_vote():
    thimun = get_profile("thimun")  # "previous question": the chair decides
    d = thimun.decide("closure", yes=20, no=4, present=24, members=24)
    assert not d.valid and not d.passed and "chair decides" in d.reason


def test_impossible_tallies_are_invalid():
    mun = get_profile("unausa")
    cases: list[dict[str, Any]] = [
        dict(yes=-1, no=3, present=24, members=24),
        dict(yes=20, no=5, present=24, members=24),
        dict(yes=10, no=5, present=25, members=24),
        dict(yes=13, no=10, abstain=3, present=24, members=24),  # 26 votes, 24 present
    ]
    for counts in cases:
        d = mun.decide("substantive", **counts)
        assert not d.valid and not d.passed and d.reason.startswith("Invalid:")
    with pytest.raises(ValueError, match="unknown question"):
        mun.decide("censure", yes=1, no=0, present=1, members=1)
    with pytest.raises(TypeError):
        half_a_vote: Any = 1.5  # typed Any: the wrong type is the point
        mun.decide("substantive", yes=half_a_vote, no=0, present=2, members=2)


def test_a_revote_profile_retakes_a_tie_once():
    profile = get_profile("unausa", {"tie_rule": "revote"})
    first = profile.decide("substantive", yes=12, no=12, present=24, members=24)
    assert first.valid and not first.passed and first.revote
    second = profile.decide("substantive", yes=12, no=12, present=24, members=24, retaken=True)
    assert not second.passed and not second.revote and "a tie fails" in second.reason


def test_thresholds_against_all_members():
    profile = get_profile(
        "unausa",
        {
            "substantive_threshold": "majority_of_members",
            "important_threshold": "two_thirds_of_members",
        },
    )
    d = profile.decide("substantive", yes=20, no=1, abstain=0, present=38, members=40)
    assert not d.passed and d.required_yes == 21
    assert d.reason == "Fails: 20 yes of 40 members; a majority of members needs 21."
    assert profile.decide("important", yes=27, no=0, abstain=6, present=40, members=40).passed
    assert not profile.decide("important", yes=26, no=1, present=40, members=40).passed


def test_document_thresholds():
    assert get_profile("un").draft_threshold(193) == 1  # any single member may submit
    thimun = get_profile("thimun")
    assert thimun.draft_threshold(24) == 6
    assert not thimun.draft_support(sponsors=2, signatories=5, present=24).accepted  # one main
    assert thimun.draft_support(sponsors=1, signatories=5, present=24).accepted
    assert not get_profile("unausa").draft_support(sponsors=0, signatories=9, present=24).accepted
    support = get_profile("unausa").amendment_support(supporters=2, present=24)
    assert not support.accepted and support.needed == 3


def test_one_draft_may_pass_or_several():
    order = ["DR1", "DR2", "DR3"]
    thimun, un = get_profile("thimun"), get_profile("un")
    assert thimun.next_draft(order, {}) == "DR1"
    assert thimun.next_draft(order, {"DR1": False}) == "DR2"
    assert thimun.next_draft(order, {"DR1": False, "DR2": True}) is None
    assert un.next_draft(order, {"DR1": False, "DR2": True}) == "DR3"
    assert un.next_draft(order, {"DR1": True, "DR2": True, "DR3": False}) is None


def test_every_setting_is_documented_in_code_and_readme():
    readme = (PACKAGE / "README.md").read_text()
    assert [f.name for f in fields(Settings)] == list(SETTING_DOCS)
    for name, doc in {**SETTING_DOCS, **MOTION_SETTING_DOCS}.items():
        assert doc
        assert f"`{name}`" in readme, name


def test_the_package_never_imports_django():
    for path in PACKAGE.glob("*.py"):
        source = path.read_text()
        assert not re.search(r"^\s*(import|from)\s+django", source, re.MULTILINE), path.name


def test_the_names_other_tools_rely_on_exist():
    assert QUESTIONS == (
        "procedural",
        "closure",
        "table",
        "reconsider",
        "appeal",
        "substantive",
        "amendment",
        "important",
        "constitutional",
    )
    required = {
        "adjourn_meeting",
        "suspend_meeting",
        "table_debate",
        "close_debate",
        "unmoderated_caucus",
        "moderated_caucus",
        "extend_caucus",
        "set_speaking_time",
        "open_speakers_list",
        "close_speakers_list",
        "introduce_draft",
        "introduce_amendment",
        "divide_question",
        "reorder_drafts",
        "roll_call_vote",
    }
    assert required <= set(MOTION_KINDS)
    # The app-default precedence order is the order of MOTION_KINDS.
    mun = get_profile("unausa")
    assert [mun.motion_rule(k).precedence for k in MOTION_KINDS] == sorted(
        mun.motion_rule(k).precedence for k in MOTION_KINDS
    )
