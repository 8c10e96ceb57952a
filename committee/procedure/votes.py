"""The arithmetic of votes and quorum, which every `Profile` inherits (`VoteArithmetic`).

Vote arithmetic (procedure.md §4.3; Y yes, N no, A abstain, P present, M members):

* simple majority: Y > B/2, so the least passing yes count is floor(B/2) + 1, where the base B is
  Y + N ("present and voting", UN r.126: abstainers count as not voting), P or M (``vote_base``).
  With B = Y + N this is just Y > N.
* two-thirds: 3Y >= 2B, the least passing yes count is ceil(2B/3); exactly two-thirds passes.
* majority / two-thirds of present: the same against P whatever the profile's base.
* majority / two-thirds of members: the same against M whatever the turnout.
* affirmative votes: a fixed number of yes votes (``affirmative_votes``; the Security Council's
  nine) whatever the turnout, and more yes than no (only binds in a committee larger than 15).
* a veto: on a question in ``veto_questions``, a no vote by a seat that holds a veto
  (``permanent_no``) blocks a proposal that would otherwise pass (UN Charter Art. 27(3)); an
  abstention or an absence is no veto.
* a tie never passes (UN r.95 plenary, r.133 committees); the chair never has a casting vote.
* nothing passes without at least one yes vote (a two-thirds vote with nobody voting would
  otherwise "pass" 0 >= 0).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .motions import NO_VOTE
from .settings import Settings, parse_fraction

#: Questions that need the quorum to vote when ``quorum_to_vote_scope`` is "substantive".
_SUBSTANTIVE_QUESTIONS = frozenset({"substantive", "amendment", "important", "constitutional"})

_THRESHOLD_WORDS = {
    "simple_majority": "a simple majority",
    "two_thirds": "two-thirds",
    "majority_of_present": "a majority of members present",
    "two_thirds_of_present": "two-thirds of members present",
    "majority_of_members": "a majority of members",
    "two_thirds_of_members": "two-thirds of members",
    "affirmative_votes": "the affirmative votes required",
}
_MEMBER_THRESHOLDS = frozenset({"majority_of_members", "two_thirds_of_members"})
_PRESENT_THRESHOLDS = frozenset({"majority_of_present", "two_thirds_of_present"})
_MAJORITIES = frozenset({"simple_majority", "majority_of_present", "majority_of_members"})


@dataclass(frozen=True)
class Decision:
    """The outcome of one vote.

    ``passed``: the proposal (for "appeal": the motion to overrule) is carried. ``required_yes``:
    the least yes count that passes with the same turnout. ``valid``: False when the tally is
    impossible or breaks the profile (an invalid vote never passes; the chair retakes it).
    ``reason``: one sentence a chair can read out. ``revote``: a tie that the profile
    (``tie_rule`` "revote") sends to a second vote. ``vetoed``: the proposal had the votes but a
    seat that holds a veto voted no on a question the veto applies to, so the veto decided it;
    ``vetoed_by``: the names the caller passed for those seats. The remaining fields echo the
    input.
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
    permanent_no: int = 0
    vetoed: bool = False
    vetoed_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quorum:
    """Whether the room may debate and vote (procedure.md §1.2): the fractions are of the voting
    members of the committee, not of those present; observers and other non-voting seats never
    count (``observers`` echoes how many were left out). Quorum is presumed until challenged; the
    chair then recounts and calls this with the new count. ``required`` is False when the rules
    set no quorum at all (INTERPOL): the console says so rather than showing a count."""

    can_debate: bool
    can_vote: bool
    needed_to_debate: int
    needed_to_vote: int
    present: int
    members: int
    reason: str
    required: bool = True
    observers: int = 0


def _fraction_of(fraction: Fraction, count: int) -> int:
    # Rounded up: "ceil(fraction x members present)" (procedure.md §5.1); 1/3 of 40 is 14.
    return math.ceil(fraction * count)


