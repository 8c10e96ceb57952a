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
        "permanent_no": (int, False),  # no votes cast by seats that hold a veto
        "replace": (bool, False),
    },
    "vote.reveal": {"revealed": (bool, False)},
    "vote.close": {"confirm": (bool, False)},
    "vote.cancel": {},
    # questions the chair puts, and adoption without a vote (committee/live/consensus.py)
    "proposal.vote": {"title": (str, True), "question": (str, True)},
    "consensus.propose": {"motion": (int, False), "title": (str, False), "question": (str, False)},
    "consensus.object": {},
    "consensus.close": {},
    "consensus.withdraw": {},
    # drafts (committee/live/drafts.py); their text is written and approved in resolutions/
    "draft.introduce": {"draft": (int, True)},
    "draft.focus": {"draft": (int, False), "clause": (str, False), "clause_id": ((int, str), False)},
    "draft.vote": {"draft": (int, True), "roll_call": (bool, False)},
    "vote.answer": {"answer": (str, True), "seat": (int, False)},
    # explanations of vote (committee/live/explanations.py)
    "explanation.request": {"seat": (int, False)},
    "explanation.withdraw": {"seat": (int, False)},
    "explanation.start": {"seat": (int, False)},
    "explanations.close": {},
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
    "vote": int,  # reconsider: the decided vote (a result's `vote`) to put again
}
MAX_MESSAGE_BYTES = 4096
MAX_TEXT_CHARS = 1000

# The outgoing side: every frame the server sends, type -> {field: required}. Nothing checks it
# on the hot path; the websocket tests check every frame they read against it (see
# `server_frame_problems`), and tests/test_docs.py checks committee/README.md against both tables.
SERVER_FRAMES: dict[str, dict[str, bool]] = {
    "snapshot": {
        "seq": True,
        "server_now": True,
        "state": True,
        "events": True,
        "private": False,  # delegates only
        "presence": False,  # chairs only
    },
    "event": {"first_seq": True, "seq": True, "server_now": True, "events": True, "patch": True},
    "private": {"seq": True, "private": True, "notices": True},
    # Ballots cast from devices, coalesced (committee/hub.py): first_seq..seq are ballot_cast
    # events; the counts are those at `seq`; `voted` (chair, public) and `ballots` (chair) list
    # the seats of these ballots only; `tally` for the chair, for the others once revealed.
    "tally": {
        "first_seq": True,
        "seq": True,
        "vote": True,
        "cast": True,
        "method": True,
        "events": True,
        "tally": False,
        "voted": False,
        "ballots": False,
        "entered": False,
    },
    "paper": {"paper": True, "revision": True, "change": True, "document": True},
    "presence": {"connected": True},
    "pong": {"t": True, "server_now": True, "seq": True, "presence": False},
    "ok": {"ref": True, "seq": True},
    "error": {"ref": True, "message": True},
}
# A frame this large is not a message of this protocol: the socket closes with 4413.
# (daphne itself drops frames over its --websocket_max_message_size, 1 MiB by default.)
MAX_FRAME_BYTES = 65536


class ProtocolError(Exception):
    """A malformed message; the message says what is wrong."""


def storable(text: str) -> bool:
    """Whether `text` can be stored and sent back: UTF-8 encodable and free of NUL.

    JSON may carry an unpaired surrogate ("\\ud800"): Python decodes it into a str that no
    UTF-8 encoder accepts, so one such string in the session state would make every frame
    that shows it fail to send, and PostgreSQL refuses it (and NUL) outright.
    """
    if text.isascii():
        return "\x00" not in text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def _check_text(kind: str, name: str, value: str) -> None:
    if len(value) > MAX_TEXT_CHARS:
        raise ProtocolError(f"Field {name!r} is too long.")
    if not storable(value):
        raise ProtocolError(
            f"Field {name!r} of {kind} holds characters that cannot be stored "
            "(a NUL character or an unpaired surrogate)."
        )


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
        if isinstance(value, str):
            _check_text(kind, name, value)
        message[name] = value
    for name, (_expected, required) in fields.items():
        if required and name not in message:
            raise ProtocolError(f"Field {name!r} is missing for {kind}.")
    if kind == "motion.raise" and "params" in message:
        for name, value in message["params"].items():
            param_type = MOTION_PARAMS.get(name)
            if param_type is None:
                raise ProtocolError(f"Unknown motion parameter {name!r}.")
            if isinstance(value, bool) or not isinstance(value, param_type):
                raise ProtocolError(f"Motion parameter {name!r} has the wrong type.")
            if isinstance(value, str):
                _check_text(kind, name, value)
    return message


def reference(data: Any) -> Any:
    """The client's "ref" for the reply, if it is a short string or a number. Anything else
    (a list, a lone surrogate or NUL that could not be sent back, ...) is answered with none."""
    if isinstance(data, dict):
        ref = data.get("ref")
        if isinstance(ref, int) and not isinstance(ref, bool) and abs(ref) < 10**64:
            return ref
        if isinstance(ref, str) and len(ref) <= 64 and "\x00" not in ref:
            try:
                ref.encode("utf-8")
            except UnicodeEncodeError:
                return None
            return ref
    return None


def server_frame_problems(frame: Any) -> list[str]:
    """What is wrong with a frame the server sent, judged by SERVER_FRAMES (empty when fine)."""
    if not isinstance(frame, dict):
        return ["a frame must be a JSON object"]
    kind = frame.get("type")
    if kind not in SERVER_FRAMES:
        return [f"unknown frame type {kind!r}"]
    fields = SERVER_FRAMES[kind]
    problems = [
        f"{kind}: unknown field {name!r}" for name in frame if name not in fields and name != "type"
    ]
    problems += [
        f"{kind}: missing field {name!r}"
        for name, required in fields.items()
        if required and name not in frame
    ]
    return problems
