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
from .settings import _, clean_overrides, merge

#: Display titles of the built-in profiles (not settings: overriding every setting of "un" with
#: those of "thimun" gives THIMUN's settings, but the base name stays "un").
PROFILE_TITLES: dict[str, str] = {
    "un": _("UN General Assembly committee rules"),
    "unausa": _("UNA-USA / Global Classrooms"),
    "hmun": _("Harvard family (HMUN, HNMUN, WorldMUN)"),
    "thimun": _("THIMUN (The Hague) and affiliates"),
    "interpol": _("INTERPOL General Assembly (Rules of Procedure 2025)"),
    "security_council": _("UN Security Council (Charter Art. 27, provisional rules)"),
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
    "constitutional_threshold": "two_thirds_of_members",
    "affirmative_votes": 9,  # only read by the "affirmative_votes" threshold
    "veto_questions": [],  # no veto outside the Security Council
    # "Adopt by acclamation / consensus": one objection forces a vote (HamMUN, rules-interpol-
    # unsc.md C) [S]. Appeals and constitutional questions are always voted.
    "consensus_questions": ["procedural", "substantive", "amendment", "important"],
    "objection_seconds": 15,  # "a moment" [V]
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
    "observers_may_move": True,  # MUN observers move procedural motions [V]
    "closure_effect": "vote",  # MUN "close debate" moves to voting procedure [S]
    "reconsider_mover_majority": False,  # [V]
    "caucus_max_seconds": None,  # [V]
    "general_speakers_list": True,
    "explanations_of_vote": "after",  # rights / explanations after the vote [S]
    "explanation_seconds": None,  # the speaking time [V]
    "presidency_rotation": "none",
    "discretionary": [],
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
        "explanation_seconds": 600,  # ten minutes (GA decision 34/401, para. 7) [S]
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

# INTERPOL General Assembly (rules-interpol-unsc.md A and D). RPGA: Rules of Procedure of the
# General Assembly (2025); GR: General Regulations; CONST: the Constitution. [T] text read in
# full, [I] inference where the texts are silent.
_DIFFERENCES["interpol"] = {
    # One delegate per country votes; no "present and voting" concept (CONST 13, GR 18, RPGA 35).
    "roll_call_answers": ["present"],
    # No quorum: none of CONST, GR, RPGA sets one (the Executive Committee's RPEC 7(10) does) [T].
    "quorum_to_debate": "0",
    "quorum_to_vote": "0",
    "quorum_to_vote_scope": "all",
    # Only votes cast count; abstainers are "not voting" (GR 20, RPGA 37(1)) [T].
    "vote_base": "present_and_voting",
    "procedural_threshold": "simple_majority",  # CONST 14, GR 19, RPGA 37(1) [T]
    "procedural_abstention": True,  # abstention allowed everywhere, not counted (RPGA 39(2)) [T]
    "substantive_threshold": "simple_majority",  # CONST 14, RPGA 37(1) [T]
    "amendment_threshold": "simple_majority",  # RPGA 42(5) with 37(1) [T]
    # Two-thirds of those present and voting: admission of a Member, adopting or amending the GR
    # and its appendices (the RPGA among them), an additional agenda item (RPGA 38(2), 14A(2),
    # 64-65; CONST 4, 44) [T].
    "important_threshold": "two_thirds",
    # Constitution amendments: two-thirds of all Members, whatever the turnout (CONST 42, RPGA
    # 38(1), GR 21) [T].
    "constitutional_threshold": "two_thirds_of_members",
    # The President may decide a decision is taken by consensus (RPGA 39(4)); not on the
    # Constitution, which needs a count of the Members [I].
    "consensus_questions": [
        "procedural",
        "closure",
        "table",
        "substantive",
        "amendment",
        "important",
    ],
    "tie_rule": "fails",  # not stated; a tie is no majority (cf. RPEC 7(9)) [I]
    # Roll call in French alphabetical order of country names (RPGA 39(7), 19) [T].
    "roll_call_order": "french_alphabetical",
    "roll_call_pass": False,  # answers are yes, no, abstention (RPGA 39) [T]
    "roll_call_rights": False,  # explanations after the vote instead (RPGA 39(8)) [T]
    "draft_fraction": "0",  # any delegation may submit a proposal (RPGA 42) [T]
    "amendment_fraction": "0",
    "amendment_order": "furthest_removed",  # RPGA 42(5) [T]
    "yields": [],  # no yields: nobody speaks without the President's permission (RPGA 22(1)) [T]
    # Observers speak with the President's leave but never move motions, raise points of order
    # or appeal (GR 8, RPGA 23(3)) [T].
    "observers_may_move": False,
    # Closure drops the item until a later session, with no vote on it (RPGA 29(1), GR 30) [T].
    "closure_effect": "drop_item",
    "explanations_of_vote": "after",  # after the vote only (RPGA 39(8)) [T]
    # Left to the President (RPGA 22, 25(1)): no default speaking time (22(4)), no right of reply
    # (22(2) only after the list is closed), no seconds, no caucuses [T].
    "discretionary": ["default_speaking_seconds", "right_of_reply", "seconds", "caucuses"],
    "motions": {
        **{kind: {"needs_second": False} for kind in MOTION_KINDS},  # no seconds in the RPGA [T]
        # Appeal: the ruling stands unless a majority of those present and voting overrules it
        # (RPGA 26(2)); a tie keeps the ruling [T].
        "appeal_chair": {"needs_second": False, "threshold": "simple_majority"},
        # Suspension and adjournment: put to the vote at once, no debate (RPGA 27, 28) [T].
        "suspend_meeting": {"needs_second": False},
        "adjourn_meeting": {"needs_second": False},
        # Adjourning the discussion of an item (RPGA 28): resumed at a later sitting [T].
        "table_debate": {
            "needs_second": False,
            "threshold": "simple_majority",
            "speakers_for": 0,
            "speakers_against": 0,
        },
        "resume_debate": {"needs_second": False, "speakers_for": 0, "speakers_against": 0},
        # Closure of the discussion of an item: two speakers against, then a simple majority
        # (RPGA 29(2)) [T]/[I].
        "close_debate": {
            "needs_second": False,
            "threshold": "simple_majority",
            "speakers_against": 2,
        },
        # Only those three kinds of procedural motion exist (RPGA 25(2)) [T]: no caucus motions
        # (the President may still call one), no motion to open the list.
        "unmoderated_caucus": {"needs_second": False, "in_profile": False},
        "moderated_caucus": {"needs_second": False, "in_profile": False},
        "extend_caucus": {"needs_second": False, "in_profile": False},
        "open_speakers_list": {"needs_second": False, "in_profile": False},
        # The President closes the list with the Assembly's consent (RPGA 22(2)) [T].
        "close_speakers_list": {"needs_second": False},
        # The Assembly may limit speaking time (RPGA 22(4)) [T].
        "set_speaking_time": {"needs_second": False, "speakers_for": 0, "speakers_against": 0},
        # The final agenda is adopted as a whole by simple majority (RPGA 13(1)) [T].
        "set_agenda": {"needs_second": False, "speakers_for": 0, "speakers_against": 0},
        "introduce_amendment": {"needs_second": False, "speakers_for": 0, "speakers_against": 0},
        # Reconsideration: two speakers against, then a vote; majority not stated (RPGA 33) [I].
        "reconsider": {
            "needs_second": False,
            "threshold": "simple_majority",
            "speakers_against": 2,
        },
        "reorder_drafts": {"needs_second": False, "in_profile": False},  # one at a time (42(2))
        # Division paragraph by paragraph on the request of any delegate (GR 24) [I: no vote].
        "divide_question": {
            "needs_second": False,
            "threshold": "no_vote",
            "speakers_for": 0,
            "speakers_against": 0,
        },
        # A roll call or recorded vote where asked (RPGA 39(6)-(7)) [T].
        "roll_call_vote": {"needs_second": False, "threshold": "no_vote"},
    },
}

# UN Security Council (rules-interpol-unsc.md B and D). Charter: UN Charter Arts 23, 27, 28;
# PRoP: Provisional Rules of Procedure S/96/Rev.7. [S] seen, [K] well known, [I] inference.
_DIFFERENCES["security_council"] = {
    "roll_call_answers": ["present"],
    # No quorum in law; nothing passes with fewer than nine yes votes anyway (Charter 27, 28) [I].
    "quorum_to_debate": "0",
    "quorum_to_vote": "0",
    "quorum_to_vote_scope": "all",
    # Nine affirmative votes for every decision, whatever the turnout (Charter 27(2)-(3)) [S].
    "affirmative_votes": 9,
    "procedural_threshold": "affirmative_votes",
    "procedural_abstention": True,  # abstaining is allowed and is no veto (Charter 27) [S]
    "substantive_threshold": "affirmative_votes",
    "amendment_threshold": "affirmative_votes",
    "important_threshold": "affirmative_votes",
    "constitutional_threshold": "affirmative_votes",
    # A permanent member's no vote blocks a non-procedural decision: drafts, separately voted
    # parts, amendments [K] (Charter 27(3)); procedural questions never (Repertoire ch. IV) [S].
    "veto_questions": ["substantive", "amendment", "important", "constitutional"],
    # Resolutions are voted; presidential statements and procedural decisions by consensus
    # (SCP; research.un.org) [S].
    "consensus_questions": ["procedural"],
    "tie_rule": "fails",  # a tie is below nine [I]
    "roll_call_order": "alphabetical",  # English alphabetical order (PRoP 18) [S]
    "roll_call_pass": False,  # show of hands recorded by name; no pass [K]
    "roll_call_rights": False,
    "draft_fraction": "0",  # any member may submit a draft [K]
    "amendment_fraction": "0",
    "amendment_order": "furthest_removed",  # PRoP 36 [K]
    "yields": [],  # no yields [K]
    # Non-members invited under PRoP 37 speak but neither vote nor move motions [S].
    "observers_may_move": False,
    "general_speakers_list": False,  # the President calls speakers in request order (PRoP 27)
    "explanations_of_vote": "before_and_after",  # SCP [S]
    "presidency_rotation": "monthly_english_alphabetical",  # PRoP 18 [S]
    "default_speaking_seconds": 300,  # Note S/2017/507 brevity, about five minutes [K]
    "motions": {
        **{kind: {"needs_second": False} for kind in MOTION_KINDS},  # never seconded (PRoP 34)
        # The President's ruling stands unless overruled (PRoP 30) by nine votes [I].
        "appeal_chair": {"needs_second": False, "threshold": "affirmative_votes"},
        # PRoP 33: suspend and simple adjournment are decided without debate [S].
        "suspend_meeting": {"needs_second": False},
        "adjourn_meeting": {"needs_second": False},
        # Postponing the discussion (PRoP 33(5)) is the table motion here [S].
        "table_debate": {
            "needs_second": False,
            "threshold": None,
            "speakers_for": 0,
            "speakers_against": 0,
        },
        # No closure motion in the rules (PRoP 33) [S]; no caucus motions (UN4MUN practice) [S].
        "close_debate": {"needs_second": False, "in_profile": False},
        "unmoderated_caucus": {"needs_second": False, "in_profile": False},
        "moderated_caucus": {"needs_second": False, "in_profile": False},
        "extend_caucus": {"needs_second": False, "in_profile": False},
        "open_speakers_list": {"needs_second": False, "in_profile": False},
        "close_speakers_list": {"needs_second": False, "in_profile": False},
        "set_speaking_time": {"needs_second": False, "in_profile": False},
        "reconsider": {"needs_second": False, "in_profile": False},  # none: re-table (SCP) [S]
        "set_agenda": {"needs_second": False, "speakers_for": 0, "speakers_against": 0},
        "introduce_amendment": {"needs_second": False, "speakers_for": 0, "speakers_against": 0},
        # Division on request unless the mover objects (PRoP 32) [S].
        "divide_question": {
            "needs_second": False,
            "threshold": "no_vote",
            "speakers_for": 0,
            "speakers_against": 0,
        },
        "roll_call_vote": {"needs_second": False, "in_profile": False},  # no roll call [K]
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
    # RPGA 30: suspend > adjourn the sitting > adjourn the discussion > close the discussion,
    # subject to appeals under 26(2) [T].
    "interpol": (
        "appeal_chair",
        "suspend_meeting",
        "adjourn_meeting",
        "table_debate",
        "close_debate",
    ),
    # PRoP 33: suspend > adjourn > (adjourn to a time, refer: not modelled) > postpone >
    # amendment; an appeal of a ruling (PRoP 30) is taken at once [S].
    "security_council": (
        "appeal_chair",
        "suspend_meeting",
        "adjourn_meeting",
        "table_debate",
        "introduce_amendment",
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
