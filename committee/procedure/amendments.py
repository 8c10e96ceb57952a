"""Voting on a draft: amendments, division of the question, and the resulting operative text.

Rules (procedure.md §2.1 "Divide the question", §6; scenarios 20, 21, 23):

* Amendments are voted before the text they amend (UN r.130) and a second-degree amendment
  before its parent (RR). Order among first-degree amendments: ``amendment_order``
  "submission" (common MUN practice) or "furthest_removed" (UN r.130: "the amendment furthest
  removed in substance from the original proposal shall be voted on first, then the next ...").
* "Where the adoption of one amendment necessarily implies the rejection of another, the latter
  shall not be put to the vote" (r.130). Here that means: an amendment that deletes or replaces
  a clause already deleted by an adopted amendment, or that replaces a clause already replaced
  by one, is moot and skipped; and so is any amendment the chair lists in an adopted
  amendment's ``excludes``.
* Division (UN r.129): the divided parts are voted one by one, after the amendments; the parts
  rejected leave the text; what survives is then voted as a whole. "If all operative parts of the
  proposal have been rejected, the proposal shall be considered to have been rejected as a
  whole": no final vote is taken.
* Amendments to, and parts of, an "important" question need what it needs (r.84).

Usage::

    plan = vote_plan(profile, clauses, amendments, divided=[(3,)])
    step = plan.next_vote(results)          # results: {step.key: adopted?}
    ...                                     # vote, add the result, repeat until None
    outcome = apply_results(plan, results)  # text and adopted / rejected, with the reason

Friendly amendments (accepted by every sponsor, `amendment_is_friendly`) are not voted: apply them
to the draft with `apply_amendment` before building the plan.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import ProcedureError

if TYPE_CHECKING:
    from .profile import Profile

AMENDMENT_KINDS: tuple[str, ...] = ("add", "delete", "replace")

#: Default substance distance when the chair ranks nothing explicitly: deleting a clause removes
#: the most substance, replacing its text less, adding one leaves the original text whole.
DEFAULT_DISTANCE: dict[str, int] = {"delete": 3, "replace": 2, "add": 1}


@dataclass(frozen=True)
class Clause:
    """An operative clause: its number in the draft and its text."""

    number: int
    text: str


@dataclass(frozen=True)
class Amendment:
    """An unfriendly amendment on the floor.

    ``kind``: "add" (a new clause ``text`` after clause ``target``; 0 puts it first, None last),
    "delete" (clause ``target``) or "replace" (clause ``target``'s text by ``text``).
    ``parent``: the id of the amendment this one amends (second degree): it must be a "replace"
    that revises the parent's ``text``, and ``target`` is ignored. ``distance``: how far removed in
    substance from the original (higher is voted first under "furthest_removed"; default from
    `DEFAULT_DISTANCE`). ``excludes``: ids of amendments the chair rules moot if this one passes.
    Amendments are given in submission order.
    """

    id: int | str
    kind: str
    target: int | None = None
    text: str = ""
    parent: int | str | None = None
    distance: int | None = None
    excludes: tuple[int | str, ...] = field(default=())

    @property
    def substance_distance(self) -> int:
        return self.distance if self.distance is not None else DEFAULT_DISTANCE[self.kind]


@dataclass(frozen=True)
class VoteStep:
    """One vote in the plan. ``key`` identifies it in the results mapping ("amendment:<id>",
    "part:3" or "part:2+4", "draft"); ``kind`` is "amendment", "part" or "draft"; ``question`` is
    what to pass to `Profile.decide`; ``clauses`` the clause numbers of a part."""

    key: str
    kind: str
    question: str
    description: str
    amendment: int | str | None = None
    clauses: tuple[int, ...] = ()


@dataclass(frozen=True)
class DraftOutcome:
    """Where voting on a draft stands.

    ``status``: "pending" (``pending`` is the next vote), "adopted" or "rejected". ``adopted``:
    True, False, or None while pending. ``clauses``: the operative text as it stands (after the
    adopted amendments and without rejected parts), renumbered from 1. ``voted``: keys of the
    votes taken, in order; ``skipped``: keys of the moot votes not taken. ``reason``: a sentence.
    """

    status: str
    adopted: bool | None
    clauses: tuple[Clause, ...]
    pending: VoteStep | None
    voted: tuple[str, ...]
    skipped: tuple[str, ...]
    reason: str


def amendment_is_friendly(sponsors: Iterable[Hashable], accepted_by: Iterable[Hashable]) -> bool:
    """An amendment is friendly when every sponsor of the draft accepts it; one objecting sponsor
    makes it unfriendly (procedure.md §6, scenario 22)."""
    sponsors = set(sponsors)
    return bool(sponsors) and sponsors <= set(accepted_by)


def apply_amendment(clauses: Sequence[Clause], amendment: Amendment) -> tuple[Clause, ...]:
    """Apply a (friendly) first-degree amendment directly and renumber the clauses from 1."""
    if amendment.parent is not None:
        raise ProcedureError("A second-degree amendment only amends another amendment.")
    _check_target(amendment, {c.number for c in clauses})
    lines = [_Line(c.number, c.text) for c in clauses]
    _apply(lines, amendment, amendment.text)
    return tuple(Clause(i, line.text) for i, line in enumerate(_alive(lines), start=1))


@dataclass
class _Line:
    origin: int | None  # the clause number in the draft; None for an added clause
    text: str
    deleted: bool = False
    replaced: bool = False


def _alive(lines: list[_Line]) -> list[_Line]:
    return [line for line in lines if not line.deleted]


def _apply(lines: list[_Line], amendment: Amendment, text: str) -> None:
    if amendment.kind == "add":
        if amendment.target is None:
            at = len(lines)
        else:
            at = (
                0
                if amendment.target == 0
                else 1 + next(i for i, line in enumerate(lines) if line.origin == amendment.target)
            )
            # After clauses already added at the same place, so adds keep their voting order.
            while at < len(lines) and lines[at].origin is None:
                at += 1
        lines.insert(at, _Line(None, text))
        return
    line = next(line for line in lines if line.origin == amendment.target)
    if amendment.kind == "delete":
        line.deleted = True
    else:
        line.text, line.replaced = text, True


def _check_target(amendment: Amendment, numbers: set[int]) -> None:
    if amendment.kind not in AMENDMENT_KINDS:
        raise ValueError(f"amendment kind must be one of {', '.join(AMENDMENT_KINDS)}")
    if amendment.kind == "add" and amendment.target in (None, 0):
        return
    if amendment.target not in numbers:
        raise ProcedureError(
            f"Amendment {amendment.id} refers to operative clause {amendment.target}, "
            f"which the draft does not have."
        )


class VotePlan:
    """The votes on one draft, in order, and the text they produce. Build with `vote_plan`."""

    def __init__(
        self,
        profile: Profile,
        clauses: Sequence[Clause],
        amendments: Sequence[Amendment] = (),
        divided: Iterable[Sequence[int] | int] = (),
        *,
        important: bool = False,
    ) -> None:
        self.clauses = tuple(clauses)
        numbers = [c.number for c in self.clauses]
        if len(set(numbers)) != len(numbers):
            raise ValueError("operative clause numbers must be unique")
        self.amendments = {a.id: a for a in amendments}
        if len(self.amendments) != len(amendments):
            raise ValueError("amendment ids must be unique")
        self._check_amendments(profile, set(numbers))
        self.parts = self._check_parts(divided, set(numbers))
        self.important = important
        self.steps: tuple[VoteStep, ...] = self._plan(profile)

    def _check_amendments(self, profile: Profile, numbers: set[int]) -> None:
        for a in self.amendments.values():
            if a.parent is None:
                _check_target(a, numbers)
                continue
            if a.kind not in AMENDMENT_KINDS:
                raise ValueError(f"amendment kind must be one of {', '.join(AMENDMENT_KINDS)}")
            if not profile.second_degree_amendments:
                raise ProcedureError("Amendments to amendments are out of order under these rules.")
            parent = self.amendments.get(a.parent)
            if parent is None:
                raise ProcedureError(
                    f"Amendment {a.id} amends {a.parent}, which is not on the floor."
                )
            if parent.parent is not None:
                # RR forbids a third degree.
                raise ProcedureError(f"Amendment {a.id} would be a third-degree amendment.")
            if a.kind != "replace" or parent.kind == "delete":
                raise ProcedureError(
                    f"Amendment {a.id} must revise the text that amendment {parent.id} proposes."
                )

    @staticmethod
    def _check_parts(
        divided: Iterable[Sequence[int] | int], numbers: set[int]
    ) -> tuple[tuple[int, ...], ...]:
        parts: list[tuple[int, ...]] = []
        seen: set[int] = set()
        for part in divided:
            group = (part,) if isinstance(part, int) else tuple(sorted(part))
            if not group:
                raise ProcedureError("A divided part must name at least one operative clause.")
            for number in group:
                if number not in numbers:
                    raise ProcedureError(f"The draft has no operative clause {number} to divide.")
                if number in seen:
                    raise ProcedureError(f"Operative clause {number} is in two divided parts.")
                seen.add(number)
            parts.append(group)
        return tuple(sorted(parts))

    def _plan(self, profile: Profile) -> tuple[VoteStep, ...]:
        amendment_q = "important" if self.important else "amendment"
        text_q = "important" if self.important else "substantive"
        position = {a_id: i for i, a_id in enumerate(self.amendments)}

        def key(a: Amendment) -> tuple[int, int]:
            if profile.amendment_order == "furthest_removed":
                return (-a.substance_distance, position[a.id])
            return (0, position[a.id])

        first = sorted((a for a in self.amendments.values() if a.parent is None), key=key)
        steps: list[VoteStep] = []
        for parent in first:
            children = sorted(
                (a for a in self.amendments.values() if a.parent == parent.id), key=key
            )
            for child in children:
                steps.append(
                    VoteStep(
                        f"amendment:{child.id}",
                        "amendment",
                        amendment_q,
                        f"Amendment {child.id} to amendment {parent.id}",
                        amendment=child.id,
                    )
                )
            steps.append(
                VoteStep(
                    f"amendment:{parent.id}",
                    "amendment",
                    amendment_q,
                    f"Amendment {parent.id} ({_describe(parent)})",
                    amendment=parent.id,
                )
            )
        for part in self.parts:
            names = ", ".join(f"OP{n}" for n in part)
            steps.append(
                VoteStep(
                    "part:" + "+".join(map(str, part)),
                    "part",
                    text_q,
                    f"Divided part {names}",
                    clauses=part,
                )
            )
        whole = "The remaining text as a whole" if self.parts else "The draft as amended"
        steps.append(VoteStep("draft", "draft", text_q, whole))
        return tuple(steps)

    # --- walking the plan with results ---

    def _run(self, results: Mapping[str, bool]) -> DraftOutcome:
        lines = [_Line(c.number, c.text) for c in self.clauses]
        texts = {a.id: a.text for a in self.amendments.values()}
        adopted: set[int | str] = set()
        moot: set[int | str] = set()
        voted: list[str] = []
        skipped: list[str] = []

        def state(
            status: str, ok: bool | None, pending: VoteStep | None, reason: str
        ) -> DraftOutcome:
            text = tuple(Clause(i, line.text) for i, line in enumerate(_alive(lines), start=1))
            return DraftOutcome(status, ok, text, pending, tuple(voted), tuple(skipped), reason)

        for step in self.steps:
            if step.kind == "amendment":
                a = self._amendment_voted(step)
                if self._is_moot(a, lines, adopted, moot):
                    moot.add(a.id)
                    skipped.append(step.key)
                    continue
            elif step.kind == "part":
                part_lines = [line for line in lines if line.origin in step.clauses]
                if not _alive(part_lines):
                    skipped.append(step.key)  # deleted by an amendment already
                    continue
            elif not _alive(lines):
                # r.129: every operative part rejected -> the draft is rejected as a whole.
                skipped.append(step.key)
                return state(
                    "rejected",
                    False,
                    None,
                    "Rejected: every operative part was rejected, so the draft fails.",
                )
            if step.key not in results:
                return state("pending", None, step, f"Next vote: {step.description}.")
            voted.append(step.key)
            result = bool(results[step.key])
            if step.kind == "amendment":
                a = self._amendment_voted(step)
                if result:
                    adopted.add(a.id)
                    if a.parent is not None:
                        texts[a.parent] = texts[a.id]
                    else:
                        _apply(lines, a, texts[a.id])
            elif step.kind == "part":
                if not result:
                    for line in lines:
                        if line.origin in step.clauses:
                            line.deleted = True
            else:
                count = len(_alive(lines))
                if result:
                    return state(
                        "adopted",
                        True,
                        None,
                        f"Adopted with {count} operative clause{'s' * (count != 1)}.",
                    )
                return state("rejected", False, None, "Rejected: the draft was voted down.")
        raise AssertionError("a plan always ends with the draft vote")  # pragma: no cover

    def _amendment_voted(self, step: VoteStep) -> Amendment:
        if step.amendment is None:  # plans always name the amendment of an amendment vote
            raise ProcedureError(f"the vote {step.key!r} names no amendment")
        return self.amendments[step.amendment]

    def _is_moot(
        self, a: Amendment, lines: list[_Line], adopted: set[int | str], moot: set[int | str]
    ) -> bool:
        if any(a.id in self.amendments[other].excludes for other in adopted):
            return True
        if a.parent is not None:
            # No point revising an amendment that will not be put to the vote.
            return self._is_moot(self.amendments[a.parent], lines, adopted, moot)
        if a.kind == "add":
            return False
        line = next(line for line in lines if line.origin == a.target)
        # r.130: adopting one necessarily rejects the other. A deleted clause cannot be changed
        # again; a replaced clause cannot be replaced again (the second text was written against
        # wording that is gone), but it can still be deleted.
        return line.deleted or (a.kind == "replace" and line.replaced)

    def next_vote(self, results: Mapping[str, bool]) -> VoteStep | None:
        """The next vote to take given the results so far (step key -> adopted), skipping moot
        votes; None when voting on the draft is over."""
        return self._run(results).pending

    def outcome(self, results: Mapping[str, bool]) -> DraftOutcome:
        """The resulting text and status given the results so far."""
        return self._run(results)


def _describe(a: Amendment) -> str:
    if a.kind == "delete":
        return f"delete OP{a.target}"
    if a.kind == "replace":
        return f"replace OP{a.target}"
    if a.target is None:
        return "add a clause at the end"
    return "add a clause at the start" if a.target == 0 else f"add a clause after OP{a.target}"


def vote_plan(
    profile: Profile,
    clauses: Sequence[Clause],
    amendments: Sequence[Amendment] = (),
    divided: Iterable[Sequence[int] | int] = (),
    *,
    important: bool = False,
) -> VotePlan:
    """Order the votes on a draft: amendments (second degree before their parent; by submission
    or furthest removed), then the divided parts in clause order, then the text as a whole.

    ``divided``: the parts a carried motion to divide the question separated, each a clause
    number or a tuple of numbers voted together. ``important``: the draft is an important
    question (UN r.83/84), so its amendments and parts need two-thirds as well.
    Out-of-order input (a second-degree amendment where the profile has none, a third degree, a
    clause the draft lacks) raises `ProcedureError`.
    """
    return VotePlan(profile, clauses, amendments, divided, important=important)


def apply_results(plan: VotePlan, results: Mapping[str, bool]) -> DraftOutcome:
    """Apply vote results (step key -> adopted) to the plan: the operative text that results,
    and whether the draft is adopted, rejected (voted down, or every operative part rejected) or
    still pending."""
    return plan.outcome(results)
