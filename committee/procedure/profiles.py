"""The built-in rule profiles, as data.

Each profile is the app default (`_DEFAULT`, the common US Model UN practice of UNA-USA / Global
Classrooms) plus the differences stated below it, each with its source in procedure.md
(labels: [S] seen in a source, [K] well known, [V] varies by conference, so a setting anyway).
Nothing in the engine branches on a profile's name: to change behaviour, change data here or pass
overrides.
"""

from __future__ import annotations

import copy
from typing import Any

from .motions import MOTION_KINDS
from .settings import clean_overrides, merge

#: Display titles of the built-in profiles (not settings: overriding every setting of "un" with
#: those of "thimun" gives THIMUN's settings, but the base name stays "un").
PROFILE_TITLES: dict[str, str] = {
    "un": "UN General Assembly committee rules",
    "unausa": "UNA-USA / Global Classrooms",
    "hmun": "Harvard family (HMUN, HNMUN, WorldMUN)",
    "thimun": "THIMUN (The Hague) and affiliates",
}


def _motion(
    *,
    second: bool = True,
    speakers: tuple[int, int] = (0, 0),
    threshold: str | None = None,
    abstention: bool | None = None,
    in_profile: bool = True,
) -> dict[str, Any]:
    return {
        "needs_second": second,
        "speakers_for": speakers[0],
        "speakers_against": speakers[1],
        "threshold": threshold,
        "precedence": 0,  # filled in from the precedence order below
        "abstention_allowed": abstention,
        "in_profile": in_profile,
    }


def _ranked(order: tuple[str, ...]) -> dict[str, dict[str, int]]:
    """Precedence overrides from an ordered list; kinds not listed keep the app-default order
    after the listed ones."""
    rest = [kind for kind in MOTION_KINDS if kind not in order]
    return {kind: {"precedence": rank} for rank, kind in enumerate((*order, *rest), start=1)}


# The app default (UNA-USA style): motions per procedure.md §2.1, precedence per §2.3.
_DEFAULT_MOTIONS: dict[str, dict[str, Any]] = {
    "appeal_chair": _motion(threshold="two_thirds"),  # MUN: 2/3 to overturn [S Model OAS]
    "adjourn_meeting": _motion(),  # not debatable (UN r.118) [S]
    "suspend_meeting": _motion(),
    "table_debate": _motion(speakers=(2, 2), threshold="two_thirds"),  # UN r.116 speakers; 2/3 [V]
    "resume_debate": _motion(speakers=(2, 2)),  # SM, 2 for / 2 against [S][K]
    "close_debate": _motion(speakers=(0, 2), threshold="two_thirds"),  # MUN closure: 2/3 [S]
    "unmoderated_caucus": _motion(),
    "moderated_caucus": _motion(),
    "extend_caucus": _motion(),
    "set_speaking_time": _motion(),  # MUN: no debate, or 1 for / 1 against [V]
    "set_agenda": _motion(speakers=(2, 2)),  # [S]
    "open_speakers_list": _motion(),
    "close_speakers_list": _motion(),
    "introduce_draft": _motion(second=False, threshold="no_vote"),  # usually no vote [S]
    # Friendly amendments need no vote; unfriendly ones are debated 2 for / 2 against and then
    # voted as an "amendment" question (threshold None: amendment_threshold) [V].
    "introduce_amendment": _motion(second=False, speakers=(2, 2)),
    "reconsider": _motion(speakers=(0, 2), threshold="two_thirds"),  # MUN: 2/3 usually [S]
    "reorder_drafts": _motion(speakers=(1, 1)),  # [S]
    "divide_question": _motion(speakers=(2, 2)),  # 2 for / 2 against if anyone objects [K]
    "roll_call_vote": _motion(),  # MUN: SM or the chair's discretion [V]
}

_DEFAULT: dict[str, Any] = {
    "roll_call_answers": ["present", "present_and_voting"],  # UNA, HAR, NHS [S]
    "quorum_to_debate": "1/3",  # UNA [S]
    "quorum_to_vote": "majority",  # majority of members to pass a resolution [S]
    "quorum_to_vote_scope": "substantive",
    "vote_base": "present_and_voting",  # UN r.126; MUN alike [S]
    "procedural_threshold": "simple_majority",
    "procedural_abstention": False,  # nobody abstains on procedure [S UNA glossary]
    "substantive_threshold": "simple_majority",
    "substantive_abstention": True,  # "present" may abstain; "present and voting" may not [S]
    "amendment_threshold": "simple_majority",
    "amendment_abstention": True,
    "important_threshold": "two_thirds",
    "tie_rule": "fails",  # UN r.95 / r.133 [S]
    "roll_call_order": "alphabetical",
    "roll_call_pass": True,
    "roll_call_rights": True,
    "rights_after_pass": False,  # rights refused to anyone who passed [K][V]
    "draft_fraction": "1/5",  # 20 % of the committee [S]
    "draft_minimum": 1,
    "amendment_fraction": "1/10",  # "commonly 10-20 %" [V]
    "amendment_minimum": 1,
    "sponsor_cap": None,
    "several_drafts_may_pass": True,
    "second_degree_amendments": False,  # varies; off unless a profile says so [V]
    "amendment_order": "submission",  # MUN [V]
    "default_speaking_seconds": 90,  # UNA / Global Classrooms [S]
    "yields": ["delegate", "questions", "chair"],
    "motions": _DEFAULT_MOTIONS,
}

