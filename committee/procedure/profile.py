"""Rule profiles and the arithmetic of votes, quorum and document thresholds.

`get_profile(name, overrides)` builds a `Profile` from a built-in profile's data plus overrides;
everything below reads `Profile.settings` and never the profile's name.

Vote arithmetic (procedure.md §4.3; Y yes, N no, A abstain, P present, M members):

* simple majority: Y > B/2, so the least passing yes count is floor(B/2) + 1, where the base B is
  Y + N ("present and voting", UN r.126: abstainers count as not voting), P or M (``vote_base``).
  With B = Y + N this is just Y > N.
* two-thirds: 3Y >= 2B, the least passing yes count is ceil(2B/3); exactly two-thirds passes.
* majority / two-thirds of members: the same against M whatever the turnout.
* a tie never passes (UN r.95 plenary, r.133 committees); the chair never has a casting vote.
* nothing passes without at least one yes vote (a two-thirds vote with nobody voting would
  otherwise "pass" 0 >= 0).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
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

if TYPE_CHECKING:
    import random

    from .rollcall import RollCall, RollCallSeat

#: Questions that need the quorum to vote when ``quorum_to_vote_scope`` is "substantive".
_SUBSTANTIVE_QUESTIONS = frozenset({"substantive", "amendment", "important"})

_THRESHOLD_WORDS = {
    "simple_majority": "a simple majority",
    "two_thirds": "two-thirds",
    "majority_of_members": "a majority of members",
    "two_thirds_of_members": "two-thirds of members",
}


@dataclass(frozen=True)
class Decision:
    """The outcome of one vote.

    ``passed``: the proposal (for "appeal": the motion to overrule) is carried. ``required_yes``:
    the least yes count that passes with the same turnout. ``valid``: False when the tally is
    impossible or breaks the profile (an invalid vote never passes; the chair retakes it).
    ``reason``: one sentence a chair can read out. ``revote``: a tie that the profile
    (``tie_rule`` "revote") sends to a second vote. The remaining fields echo the input.
    """

    passed: bool
    required_yes: int
    valid: bool
    reason: str
    question: str
    threshold: str
    yes: int
    no: int
    abstain: int
    revote: bool = False


@dataclass(frozen=True)
class Quorum:
    """Whether the room may debate and vote (procedure.md §1.2): the fractions are of the voting
    members of the committee, not of those present. Quorum is presumed until challenged; the
    chair then recounts and calls this with the new count."""

    can_debate: bool
    can_vote: bool
    needed_to_debate: int
    needed_to_vote: int
    present: int
    members: int
    reason: str


@dataclass(frozen=True)
class Support:
    """Whether a document has the sponsors plus signatories it needs (procedure.md §5.1)."""

    accepted: bool
    needed: int
    have: int
    reason: str


def _fraction_of(fraction: Fraction, count: int) -> int:
    # Rounded up: "ceil(fraction x members present)" (procedure.md §5.1); 1/3 of 40 is 14.
    return math.ceil(fraction * count)


def _count(name: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be a whole number, not {value!r}")
    return value


class Profile:
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
        """The built-in profile this one starts from ("un", "unausa", "hmun" or "thimun")."""
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

    def decide(
        self,
        question: str,
        *,
        yes: int,
        no: int,
        abstain: int = 0,
        present: int,
        members: int,
        retaken: bool = False,
    ) -> Decision:
        """Decide a vote.

        ``question``: one of `QUESTIONS`, or a motion kind (then that motion's own threshold and
        abstention rule apply). For "appeal", ``yes`` counts votes to overrule the chair.
        ``present``: voting members present; ``members``: voting members of the committee.
        ``retaken``: this is the second vote after a tie under ``tie_rule`` "revote".

        Invalid (``valid`` False, never passed): negative counts, more present than members,
        more votes than present, abstentions where nobody may abstain, a vote on which every
        member present must vote yes or no (no abstention allowed) but fewer did (scenario 4:
        the chair retakes it), a motion that is not voted under the profile, or no quorum to vote.
        """
        q, threshold, abstention_ok = self._question_rule(question)
        for name, value in (
            ("yes", yes),
            ("no", no),
            ("abstain", abstain),
            ("present", present),
            ("members", members),
        ):
            _count(name, value)
        required = 0
        if min(yes, no, abstain, present, members) >= 0 and threshold != NO_VOTE:
            required = self._required_yes(
                threshold, yes=yes, no=no, present=present, members=members
            )

        def result(passed: bool, valid: bool, reason: str, revote: bool = False) -> Decision:
            return Decision(passed, required, valid, reason, q, threshold, yes, no, abstain, revote)

        problem = self._tally_problem(
            q, threshold, abstention_ok, yes, no, abstain, present, members
        )
        if problem:
            return result(False, False, f"Invalid: {problem}")

        appeal = q == "appeal"
        passes, fails = ("Ruling overturned", "Ruling stands") if appeal else ("Passes", "Fails")
        if yes == no:
            # UN r.133: "If a vote is equally divided ... the proposal shall be regarded as
            # rejected." An appeal that ties upholds the chair [RR].
            tally = f"{yes} to overrule, {no} to sustain" if appeal else f"{yes} yes, {no} no"
            if self._settings.tie_rule == "revote" and not retaken:
                return result(
                    False,
                    True,
                    f"Tie ({tally}): the vote is taken again; a second tie fails.",
                    revote=True,
                )
            ending = "a tie upholds the chair" if appeal else "a tie fails"
            return result(False, True, f"{fails}: tie ({tally}); {ending}.")
        passed = yes >= required
        return result(
            passed,
            True,
            f"{passes if passed else fails}: "
            f"{self._describe(threshold, yes, no, abstain, present, members, appeal)}; "
            f"{_THRESHOLD_WORDS[threshold]} needs {required}.",
        )

    def _tally_problem(
        self,
        question: str,
        threshold: str,
        abstention_ok: bool,
        yes: int,
        no: int,
        abstain: int,
        present: int,
        members: int,
    ) -> str | None:
        """Why a tally cannot be decided, as the end of an "Invalid: ..." sentence, or None."""
        cast = yes + no + abstain
        if min(yes, no, abstain, present, members) < 0:
            return "vote counts cannot be negative."
        if threshold == NO_VOTE:
            return "this motion is not put to a vote under these rules; the chair decides."
        if present > members:
            return f"{present} present but the committee has {members} members."
        if cast > present:
            return f"{cast} votes cast but only {present} members present."
        if abstain and not abstention_ok:
            return "nobody may abstain on this vote; retake it with yes or no only."
        if not abstention_ok and yes + no != present:
            # Procedure.md §1.1: on procedural votes every present member votes yes or no, so
            # a short count means someone did not vote; the chair retakes it (scenario 4).
            return (
                f"{yes + no} of {present} present voted; everyone present must vote yes "
                f"or no, so retake the vote."
            )
        if self._settings.quorum_to_vote_scope == "all" or question in _SUBSTANTIVE_QUESTIONS:
            quorum = self.quorum(present=present, members=members)
            if not quorum.can_vote:
                return f"no quorum to vote ({present} present, {quorum.needed_to_vote} needed)."
        return None

    def _required_yes(
        self, threshold: str, *, yes: int, no: int, present: int, members: int
    ) -> int:
        if threshold in ("majority_of_members", "two_thirds_of_members"):
            base = members
        else:
            base = {"present_and_voting": yes + no, "present": present, "members": members}[
                self._settings.vote_base
            ]
        if threshold in ("simple_majority", "majority_of_members"):
            return base // 2 + 1
        # Two-thirds: 3Y >= 2B, i.e. Y >= ceil(2B/3); at least one yes vote all the same.
        return max(1, -(-2 * base // 3))

    def _describe(
        self,
        threshold: str,
        yes: int,
        no: int,
        abstain: int,
        present: int,
        members: int,
        appeal: bool,
    ) -> str:
        """ "16 yes of 24 voting (3 abstaining)", "13 of 24 voting to overrule", ..."""
        if threshold in ("majority_of_members", "two_thirds_of_members"):
            base = "members"
        else:
            base = self._settings.vote_base
        count, noun = {
            "present_and_voting": (yes + no, "voting"),
            "present": (present, "present"),
            "members": (members, "members"),
        }[base]
        text = f"{yes} of {count} {noun} to overrule" if appeal else f"{yes} yes of {count} {noun}"
        if abstain and base == "present_and_voting":
            text += f" ({abstain} abstaining)"
        return text

    # --- quorum ---

    def quorum(self, *, present: int, members: int) -> Quorum:
        """Quorum to debate and to vote (procedure.md §1.2; scenarios 11-12).

        To debate: ceil(``quorum_to_debate`` x members), e.g. UN r.108 one quarter. To vote:
        a majority of the members (UN r.67/108: "the presence of a majority of the members shall
        be required for any decision") or ceil(fraction x members).
        """
        present, members = _count("present", present), _count("members", members)
        if present < 0 or members < 0:
            raise ValueError("present and members cannot be negative")
        s = self._settings
        needed_debate = _fraction_of(parse_fraction(s.quorum_to_debate), members)
        if s.quorum_to_vote == "majority":
            needed_vote = members // 2 + 1
        else:
            needed_vote = _fraction_of(parse_fraction(s.quorum_to_vote), members)
        can_debate, can_vote = present >= needed_debate, present >= needed_vote
        if can_vote and can_debate:
            reason = f"Quorum: {present} present; {needed_vote} needed to vote."
        elif can_debate:
            reason = (
                f"Debate may go on ({needed_debate} needed) but no vote may be taken: "
                f"{present} present, {needed_vote} needed to vote."
            )
        else:
            reason = f"No quorum: {present} present, {needed_debate} needed to debate."
        return Quorum(can_debate, can_vote, needed_debate, needed_vote, present, members, reason)

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
    """The built-in profile ``name`` ("un", "unausa", "hmun", "thimun") with ``overrides`` applied.

    Unknown names and bad overrides raise ``ValueError``.
    """
    cleaned = validate_overrides(name, overrides)
    settings = Settings.from_data(merge(builtin_data(name), cleaned))
    return Profile(name, cleaned, settings)
