"""Live commands: Points and requests, and undo (a correction that is itself recorded).

Part of `committee.live.commands.handle()`; pure (no database).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from committee.live.base import (  # re-exported: see __all__
    POINT_KINDS,
    UNDOABLE,
    Actor,
    Context,
    Ev,
    LiveError,
    Payload,
    _ev,
    _require_chair,
    _require_delegate,
    _require_may_move,
)
from committee.live.state import State

# ---------------------------------------------------------------------------------------------
# Points and requests


def _point_raise(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    seat = _require_delegate(actor)
    kind = c.get("kind")
    if kind not in POINT_KINDS:
        raise LiveError(_("Choose a kind of point."))
    if kind == "order":
        _require_may_move(ctx, seat)
    if state["vote"] is not None and kind != "order":
        raise LiveError(
            _("During a vote only a point of order on the conduct of the vote is in order.")
        )
    text = str(c.get("text") or "").strip()
    if kind in ("parliamentary_inquiry", "information", "right_of_reply") and not text:
        raise LiveError(_("Write your question or request for the chair."))
    if len(text) > 500:
        raise LiveError(_("Keep it under 500 characters."))
    mine = [p for p in state["points"] if p["seat"] == actor.seat]
    if len(mine) >= 3:
        raise LiveError(_("You already have three points waiting for the chair."))
    point = {
        "id": state["point_counter"] + 1,
        "seat": actor.seat,
        "kind": kind,
        "text": text,
        "during_vote": state["vote"] is not None,
    }
    return [_ev("point_raised", point=point)]


def _point_settle(state: State, ctx: Context, actor: Actor, c: Payload, outcome: str) -> list[Ev]:
    point = next((p for p in state["points"] if p["id"] == c.get("point")), None)
    if point is None:
        raise LiveError(_("That point is no longer waiting."))
    if outcome == "withdrawn":
        _require_delegate(actor)
        if point["seat"] != actor.seat:
            raise LiveError(_("Only the delegation that raised a point can withdraw it."))
    else:
        _require_chair(actor)
    reply = str(c.get("reply") or "").strip()[:500]
    return [_ev("point_settled", point=point["id"], outcome=outcome, reply=reply, point_data=point)]


def _point_answer(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    return _point_settle(state, ctx, actor, c, "answered")


def _point_dismiss(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    return _point_settle(state, ctx, actor, c, "dismissed")


def _point_withdraw(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    return _point_settle(state, ctx, actor, c, "withdrawn")


# ---------------------------------------------------------------------------------------------
# Undo: a correction that is itself recorded


def inverse_of(event: Ev) -> Ev | None:
    kind, p = event["kind"], event["payload"]
    if kind == "speaker_removed":
        return _ev("speaker_added", topic=p["topic"], seat=p["seat"], position=p["position"])
    if kind == "speaker_added":
        return _ev("speaker_removed", topic=p["topic"], seat=p["seat"])
    if kind == "speaker_moved":
        return _ev("speaker_moved", topic=p["topic"], seat=p["seat"], position=p["previous"])
    if kind == "attendance_marked":
        return _ev("attendance_marked", seat=p["seat"], mark=p["previous"])
    if kind == "point_settled" and p["outcome"] != "withdrawn":
        return _ev("point_restored", point_data=p["point_data"])
    return None


def _undo(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    seq = c.get("seq")
    event = ctx.journal(seq) if isinstance(seq, int) else None
    if event is None or event["kind"] not in UNDOABLE:
        raise LiveError(_("That action cannot be undone."))
    if seq in state.get("undone", []):
        raise LiveError(_("That action was already undone."))
    inverse = inverse_of(event)
    if inverse is None:
        raise LiveError(_("That action cannot be undone."))
    p = event["payload"]
    if event["kind"] == "speaker_removed" and p["seat"] in state["speakers"].get(p["topic"], []):
        raise LiveError(_("That delegation is back on the list already."))
    if event["kind"] == "speaker_added" and p["seat"] not in state["speakers"].get(p["topic"], []):
        raise LiveError(_("That delegation is no longer on the list."))
    if event["kind"] == "attendance_marked" and state["vote"] is not None:
        raise LiveError(_("Nobody enters or leaves during a vote."))
    return [_ev("corrected", seq=seq, undone_kind=event["kind"], inverse=inverse)]


COMMANDS: dict[str, Callable[[State, Context, Actor, Payload], list[Ev]]] = {
    "point.raise": _point_raise,
    "point.answer": _point_answer,
    "point.dismiss": _point_dismiss,
    "point.withdraw": _point_withdraw,
    "undo": _undo,
}
