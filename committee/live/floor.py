"""Live commands: The agenda and the floor: the General Speakers' List, speeches, yields, questions and raised hands.

Part of `committee.live.commands.handle()`; pure (no database).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from committee.live.base import (  # re-exported: see __all__
    CHAIR,
    DELEGATE,
    Actor,
    Context,
    Ev,
    LiveError,
    Payload,
    _ev,
    _require_chair,
    _require_delegate,
    _require_live,
    _require_no_vote,
    _require_present,
    _require_topic,
    _seat_arg,
    speaking_seconds,
)
from committee.live.sitting import _require_debate_quorum
from committee.live.state import State

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


COMMANDS: dict[str, Callable[[State, Context, Actor, Payload], list[Ev]]] = {
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
}
