"""Rule profiles: a built-in profile's settings with overrides, and what the engine reads from them.

`get_profile(name, overrides)` builds a `Profile` from a built-in profile's data plus overrides;
everything reads `Profile.settings` and never the profile's name. The arithmetic of votes and
quorum is in `votes.py` (`VoteArithmetic`, which `Profile` inherits).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import ProcedureError
from .motions import (
    MOTION_FACTS,
    MOTION_KINDS,
    MOTION_LABELS,
    NO_VOTE,
    PROCEDURAL_QUESTIONS,
    QUESTION_MOTION,
    QUESTIONS,
    Motion,
    MotionRule,
)
from .profiles import PROFILE_TITLES, builtin_data
from .settings import Settings, clean_overrides, merge, parse_fraction
from .votes import VoteArithmetic, _count, _fraction_of

if TYPE_CHECKING:
    import random

    from .rollcall import RollCall, RollCallSeat


@dataclass(frozen=True)
class CaucusCheck:
    """A caucus's times checked against the profile: ``slots`` speakers (floor(total / speaking
    time), None for an unmoderated caucus) and a ``warning`` (empty when none) when the total is
    not a multiple of the speaking time. A caucus over ``caucus_max_seconds`` raises
    `ProcedureError` instead."""

    total_seconds: int
    speaking_seconds: int | None
    slots: int | None
    warning: str


@dataclass(frozen=True)
class Difference:
    """One setting where a profile differs from its base: ``setting`` (a top-level name, or
    ``motions.<kind>.<field>``), the base's value and this profile's, in data form."""

    setting: str
    base: Any
    value: Any


@dataclass(frozen=True)
class Support:
    """Whether a document has the sponsors plus signatories it needs (procedure.md §5.1)."""

    accepted: bool
    needed: int
    have: int
    reason: str


class Profile(VoteArithmetic):
    """A rule profile: a built-in base (``name``), the ``overrides`` applied, the resolved
    ``settings``; and the procedure arithmetic that reads them.

    Build one with `get_profile`. Profiles are immutable and compare equal when their base name and
    settings are equal.
    """

    def __init__(self, name: str, overrides: Mapping[str, Any], settings: Settings) -> None:
        self._name = name
        self._overrides = dict(overrides)
        self._settings = settings
        self._motion_rules = {kind: self._resolve_motion(kind) for kind in MOTION_KINDS}

    # --- identity and serialisation ---

    @property
    def name(self) -> str:
        """The built-in profile this one starts from (a key of `PROFILE_TITLES`)."""
        return self._name

    @property
    def title(self) -> str:
        """A display title for the base profile."""
        return PROFILE_TITLES[self._name]

    @property
    def overrides(self) -> dict[str, Any]:
        """The cleaned overrides applied to the base profile (a copy, JSON-ready)."""
        copied: dict[str, Any] = _deepcopy(self._overrides)
        return copied

    @property
    def settings(self) -> Settings:
        """Every setting, resolved (a frozen dataclass; see `settings.SETTING_DOCS`)."""
        return self._settings

    def to_dict(self) -> dict[str, Any]:
        """``{"name", "overrides", "settings"}``, JSON-ready. ``get_profile(d["name"],
        d["overrides"])`` (or `Profile.from_dict`) rebuilds an equal profile; "settings" is the
        complete data form, for display."""
        return {
            "name": self._name,
            "overrides": self.overrides,
            "settings": self._settings.to_data(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        """Rebuild a profile from `to_dict` output (the "settings" key is ignored)."""
        return get_profile(data["name"], data.get("overrides"))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Profile):
            return NotImplemented
        return (self._name, self._settings) == (other._name, other._settings)

    def __hash__(self) -> int:
        return hash((self._name, self._settings))

    def __repr__(self) -> str:
        return f"Profile({self._name!r}, overrides={self._overrides!r})"

    # --- plain settings the UI reads ---

    @property
    def default_speaking_seconds(self) -> int:
        """General speakers' list time until a motion sets it (UNA: 90 s, procedure.md §3)."""
        return self._settings.default_speaking_seconds

    @property
    def yields(self) -> frozenset[str]:
        """Yields allowed: a subset of {"delegate", "questions", "chair"}; empty for the UN."""
        return self._settings.yields

    @property
    def roll_call_answers(self) -> tuple[str, ...]:
        """Attendance answers allowed: a subset of ("present", "present_and_voting")."""
        return self._settings.roll_call_answers

    @property
    def several_drafts_may_pass(self) -> bool:
        """Whether voting goes on after a draft on the topic is adopted (procedure.md §5.1)."""
        return self._settings.several_drafts_may_pass

    @property
    def second_degree_amendments(self) -> bool:
        """Whether amendments to pending amendments are in order (procedure.md §6)."""
        return self._settings.second_degree_amendments

    @property
    def amendment_order(self) -> str:
        """ "submission" (MUN) or "furthest_removed" (UN r.130)."""
        return self._settings.amendment_order

    # --- motions ---

    def _resolve_motion(self, kind: str) -> MotionRule:
        raw = self._settings.motions[kind]
        facts = MOTION_FACTS[kind]
        base_threshold, base_abstention = self._question_defaults(facts.question)
        return MotionRule(
            kind=kind,
            needs_second=raw.needs_second,
            speakers_for=raw.speakers_for,
            speakers_against=raw.speakers_against,
            question=facts.question,
            threshold=raw.threshold if raw.threshold is not None else base_threshold,
            precedence=raw.precedence,
            abstention_allowed=(
                raw.abstention_allowed if raw.abstention_allowed is not None else base_abstention
            ),
            voting_procedure_only=facts.voting_procedure_only,
            in_profile=raw.in_profile,
        )

    def motion_rule(self, kind: str) -> MotionRule:
        """The resolved rule for a motion kind; ``ValueError`` for an unknown kind."""
        try:
            return self._motion_rules[kind]
        except KeyError:
            raise ValueError(
                f"unknown motion kind {kind!r}; known: {', '.join(MOTION_KINDS)}"
            ) from None

    def order_motions(self, motions: Iterable[Motion]) -> list[Motion]:
        """Pending motions in the order the chair puts them to the vote (procedure.md §2.3).

        Highest precedence (lowest rank) first; among equal ranks the longer total time, then the
        longer speaking time; remaining ties keep the order given (the order they were raised).
        The chair votes down the list and stops at the first that passes: the rest lapse.
        A motion the profile does not know raises `ProcedureError`.
        """
        pending = list(motions)
        for motion in pending:
            if not isinstance(motion, Motion):
                raise TypeError(f"expected Motion, not {type(motion).__name__}")
            if not self._motion_rules[motion.kind].in_profile:
                raise ProcedureError(
                    f"The motion to {MOTION_LABELS[motion.kind]} is not in order under these rules."
                )
        return sorted(
            pending,
            key=lambda m: (
                self._motion_rules[m.kind].precedence,
                -(m.total_seconds or 0),
                -(m.speaking_seconds or 0),
            ),
        )

    # --- questions and votes ---

    def _question_defaults(self, question: str) -> tuple[str, bool]:
        """Threshold and abstention of a question before any motion-specific rule applies."""
        s = self._settings
        if question in PROCEDURAL_QUESTIONS:
            return s.procedural_threshold, s.procedural_abstention
        if question == "amendment":
            return s.amendment_threshold, s.amendment_abstention
        if question == "important":
            return s.important_threshold, s.substantive_abstention
        if question == "constitutional":
            return s.constitutional_threshold, s.substantive_abstention
        return s.substantive_threshold, s.substantive_abstention

    def _question_rule(self, question: str) -> tuple[str, str, bool]:
        """(question, threshold, abstention allowed for a "present" seat) for a question name or
        a motion kind."""
        if question in MOTION_KINDS:
            rule = self._motion_rules[question]
            return rule.question, rule.threshold, rule.abstention_allowed
        if question in QUESTION_MOTION:
            rule = self._motion_rules[QUESTION_MOTION[question]]
            return question, rule.threshold, rule.abstention_allowed
        if question in QUESTIONS:
            return (question, *self._question_defaults(question))
        raise ValueError(
            f"unknown question {question!r}; use one of {', '.join(QUESTIONS)} or a motion kind"
        )

    def abstention_allowed(self, question: str, *, present_and_voting: bool) -> bool:
        """Whether a seat with this roll-call answer may abstain on this question.

        A "present and voting" seat never abstains (procedure.md §1.1, §4.2). A "present" seat
        may abstain where the profile allows it: never on motions outside the UN (§1.1), not on
        amendments under THIMUN (§4.1). ``question`` may also be a motion kind.
        """
        _, _, allowed = self._question_rule(question)
        return allowed and not present_and_voting

    # --- caucuses, reconsideration, closure, discretion, consensus ---

    def check_caucus(self, total_seconds: int, speaking_seconds: int | None = None) -> CaucusCheck:
        """Check a caucus's times: `ProcedureError` over ``caucus_max_seconds``; a warning when
        a moderated caucus's total is not a multiple of its speaking time (the rest is unused:
        600 s at 45 s gives 13 speakers and 15 s left over)."""
        from .motions import moderated_caucus_slots

        cap = self._settings.caucus_max_seconds
        if cap is not None and total_seconds > cap:
            raise ProcedureError(
                f"A caucus may last at most {cap // 60} minutes"
                + (f" {cap % 60} seconds" if cap % 60 else "")
                + " under these rules."
            )
        if speaking_seconds is None:
            moderated_caucus_slots(total_seconds, 1)  # validates total_seconds
            return CaucusCheck(total_seconds, None, None, "")
        slots = moderated_caucus_slots(total_seconds, speaking_seconds)
        left = total_seconds - slots * speaking_seconds
        warning = (
            f"{total_seconds} s is not a multiple of {speaking_seconds} s: {slots} speakers and "
            f"{left} s unused."
            if left
            else ""
        )
        return CaucusCheck(total_seconds, speaking_seconds, slots, warning)

    def check_reconsideration_mover(self, mover_vote: str | None, *, passed: bool) -> None:
        """Where ``reconsider_mover_majority`` is set, the mover of a reconsideration must have
        voted with the majority: yes on a proposal that passed, no on one that failed.
        ``mover_vote``: "yes", "no", "abstain" or None (did not vote). `ProcedureError` if not."""
        if not self._settings.reconsider_mover_majority:
            return
        majority = "yes" if passed else "no"
        if mover_vote != majority:
            raise ProcedureError(
                "Only a delegation that voted with the majority "
                f"({'for' if passed else 'against'}) may move to reconsider."
            )

    @property
    def closure_drops_item(self) -> bool:
        """True where carried closure drops the item until a later session with no vote on it
        (INTERPOL RPGA 29(1)); False where it moves the committee to the vote (Model UN)."""
        return self._settings.closure_effect == "drop_item"

    def motion_label(self, kind: str) -> str:
        """The plain-English name of a motion under this profile ("the motion to ..."). INTERPOL
        closure is labelled for a chair who expects the Model UN meaning."""
        if kind == "close_debate" and self.closure_drops_item:
            return "close the discussion of the item (drops the item until a later session; no vote on it)"
        if kind == "table_debate" and self.closure_drops_item:
            return "adjourn the discussion of the item (resumed at a later sitting)"
        return MOTION_LABELS[kind]

    def at_discretion(self, item: str) -> bool:
        """Whether the rules leave ``item`` (one of `settings.DISCRETION_ITEMS`) to the
        President: the app default applies and the console offers the chair the choice."""
        return item in self._settings.discretionary

    def consensus_allowed(self, question: str) -> bool:
        """Whether the chair may propose adopting ``question`` (a question or motion kind)
        without a vote."""
        q, threshold, _ = self._question_rule(question)
        return threshold != NO_VOTE and q in self._settings.consensus_questions

    def differences(self, base: Profile | None = None) -> list[Difference]:
        """Every setting where this profile differs from ``base`` (default: its own built-in
        base), in settings order; motion settings as ``motions.<kind>.<field>``."""
        other = (base or get_profile(self._name)).settings.to_data()
        mine = self._settings.to_data()
        found: list[Difference] = []
        for name, value in mine.items():
            if name == "motions":
                for kind in MOTION_KINDS:
                    for key, field_value in value[kind].items():
                        was = other["motions"][kind][key]
                        if field_value != was:
                            found.append(Difference(f"motions.{kind}.{key}", was, field_value))
            elif value != other[name]:
                found.append(Difference(name, other[name], value))
        return found

    # --- documents ---

    def draft_threshold(self, present: int) -> int:
        """Sponsors plus signatories a draft needs: the larger of ``draft_minimum`` and
        ceil(``draft_fraction`` x present) (procedure.md §5.1: 20 % of 24 present is 5)."""
        present = _count("present", present)
        return max(
            self._settings.draft_minimum,
            _fraction_of(parse_fraction(self._settings.draft_fraction), present),
        )

    def amendment_threshold(self, present: int) -> int:
        """Sponsors plus signatories an unfriendly amendment needs (procedure.md §6)."""
        present = _count("present", present)
        return max(
            self._settings.amendment_minimum,
            _fraction_of(parse_fraction(self._settings.amendment_fraction), present),
        )

    def draft_support(self, *, sponsors: int, signatories: int, present: int) -> Support:
        """Whether a draft may be submitted: enough sponsors plus signatories (scenario 22), at
        least one sponsor, and no more sponsors than ``sponsor_cap``."""
        needed = self.draft_threshold(present)
        have = _count("sponsors", sponsors) + _count("signatories", signatories)
        cap = self._settings.sponsor_cap
        if sponsors < 1:
            return Support(False, needed, have, "Refused: a draft needs at least one sponsor.")
        if cap is not None and sponsors > cap:
            return Support(
                False, needed, have, f"Refused: {sponsors} sponsors; at most {cap} allowed."
            )
        if have < needed:
            return Support(
                False, needed, have, f"Refused: {have} sponsors and signatories; {needed} needed."
            )
        return Support(
            True, needed, have, f"Accepted: {have} sponsors and signatories; {needed} needed."
        )

    def amendment_support(self, *, supporters: int, present: int) -> Support:
        """Whether an unfriendly amendment has the sponsors plus signatories it needs."""
        needed = self.amendment_threshold(present)
        have = _count("supporters", supporters)
        if have < needed:
            return Support(False, needed, have, f"Refused: {have} supporters; {needed} needed.")
        return Support(True, needed, have, f"Accepted: {have} supporters; {needed} needed.")

    def next_draft(
        self, order: Sequence[Hashable], results: Mapping[Hashable, bool]
    ) -> Hashable | None:
        """The next draft to put to the vote, or None when voting on the topic is over.

        ``order``: draft ids in voting order (submission order unless reordered, UN r.131);
        ``results``: id -> adopted, for the drafts voted so far. Unless several drafts may pass,
        voting stops once one is adopted (procedure.md §5.1).
        """
        if not self._settings.several_drafts_may_pass and any(results.get(d) for d in order):
            return None
        for draft in order:
            if draft not in results:
                return draft
        return None

    # --- presidency and explanations of vote ---

    def presidency(
        self, members: Iterable[str], *, months_since_start: int
    ) -> str | None:
        """Who holds the presidency ``months_since_start`` months after the session began, or
        None where the presidency does not rotate (or nobody is a member).

        "monthly_english_alphabetical" (Security Council PRoP 18): the members in English
        alphabetical order (accents and case ignored), the first holding it in the first month,
        the next one each month after, round again after the last. Informative only: the
        organizer may ignore it (or set the rotation to "none")."""
        if self._settings.presidency_rotation == "none":
            return None
        from .rollcall import collation_key

        ordered = sorted(set(members), key=collation_key)
        if not ordered:
            return None
        return ordered[months_since_start % len(ordered)]

    def explanations_allowed(self, when: str) -> bool:
        """Whether delegations may explain their vote ``when`` ("before" or "after" the vote):
        INTERPOL after the vote only (RPGA 39(8)); the Security Council before and after."""
        setting = self._settings.explanations_of_vote
        if when == "after":
            return setting in ("after", "before_and_after")
        if when == "before":
            return setting == "before_and_after"
        raise ValueError(f"when must be 'before' or 'after', not {when!r}")

    @property
    def explanations_need_rights(self) -> bool:
        """Where votes "with rights" exist (``roll_call_rights``), only the seats granted rights
        explain their vote; elsewhere (UN r.128, INTERPOL RPGA 39(8)) any delegation that asks."""
        return self._settings.roll_call_rights

    # --- roll call ---

    def roll_call(
        self,
        seats: Iterable[RollCallSeat],
        *,
        question: str = "substantive",
        start: Hashable | None = None,
        rng: random.Random | None = None,
    ) -> RollCall:
        """A roll-call vote on ``question`` over the seats present; see `rollcall.RollCall`."""
        from .rollcall import RollCall

        return RollCall.create(self, seats, question=question, start=start, rng=rng)


def _deepcopy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deepcopy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deepcopy(v) for v in value]
    return value


def validate_overrides(name: str, overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """Check overrides for the built-in profile ``name`` and return them cleaned (JSON-ready).

    Raises ``ValueError("<setting name>: <what is wrong>")``, e.g. ``"quorum_to_debate: must be
    between 0 and 1, not '3/2'"`` or ``"motions.close_debate.threshold: must be one of ..."``;
    unknown settings are refused. An unknown profile name raises ``ValueError`` too.
    """
    builtin_data(name)  # unknown name -> ValueError
    return clean_overrides(overrides)


def get_profile(name: str, overrides: Mapping[str, Any] | None = None) -> Profile:
    """The built-in profile ``name`` ("un", "unausa", "hmun", "thimun", "interpol",
    "security_council") with ``overrides`` applied.

    Unknown names and bad overrides raise ``ValueError``.
    """
    cleaned = validate_overrides(name, overrides)
    settings = Settings.from_data(merge(builtin_data(name), cleaned))
    return Profile(name, cleaned, settings)
