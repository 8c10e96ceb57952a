"""The websocket protocol's incoming side: every message a browser may send, validated here.

A message is a JSON object with a "type", an optional "ref" (echoed in the reply so the page
can tie an error to its button), and the fields below. Unknown types, missing fields, fields of
the wrong type and unknown fields are refused before anything else looks at the message.
"""

from __future__ import annotations

from typing import Any

SEAT = ("seat", int)
TIMER = ("timer", str)

# type -> {field: (python type, required)}
SCHEMA: dict[str, dict[str, tuple[type | tuple[type, ...], bool]]] = {
    # housekeeping
    "ping": {"t": ((int, float), True)},
    "sync": {"last_seq": (int, False)},
    # sitting and roll call
    "sitting.open": {},
    "rollcall.open": {},
    "rollcall.mark": {"seat": (int, True), "mark": (str, True)},
    "rollcall.answer": {"mark": (str, True)},
    "rollcall.close": {},
    # agenda and speakers
    "agenda.set": {"topic": (str, True)},
    "speakers.add": {"seat": (int, True), "position": (int, False)},
    "speakers.join": {},
    "speakers.remove": {"seat": (int, True)},
    "speakers.leave": {},
    "speakers.move": {"seat": (int, True), "position": (int, True)},
    "speakers.close": {"closed": (bool, True)},
    "speech.next": {},
    "speech.recognise": {"seat": (int, True), "seconds": (int, False)},
    "speech.end": {},
    "speech.yield": {"to": (str, True), "seat": (int, False)},
    "question.recognise": {"seat": (int, True)},
    "answer.start": {},
    "hand.raise": {},
    "hand.lower": {"seat": (int, False)},
    # timers, caucuses, the meeting
    "timer.pause": {"timer": (str, True)},
    "timer.resume": {"timer": (str, True)},
    "timer.adjust": {"timer": (str, True), "seconds": (int, True)},
    "timer.reset": {"timer": (str, True)},
    "caucus.start": {
        "kind": (str, True),
        "total_seconds": (int, True),
        "speaking_seconds": (int, False),
        "topic": (str, False),
    },
    "caucus.end": {},
    "speaking_time.set": {"seconds": (int, True)},
    "session.suspend": {"seconds": (int, False)},
    "session.resume": {},
    "session.adjourn": {},
    "debate.close": {},
    "voting.end": {"topic_done": (bool, False)},
    # motions, rulings, votes
    "motion.raise": {"kind": (str, True), "params": (dict, False), "seat": (int, False)},
    "motion.second": {"motion": (int, True), "seat": (int, False)},
    "motion.withdraw": {"motion": (int, True)},
    "motion.rule": {"motion": (int, True), "ruling": (str, True)},
    "motion.vote": {"motion": (int, True)},
    "ruling.appeal": {},
    "ruling.clear": {},
    "ruling.vote": {},
    "vote.cast": {"choice": (str, True)},
    "vote.enter": {"seat": (int, True), "choice": (str, True)},
    "vote.placard": {
        "yes": (int, True),
        "no": (int, True),
        "abstain": (int, False),
        "replace": (bool, False),
    },
    "vote.reveal": {"revealed": (bool, False)},
    "vote.close": {"confirm": (bool, False)},
    "vote.cancel": {},
    # drafts (committee/live/drafts.py); their text is written and approved in resolutions/
    "draft.introduce": {"draft": (int, True)},
    "draft.focus": {"draft": (int, False), "clause": (str, False)},
    "draft.vote": {"draft": (int, True), "roll_call": (bool, False)},
    "vote.answer": {"answer": (str, True), "seat": (int, False)},
    # points
    "point.raise": {"kind": (str, True), "text": (str, False)},
    "point.answer": {"point": (int, True), "reply": (str, False)},
    "point.dismiss": {"point": (int, True), "reply": (str, False)},
    "point.withdraw": {"point": (int, True)},
    # corrections
    "undo": {"seq": (int, True)},
}

MOTION_PARAMS = {
    "total_seconds": int,
    "speaking_seconds": int,
    "topic": str,
    "draft": int,  # introduce_draft, divide_question, roll_call_vote, reorder_drafts: the draft
    "parts": str,  # divide_question: operative clauses, "2, 4+5" (4 and 5 voted together)
}
MAX_MESSAGE_BYTES = 4096


class ProtocolError(Exception):
    """A malformed message; the message says what is wrong."""


def parse(data: Any) -> dict[str, Any]:
    """Validate one decoded message and return it without "ref"."""
    if not isinstance(data, dict):
        raise ProtocolError("A message must be a JSON object.")
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in SCHEMA:
        raise ProtocolError(f"Unknown message type {kind!r}.")
    fields = SCHEMA[kind]
    message: dict[str, Any] = {"type": kind}
    for name, value in data.items():
        if name in ("type", "ref"):
            continue
        if name not in fields:
            raise ProtocolError(f"Unknown field {name!r} for {kind}.")
        expected, _required = fields[name]
        # bool is an int in Python: never accept true/false where a number is expected.
        if isinstance(value, bool) and expected is not bool:
            raise ProtocolError(f"Field {name!r} of {kind} has the wrong type.")
        if not isinstance(value, expected):
            raise ProtocolError(f"Field {name!r} of {kind} has the wrong type.")
        if isinstance(value, str) and len(value) > 1000:
            raise ProtocolError(f"Field {name!r} is too long.")
        message[name] = value
    for name, (_expected, required) in fields.items():
        if required and name not in message:
            raise ProtocolError(f"Field {name!r} is missing for {kind}.")
    if kind == "motion.raise" and "params" in message:
        for name, value in message["params"].items():
            expected = MOTION_PARAMS.get(name)
            if expected is None:
                raise ProtocolError(f"Unknown motion parameter {name!r}.")
            if isinstance(value, bool) or not isinstance(value, expected):
                raise ProtocolError(f"Motion parameter {name!r} has the wrong type.")
    return message


def reference(data: Any) -> Any:
    """The client's "ref" for the reply, if it is a short string or a number."""
    if isinstance(data, dict):
        ref = data.get("ref")
        if isinstance(ref, (int, str)) and not isinstance(ref, bool) and len(str(ref)) <= 64:
            return ref
    return None
