"""Live commands: Motions, rulings and appeals: raising, seconding, withdrawing, ruling on them.

Part of `committee.live.commands.handle()`; pure (no database).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from committee.live import drafts, reconsider
from committee.live.base import (  # re-exported: see __all__
    DELEGATE,
    LIVE_MOTIONS,
    VOTING_MOTIONS,
    Actor,
    Context,
    Ev,
    LiveError,
    Payload,
    _ev,
    _require_chair,
    _require_delegate,
    _require_may_move,
    _require_no_vote,
    _require_present,
    _require_topic,
    _seat_arg,
    motion_rule,
)
from committee.live.meeting import _check_caucus_params, _require_caucus_cap
from committee.live.state import State

# ---------------------------------------------------------------------------------------------
# Motions, rulings and appeals


def _motion_allowed_now(state: State, kind: str) -> None:
    phase = state["phase"]
    if kind == "set_agenda":
        if state["topic"]:
            raise LiveError(_("The agenda is already set."))
        return
    if kind in ("adjourn_meeting", "suspend_meeting", "reconsider"):
        return  # a reconsideration is checked against the motion it reopens (reconsider.py)
    if kind == "extend_caucus":
        if state["caucus"] is None:
            raise LiveError(_("There is no caucus to extend."))
        return
    _require_topic(state)
    if kind in VOTING_MOTIONS:
        if phase != "voting_procedure":
            raise LiveError(_("That motion is in order only in voting procedure."))
        return
    if phase == "voting_procedure":
        raise LiveError(_("In voting procedure only motions about the vote are in order."))


def _clean_motion_params(state: State, ctx: Context, kind: str, params: Payload) -> Payload:
    if kind in ("moderated_caucus", "unmoderated_caucus"):
        return _check_caucus_params(ctx, kind, params)
    if kind == "extend_caucus":
        total = params.get("total_seconds")
        if not isinstance(total, int) or not 30 <= total <= 3600:
            raise LiveError(_("Extend by between 30 seconds and an hour."))
        if state["caucus"] is not None:
            _require_caucus_cap(ctx, state["caucus"]["total_seconds"] + total)
        return {"total_seconds": total}
    if kind == "set_speaking_time":
        seconds = params.get("speaking_seconds")
        if not isinstance(seconds, int) or not 10 <= seconds <= 1800:
            raise LiveError(_("Speaking time is between 10 seconds and 30 minutes."))
        return {"speaking_seconds": seconds}
    if kind == "suspend_meeting":
        total = params.get("total_seconds")
        if total is None:
            return {}
        if not isinstance(total, int) or not 60 <= total <= 24 * 3600:
            raise LiveError(_("Suspend for between a minute and a day."))
        return {"total_seconds": total}
    if kind == "set_agenda":
        topic = params.get("topic")
        if topic not in ctx.topics:
            raise LiveError(_("Choose Topic A or Topic B."))
        return {"topic": topic}
    if kind == "divide_question":
        return drafts.clean_division(state, params)
    if kind == "introduce_draft":
        return drafts.clean_introduction(state, params)
    if kind == "roll_call_vote":
        return drafts.clean_roll_call(state, params)
    if kind == "reorder_drafts":
        return drafts.clean_reorder(state, params)
    if kind in ("open_speakers_list", "close_speakers_list"):
        closed = state["list_closed"].get(state["topic"], False)
        if (kind == "close_speakers_list") == closed:
            raise LiveError(
                _("The speakers' list is already closed.")
                if closed
                else _("The speakers' list is already open.")
            )
    return {}


def _motion_raise(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_no_vote(state)
    if state["phase"] == "adjourned":
        raise LiveError(_("The meeting is adjourned."))
    seat = _seat_arg(c, ctx, actor)
    _require_present(state, ctx, seat)
    _require_may_move(ctx, seat)
    kind = c.get("kind")
    if kind not in LIVE_MOTIONS:
        raise LiveError(_("That motion is not available."))
    rule = motion_rule(ctx, kind)
    if not rule.in_profile:
        raise LiveError(_("This committee's rules do not have that motion."))
    if state["phase"] == "suspended" and kind not in ("adjourn_meeting",):
        raise LiveError(_("The meeting is suspended."))
    _motion_allowed_now(state, kind)
    if any(m["seat"] == seat for m in state["motions"]):
        raise LiveError(
            _("%(country)s already has a motion on the floor; withdraw it first.")
            % {"country": ctx.country(seat)}
        )
    if kind == "reconsider":
        params = reconsider.clean_params(state, ctx, seat, c.get("params") or {})
    else:
        params = _clean_motion_params(state, ctx, kind, c.get("params") or {})
    motion = {
        "id": state["motion_counter"] + 1,
        "kind": kind,
        "seat": seat,
        "params": params,
        "needs_second": rule.needs_second,
        # A motion the chair enters for a delegate's placard still needs a delegate's second.
        "seconded_by": None,
        "question": rule.question,
    }
    return [_ev("motion_raised", motion=motion, by=actor.role)]


def _find_motion(state: State, c: Payload) -> dict[str, Any]:
    motion_id = c.get("motion")
    motion: dict[str, Any] | None = next(
        (m for m in state["motions"] if m["id"] == motion_id), None
    )
    if motion is None:
        raise LiveError(_("That motion is no longer on the floor."))
    return motion


def _motion_second(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_no_vote(state)
    seat = _seat_arg(c, ctx, actor)
    _require_present(state, ctx, seat)
    motion = _find_motion(state, c)
    if not motion["needs_second"]:
        raise LiveError(_("That motion needs no second."))
    if motion["seconded_by"] is not None:
        raise LiveError(
            _("%(country)s already seconded that motion.")
            % {"country": ctx.country(motion["seconded_by"])}
        )
    if motion["seat"] == seat:
        raise LiveError(_("A delegation cannot second its own motion."))
    return [_ev("motion_seconded", motion=motion["id"], seat=seat)]


def _motion_withdraw(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_no_vote(state)
    motion = _find_motion(state, c)
    if actor.role == DELEGATE and motion["seat"] != actor.seat:
        raise LiveError(_("Only the delegation that raised a motion can withdraw it."))
    return [_ev("motion_dropped", motions=[motion["id"]], reason="withdrawn")]


def _motion_rule(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    _require_no_vote(state)
    motion = _find_motion(state, c)
    if state["ruling"] is not None and state["ruling"]["appealed_by"] is not None:
        raise LiveError(
            _("An appeal of the chair's last ruling is pending: put it to a vote first.")
        )
    ruling = c.get("ruling")
    if ruling not in ("dilatory", "out_of_order"):
        raise LiveError(_("Rule the motion dilatory or out of order."))
    return [
        _ev(
            "motion_dropped",
            motions=[motion["id"]],
            reason=ruling,
            ruling=ruling,
            motion_data=motion,
        )
    ]


def _ruling_appeal(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    seat = _require_delegate(actor)
    _require_no_vote(state)
    _require_present(state, ctx, seat)
    _require_may_move(ctx, seat)
    ruling = state["ruling"]
    if ruling is None:
        raise LiveError(_("There is no ruling to appeal."))
    if ruling["appealed_by"] is not None:
        raise LiveError(_("The ruling has already been appealed."))
    return [_ev("ruling_appealed", seat=seat)]


def _ruling_clear(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    _require_no_vote(state)
    if state["ruling"] is None:
        raise LiveError(_("There is no ruling pending."))
    return [_ev("ruling_settled", overruled=False, by="chair")]


COMMANDS: dict[str, Callable[[State, Context, Actor, Payload], list[Ev]]] = {
    "motion.raise": _motion_raise,
    "motion.second": _motion_second,
    "motion.withdraw": _motion_withdraw,
    "motion.rule": _motion_rule,
    "ruling.appeal": _ruling_appeal,
    "ruling.clear": _ruling_clear,
}
