"""Commands: what chairs and delegates ask for, checked and turned into events.

`handle(state, ctx, actor, command)` never changes `state`; it returns the list of events
(`{"kind", "payload"}`) to append to the journal, or raises `LiveError` with a sentence for
the sender. Every threshold, order and permission comes from the committee's rule profile.

The handlers are split by domain, each module with its own `COMMANDS` table: `sitting.py` (the
sitting, roll call), `floor.py` (agenda, speakers' list, speeches, hands), `meeting.py` (timers,
caucuses, suspend/adjourn, closing debate), `motions.py` (motions, rulings, appeals), `ballots.py`
(votes and what they decide), `points.py` (points and undo), `drafts.py` (drafts and their
votes), `votes.py` (roll-call votes), `explanations.py` (explanations of vote) and `consensus.py` (adoption without a vote). This module
joins the tables behind the one `handle()`. Shared helpers are in `base.py` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from committee.live import (
    ballots,
    consensus,
    drafts,
    explanations,
    floor,
    meeting,
    motions,
    points,
    sitting,
    votes,
)
from committee.live.ballots import vote_method, vote_tally
from committee.live.base import (  # re-exported: see __all__
    CHAIR,
    DELEGATE,
    LIVE_MOTIONS,
    POINT_KINDS,
    PRESENT_MARKS,
    SUBSTANTIVE_QUESTIONS,
    UNDOABLE,
    VOTING_MOTIONS,
    Actor,
    Context,
    Ev,
    LiveError,
    Payload,
    SeatInfo,
    _ev,
    _open_vote,
    _require_chair,
    _require_delegate,
    _require_live,
    _require_may_move,
    _require_no_vote,
    _require_present,
    _require_topic,
    _seat_arg,
    is_present,
    motion_rule,
    ordered_motions,
    present_voting_seats,
    speaking_seconds,
)
from committee.live.state import State
from committee.procedure import ProcedureError

# What services, views, consumers and tests import from here (re-exported from `base`; the
# module's own functions are public without being listed).
__all__ = [
    "CHAIR",
    "DELEGATE",
    "LIVE_MOTIONS",
    "POINT_KINDS",
    "PRESENT_MARKS",
    "SUBSTANTIVE_QUESTIONS",
    "UNDOABLE",
    "VOTING_MOTIONS",
    "Actor",
    "Context",
    "Ev",
    "LiveError",
    "Payload",
    "SeatInfo",
    "_ev",
    "_open_vote",
    "_require_chair",
    "_require_delegate",
    "_require_live",
    "_require_may_move",
    "_require_no_vote",
    "_require_present",
    "_require_topic",
    "_seat_arg",
    "is_present",
    "motion_rule",
    "ordered_motions",
    "present_voting_seats",
    "speaking_seconds",
    "vote_method",
    "vote_tally",
]


COMMANDS: dict[str, Callable[[State, Context, Actor, Payload], list[Ev]]] = {
    **sitting.COMMANDS,
    **floor.COMMANDS,
    **meeting.COMMANDS,
    **motions.COMMANDS,
    **ballots.COMMANDS,
    **points.COMMANDS,
    **drafts.COMMANDS,
    **votes.COMMANDS,
    **explanations.COMMANDS,
}

# Commands a delegate's device may send (everything else is the chair's).
DELEGATE_COMMANDS = (
    frozenset(
        {
            "rollcall.answer",
            "speakers.join",
            "speakers.leave",
            "speech.yield",
            "hand.raise",
            "hand.lower",
            "motion.raise",
            "motion.second",
            "motion.withdraw",
            "ruling.appeal",
            "vote.cast",
            "point.raise",
            "point.withdraw",
        }
    )
    | votes.DELEGATE_COMMANDS
    | explanations.DELEGATE_COMMANDS
)


def handle(state: State, ctx: Context, actor: Actor, command: Payload) -> list[Ev]:
    """Check `command` ({"type": ..., fields}) from `actor`; return the events it causes."""
    name = command.get("type")
    handler = (
        (COMMANDS.get(name) or consensus.COMMANDS.get(name)) if isinstance(name, str) else None
    )
    if handler is None:
        raise LiveError(_("Unknown action."))
    if actor.role == DELEGATE and name not in DELEGATE_COMMANDS | consensus.DELEGATE_COMMANDS:
        raise LiveError(_("Only the chair can do that."))
    try:
        return handler(state, ctx, actor, command)
    except ProcedureError as error:
        raise LiveError(str(error)) from error
