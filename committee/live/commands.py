"""Commands: what chairs and delegates ask for, checked and turned into events.

`handle(state, ctx, actor, command)` never changes `state`; it returns the list of events
(`{"kind", "payload"}`) to append to the journal, or raises `LiveError` with a sentence for
the sender. Every threshold, order and permission comes from the committee's rule profile.

The handlers are split by domain: this module holds the session's own (roll call, speakers,
caucuses, motions, votes, points, undo); `drafts.py` the documents (drafts, their votes).
Shared helpers are in `base.py` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from committee.live import drafts, votes
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
from committee.live.state import State, apply_event
from committee.procedure import ProcedureError, moderated_caucus_slots

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
]

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


# ---------------------------------------------------------------------------------------------
# Agenda and the General Speakers' List


def _agenda_set(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    _require_no_vote(state)
    _require_live(state)
    topic = c.get("topic")
    if topic not in ctx.topics:
        raise LiveError(_("Choose Topic A or Topic B."))
    if state["caucus"] is not None:
        raise LiveError(_("End the caucus first."))
    if state["topic"] == topic:
        raise LiveError(_("That topic is already on the floor."))
    _require_debate_quorum(state, ctx)
    return [_ev("agenda_set", topic=topic, by="chair")]


def _speakers_join(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    topic = _require_topic(state)
    seat = _seat_arg(c, ctx, actor)
    _require_present(state, ctx, seat)
    if state["list_closed"].get(topic):
        raise LiveError(_("The speakers' list is closed."))
    if state["phase"] == "voting_procedure":
        raise LiveError(_("Debate is closed: nobody joins the speakers' list in voting procedure."))
    if seat in state["speakers"].get(topic, []):
        raise LiveError(
            _("%(country)s is already on the speakers' list.") % {"country": ctx.country(seat)}
        )
    position = c.get("position") if actor.role == CHAIR else None
    if position is not None and (
        isinstance(position, bool) or not isinstance(position, int) or position < 0
    ):
        raise LiveError(_("That position is not on the list."))
    return [_ev("speaker_added", topic=topic, seat=seat, position=position, by=actor.role)]


def _speakers_leave(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    topic = _require_topic(state)
    seat = _seat_arg(c, ctx, actor)
    speakers = state["speakers"].get(topic, [])
    if seat not in speakers:
        raise LiveError(
            _("%(country)s is not on the speakers' list.") % {"country": ctx.country(seat)}
        )
    return [
        _ev(
            "speaker_removed",
            topic=topic,
            seat=seat,
            position=speakers.index(seat),
            by=actor.role,
        )
    ]


def _speakers_move(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    topic = _require_topic(state)
    seat = _seat_arg(c, ctx, actor)
    speakers = state["speakers"].get(topic, [])
    if seat not in speakers:
        raise LiveError(
            _("%(country)s is not on the speakers' list.") % {"country": ctx.country(seat)}
        )
    position = c.get("position")
    if not isinstance(position, int) or not 0 <= position < len(speakers):
        raise LiveError(_("That position is not on the list."))
    if speakers.index(seat) == position:
        return []
    return [
        _ev(
            "speaker_moved",
            topic=topic,
            seat=seat,
            position=position,
            previous=speakers.index(seat),
        )
    ]


def _speakers_close(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    topic = _require_topic(state)
    closed = bool(c.get("closed", True))
    if state["list_closed"].get(topic, False) == closed:
        return []
    return [_ev("speakers_list_closed", topic=topic, closed=closed)]


def _end_current_speech(state: State) -> list[Ev]:
    return [_ev("speech_ended", seat=state["floor"]["seat"])] if state["floor"] else []


def _speech_next(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    _require_no_vote(state)
    _require_live(state)
    topic = _require_topic(state)
    if state["phase"] != "formal":
        raise LiveError(_("The speakers' list runs in formal debate; end the caucus first."))
    speakers = state["speakers"].get(topic, [])
    events = _end_current_speech(state)
    if not speakers:
        if state["list_closed"].get(topic):
            # The list ran out while closed: debate is exhausted and voting procedure begins.
            return events + [_ev("debate_closed", reason="list_exhausted")]
        raise LiveError(_("The speakers' list is empty."))
    seat = speakers[0]
    return events + [
        _ev(
            "speech_started",
            seat=seat,
            mode="gsl",
            seconds=speaking_seconds(state, ctx),
            from_list=True,
        )
    ]


def _speech_recognise(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    """Give the floor to a delegate: a placard in a moderated caucus, or any delegate in formal
    debate (speakers for and against a motion, a right of reply)."""
    _require_chair(actor)
    _require_no_vote(state)
    _require_live(state)
    seat = _seat_arg(c, ctx, actor)
    _require_present(state, ctx, seat)
    caucus = state["caucus"]
    if caucus is not None and caucus["kind"] == "unmoderated":
        raise LiveError(_("There are no speeches in an unmoderated caucus."))
    events = _end_current_speech(state)
    if caucus is not None:
        if caucus["slots"] is not None and caucus["speeches"] >= caucus["slots"]:
            raise LiveError(
                _("All %(slots)d speeches of this caucus have been given.")
                % {"slots": caucus["slots"]}
            )
        seconds = caucus["speaking_seconds"]
        mode = "caucus"
    else:
        seconds = c.get("seconds")
        if seconds is None:
            seconds = speaking_seconds(state, ctx)
        elif isinstance(seconds, bool) or not isinstance(seconds, int) or not 10 <= seconds <= 1800:
            raise LiveError(_("Speaking time is between 10 seconds and 30 minutes."))
        mode = "floor"
    return events + [_ev("speech_started", seat=seat, mode=mode, seconds=seconds, from_list=False)]


def _speech_end(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    if state["floor"] is None:
        raise LiveError(_("Nobody has the floor."))
    return _end_current_speech(state)


def _speech_yield(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    floor = state["floor"]
    if floor is None:
        raise LiveError(_("Nobody has the floor."))
    if actor.role == DELEGATE and floor["seat"] != actor.seat:
        raise LiveError(_("Only the delegate who has the floor can yield."))
    to = c.get("to")
    if to not in ("delegate", "questions", "chair"):
        raise LiveError(_("Yield to another delegate, to questions or to the chair."))
    if to == "chair":
        # Yielding to the chair is always possible: it is also what ending a speech means.
        return [_ev("speech_yielded", to="chair", seat=floor["seat"])]
    if to not in ctx.profile.yields:
        raise LiveError(_("This committee's rules do not allow that yield."))
    if floor["mode"] != "gsl":
        raise LiveError(
            _(
                "Only a speech from the speakers' list can be yielded, and a yielded speech cannot be yielded again."
            )
        )
    if to == "delegate":
        target = c.get("seat")
        if target not in ctx.seats or target == floor["seat"]:
            raise LiveError(_("Choose another delegation to yield to."))
        _require_present(state, ctx, target)
        return [_ev("speech_yielded", to="delegate", seat=target, from_seat=floor["seat"])]
    return [_ev("speech_yielded", to="questions", seat=floor["seat"])]


def _question_recognise(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    floor = state["floor"]
    if floor is None or floor["mode"] != "questions":
        raise LiveError(_("The speaker has not yielded to questions."))
    seat = _seat_arg(c, ctx, actor)
    if seat == floor["seat"]:
        raise LiveError(_("The speaker cannot question themselves."))
    _require_present(state, ctx, seat)
    return [_ev("question_recognised", seat=seat)]


def _answer_start(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    floor = state["floor"]
    if floor is None or floor["mode"] != "questions" or floor["questioner"] is None:
        raise LiveError(_("Recognise a question first."))
    if state["timers"]["speaker"]["running"]:
        raise LiveError(_("The speaker is already answering."))
    return [_ev("answer_started", seat=floor["seat"], questioner=floor["questioner"])]


def _hand_raise(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    seat = _require_delegate(actor)
    _require_present(state, ctx, seat)
    floor = state["floor"]
    in_moderated = state["caucus"] is not None and state["caucus"]["kind"] == "moderated"
    in_questions = floor is not None and floor["mode"] == "questions"
    if not (in_moderated or in_questions):
        raise LiveError(
            _("Placards are raised in a moderated caucus or when a speaker takes questions.")
        )
    if seat in state["hands"]:
        return []
    return [_ev("hand_raised", seat=seat)]


def _hand_lower(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    seat = _seat_arg(c, ctx, actor)
    if seat not in state["hands"]:
        return []
    return [_ev("hand_lowered", seat=seat)]


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


# ---------------------------------------------------------------------------------------------
# Motions, rulings and appeals


def _motion_allowed_now(state: State, kind: str) -> None:
    phase = state["phase"]
    if kind == "set_agenda":
        if state["topic"]:
            raise LiveError(_("The agenda is already set."))
        return
    if kind in ("adjourn_meeting", "suspend_meeting"):
        return
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


# ---------------------------------------------------------------------------------------------
# Votes


def _motion_vote(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    _require_no_vote(state)
    motion = _find_motion(state, c)
    if motion["needs_second"] and motion["seconded_by"] is None:
        raise LiveError(_("The motion has not been seconded."))
    # The session may have moved on since the motion was raised (a caucus ended, debate closed).
    if state["phase"] != "suspended" or motion["kind"] != "adjourn_meeting":
        _require_live(state)
    _motion_allowed_now(state, motion["kind"])
    # Precedence among the motions that can be put to a vote: an unseconded motion is not yet
    # before the committee and must not block a seconded one.
    ready = [
        m
        for m in ordered_motions(state, ctx)
        if not m["needs_second"] or m["seconded_by"] is not None
    ]
    first = ready[0]
    if first["id"] != motion["id"]:
        raise LiveError(
            _(
                "A motion of higher precedence is on the floor: put it to a vote first, or rule it out of order."
            )
        )
    if not getattr(motion_rule(ctx, motion["kind"]), "voted", True):
        return _grant_without_vote(state, ctx, motion)
    return _open_vote(
        state,
        ctx,
        {"subject": "motion", "motion": motion["id"], "kind": motion["kind"]},
        motion["question"],
        decide_as=motion["kind"],
    )


def _grant_without_vote(state: State, ctx: Context, motion: dict[str, Any]) -> list[Ev]:
    """Some rule books leave a motion to the chair (THIMUN's closure): granted, no vote."""
    result = {
        "vote": None,
        "subject": "motion",
        "motion": motion["id"],
        "kind": motion["kind"],
        "question": motion["question"],
        "yes": 0,
        "no": 0,
        "abstain": 0,
        "present": len(present_voting_seats(state, ctx)),
        "passed": True,
        "valid": True,
        "required_yes": 0,
        "reason": _("Under these rules the chair decides this motion without a vote: granted."),
        "threshold": "no_vote",
        "tie": False,
        "method": "chair",
    }
    events = [_ev("vote_closed", result=result)]
    after = apply_event(state, {**events[0], "at": ctx.now})
    return events + _effects_of_passed_motion(after, ctx, motion)


def _ruling_vote(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    _require_no_vote(state)
    ruling = state["ruling"]
    if ruling is None or ruling["appealed_by"] is None:
        raise LiveError(_("Nobody has appealed a ruling."))
    return _open_vote(
        state,
        ctx,
        {"subject": "appeal", "motion": None, "kind": ruling["motion"]["kind"]},
        "appeal",
    )


def _vote_cast(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_delegate(actor)
    vote = state["vote"]
    if vote is None:
        raise LiveError(_("No vote is open."))
    if actor.seat not in vote["eligible"]:
        raise LiveError(
            _("Your delegation has no vote here: only member states marked present vote.")
        )
    if vote.get("roll_call"):
        raise LiveError(_("This is a roll-call vote: answer when your delegation is called."))
    if str(actor.seat) in vote["ballots"]:
        raise LiveError(_("Your delegation has already voted."))
    if vote["placard"] is not None:
        raise LiveError(_("The chair has counted placards for this vote."))
    choice = c.get("choice")
    if choice not in ("yes", "no", "abstain"):
        raise LiveError(_("Vote yes, no or abstain."))
    if choice == "abstain" and actor.seat not in vote["may_abstain"]:
        if vote["question"] in ("procedural", "closure", "table", "appeal", "reconsider"):
            raise LiveError(_("Nobody abstains on a procedural vote: vote yes or no."))
        raise LiveError(_("Your delegation answered “present and voting” and cannot abstain."))
    return [_ev("ballot_cast", vote=vote["id"], seat=actor.seat, choice=choice)]


def _vote_enter(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    """The chair records a seat's vote given aloud or by placard (a seat without a device): a
    ballot like any other, marked "entered by the chair"."""
    _require_chair(actor)
    vote = state["vote"]
    if vote is None:
        raise LiveError(_("No vote is open."))
    if vote.get("roll_call"):
        raise LiveError(_("This is a roll-call vote: record the answer of the seat being called."))
    seat = _seat_arg(c, ctx, actor)
    if seat not in vote["eligible"]:
        raise LiveError(
            _("%(country)s has no vote here: only member states marked present vote.")
            % {"country": ctx.country(seat)}
        )
    if str(seat) in vote["ballots"]:
        raise LiveError(_("%(country)s has already voted.") % {"country": ctx.country(seat)})
    if vote["placard"] is not None:
        raise LiveError(_("The chair has counted placards for this vote."))
    choice = c.get("choice")
    if choice not in ("yes", "no", "abstain"):
        raise LiveError(_("Vote yes, no or abstain."))
    if choice == "abstain" and seat not in vote["may_abstain"]:
        raise LiveError(_("%(country)s cannot abstain on this vote.") % {"country": ctx.country(seat)})
    return [_ev("ballot_cast", vote=vote["id"], seat=seat, choice=choice, by="chair")]


def _vote_placard(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    vote = state["vote"]
    if vote is None:
        raise LiveError(_("No vote is open."))
    counts = {key: c.get(key, 0) for key in ("yes", "no", "abstain")}
    if any(not isinstance(n, int) or n < 0 for n in counts.values()):
        raise LiveError(_("Counts are whole numbers, zero or more."))
    if sum(counts.values()) > len(vote["eligible"]):
        raise LiveError(
            _("That is %(counted)d votes, but only %(eligible)d delegations may vote.")
            % {"counted": sum(counts.values()), "eligible": len(vote["eligible"])}
        )
    if counts["abstain"] and not vote["may_abstain"]:
        raise LiveError(_("Nobody may abstain on this vote."))
    if vote.get("roll_call"):
        raise LiveError(_("This is a roll-call vote: placards are not counted."))
    permanent_no = c.get("permanent_no", 0)
    if not isinstance(permanent_no, int) or not 0 <= permanent_no <= counts["no"]:
        raise LiveError(_("The no votes of permanent members are between zero and the no votes."))
    if permanent_no:
        counts["permanent_no"] = permanent_no
    cast = len(vote["ballots"])
    if cast and not c.get("replace"):
        # Never silently: the chair confirms that the count replaces the ballots.
        raise LiveError(
            _("%(cast)d ballots have been cast. Counting placards replaces them: confirm to replace.")
            % {"cast": cast}
        )
    extra = {"replaced": cast} if cast else {}
    return [_ev("placard_counted", vote=vote["id"], **counts, **extra)]


def _vote_reveal(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    if state["vote"] is None:
        raise LiveError(_("No vote is open."))
    return [_ev("vote_revealed", vote=state["vote"]["id"], revealed=bool(c.get("revealed", True)))]


def vote_method(vote: dict[str, Any]) -> str:
    """How the count was taken: "placard", "device", "chair" or "device_and_chair"."""
    if vote.get("placard"):
        return "placard"
    if vote.get("roll_call"):
        return "roll_call"
    entered = len(vote.get("entered", []))
    if entered and entered == len(vote["ballots"]):
        return "chair"
    return "device_and_chair" if entered else "device"


def vote_tally(vote: dict[str, Any]) -> dict[str, int]:
    if vote.get("placard"):
        return {key: vote["placard"][key] for key in ("yes", "no", "abstain")}
    tally = {"yes": 0, "no": 0, "abstain": 0}
    for choice in vote["ballots"].values():
        tally[choice] += 1
    return tally


def _effects_of_passed_motion(state: State, ctx: Context, motion: dict[str, Any]) -> list[Ev]:
    kind, params = motion["kind"], motion["params"]
    if kind == "adjourn_meeting":
        effects = [_ev("session_adjourned", by="motion")]
    elif kind == "suspend_meeting":
        effects = [_ev("session_suspended", seconds=params.get("total_seconds"))]
    elif kind == "table_debate":
        effects = [_ev("topic_tabled", topic=state["topic"])]
    elif kind == "close_debate" and ctx.profile.closure_drops_item:
        # INTERPOL RPGA 29(1): the item is dropped until a later session, with no vote on it.
        effects = [_ev("topic_tabled", topic=state["topic"], reason="closure")]
    elif kind == "close_debate":
        effects = [_ev("debate_closed", reason="motion")]
    elif kind in ("moderated_caucus", "unmoderated_caucus"):
        effects = _end_current_speech(state) + _caucus_events(ctx, kind, params, motion["seat"])
    elif kind == "extend_caucus":
        caucus = state["caucus"]
        effects = []
        if caucus is not None:
            extra: Payload = {"seconds": params["total_seconds"]}
            if caucus.get("speaking_seconds"):
                extra["slots"] = moderated_caucus_slots(
                    caucus["total_seconds"] + params["total_seconds"], caucus["speaking_seconds"]
                )
            effects = [_ev("caucus_extended", **extra)]
    elif kind == "set_speaking_time":
        effects = [_ev("speaking_time_set", seconds=params["speaking_seconds"], by="motion")]
    elif kind == "open_speakers_list":
        effects = [_ev("speakers_list_closed", topic=state["topic"], closed=False)]
    elif kind == "close_speakers_list":
        effects = [_ev("speakers_list_closed", topic=state["topic"], closed=True)]
    elif kind == "set_agenda":
        effects = [_ev("agenda_set", topic=params["topic"], by="motion")]
    elif kind == "divide_question":
        effects = [_ev("draft_divided", draft=params["draft"], parts=params["parts"])]
    elif kind == "introduce_draft":
        effects = [_ev("draft_introduced", draft=params["draft"], by="motion")]
    elif kind == "roll_call_vote":
        effects = [_ev("roll_call_ordered", draft=params["draft"])]
    elif kind == "reorder_drafts":
        effects = [_ev("drafts_reordered", order=params["order"])]
    else:
        effects = []
    # Once a motion passes, the other pending motions lapse.
    others = [m["id"] for m in state["motions"] if m["id"] != motion["id"]]
    if others:
        effects.append(_ev("motion_dropped", motions=others, reason="lapsed"))
    return effects


def _vote_close(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    vote = state["vote"]
    if vote is None:
        raise LiveError(_("No vote is open."))
    tally = vote_tally(vote)
    roll_call = votes.roll_call_view(vote)
    if roll_call is not None and not roll_call["done"]:
        raise LiveError(
            _("The roll call is not over: %(country)s is being called.")
            % {"country": ctx.country(roll_call["current"])}
        )
    present = len(present_voting_seats(state, ctx))
    # The no votes of seats that hold a veto (a placard count says how many; ballots say who).
    vetoers = sorted(
        ctx.country(int(seat))
        for seat, choice in vote["ballots"].items()
        if choice == "no" and getattr(ctx.seats.get(int(seat)), "veto", False)
    )
    placard = vote.get("placard")
    permanent_no = placard.get("permanent_no", 0) if placard else len(vetoers)
    decision = ctx.profile.decide(
        vote.get("decide_as") or vote["question"],
        yes=tally["yes"],
        no=tally["no"],
        abstain=tally["abstain"],
        present=present,
        members=ctx.members,
        permanent_no=permanent_no,
        vetoed_by=() if placard else vetoers,
    )
    result = {
        "vote": vote["id"],
        "subject": vote["subject"],
        "motion": vote.get("motion"),
        "kind": vote.get("kind"),
        "title": vote.get("title", ""),
        "vetoed": decision.vetoed,
        "vetoed_by": list(decision.vetoed_by),
        "question": vote["question"],
        **tally,
        "present": present,
        "passed": bool(decision.passed and decision.valid),
        "valid": bool(decision.valid),
        "required_yes": decision.required_yes,
        "reason": decision.reason,
        # The parts of the reason, so that each page can say it in its own language.
        "threshold": decision.threshold,
        "tie": tally["yes"] == tally["no"],
        "method": vote_method(vote),
        "cast": len(vote["ballots"]) if not vote.get("placard") else sum(tally.values()),
        "eligible": len(vote["eligible"]),
        # Pages show no "Abstain 0" for a vote where nobody could abstain.
        "abstain_possible": bool(vote["may_abstain"]),
    }
    if roll_call is not None:
        result["rights"] = roll_call["rights_granted"]
    if vote.get("subject") in ("draft", "amendment", "part"):
        result.update(draft=vote["draft"], code=vote.get("code"), amendment=vote.get("amendment"))
    missing = len(vote["eligible"]) - result["cast"]
    if not decision.valid and missing > 0 and not c.get("confirm"):
        # Never declared invalid without a warning: the chair records the others or confirms.
        raise LiveError(
            _("Only %(cast)d of %(eligible)d have voted, so the vote would be invalid: record the other votes, count placards, or close anyway.")
            % {"cast": result["cast"], "eligible": len(vote["eligible"])}
        )
    events = [_ev("vote_closed", result=result)]
    if not decision.valid:
        return events  # the motion stays on the floor; the chair retakes the vote
    if vote["subject"] == "motion":
        motion = next(m for m in state["motions"] if m["id"] == vote["motion"])
        if result["passed"]:
            after = apply_event(state, {**events[0], "at": ctx.now})
            events += _effects_of_passed_motion(after, ctx, motion)
    elif vote["subject"] == "appeal":
        events.append(_ev("ruling_settled", overruled=result["passed"], by="appeal"))
    elif vote["subject"] == "draft":
        events += drafts.after_vote(state, ctx, vote, result)
    elif vote["subject"] == "amendment":
        events += drafts.after_amendment_vote(state, ctx, vote, result)
    elif vote["subject"] == "part":
        events += drafts.after_part_vote(state, ctx, vote, result)
    return events


def _vote_cancel(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    if state["vote"] is None:
        raise LiveError(_("No vote is open."))
    return [_ev("vote_cancelled", vote=state["vote"]["id"])]


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
    "sitting.open": _sitting_open,
    "rollcall.open": _rollcall_open,
    "rollcall.mark": _rollcall_mark,
    "rollcall.answer": _rollcall_answer,
    "rollcall.close": _rollcall_close,
    "agenda.set": _agenda_set,
    "speakers.add": _speakers_join,
    "speakers.join": _speakers_join,
    "speakers.remove": _speakers_leave,
    "speakers.leave": _speakers_leave,
    "speakers.move": _speakers_move,
    "speakers.close": _speakers_close,
    "speech.next": _speech_next,
    "speech.recognise": _speech_recognise,
    "speech.end": _speech_end,
    "speech.yield": _speech_yield,
    "question.recognise": _question_recognise,
    "answer.start": _answer_start,
    "hand.raise": _hand_raise,
    "hand.lower": _hand_lower,
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
    "motion.raise": _motion_raise,
    "motion.second": _motion_second,
    "motion.withdraw": _motion_withdraw,
    "motion.rule": _motion_rule,
    "motion.vote": _motion_vote,
    "ruling.appeal": _ruling_appeal,
    "ruling.clear": _ruling_clear,
    "ruling.vote": _ruling_vote,
    "vote.cast": _vote_cast,
    "vote.enter": _vote_enter,
    "vote.placard": _vote_placard,
    "vote.reveal": _vote_reveal,
    "vote.close": _vote_close,
    "vote.cancel": _vote_cancel,
    "point.raise": _point_raise,
    "point.answer": _point_answer,
    "point.dismiss": _point_dismiss,
    "point.withdraw": _point_withdraw,
    "undo": _undo,
    **drafts.COMMANDS,
    **votes.COMMANDS,
}

# Commands a delegate's device may send (everything else is the chair's).
DELEGATE_COMMANDS = frozenset(
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
) | votes.DELEGATE_COMMANDS


def handle(state: State, ctx: Context, actor: Actor, command: Payload) -> list[Ev]:
    """Check `command` ({"type": ..., fields}) from `actor`; return the events it causes."""
    from committee.live import consensus  # questions the chair puts; adoption without a vote

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
