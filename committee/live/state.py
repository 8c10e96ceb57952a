"""The session state document and its reducer.

State is a JSON-compatible dict. Seat-keyed maps use string keys (JSON object keys are strings,
so the state in memory and the state read back from the database are the same).
Times are integer milliseconds since the epoch, taken from the event (`event["at"]`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from committee.live import documents

State = dict[str, Any]
Event = dict[str, Any]

TIMERS = ("speaker", "caucus")


def new_timer(duration_ms: int = 0) -> dict[str, Any]:
    return {
        "duration_ms": duration_ms,
        "remaining_ms": duration_ms,
        "ends_at": None,
        "running": False,
    }


def initial_state() -> State:
    return {
        "phase": "idle",  # idle, formal, moderated, unmoderated, suspended, voting_procedure, adjourned
        "resume_phase": None,  # the phase a suspension returns to
        "sitting": 0,
        "topic": None,  # the agenda item: a topic letter
        "tabled": [],  # topics set aside by a motion to table
        "speaking_seconds": None,  # None: the profile's default
        "roll_call": {"open": False, "opened_at": None, "closed_at": None},
        "attendance": {},  # seat id -> "present" | "present_and_voting" | "absent"
        "speakers": {},  # topic letter -> [seat ids], the General Speakers' List
        "list_closed": {},  # topic letter -> bool
        "floor": None,  # the speech in progress
        "timers": {name: new_timer() for name in TIMERS},
        "caucus": None,
        "motions": [],  # pending motions
        "motion_counter": 0,
        "ruling": None,  # a chair's ruling on a motion that may still be appealed
        "vote": None,  # the vote in progress
        "vote_counter": 0,
        "results": [],  # the last few vote results, newest first
        "decided": [],  # the last few decided votes' ballots, for reconsideration (never shown)
        "points": [],  # open points and requests
        "point_counter": 0,
        "hands": [],  # raised placards (moderated caucus) or hands (yield to questions)
        "suspension": None,
        "undone": [],  # journal numbers of corrected (undone) chair actions
        "consensus": None,  # an adoption without a vote awaiting objections
        "explanations": None,  # explanations of vote: who waits, who has explained (below)
        "consensus_counter": 0,
        # Documents (committee/live/documents.py): approved drafts with their text, by id.
        "drafts": {},
        "draft_order": [],  # draft ids in submission order
        "resolution_counter": 0,  # the last resolution number given (never reused)
        "focus": None,  # {"draft", "clause_id"}: what the projector shows (by clause id)
    }


# ---------------------------------------------------------------------------------------------
# Timer mechanics


def _timer_start(state: State, name: str, duration_ms: int, at: int) -> None:
    state["timers"][name] = {
        "duration_ms": duration_ms,
        "remaining_ms": duration_ms,
        "ends_at": at + duration_ms,
        "running": True,
    }


def _timer_pause(state: State, name: str, at: int) -> None:
    timer = state["timers"][name]
    if timer["running"]:
        timer["remaining_ms"] = max(0, timer["ends_at"] - at)
        timer["ends_at"] = None
        timer["running"] = False


def _timer_resume(state: State, name: str, at: int) -> None:
    timer = state["timers"][name]
    if not timer["running"]:
        timer["ends_at"] = at + timer["remaining_ms"]
        timer["running"] = True


def _timer_stop(state: State, name: str) -> None:
    state["timers"][name] = new_timer()


def _stop_all_timers(state: State) -> None:
    for name in TIMERS:
        _timer_stop(state, name)


# ---------------------------------------------------------------------------------------------
# Handlers: one per event kind. Each mutates the (copied) state.


def _sitting_opened(state: State, p: dict[str, Any], at: int) -> None:
    state["sitting"] = p["sitting"]
    if state["phase"] == "adjourned":
        # Business carries over: a topic still on the floor is debated again.
        state["phase"] = "formal" if state["topic"] else "idle"
    state["attendance"] = {}
    state["roll_call"] = {"open": False, "opened_at": None, "closed_at": None}


def _roll_call_opened(state: State, p: dict[str, Any], at: int) -> None:
    state["roll_call"] = {"open": True, "opened_at": at, "closed_at": None}
    if p.get("reset", True):
        state["attendance"] = {str(seat): "absent" for seat in p["seats"]}


def _attendance_marked(state: State, p: dict[str, Any], at: int) -> None:
    state["attendance"][str(p["seat"])] = p["mark"]


def _roll_call_closed(state: State, p: dict[str, Any], at: int) -> None:
    state["roll_call"]["open"] = False
    state["roll_call"]["closed_at"] = at


def _agenda_set(state: State, p: dict[str, Any], at: int) -> None:
    state["topic"] = p["topic"]
    state["phase"] = "formal"
    state["speakers"].setdefault(p["topic"], [])
    state["list_closed"].setdefault(p["topic"], False)
    if p["topic"] in state["tabled"]:
        state["tabled"].remove(p["topic"])


def _speakers(state: State) -> list[int]:
    speakers: list[int] = state["speakers"].setdefault(state["topic"], [])
    return speakers


def _speaker_added(state: State, p: dict[str, Any], at: int) -> None:
    speakers = state["speakers"].setdefault(p["topic"], [])
    position = p.get("position")
    if position is None or position >= len(speakers):
        speakers.append(p["seat"])
    else:
        speakers.insert(position, p["seat"])


def _speaker_removed(state: State, p: dict[str, Any], at: int) -> None:
    speakers = state["speakers"].setdefault(p["topic"], [])
    if p["seat"] in speakers:
        speakers.remove(p["seat"])


def _speaker_moved(state: State, p: dict[str, Any], at: int) -> None:
    speakers = state["speakers"].setdefault(p["topic"], [])
    if p["seat"] in speakers:
        speakers.remove(p["seat"])
        speakers.insert(min(p["position"], len(speakers)), p["seat"])


def _speakers_list_closed(state: State, p: dict[str, Any], at: int) -> None:
    state["list_closed"][p["topic"]] = p["closed"]


def _speech_started(state: State, p: dict[str, Any], at: int) -> None:
    if p.get("from_list"):
        speakers = state["speakers"].setdefault(state["topic"], [])
        if p["seat"] in speakers:
            speakers.remove(p["seat"])
    if state["caucus"] is not None and p["mode"] == "caucus":
        state["caucus"]["speeches"] += 1
        if p["seat"] in state["hands"]:
            state["hands"].remove(p["seat"])
    state["floor"] = {
        "seat": p["seat"],
        "mode": p["mode"],  # "gsl", "caucus", "yield_delegate", "questions"
        "yielded_by": p.get("yielded_by"),
        "questioner": None,
        "started_at": at,
    }
    _timer_start(state, "speaker", p["seconds"] * 1000, at)


def _speech_yielded(state: State, p: dict[str, Any], at: int) -> None:
    floor = state["floor"]
    to = p["to"]
    if to == "chair":
        state["floor"] = None
        _timer_stop(state, "speaker")
        _clear_question_hands(state)
    elif to == "delegate":
        _timer_pause(state, "speaker", at)
        remaining = state["timers"]["speaker"]["remaining_ms"]
        state["floor"] = {
            "seat": p["seat"],
            "mode": "yield_delegate",
            "yielded_by": floor["seat"],
            "questioner": None,
            "started_at": at,
        }
        _timer_start(state, "speaker", remaining, at)
        state["timers"]["speaker"]["duration_ms"] = remaining
    elif to == "questions":
        # Only answers use the time: the clock stops until the chair lets the speaker answer.
        _timer_pause(state, "speaker", at)
        floor["mode"] = "questions"
        state["hands"] = []


def _question_recognised(state: State, p: dict[str, Any], at: int) -> None:
    state["floor"]["questioner"] = p["seat"]
    _timer_pause(state, "speaker", at)
    if p["seat"] in state["hands"]:
        state["hands"].remove(p["seat"])


def _answer_started(state: State, p: dict[str, Any], at: int) -> None:
    _timer_resume(state, "speaker", at)


def _clear_question_hands(state: State) -> None:
    """Hands raised for questions go with the speech; placards of a moderated caucus stay."""
    caucus = state["caucus"]
    if caucus is None or caucus["kind"] != "moderated":
        state["hands"] = []


def _speech_ended(state: State, p: dict[str, Any], at: int) -> None:
    state["floor"] = None
    _timer_stop(state, "speaker")
    _clear_question_hands(state)


def _timer_paused(state: State, p: dict[str, Any], at: int) -> None:
    _timer_pause(state, p["timer"], at)


def _timer_resumed(state: State, p: dict[str, Any], at: int) -> None:
    _timer_resume(state, p["timer"], at)


def _timer_adjusted(state: State, p: dict[str, Any], at: int) -> None:
    timer = state["timers"][p["timer"]]
    delta = p["delta_ms"]
    if timer["running"]:
        # A timer that already ran out has nothing left: adding time counts from now.
        before = max(timer["ends_at"], at)
        timer["ends_at"] = max(at, before + delta)
        applied = timer["ends_at"] - before
    else:
        before = timer["remaining_ms"]
        timer["remaining_ms"] = max(0, before + delta)
        applied = timer["remaining_ms"] - before
    # The duration moves by what was really added or taken, so it never falls below what is left.
    timer["duration_ms"] = max(0, timer["duration_ms"] + applied)


def _timer_reset(state: State, p: dict[str, Any], at: int) -> None:
    timer = state["timers"][p["timer"]]
    timer["remaining_ms"] = timer["duration_ms"]
    timer["ends_at"] = None
    timer["running"] = False


def _hand_raised(state: State, p: dict[str, Any], at: int) -> None:
    if p["seat"] not in state["hands"]:
        state["hands"].append(p["seat"])


def _hand_lowered(state: State, p: dict[str, Any], at: int) -> None:
    if p["seat"] in state["hands"]:
        state["hands"].remove(p["seat"])


def _caucus_started(state: State, p: dict[str, Any], at: int) -> None:
    state["floor"] = None
    state["hands"] = []
    _timer_stop(state, "speaker")
    state["caucus"] = {
        "kind": p["kind"],
        "topic": p.get("topic", ""),
        "total_seconds": p["total_seconds"],
        "speaking_seconds": p.get("speaking_seconds"),
        "slots": p.get("slots"),
        "speeches": 0,
        "proposer": p.get("proposer"),
    }
    state["phase"] = p["kind"]
    _timer_start(state, "caucus", p["total_seconds"] * 1000, at)


def _caucus_extended(state: State, p: dict[str, Any], at: int) -> None:
    caucus = state["caucus"]
    caucus["total_seconds"] += p["seconds"]
    if caucus.get("speaking_seconds"):
        caucus["slots"] = p.get("slots", caucus["slots"])
    _timer_adjusted(state, {"timer": "caucus", "delta_ms": p["seconds"] * 1000}, at)


def _caucus_ended(state: State, p: dict[str, Any], at: int) -> None:
    state["caucus"] = None
    state["floor"] = None
    state["hands"] = []
    _stop_all_timers(state)
    after = "formal" if state["topic"] else "idle"
    if state["phase"] == "suspended":
        # Ended during a suspension: the meeting stays suspended and resumes without it.
        state["resume_phase"] = after
    else:
        state["phase"] = after


def _speaking_time_set(state: State, p: dict[str, Any], at: int) -> None:
    state["speaking_seconds"] = p["seconds"]


def _session_suspended(state: State, p: dict[str, Any], at: int) -> None:
    if state["phase"] != "suspended":
        state["resume_phase"] = state["phase"]
    state["phase"] = "suspended"
    # Remember which timers were running: resuming restarts those and leaves a timer the
    # chair had paused before the suspension paused.
    previous = state.get("suspension") or {}
    running = [name for name in TIMERS if state["timers"][name]["running"]]
    running += [name for name in previous.get("paused", []) if name not in running]
    for name in running:
        _timer_pause(state, name, at)
    state["suspension"] = {
        "until": at + p["seconds"] * 1000 if p.get("seconds") else None,
        "paused": running,
    }


def _session_resumed(state: State, p: dict[str, Any], at: int) -> None:
    state["phase"] = state.get("resume_phase") or ("formal" if state["topic"] else "idle")
    state["resume_phase"] = None
    paused = (state.get("suspension") or {}).get("paused")
    if paused is None:  # a suspension recorded before the list of paused timers was kept
        paused = ["caucus"] if state["caucus"] is not None else []
    state["suspension"] = None
    for name in paused:
        if state["timers"][name]["duration_ms"]:
            _timer_resume(state, name, at)


def _session_adjourned(state: State, p: dict[str, Any], at: int) -> None:
    state["phase"] = "adjourned"
    state["floor"] = None
    state["caucus"] = None
    state["hands"] = []
    state["roll_call"]["open"] = False
    state["suspension"] = None
    state["resume_phase"] = None
    _stop_all_timers(state)


def _debate_closed(state: State, p: dict[str, Any], at: int) -> None:
    state["phase"] = "voting_procedure"
    state["floor"] = None
    state["caucus"] = None
    state["hands"] = []
    _stop_all_timers(state)


def _voting_procedure_ended(state: State, p: dict[str, Any], at: int) -> None:
    state["phase"] = "formal" if state["topic"] else "idle"
    if p.get("topic_done") and state["topic"]:
        state["topic"] = None
        state["phase"] = "idle"


def _topic_tabled(state: State, p: dict[str, Any], at: int) -> None:
    if p["topic"] not in state["tabled"]:
        state["tabled"].append(p["topic"])
    state["topic"] = None
    state["phase"] = "idle"
    state["floor"] = None
    state["caucus"] = None
    _stop_all_timers(state)


def _motion_raised(state: State, p: dict[str, Any], at: int) -> None:
    state["motion_counter"] = p["motion"]["id"]
    motion = dict(p["motion"])
    motion["raised_at"] = at
    state["motions"].append(motion)


def _find_motion(state: State, motion_id: int) -> dict[str, Any] | None:
    return next((m for m in state["motions"] if m["id"] == motion_id), None)


def _motion_seconded(state: State, p: dict[str, Any], at: int) -> None:
    motion = _find_motion(state, p["motion"])
    if motion is not None:
        motion["seconded_by"] = p["seat"]


def _motion_dropped(state: State, p: dict[str, Any], at: int) -> None:
    """Withdrawn by its proposer, ruled out of order or dilatory, or lapsed."""
    dropped = set(p["motions"])
    state["motions"] = [m for m in state["motions"] if m["id"] not in dropped]
    if p.get("ruling"):
        state["ruling"] = {
            "motion": p["motion_data"],
            "ruling": p["ruling"],
            "at": at,
            "appealed_by": None,
        }


def _ruling_appealed(state: State, p: dict[str, Any], at: int) -> None:
    state["ruling"]["appealed_by"] = p["seat"]


def _ruling_settled(state: State, p: dict[str, Any], at: int) -> None:
    ruling = state["ruling"]
    state["ruling"] = None
    if p.get("overruled") and ruling is not None:
        state["motions"].append(ruling["motion"])


def _vote_opened(state: State, p: dict[str, Any], at: int) -> None:
    state["vote_counter"] = p["vote"]["id"]
    vote = dict(p["vote"])
    vote.update({"opened_at": at, "ballots": {}, "placard": None, "revealed": False})
    state["vote"] = vote
    if state["floor"] is not None:
        _timer_pause(state, "speaker", at)
    # A new vote ends the explanations of the last one (and those given before this one).
    state["explanations"] = None


def _ballot_cast(state: State, p: dict[str, Any], at: int) -> None:
    state["vote"]["ballots"][str(p["seat"])] = p["choice"]
    if p.get("by") == "chair":  # a vote given aloud or by placard, recorded by the chair
        state["vote"].setdefault("entered", []).append(p["seat"])


def _placard_counted(state: State, p: dict[str, Any], at: int) -> None:
    state["vote"]["placard"] = {"yes": p["yes"], "no": p["no"], "abstain": p["abstain"]}
    if p.get("permanent_no"):
        state["vote"]["placard"]["permanent_no"] = p["permanent_no"]
    if p.get("replaced"):  # the chair confirmed that the count replaces the ballots cast
        state["vote"]["replaced"] = p["replaced"]


def _vote_revealed(state: State, p: dict[str, Any], at: int) -> None:
    state["vote"]["revealed"] = p.get("revealed", True)


def _vote_closed(state: State, p: dict[str, Any], at: int) -> None:
    result = dict(p["result"])
    result["at"] = at
    _remember_decided(state, state["vote"], result)
    state["vote"] = None
    state["results"] = ([result] + state["results"])[:5]
    if result["valid"] and result.get("motion") is not None:
        state["motions"] = [m for m in state["motions"] if m["id"] != result["motion"]]
    _open_explanations(state, result)


def _remember_decided(state: State, vote: dict[str, Any] | None, result: dict[str, Any]) -> None:
    """What a motion to reconsider needs of the last few decided votes (committee/live/
    reconsider.py): who voted how, what the engine decided it as, and the motion put."""
    if vote is None or not result.get("valid"):
        return
    motion = next((m for m in state["motions"] if m["id"] == vote.get("motion")), None)
    decided = state.setdefault("decided", [])
    decided.insert(
        0,
        {
            "vote": vote["id"],
            "decide_as": vote.get("decide_as") or vote["question"],
            "ballots": dict(vote["ballots"]),
            "placard": vote.get("placard") is not None,
            "motion": motion,
        },
    )
    del decided[5:]


# ---------------------------------------------------------------------------------------------
# Explanations of vote (commands in committee/live/explanations.py)

EXPLAINED_QUESTIONS = ("substantive", "amendment", "important", "constitutional")


def _explanations_window(
    *, vote: int | None, when: str, title: str = "", code: str | None = None, rights: Any = ()
) -> dict[str, Any]:
    return {
        "vote": vote,  # the vote explained (None before it is opened)
        "when": when,  # "before" or "after" the vote
        "title": title,
        "code": code,
        "rights": list(rights),  # seats that voted "with rights" (a roll call)
        "queue": list(rights),  # seats waiting for the floor, in order
        "given": [],  # seats that have explained, in order
    }


def _open_explanations(state: State, result: dict[str, Any]) -> None:
    """After a valid vote on a substantive question, the seats granted rights wait to explain
    their vote; others join where the profile lets them (the commands check the profile)."""
    state["explanations"] = None
    if result.get("valid") and result.get("question") in EXPLAINED_QUESTIONS:
        state["explanations"] = _explanations_window(
            vote=result.get("vote"),
            when="after",
            title=result.get("title") or "",
            code=result.get("code"),
            rights=result.get("rights") or [],
        )


def _explanation_requested(state: State, p: dict[str, Any], at: int) -> None:
    if state.get("explanations") is None:
        state["explanations"] = _explanations_window(vote=None, when=p.get("when", "before"))
    queue = state["explanations"]["queue"]
    if p["seat"] not in queue:
        queue.append(p["seat"])


def _explanation_withdrawn(state: State, p: dict[str, Any], at: int) -> None:
    window = state.get("explanations")
    if window is not None and p["seat"] in window["queue"]:
        window["queue"].remove(p["seat"])


def _explanation_started(state: State, p: dict[str, Any], at: int) -> None:
    window = state["explanations"]
    if p["seat"] in window["queue"]:
        window["queue"].remove(p["seat"])
    window["given"].append(p["seat"])
    _speech_started(
        state, {"seat": p["seat"], "mode": "explanation", "seconds": p["seconds"]}, at
    )


def _explanations_closed(state: State, p: dict[str, Any], at: int) -> None:
    state["explanations"] = None


def _vote_cancelled(state: State, p: dict[str, Any], at: int) -> None:
    state["vote"] = None


def _point_raised(state: State, p: dict[str, Any], at: int) -> None:
    state["point_counter"] = p["point"]["id"]
    point = dict(p["point"])
    point["at"] = at
    state["points"].append(point)


def _point_settled(state: State, p: dict[str, Any], at: int) -> None:
    state["points"] = [pt for pt in state["points"] if pt["id"] != p["point"]]


def _point_restored(state: State, p: dict[str, Any], at: int) -> None:
    state["points"].append(p["point_data"])
    state["points"].sort(key=lambda pt: pt["id"])


def _rules_changed(state: State, p: dict[str, Any], at: int) -> None:
    """An organizer changed the rules or the seats that hold a veto: the next decision uses the
    new ones (the profile is read from the committee at each command); the journal keeps what
    changed."""
    state["rules_version"] = state.get("rules_version", 0) + 1


def _consensus_proposed(state: State, p: dict[str, Any], at: int) -> None:
    state["consensus"] = dict(p["consensus"])
    state["consensus_counter"] = p["consensus"]["id"]


def _consensus_ended(state: State, p: dict[str, Any], at: int) -> None:
    """Objected to (a recorded vote follows) or withdrawn: nothing is decided here."""
    state["consensus"] = None


def _consensus_adopted(state: State, p: dict[str, Any], at: int) -> None:
    state["consensus"] = None
    # `by`: "chair" (the chair closed it) or "deadline" (the server, when the moment ran out).
    _vote_closed(state, {"result": {**p["result"], "by": p.get("by", "chair")}}, at)


def _corrected(state: State, p: dict[str, Any], at: int) -> None:
    """An undo: the correction is recorded and applied as the inverse event it names."""
    inverse = p["inverse"]
    HANDLERS[inverse["kind"]](state, inverse["payload"], at)
    state["undone"].append(p["seq"])


HANDLERS: dict[str, Callable[[State, dict[str, Any], int], None]] = {
    "sitting_opened": _sitting_opened,
    "roll_call_opened": _roll_call_opened,
    "attendance_marked": _attendance_marked,
    "roll_call_closed": _roll_call_closed,
    "agenda_set": _agenda_set,
    "speaker_added": _speaker_added,
    "speaker_removed": _speaker_removed,
    "speaker_moved": _speaker_moved,
    "speakers_list_closed": _speakers_list_closed,
    "speech_started": _speech_started,
    "speech_yielded": _speech_yielded,
    "question_recognised": _question_recognised,
    "answer_started": _answer_started,
    "speech_ended": _speech_ended,
    "timer_paused": _timer_paused,
    "timer_resumed": _timer_resumed,
    "timer_adjusted": _timer_adjusted,
    "timer_reset": _timer_reset,
    "hand_raised": _hand_raised,
    "hand_lowered": _hand_lowered,
    "caucus_started": _caucus_started,
    "caucus_extended": _caucus_extended,
    "caucus_ended": _caucus_ended,
    "speaking_time_set": _speaking_time_set,
    "session_suspended": _session_suspended,
    "session_resumed": _session_resumed,
    "session_adjourned": _session_adjourned,
    "debate_closed": _debate_closed,
    "voting_procedure_ended": _voting_procedure_ended,
    "topic_tabled": _topic_tabled,
    "motion_raised": _motion_raised,
    "motion_seconded": _motion_seconded,
    "motion_dropped": _motion_dropped,
    "ruling_appealed": _ruling_appealed,
    "ruling_settled": _ruling_settled,
    "vote_opened": _vote_opened,
    "ballot_cast": _ballot_cast,
    "placard_counted": _placard_counted,
    "vote_revealed": _vote_revealed,
    "vote_closed": _vote_closed,
    "vote_cancelled": _vote_cancelled,
    "point_raised": _point_raised,
    "point_settled": _point_settled,
    "point_restored": _point_restored,
    "corrected": _corrected,
    "rules_changed": _rules_changed,
    "consensus_proposed": _consensus_proposed,
    "consensus_objected": _consensus_ended,
    "consensus_withdrawn": _consensus_ended,
    "consensus_adopted": _consensus_adopted,
    "explanation_requested": _explanation_requested,
    "explanation_withdrawn": _explanation_withdrawn,
    "explanation_started": _explanation_started,
    "explanations_closed": _explanations_closed,
    **documents.HANDLERS,
    # roll-call votes (committee/live/votes.py; kept here so the reducer imports nothing else)
    "roll_call_answered": lambda state, p, at: _roll_call_answered(state, p, at),
}


def _roll_call_answered(state: State, p: dict[str, Any], at: int) -> None:
    vote = state["vote"]
    vote["roll_call"] = p["roll_call"]
    plain = {"yes": "yes", "no": "no", "abstain": "abstain", "yes_rights": "yes", "no_rights": "no"}
    if p["answer"] in plain:
        vote["ballots"][str(p["seat"])] = plain[p["answer"]]


def apply_event(state: State, event: Event) -> State:
    """Return the state after `event` ({"kind", "payload", "at"}); the input is not changed."""
    handler = HANDLERS.get(event["kind"])
    if handler is None:
        raise ValueError(f"unknown event kind {event['kind']!r}")
    # The state is plain JSON: a JSON round trip copies it faster than copy.deepcopy.
    new_state = json.loads(json.dumps(state)) if state else initial_state()
    handler(new_state, event["payload"], event["at"])
    return new_state


def replay(events: list[Event]) -> State:
    state = initial_state()
    for event in events:
        state = apply_event(state, event)
    return state
