"""Dais procedure engine: rule profiles and the arithmetic of Model UN, in plain Python.

No Django, no database, no I/O: the live session, the tests and conference scripts all use it.
The domain reference is ``shared/reference/procedure.md`` (section numbers below refer to it);
rules are cited as "UN r.133" (UN General Assembly Rules of Procedure, committee rules 96-133).

Profiles
    ``get_profile(name, overrides=None) -> Profile``: "un", "unausa", "hmun", "thimun",
    "interpol" or "security_council", with
    overrides in the data form of `Settings` (nested for motions:
    ``{"motions": {"close_debate": {"threshold": "simple_majority"}}}``). Unknown names and bad
    overrides raise ``ValueError("<setting name>: <what is wrong>")``.
    ``validate_overrides(name, overrides) -> dict``: the cleaned overrides, or that error.
    ``Profile.name``, ``.overrides``, ``.settings`` (frozen `Settings`; fields documented in
    ``SETTING_DOCS``), ``.to_dict()`` / ``Profile.from_dict(d)``.
    ``BUILTIN_PROFILES``: the complete data of each built-in profile.

Votes
    ``Profile.decide(question, *, yes, no, abstain=0, present, members, permanent_no=0,
    vetoed_by=(), retaken=False) -> Decision(passed, required_yes, valid, reason, ...,
    vetoed, vetoed_by)``; ``question`` is one of `QUESTIONS` ("procedural", "closure", "table",
    "reconsider", "appeal", "substantive", "amendment", "important", "constitutional") or a
    motion kind. For "appeal", ``yes`` counts votes to overrule the chair. ``permanent_no``
    counts the no votes of seats that hold a veto.
    ``Profile.abstention_allowed(question, *, present_and_voting) -> bool``.
    ``Profile.quorum(*, present, members, observers=0) -> Quorum(can_debate, can_vote,
    needed_to_debate, needed_to_vote, ..., required, observers)``.
    ``Profile.check_caucus``, ``.check_reconsideration_mover``, ``.closure_drops_item``,
    ``.motion_label``, ``.at_discretion``, ``.consensus_allowed``, ``.differences``.

Motions
    ``MOTION_KINDS`` (app-default precedence order), ``Motion(kind, total_seconds=None,
    speaking_seconds=None, ref=None)``, ``Profile.motion_rule(kind) -> MotionRule``,
    ``Profile.order_motions(motions) -> list[Motion]``,
    ``moderated_caucus_slots(total_seconds, speaking_seconds) -> int``.

Documents
    ``Profile.draft_threshold(present) -> int``, ``Profile.amendment_threshold(present) -> int``,
    ``Profile.draft_support(*, sponsors, signatories, present) -> Support``,
    ``Profile.amendment_support(*, supporters, present) -> Support``,
    ``Profile.next_draft(order, results)``, ``amendment_is_friendly(sponsors, accepted_by)``.
    Amendments and division: ``Clause(number, text)``, ``Amendment(id, kind, target, text,
    parent, distance, excludes)``, ``vote_plan(profile, clauses, amendments, divided, *,
    important=False) -> VotePlan`` (``.steps``, ``.next_vote(results)``, ``.outcome(results)``),
    ``apply_results(plan, results) -> DraftOutcome``, ``apply_amendment(clauses, amendment)``.

Roll call
    ``Profile.roll_call(seats, *, question="substantive", start=None, rng=None) -> RollCall``
    over ``RollCallSeat(id, name, present_and_voting)``; ``RollCall.answer(seat_id, answer)``
    with answers "yes", "no", "abstain", "pass", "yes_rights", "no_rights"; attributes
    ``order``, ``current``, ``round``, ``done``, ``answers``, ``tally`` (`Tally(yes, no,
    abstain)`), ``rights_granted``; ``to_dict()`` / ``RollCall.from_dict(profile, data)``.

Refusals a chair must hear about raise ``ProcedureError``; programming errors raise
``ValueError`` / ``TypeError``.
"""

from __future__ import annotations

from .amendments import (
    AMENDMENT_KINDS,
    Amendment,
    Clause,
    DraftOutcome,
    VotePlan,
    VoteStep,
    amendment_is_friendly,
    apply_amendment,
    apply_results,
    vote_plan,
)
from .elections import BallotResult, ballot
from .errors import ProcedureError
from .motions import (
    MOTION_KINDS,
    MOTION_LABELS,
    QUESTIONS,
    THRESHOLDS,
    Motion,
    MotionRule,
    moderated_caucus_slots,
)
from .profile import (
    CaucusCheck,
    Difference,
    Profile,
    Support,
    get_profile,
    validate_overrides,
)
from .profiles import BUILTIN_PROFILES, PROFILE_TITLES
from .rollcall import ANSWERS, Recorded, RollCall, RollCallSeat, Tally
from .settings import (
    DISCRETION_ITEMS,
    MOTION_SETTING_DOCS,
    SETTING_DOCS,
    MotionSettings,
    Settings,
)
from .votes import Decision, Quorum

__all__ = [
    "AMENDMENT_KINDS",
    "ANSWERS",
    "BUILTIN_PROFILES",
    "DISCRETION_ITEMS",
    "MOTION_KINDS",
    "MOTION_LABELS",
    "MOTION_SETTING_DOCS",
    "PROFILE_TITLES",
    "QUESTIONS",
    "SETTING_DOCS",
    "THRESHOLDS",
    "Amendment",
    "BallotResult",
    "CaucusCheck",
    "Clause",
    "Decision",
    "Difference",
    "DraftOutcome",
    "Motion",
    "MotionRule",
    "MotionSettings",
    "ProcedureError",
    "Profile",
    "Quorum",
    "Recorded",
    "RollCall",
    "RollCallSeat",
    "Settings",
    "Support",
    "Tally",
    "VotePlan",
    "VoteStep",
    "amendment_is_friendly",
    "apply_amendment",
    "apply_results",
    "ballot",
    "get_profile",
    "moderated_caucus_slots",
    "validate_overrides",
    "vote_plan",
]