def _count(name: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be a whole number, not {value!r}")
    return value


class VoteArithmetic:
    """Votes and quorum, read from ``self._settings``; `Profile` provides ``_question_rule``."""

    _settings: Settings

    def _question_rule(self, question: str) -> tuple[str, str, bool]:  # pragma: no cover
        raise NotImplementedError

    def decide(
        self,
        question: str,
        *,
        yes: int,
        no: int,
        abstain: int = 0,
        present: int,
        members: int,
        permanent_no: int = 0,
        vetoed_by: Sequence[str] = (),
        retaken: bool = False,
    ) -> Decision:
        """Decide a vote.

        ``question``: one of `QUESTIONS`, or a motion kind (then that motion's own threshold and
        abstention rule apply). For "appeal", ``yes`` counts votes to overrule the chair.
        Whether a Security Council question is procedural is the chair's ruling: pass
        "procedural" or "substantive" accordingly.
        ``present``: voting members present; ``members``: voting members of the committee.
        ``permanent_no``: how many of the ``no`` votes were cast by seats that hold a veto (zero
        under every profile without one); ``vetoed_by``: their names, for the reason and the
        decision (optional; when given, one name per such vote).
        ``retaken``: this is the second vote after a tie under ``tie_rule`` "revote".

        Invalid (``valid`` False, never passed): negative counts, more present than members,
        more votes than present, more permanent no votes than no votes, abstentions where nobody
        may abstain, a vote on which every member present must vote yes or no (no abstention
        allowed) but fewer did (scenario 4: the chair retakes it), a motion that is not voted
        under the profile, or no quorum to vote.
        """
        q, threshold, abstention_ok = self._question_rule(question)
        for name, value in (
            ("yes", yes),
            ("no", no),
            ("abstain", abstain),
            ("present", present),
            ("members", members),
            ("permanent_no", permanent_no),
        ):
            _count(name, value)
        vetoers = tuple(str(name) for name in vetoed_by)
        if vetoers and len(vetoers) != permanent_no:
            raise ValueError(
                f"vetoed_by names {len(vetoers)} seats but permanent_no is {permanent_no}"
            )
        required = 0
        if min(yes, no, abstain, present, members) >= 0 and threshold != NO_VOTE:
            required = self._required_yes(
                threshold, yes=yes, no=no, present=present, members=members
            )

        def result(
            passed: bool, valid: bool, reason: str, revote: bool = False, vetoed: bool = False
        ) -> Decision:
            return Decision(
                passed,
                required,
                valid,
                reason,
                q,
                threshold,
                yes,
                no,
                abstain,
                revote,
                permanent_no,
                vetoed,
                vetoers if vetoed else (),
            )

        problem = self._tally_problem(
            q, threshold, abstention_ok, yes, no, abstain, present, members
        )
        if problem is None and not 0 <= permanent_no <= no:
            problem = f"{permanent_no} permanent members voted no but there are {no} no votes."
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
        counted = f"{self._describe(threshold, yes, no, abstain, present, members, appeal)}; " + (
            f"{required} affirmative votes needed"
            if threshold == "affirmative_votes"
            else f"{_THRESHOLD_WORDS[threshold]} needs {required}"
        )
        if passed and permanent_no and q in self._settings.veto_questions:
            # UN Charter Art. 27(3): "the concurring votes of the permanent members".
            who = f" by {', '.join(vetoers)}" if vetoers else ""
            return result(
                False,
                True,
                f"Vetoed{who}: {counted}, but a permanent member voted no.",
                vetoed=True,
            )
        return result(passed, True, f"{passes if passed else fails}: {counted}.")

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
        if threshold == "affirmative_votes":
            # And more yes than no: never reached with 15 members (9 yes leaves at most 6 no),
            # but it keeps a fixed count from passing a tie or worse in a larger committee.
            return max(self._settings.affirmative_votes, (yes + no) // 2 + 1)
        if threshold in _MEMBER_THRESHOLDS:
            base = members
        elif threshold in _PRESENT_THRESHOLDS:
            base = present
        else:
            base = {"present_and_voting": yes + no, "present": present, "members": members}[
                self._settings.vote_base
            ]
        if threshold in _MAJORITIES:
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
        if threshold == "affirmative_votes":
            base = "members"
        elif threshold in _MEMBER_THRESHOLDS:
            base = "members"
        elif threshold in _PRESENT_THRESHOLDS:
            base = "present"
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
        elif threshold == "affirmative_votes":
            text += f" ({no} no, {abstain} abstaining)"
        return text

    # --- quorum ---

    def quorum(self, *, present: int, members: int, observers: int = 0) -> Quorum:
        """Quorum to debate and to vote (procedure.md §1.2; scenarios 11-12).

        ``present`` and ``members`` count voting members only; ``observers`` (observers and
        other non-voting seats present) never count and are only echoed back.
        To debate: ceil(``quorum_to_debate`` x members), e.g. UN r.108 one quarter. To vote:
        a majority of the members (UN r.67/108: "the presence of a majority of the members shall
        be required for any decision") or ceil(fraction x members). Both "0": the rules set no
        quorum (INTERPOL) and ``required`` is False.
        """
        present, members = _count("present", present), _count("members", members)
        observers = _count("observers", observers)
        if present < 0 or members < 0 or observers < 0:
            raise ValueError("present, members and observers cannot be negative")
        s = self._settings
        needed_debate = _fraction_of(parse_fraction(s.quorum_to_debate), members)
        if s.quorum_to_vote == "majority":
            needed_vote = members // 2 + 1
        else:
            needed_vote = _fraction_of(parse_fraction(s.quorum_to_vote), members)
        required = not (
            parse_fraction(s.quorum_to_debate) == 0
            and s.quorum_to_vote not in ("majority",)
            and parse_fraction(s.quorum_to_vote) == 0
        )
        can_debate, can_vote = present >= needed_debate, present >= needed_vote
        if not required:
            reason = f"No quorum required: these rules set none ({present} present)."
        elif can_vote and can_debate:
            reason = f"Quorum: {present} present; {needed_vote} needed to vote."
        elif can_debate:
            reason = (
                f"Debate may go on ({needed_debate} needed) but no vote may be taken: "
                f"{present} present, {needed_vote} needed to vote."
            )
        else:
            reason = f"No quorum: {present} present, {needed_debate} needed to debate."
        if observers:
            reason += f" {observers} observers not counted."
        return Quorum(
            can_debate,
            can_vote,
            needed_debate,
            needed_vote,
            present,
            members,
            reason,
            required,
            observers,
        )
