"""Live commands: The sitting, the roll call and the agenda's quorum check.

Part of `committee.live.commands.handle()`; pure (no database).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from committee.live.base import (  # re-exported: see __all__
    Actor,
    Context,
    Ev,
    LiveError,
    Payload,
    _ev,
    _require_chair,
    _require_delegate,
    _require_no_vote,
    _seat_arg,
    present_voting_seats,
)
from committee.live.state import State

# ---------------------------------------------------------------------------------------------
# Sitting and roll call


def _sitting_open(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    _require_no_vote(state)
    events = [_ev("sitting_opened", sitting=state["sitting"] + 1)]
    if state["phase"] == "suspended":
        events.append(_ev("session_resumed"))
    return events


def _rollcall_open(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    _require_no_vote(state)
    if state["phase"] == "adjourned":
        raise LiveError(_("The meeting is adjourned. Open a new sitting first."))
    if state["roll_call"]["open"]:
        raise LiveError(_("The roll call is already open."))
    events = []
    if state["sitting"] == 0:
        events.append(_ev("sitting_opened", sitting=1))
    events.append(_ev("roll_call_opened", seats=sorted(ctx.seats), reset=True))
    return events


def _valid_mark(ctx: Context, mark: Any, *, allow_absent: bool) -> str:
    allowed = list(ctx.profile.roll_call_answers) + (["absent"] if allow_absent else [])
    if not isinstance(mark, str) or mark not in allowed:
        readable = ", ".join(a.replace("_", " ") for a in allowed)
        raise LiveError(
            _("This committee's rules accept these answers: %(answers)s.") % {"answers": readable}
        )
    return mark


def _rollcall_mark(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    seat = _seat_arg(c, ctx, actor)
    mark = _valid_mark(ctx, c.get("mark"), allow_absent=True)
    if state["vote"] is not None:
        raise LiveError(_("Nobody enters or leaves during a vote."))
    if not ctx.seats[seat].voting and mark == "present_and_voting":
        raise LiveError(_("Observers answer “present”."))
    previous = state["attendance"].get(str(seat), "absent")
    if previous == mark:
        return []
    return [_ev("attendance_marked", seat=seat, mark=mark, previous=previous, by="chair")]


def _rollcall_answer(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    seat = _require_delegate(actor)
    if not state["roll_call"]["open"]:
        raise LiveError(_("The roll call is not open."))
    if state["vote"] is not None:
        raise LiveError(_("Nobody enters or leaves during a vote."))
    mark = _valid_mark(ctx, c.get("mark"), allow_absent=False)
    if not ctx.seats[seat].voting and mark == "present_and_voting":
        raise LiveError(_("Observers answer “present”."))
    previous = state["attendance"].get(str(seat), "absent")
    if previous == mark:
        return []
    return [_ev("attendance_marked", seat=seat, mark=mark, previous=previous, by="delegate")]


def _rollcall_close(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    if not state["roll_call"]["open"]:
        raise LiveError(_("The roll call is not open."))
    present = len(present_voting_seats(state, ctx))
    quorum = ctx.profile.quorum(present=present, members=ctx.members)
    return [
        _ev(
            "roll_call_closed",
            present=present,
            can_debate=quorum.can_debate,
            can_vote=quorum.can_vote,
        )
    ]


def _require_debate_quorum(state: State, ctx: Context) -> None:
    present = len(present_voting_seats(state, ctx))
    quorum = ctx.profile.quorum(present=present, members=ctx.members)
    if not quorum.can_debate:
        raise LiveError(
            _("No quorum to debate: %(present)d present, %(needed)d needed. Take the roll call.")
            % {"present": present, "needed": quorum.needed_to_debate}
        )


COMMANDS: dict[str, Callable[[State, Context, Actor, Payload], list[Ev]]] = {
    "sitting.open": _sitting_open,
    "rollcall.open": _rollcall_open,
    "rollcall.mark": _rollcall_mark,
    "rollcall.answer": _rollcall_answer,
    "rollcall.close": _rollcall_close,
}
