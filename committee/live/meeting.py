"""Live commands: Timers, caucuses and the meeting itself: suspend, resume, adjourn, closing debate, ending voting procedure.

Part of `committee.live.commands.handle()`; pure (no database).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from committee.live.base import (  # re-exported: see __all__
    Actor,
    Context,
    Ev,
    LiveError,
    Payload,
    _ev,
    _require_chair,
    _require_live,
    _require_no_vote,
    _require_topic,
)
from committee.live.floor import _end_current_speech
from committee.live.state import State
from committee.procedure import moderated_caucus_slots

# ---------------------------------------------------------------------------------------------
# Timers, caucuses and the meeting


def _timer_name(state: State, c: Payload) -> str:
    name = c.get("timer")
    if not isinstance(name, str) or name not in state["timers"]:
        raise LiveError(_("Choose the speaker timer or the caucus timer."))
    return name


def _timer_pause(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    name = _timer_name(state, c)
    if not state["timers"][name]["running"]:
        raise LiveError(_("That timer is not running."))
    return [_ev("timer_paused", timer=name)]


def _timer_resume(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    _require_live(state)
    name = _timer_name(state, c)
    timer = state["timers"][name]
    if timer["running"]:
        raise LiveError(_("That timer is already running."))
    if timer["duration_ms"] == 0:
        raise LiveError(_("That timer is not set."))
    return [_ev("timer_resumed", timer=name)]


def _timer_adjust(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    name = _timer_name(state, c)
    seconds = c.get("seconds")
    if not isinstance(seconds, int) or seconds == 0 or abs(seconds) > 3600:
        raise LiveError(_("Adjust by a whole number of seconds (up to an hour)."))
    if state["timers"][name]["duration_ms"] == 0:
        raise LiveError(_("That timer is not set."))
    return [_ev("timer_adjusted", timer=name, delta_ms=seconds * 1000)]


def _timer_reset(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    name = _timer_name(state, c)
    if state["timers"][name]["duration_ms"] == 0:
        raise LiveError(_("That timer is not set."))
    return [_ev("timer_reset", timer=name)]


def _check_caucus_params(ctx: Context, kind: str, params: Payload) -> Payload:
    total = params.get("total_seconds")
    if not isinstance(total, int) or not 30 <= total <= 3 * 3600:
        raise LiveError(_("Give the caucus a total time between 30 seconds and 3 hours."))
    clean: Payload = {"total_seconds": total, "topic": str(params.get("topic") or "")[:200]}
    if kind == "moderated_caucus":
        speaking = params.get("speaking_seconds")
        if not isinstance(speaking, int) or not 10 <= speaking <= total:
            raise LiveError(_("Give each speech between 10 seconds and the caucus's total time."))
        clean["speaking_seconds"] = speaking
    _require_caucus_cap(ctx, total)
    # The time the speeches leave over (600 s at 45 s each: 13 speakers, 15 s unused).
    check = ctx.profile.check_caucus(total, clean.get("speaking_seconds"))
    if check.warning:
        clean["unused_seconds"] = total - check.slots * check.speaking_seconds
    return clean


def _require_caucus_cap(ctx: Context, total: int) -> None:
    cap = ctx.profile.settings.caucus_max_seconds
    if cap is not None and total > cap:
        raise LiveError(
            _("Under these rules a caucus lasts at most %(minutes)s minutes in all.")
            % {"minutes": f"{cap / 60:g}"}
        )


def _caucus_events(ctx: Context, kind: str, params: Payload, proposer: int | None) -> list[Ev]:
    if kind == "moderated_caucus":
        slots = moderated_caucus_slots(params["total_seconds"], params["speaking_seconds"])
        return [
            _ev(
                "caucus_started",
                kind="moderated",
                total_seconds=params["total_seconds"],
                speaking_seconds=params["speaking_seconds"],
                slots=slots,
                topic=params.get("topic", ""),
                proposer=proposer,
            )
        ]
    return [
        _ev(
            "caucus_started",
            kind="unmoderated",
            total_seconds=params["total_seconds"],
            topic=params.get("topic", ""),
            proposer=proposer,
        )
    ]


def _caucus_start(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    """A caucus by the chair's own decision (most caucuses come from a motion)."""
    _require_chair(actor)
    _require_no_vote(state)
    _require_live(state)
    _require_topic(state)
    if state["caucus"] is not None:
        raise LiveError(_("A caucus is already running."))
    if state["phase"] == "voting_procedure":
        raise LiveError(_("The committee is in voting procedure."))
    kind = c.get("kind")
    if kind not in ("moderated_caucus", "unmoderated_caucus"):
        raise LiveError(_("Choose a moderated or an unmoderated caucus."))
    params = _check_caucus_params(ctx, kind, c)
    return _end_current_speech(state) + _caucus_events(ctx, kind, params, None)


def _caucus_end(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    if state["caucus"] is None:
        raise LiveError(_("No caucus is running."))
    return [_ev("caucus_ended")]


def _speaking_time_set(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    seconds = c.get("seconds")
    if not isinstance(seconds, int) or not 10 <= seconds <= 1800:
        raise LiveError(_("Speaking time is between 10 seconds and 30 minutes."))
    return [_ev("speaking_time_set", seconds=seconds, by="chair")]


def _session_suspend(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    _require_no_vote(state)
    if state["phase"] in ("suspended", "adjourned"):
        raise LiveError(_("The meeting is not in session."))
    seconds = c.get("seconds")
    if seconds is not None and (not isinstance(seconds, int) or not 0 < seconds <= 24 * 3600):
        raise LiveError(_("Suspend for a whole number of seconds, up to a day."))
    return [_ev("session_suspended", seconds=seconds)]


def _session_resume(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    if state["phase"] != "suspended":
        raise LiveError(_("The meeting is not suspended."))
    return [_ev("session_resumed")]


def _session_adjourn(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    _require_no_vote(state)
    if state["phase"] == "adjourned":
        raise LiveError(_("The meeting is already adjourned."))
    return [_ev("session_adjourned", by="chair")]


def _debate_close(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    """The chair moves into voting procedure (e.g. the list is exhausted); closure by motion
    goes through `motion.raise`."""
    _require_chair(actor)
    _require_no_vote(state)
    _require_live(state)
    _require_topic(state)
    if state["phase"] == "voting_procedure":
        raise LiveError(_("The committee is already in voting procedure."))
    return [_ev("debate_closed", reason="chair")]


def _voting_end(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    _require_no_vote(state)
    if state["phase"] != "voting_procedure":
        raise LiveError(_("The committee is not in voting procedure."))
    return [_ev("voting_procedure_ended", topic_done=bool(c.get("topic_done", True)))]


COMMANDS: dict[str, Callable[[State, Context, Actor, Payload], list[Ev]]] = {
    "timer.pause": _timer_pause,
    "timer.resume": _timer_resume,
    "timer.adjust": _timer_adjust,
    "timer.reset": _timer_reset,
    "caucus.start": _caucus_start,
    "caucus.end": _caucus_end,
    "speaking_time.set": _speaking_time_set,
    "session.suspend": _session_suspend,
    "session.resume": _session_resume,
    "session.adjourn": _session_adjourn,
    "debate.close": _debate_close,
    "voting.end": _voting_end,
}