# Differences from the default, per profile.
_DIFFERENCES: dict[str, dict[str, Any]] = {
    "unausa": {},
    "un": {
        # The UN has no roll call of attendance; "present" is the app's way to count the room.
        "roll_call_answers": ["present"],
        "quorum_to_debate": "1/4",  # r.108 (Main Committees); plenary r.67 would be 1/3 [S]
        "quorum_to_vote_scope": "all",  # r.67/108: "for any decision to be taken" [S]
        "procedural_abstention": True,  # abstainers simply count as not voting (r.126) [S]
        "roll_call_order": "alphabetical_from_lot",  # r.127 [S]
        "roll_call_pass": False,  # answers are yes, no, abstention (r.127) [S]
        "roll_call_rights": False,  # explanations of vote instead (r.128) [S]
        "draft_fraction": "0",  # any single member may submit [S]
        "amendment_fraction": "0",
        "amendment_order": "furthest_removed",  # r.130 [K]
        "default_speaking_seconds": 120,  # set by decision (r.114) [V]
        "yields": [],  # no yields, no POIs [S]
        "motions": {
            # No seconds anywhere in the UN rules [S un.org "Differences ..."].
            **{kind: {"needs_second": False} for kind in MOTION_KINDS},
            "appeal_chair": {"needs_second": False, "threshold": "simple_majority"},  # r.113 [K]
            "table_debate": {"needs_second": False, "threshold": "simple_majority"},  # r.116 [S]
            "close_debate": {"needs_second": False, "threshold": "simple_majority"},  # r.117 [S]
            "set_speaking_time": {"needs_second": False, "speakers_for": 2, "speakers_against": 2},
            # No caucuses in the UN rules: informal consultations happen in suspensions.
            "unmoderated_caucus": {"needs_second": False, "in_profile": False},
            "moderated_caucus": {"needs_second": False, "in_profile": False},
            "extend_caucus": {"needs_second": False, "in_profile": False},
            # The chair announces the list (r.115); only closing it needs the committee.
            "open_speakers_list": {"needs_second": False, "threshold": "no_vote"},
            "roll_call_vote": {"needs_second": False, "threshold": "no_vote"},  # on request [S]
            # Amendments are debated like any proposal, no set speakers (r.130) [K].
            "introduce_amendment": {
                "needs_second": False,
                "speakers_for": 0,
                "speakers_against": 0,
            },
        },
    },
    "hmun": {
        "quorum_to_debate": "1/4",  # HNMUN-style text [S][V]
        "default_speaking_seconds": 60,  # [V]
        "roll_call_pass": True,
        "rights_after_pass": False,  # scenario 14 [K]
        "several_drafts_may_pass": True,  # [V]
        "motions": {
            "roll_call_vote": {"threshold": "no_vote"},  # chair's discretion [V]
        },
    },
    "thimun": {
        "roll_call_answers": ["present"],  # the only answer in THIMUN [S]
        "amendment_abstention": False,  # no abstentions on amendments [S]
        "roll_call_rights": False,
        "draft_fraction": "0",
        "draft_minimum": 6,  # main submitter plus a fixed number of co-submitters (5-6) [S][V]
        "amendment_fraction": "0",  # only the delegate holding the floor submits one [S]
        "sponsor_cap": 1,  # one main submitter
        "several_drafts_may_pass": False,  # often only one [S][V]
        "second_degree_amendments": True,  # [S]
        "yields": ["delegate"],  # yield the floor, once in a row [S]
        "motions": {
            # No general speakers' list and no caucuses in THIMUN debate (procedure.md §3).
            "unmoderated_caucus": {"in_profile": False},
            "moderated_caucus": {"in_profile": False},
            "extend_caucus": {"in_profile": False},
            "open_speakers_list": {"in_profile": False},
            "close_speakers_list": {"in_profile": False},
            # "Previous question": seconded, then an objection stops it or the chair decides [S].
            "close_debate": {"threshold": "no_vote", "speakers_against": 0},
            "table_debate": {"threshold": "simple_majority"},  # SM or 2/3 [V]
            "roll_call_vote": {"threshold": "no_vote"},  # rare, the chair's call [V]
            "set_speaking_time": {"threshold": "no_vote"},  # the chair sets debate time [S]
        },
    },
}

# Precedence orders that differ from the app default (`MOTION_KINDS`, procedure.md §2.3).
_PRECEDENCE: dict[str, tuple[str, ...]] = {
    # r.119: suspend > adjourn the meeting > adjourn debate > close debate [S]. An appeal is
    # put to the vote at once (r.113), so it stays on top.
    "un": ("appeal_chair", "suspend_meeting", "adjourn_meeting", "table_debate", "close_debate"),
    # The non-debatable motions rank above closure [K][V] (scenario 16).
    "hmun": (
        "appeal_chair",
        "adjourn_meeting",
        "suspend_meeting",
        "unmoderated_caucus",
        "moderated_caucus",
        "extend_caucus",
        "table_debate",
        "resume_debate",
        "close_debate",
    ),
}


def _build() -> dict[str, dict[str, Any]]:
    default = merge(_DEFAULT, clean_overrides({"motions": _ranked(MOTION_KINDS)}))
    built: dict[str, dict[str, Any]] = {}
    for name in PROFILE_TITLES:
        # Run the built-in data through the same validation as any override: a typo here fails
        # at import, with the setting's name.
        profile = merge(default, clean_overrides(_DIFFERENCES[name]))
        order = _PRECEDENCE.get(name)
        if order:
            profile = merge(profile, clean_overrides({"motions": _ranked(order)}))
        built[name] = profile
    return built


#: Complete data form of each built-in profile, by name.
BUILTIN_PROFILES: dict[str, dict[str, Any]] = _build()


def builtin_data(name: str) -> dict[str, Any]:
    """A deep copy of a built-in profile's data; ``ValueError`` for an unknown name."""
    if name not in BUILTIN_PROFILES:
        raise ValueError(f"unknown rule profile {name!r}; built in: {', '.join(BUILTIN_PROFILES)}")
    return copy.deepcopy(BUILTIN_PROFILES[name])
