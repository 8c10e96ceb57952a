"""Live commands: Votes: putting motions and rulings to a vote, ballots from devices and from the chair, placard counts, closing a vote and what a passed motion does.

Part of `committee.live.commands.handle()`; pure (no database).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from committee.live import drafts, reconsider, votes
from committee.live.base import (  # re-exported: see __all__
    Actor,
    Context,
    Ev,
    LiveError,
    Payload,
    _ev,
    _open_vote,
    _require_chair,
    _require_delegate,
    _require_live,
    _require_no_vote,
    _seat_arg,
    motion_rule,
    ordered_motions,
    present_voting_seats,
)
from committee.live.floor import _end_current_speech
from committee.live.meeting import _caucus_events
from committee.live.motions import _find_motion, _motion_allowed_now
from committee.live.state import State, apply_event
from committee.procedure import moderated_caucus_slots

# ---------------------------------------------------------------------------------------------
# Votes


def _motion_vote(state: State, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    _require_chair(actor)
    _require_no_vote(state)
    motion = _find_motion(state, c)
    if not motion_rule(ctx, motion["kind"]).in_profile:
        # Raised before the organizer changed the rules to ones without it.
        raise LiveError(_("The rules no longer have this motion: rule it out of order."))
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
    return ballot_cast(state["vote"], actor, c)


def ballot_cast(vote: dict[str, Any] | None, actor: Actor, c: Payload) -> list[Ev]:
    """A delegate's own ballot in `vote` (the open vote or None). Needs of `vote["ballots"]`
    only whether this seat is in it: the services' fast path passes just that."""
    _require_delegate(actor)
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
    return ballot_entered(state["vote"], ctx, actor, c)


def ballot_entered(vote: dict[str, Any] | None, ctx: Context, actor: Actor, c: Payload) -> list[Ev]:
    """The chair records a seat's vote given aloud or by placard (a seat without a device) in
    `vote` (the open vote or None): a ballot like any other, marked "entered by the chair".
    Needs of `vote["ballots"]` only whether the named seat is in it, and of `ctx` only that
    seat (its country name): the services' fast path passes just that."""
    _require_chair(actor)
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
        raise LiveError(
            _("%(country)s cannot abstain on this vote.") % {"country": ctx.country(seat)}
        )
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
            _(
                "%(cast)d ballots have been cast. Counting placards replaces them: confirm to replace."
            )
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
    elif kind == "reconsider":
        # The question is put to the vote again at once (committee/live/reconsider.py).
        effects = reconsider.reopen(state, ctx, params)
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
            _(
                "Only %(cast)d of %(eligible)d have voted, so the vote would be invalid: record the other votes, count placards, or close anyway."
            )
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


COMMANDS: dict[str, Callable[[State, Context, Actor, Payload], list[Ev]]] = {
    "motion.vote": _motion_vote,
    "ruling.vote": _ruling_vote,
    "vote.cast": _vote_cast,
    "vote.enter": _vote_enter,
    "vote.placard": _vote_placard,
    "vote.reveal": _vote_reveal,
    "vote.close": _vote_close,
    "vote.cancel": _vote_cancel,
}
