"""Roll-call votes in the live session (the engine's `RollCall`): seats called one by one in the
profile's order; yes / no / abstain / pass / yes or no with rights; a second round for those who
passed. The roll call's state travels in the events, so a replay needs no profile. No database.
"""

from __future__ import annotations

import random
from typing import Any

from django.utils.translation import gettext as _

from committee.live.base import (
    CHAIR,
    Actor,
    Context,
    Ev,
    LiveError,
    Payload,
    _ev,
    _open_vote,
)
from committee.live.state import State
from committee.procedure import ProcedureError, RollCall, RollCallSeat

ANSWERS = ("yes", "no", "abstain", "pass", "yes_rights", "no_rights")
PLAIN = {"yes": "yes", "no": "no", "abstain": "abstain", "yes_rights": "yes", "no_rights": "no"}


def open_roll_call(state: State, ctx: Context, subject: Payload, question: str) -> list[Ev]:
    """A vote like any other, whose ballots are collected by calling the seats in turn."""
    events = _open_vote(state, ctx, subject, question)
    vote = events[0]["payload"]["vote"]
    seats = [
        RollCallSeat(
            seat,
            ctx.country(seat),
            present_and_voting=state["attendance"].get(str(seat)) == "present_and_voting",
            french_name=getattr(ctx.seats.get(seat), "french_name", ""),
        )
        for seat in vote["eligible"]
    ]
    # A draw by lot (UN r.127) is taken now and kept in the event: a replay gives the same order.
    roll_call = ctx.profile.roll_call(seats, question=question, rng=random.Random(ctx.now))
    vote["roll_call"] = roll_call.to_dict()
    return events


def roll_call_view(vote: dict[str, Any]) -> dict[str, Any] | None:
    data = vote.get("roll_call")
    if not data:
        return None
    order = [seat["id"] for seat in data["seats"]]
    second = data["second_round"]
    round_ = data["round"]
    position = data["position"]
    calling = order if round_ == 1 else second
    current = calling[position] if position < len(calling) else None
    return {
        "order": order,
        "round": round_,
        "current": current,
        "answers": {str(seat): answer for seat, answer in data["answers"]},
        "second_round": second,
        "rights_granted": data["rights_granted"],
        "done": current is None,
    }


def _answer(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    vote = state["vote"]
    if vote is None:
        raise LiveError(_("No vote is open."))
    if not vote.get("roll_call"):
        raise LiveError(_("This is not a roll-call vote."))
    view = roll_call_view(vote)
    if view is None:  # unreachable: checked just above that the vote is a roll call
        raise LiveError(_("This is not a roll-call vote."))
    if view["current"] is None:
        raise LiveError(_("The roll call is over: close the vote."))
    if actor.role == CHAIR:
        seat = c.get("seat", view["current"])
    else:
        seat = actor.seat
    if seat != view["current"]:
        if str(seat) in view["answers"] and seat not in view["second_round"]:
            raise LiveError(_("%(country)s has already answered.") % {"country": ctx.country(seat)})
        raise LiveError(
            _("Out of turn: %(country)s is being called.") % {"country": ctx.country(view["current"])}
        )
    answer = c.get("answer")
    if answer not in ANSWERS:
        raise LiveError(_("Answer yes, no, abstain or pass."))
    settings = ctx.profile.settings
    if answer in ("yes_rights", "no_rights") and not settings.roll_call_rights:
        raise LiveError(_("These rules have no votes with rights: answer yes or no."))
    if view["round"] == 2 and answer not in ("yes", "no", "yes_rights", "no_rights"):
        raise LiveError(_("On the second call only yes or no is accepted."))
    if answer == "pass" and not settings.roll_call_pass:
        raise LiveError(_("These rules have no pass: answer now."))
    roll_call = RollCall.from_dict(ctx.profile, vote["roll_call"])
    try:
        recorded = roll_call.answer(seat, answer)
    except ProcedureError as error:
        if answer == "abstain":
            raise LiveError(_("%(country)s cannot abstain on this vote: answer yes or no.") % {"country": ctx.country(seat)}) from error
        raise
    return [
        _ev(
            "roll_call_answered",
            vote=vote["id"],
            seat=seat,
            answer=recorded.answer,
            rights=recorded.rights_granted,
            asked=answer,
            roll_call=roll_call.to_dict(),
            by=actor.role,
        )
    ]


COMMANDS = {"vote.answer": _answer}
DELEGATE_COMMANDS = frozenset({"vote.answer"})
