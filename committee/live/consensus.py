"""Questions the chair puts to the committee, and adoption without a vote.

* ``proposal.vote`` (chair): put a question of the chair's wording to a recorded vote, as the
  kind of question the chair rules it is ("procedural", "substantive", "important",
  "constitutional"). Under the Security Council profile the chair's ruling that a question is
  procedural is what keeps the veto out (Charter Art. 27; the engine takes the ruling as input).
* ``consensus.propose`` (chair): propose adopting a pending motion or a question without a vote.
  Every delegate's device shows an "Object" button for the profile's ``objection_seconds``.
* ``consensus.object`` (a delegate of a voting member present): one objection ends the
  proposal and opens a recorded vote on the same question at once.
* ``consensus.close`` (chair, once the moment to object has passed with no objection): adopted
  "without a vote", recorded so in the journal (`consensus_adopted`) and in the results.
* ``consensus.withdraw`` (chair): drop the proposal; nothing is decided.
* `expired_events`: once the moment to object has run out, the server closes the proposal by
  itself (``consensus_adopted`` with ``by: "deadline"``): the services call it before every
  command and when the deadline fires, under the committee's lock, so it happens once.

Pure like the rest of `committee.live`: no database, no I/O; `commands.handle` dispatches here.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from committee.live import ballots, motions
from committee.live import base as c
from committee.live.state import State, apply_event

Payload = dict[str, Any]
Ev = dict[str, Any]

#: The kinds of question a chair may put (what the engine decides them as).
PROPOSAL_QUESTIONS = ("procedural", "substantive", "important", "constitutional")
TITLE_MAX = 300


def _pending(state: State) -> dict[str, Any] | None:
    return state.get("consensus")


def require_none_pending(state: State) -> None:
    """Refuse to open a vote while an adoption without a vote is pending."""
    if _pending(state) is not None:
        raise c.LiveError(_("An adoption without a vote is pending: close or withdraw it first."))


def _subject(state: State, ctx: c.Context, command: Payload) -> Payload:
    """What is put to the committee: a pending motion, or a question the chair words."""
    if command.get("motion") is not None:
        motion = motions._find_motion(state, command)
        if motion["needs_second"] and motion["seconded_by"] is None:
            raise c.LiveError(_("The motion has not been seconded."))
        return {
            "subject": "motion",
            "motion": motion["id"],
            "kind": motion["kind"],
            "question": motion["question"],
            "decide_as": motion["kind"],
            "title": "",
        }
    title = " ".join(str(command.get("title") or "").split())
    if not title:
        raise c.LiveError(_("Say what the committee is deciding."))
    if len(title) > TITLE_MAX:
        raise c.LiveError(_("Keep the question under 300 characters."))
    question = command.get("question")
    if question not in PROPOSAL_QUESTIONS:
        raise c.LiveError(_("Rule whether the question is procedural or substantive."))
    return {
        "subject": "proposal",
        "motion": None,
        "kind": None,
        "question": question,
        "decide_as": question,
        "title": title,
    }


def _proposal_vote(state: State, ctx: c.Context, actor: c.Actor, command: Payload) -> list[Ev]:
    c._require_chair(actor)
    c._require_no_vote(state)
    require_none_pending(state)
    c._require_live(state)
    subject = _subject(state, ctx, {**command, "motion": None})
    return c._open_vote(state, ctx, subject, subject["question"], decide_as=subject["decide_as"])


def _propose(state: State, ctx: c.Context, actor: c.Actor, command: Payload) -> list[Ev]:
    c._require_chair(actor)
    c._require_no_vote(state)
    require_none_pending(state)
    c._require_live(state)
    subject = _subject(state, ctx, command)
    if subject["subject"] == "motion":
        motions._motion_allowed_now(state, subject["kind"])
    if not ctx.profile.consensus_allowed(subject["decide_as"]):
        raise c.LiveError(_("Under these rules this question cannot be adopted without a vote."))
    seconds = ctx.profile.settings.objection_seconds
    proposal = {
        **subject,
        "id": state.get("consensus_counter", 0) + 1,
        "ends_at": ctx.now + seconds * 1000,
        "seconds": seconds,
    }
    return [c._ev("consensus_proposed", consensus=proposal)]


def _object(state: State, ctx: c.Context, actor: c.Actor, command: Payload) -> list[Ev]:
    c._require_delegate(actor)
    proposal = _pending(state)
    if proposal is None:
        if _closed_at_deadline(state):
            raise c.LiveError(_("The moment to object has passed: adopted without a vote."))
        raise c.LiveError(_("Nothing is being adopted without a vote."))
    info = ctx.seats.get(actor.seat)  # type: ignore[arg-type]
    if info is None or not info.voting:
        raise c.LiveError(_("Only member states with a vote may object."))
    c._require_present(state, ctx, actor.seat)  # type: ignore[arg-type]
    if ctx.now > proposal["ends_at"]:
        raise c.LiveError(_("The moment to object has passed."))
    events = [c._ev("consensus_objected", consensus=proposal["id"], seat=actor.seat)]
    after = apply_event(state, {**events[0], "at": ctx.now})
    subject = {
        key: proposal[key] for key in ("subject", "motion", "kind", "title") if proposal[key]
    }
    subject.setdefault("motion", None)
    subject.setdefault("kind", None)
    # One objection means a recorded vote on the same question, opened at once.
    return events + c._open_vote(
        after, ctx, {**subject, "recorded": True}, proposal["question"], proposal["decide_as"]
    )


def _adopt(state: State, ctx: c.Context, proposal: dict[str, Any], by: str) -> list[Ev]:
    """Adopted without a vote: nobody objected in time."""
    result = {
        "vote": None,
        "consensus": proposal["id"],
        "subject": proposal["subject"],
        "motion": proposal["motion"],
        "kind": proposal["kind"],
        "title": proposal["title"],
        "question": proposal["question"],
        "yes": 0,
        "no": 0,
        "abstain": 0,
        "present": len(c.present_voting_seats(state, ctx)),
        "passed": True,
        "valid": True,
        "required_yes": 0,
        "reason": _("Adopted without a vote: nobody objected."),
        "threshold": "without_vote",
        "tie": False,
        "method": "without_vote",
    }
    events = [
        c._ev(
            "consensus_adopted",
            consensus=proposal["id"],
            result=result,
            by=by,
            ends_at=proposal["ends_at"],
        ),
    ]
    if proposal["subject"] == "motion":
        motion = next((m for m in state["motions"] if m["id"] == proposal["motion"]), None)
        if motion is not None:
            after = apply_event(state, {**events[0], "at": ctx.now})
            events += ballots._effects_of_passed_motion(after, ctx, motion)
    return events


def _closed_at_deadline(state: State) -> bool:
    """Whether the last proposal was adopted by the server when its moment ran out."""
    results = state.get("results") or []
    return bool(
        results
        and results[0].get("method") == "without_vote"
        and results[0].get("consensus") == state.get("consensus_counter")
        and results[0].get("by") == "deadline"
    )


def expired_events(state: State, ctx: c.Context) -> list[Ev]:
    """The events that close a proposal whose moment to object ran out with no objection; []
    when none is pending or time remains. Deterministic: the same state and time give the same
    events, and once they are journalled nothing is pending, so a second call gives []."""
    proposal = _pending(state)
    if proposal is None or ctx.now < proposal["ends_at"]:
        return []
    return _adopt(state, ctx, proposal, "deadline")


def _close(state: State, ctx: c.Context, actor: c.Actor, command: Payload) -> list[Ev]:
    c._require_chair(actor)
    proposal = _pending(state)
    if proposal is None:
        if _closed_at_deadline(state):
            return []  # the server closed it when the moment ran out: nothing left to do
        raise c.LiveError(_("Nothing is being adopted without a vote."))
    if ctx.now < proposal["ends_at"]:
        raise c.LiveError(_("Wait until the moment to object has passed."))
    return _adopt(state, ctx, proposal, "chair")


def _withdraw(state: State, ctx: c.Context, actor: c.Actor, command: Payload) -> list[Ev]:
    c._require_chair(actor)
    proposal = _pending(state)
    if proposal is None:
        raise c.LiveError(_("Nothing is being adopted without a vote."))
    return [c._ev("consensus_withdrawn", consensus=proposal["id"])]


COMMANDS = {
    "proposal.vote": _proposal_vote,
    "consensus.propose": _propose,
    "consensus.object": _object,
    "consensus.close": _close,
    "consensus.withdraw": _withdraw,
}
DELEGATE_COMMANDS = frozenset({"consensus.object"})
