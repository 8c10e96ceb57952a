"""Elections by ballot: the INTERPOL President's ballots and ties between candidates.

INTERPOL (rules-interpol-unsc.md A, D): the President needs two-thirds of the valid votes on the
first and second ballots (RPGA 38(2), 14A; CONST 16), then a simple majority (more than half of
the valid votes). Two candidates on equal votes take a second ballot; equal again, lots are drawn
(RPGA 52; GR 23). Pure: the caller counts the ballots.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: What follows a ballot.
ELECTED, NEXT_BALLOT, TIE_BALLOT, LOTS = "elected", "next_ballot", "tie_ballot", "lots"


@dataclass(frozen=True)
class BallotResult:
    """``outcome``: "elected" (``elected`` names who), "next_ballot" (nobody reached
    ``needed``), "tie_ballot" (two candidates level: a second ballot between them) or "lots"
    (level again after that ballot: draw lots). ``needed``: the votes the leader needed."""

    outcome: str
    elected: str | None
    needed: int
    valid_votes: int
    reason: str


def ballot(
    votes: Mapping[str, int],
    *,
    number: int,
    two_thirds_ballots: int = 2,
    after_tie_ballot: bool = False,
) -> BallotResult:
    """Decide one ballot. ``votes``: candidate -> valid votes; ``number``: 1 for the first
    ballot; ``two_thirds_ballots``: how many ballots need two-thirds before a simple majority
    suffices (INTERPOL President: 2); ``after_tie_ballot``: this ballot was the second ballot
    held because two candidates were level."""
    if not votes:
        raise ValueError("a ballot needs at least one candidate")
    for name, count in votes.items():
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ValueError(f"votes for {name!r} must be a whole number, zero or more")
    if not isinstance(number, int) or number < 1:
        raise ValueError("ballot numbers start at 1")
    valid = sum(votes.values())
    two_thirds = number <= two_thirds_ballots
    needed = max(1, -(-2 * valid // 3)) if two_thirds else valid // 2 + 1
    ranked = sorted(votes.items(), key=lambda item: -item[1])
    leader, top = ranked[0]
    level = [name for name, count in ranked if count == top]
    rule = "two-thirds" if two_thirds else "a simple majority"
    if len(level) > 1:
        if after_tie_ballot:
            return BallotResult(
                LOTS,
                None,
                needed,
                valid,
                f"Level again ({', '.join(level)} on {top}): lots are drawn.",
            )
        return BallotResult(
            TIE_BALLOT,
            None,
            needed,
            valid,
            f"Level ({', '.join(level)} on {top}): a second ballot between them.",
        )
    if top >= needed:
        return BallotResult(
            ELECTED,
            leader,
            needed,
            valid,
            f"{leader} elected with {top} of {valid} valid votes; {rule} needs {needed}.",
        )
    return BallotResult(
        NEXT_BALLOT,
        None,
        needed,
        valid,
        f"Nobody elected: {leader} has {top} of {valid} valid votes; {rule} needs {needed}.",
    )
