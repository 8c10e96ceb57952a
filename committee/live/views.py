"""What each audience sees of the session state.

Rendered once per audience per event (never once per socket):
- public: projectors and anyone with the link: the state of the room, no ballots, no notes;
  the running tally only after the chair reveals it.
- delegates: public, plus who has voted (not how) and who may abstain.
- chair: everything, including each ballot and the queue of points.
`private_view` is the little a single seat sees of its own: its ballot and its points.
"""

from __future__ import annotations

import copy
from typing import Any

from committee.live.commands import (
    Context,
    motion_rule,
    ordered_motions,
    present_voting_seats,
    speaking_seconds,
    vote_method,
    vote_tally,
)
from committee.live.documents import focus_view
from committee.live.explanations import explanation_seconds
from committee.live.state import State
from committee.live.votes import roll_call_view


def _quorum(state: State, ctx: Context) -> dict[str, Any]:
    present = len(present_voting_seats(state, ctx))
    observers = sum(
        1
        for seat in ctx.seats.values()
        if not seat.voting
        and state["attendance"].get(str(seat.id)) in ("present", "present_and_voting")
    )
    quorum = ctx.profile.quorum(present=present, members=ctx.members, observers=observers)
    return {
        "required": quorum.required,
        "observers": observers,
        "present": present,
        "members": ctx.members,
        "can_debate": quorum.can_debate,
        "can_vote": quorum.can_vote,
        "needed_to_debate": quorum.needed_to_debate,
        "needed_to_vote": quorum.needed_to_vote,
    }


def _motions(state: State, ctx: Context) -> list[dict[str, Any]]:
    shown = []
    for motion in ordered_motions(state, ctx):
        rule = motion_rule(ctx, motion["kind"])
        shown.append(
            {
                **motion,
                "threshold": rule.threshold,
                "speakers_for": rule.speakers_for,
                "speakers_against": rule.speakers_against,
                "ready": not motion["needs_second"] or motion["seconded_by"] is not None,
            }
        )
    return shown


def public_view(state: State, ctx: Context) -> dict[str, Any]:
    topic = state["topic"]
    vote = state["vote"]
    shown_vote = None
    if vote is not None:
        shown_vote = {
            key: vote[key]
            for key in (
                "id",
                "subject",
                "motion",
                "kind",
                "title",
                "question",
                "opened_at",
                "revealed",
                "recorded",
            )
            if key in vote
        }
        shown_vote["eligible_count"] = len(vote["eligible"])
        placard = vote.get("placard")
        shown_vote["cast_count"] = sum(placard.values()) if placard else len(vote["ballots"])
        shown_vote["abstain_possible"] = bool(vote["may_abstain"])
        shown_vote["method"] = vote_method(vote)
        if vote.get("draft") is not None:
            shown_vote["draft"] = vote["draft"]
            shown_vote["code"] = vote.get("code")
            shown_vote["amendment"] = vote.get("amendment")
        # Who has voted (never how): the projector shows the room who is still to vote.
        shown_vote["voted"] = sorted(int(seat) for seat in vote["ballots"])
        if vote["revealed"]:
            shown_vote["tally"] = vote_tally(vote)
        # A roll call is public by nature: the room hears every answer.
        shown_vote["roll_call"] = roll_call_view(vote)
    return {
        "phase": state["phase"],
        "resume_phase": state["resume_phase"],
        "sitting": state["sitting"],
        "topic": topic,
        "tabled": state["tabled"],
        "speaking_seconds": speaking_seconds(state, ctx),
        "roll_call": state["roll_call"],
        "attendance": state["attendance"],
        "quorum": _quorum(state, ctx),
        "speakers": state["speakers"].get(topic, []) if topic else [],
        "list_closed": bool(state["list_closed"].get(topic)) if topic else False,
        "floor": state["floor"],
        "timers": state["timers"],
        "caucus": state["caucus"],
        "suspension": state.get("suspension"),
        "motions": _motions(state, ctx),
        "ruling": state["ruling"],
        "vote": shown_vote,
        "results": state["results"],
        "hands": state["hands"],
        "yields": sorted(ctx.profile.yields),
        "consensus": state.get("consensus"),
        "explanations": _explanations(state, ctx),
        "rules": _rules(ctx),
        # Approved drafts with their text and status, in submission order; what the projector shows.
        "drafts": [state["drafts"][str(d)] for d in state.get("draft_order", [])],
        "focus": focus_view(state),
    }


def _explanations(state: State, ctx: Context) -> dict[str, Any] | None:
    """Who waits to explain their vote and who has; `open_to` says who may still ask ("rights":
    the seats in `rights`; "all": any voting member present; "none": nobody, per the rules)."""
    window = state.get("explanations")
    if window is None or ctx.profile.settings.explanations_of_vote == "none":
        return None
    if not ctx.profile.explanations_allowed(window["when"]):
        open_to = "none"
    elif window["when"] == "after" and ctx.profile.explanations_need_rights:
        open_to = "rights"
    else:
        open_to = "all"
    return {**window, "open_to": open_to, "seconds": explanation_seconds(state, ctx)}


def _rules(ctx: Context) -> dict[str, Any]:
    """What the pages need to know of the committee's rules."""
    profile = ctx.profile
    return {
        "profile": profile.name,
        "closure_drops_item": profile.closure_drops_item,
        "discretion": sorted(profile.settings.discretionary),
        "default_speaking_seconds": profile.default_speaking_seconds,
        "objection_seconds": profile.settings.objection_seconds,
        "veto": bool(profile.settings.veto_questions),
        "observers_may_move": profile.settings.observers_may_move,
        "explanations_of_vote": profile.settings.explanations_of_vote,
    }


def delegates_view(
    state: State, ctx: Context, public: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What every delegate's device shares. Whether *this* seat may vote or abstain, and its
    ballot, travel in its private view: a ballot then changes only the shared count, and 200
    ballots do not send 200 growing lists to 200 phones."""
    view = copy.copy(public if public is not None else public_view(state, ctx))
    if view.get("vote") and "voted" in view["vote"]:
        # Phones share only the count: 200 ballots must not send 200 growing lists to 200 phones.
        view["vote"] = {key: value for key, value in view["vote"].items() if key != "voted"}
    return view


def chair_view(
    state: State, ctx: Context, delegates: dict[str, Any] | None = None
) -> dict[str, Any]:
    view = copy.copy(delegates if delegates is not None else delegates_view(state, ctx))
    vote = state["vote"]
    if vote is not None:
        view["vote"] = {
            **view["vote"],
            "eligible": vote["eligible"],
            "may_abstain": vote["may_abstain"],
            "voted": sorted(int(seat) for seat in vote["ballots"]),
            "not_voted": [seat for seat in vote["eligible"] if str(seat) not in vote["ballots"]],
            "entered": vote.get("entered", []),
            "replaced": vote.get("replaced", 0),
            "ballots": vote["ballots"],
            "placard": vote.get("placard"),
            "tally": vote_tally(vote),
        }
    view["points"] = state["points"]
    view["undone"] = state.get("undone", [])
    view["all_speakers"] = state["speakers"]
    return view


def audience_view(state: State, ctx: Context, audience: str) -> dict[str, Any]:
    """One audience's view alone (a snapshot): the chair's is built on the delegates', which is
    built on the public one, so only the audiences below it are rendered too."""
    public = public_view(state, ctx)
    if audience == "public":
        return public
    delegates = delegates_view(state, ctx, public)
    if audience == "delegates":
        return delegates
    if audience != "chair":
        raise ValueError(f"no such audience: {audience!r}")
    return chair_view(state, ctx, delegates)


def audience_views(state: State, ctx: Context) -> dict[str, dict[str, Any]]:
    public = public_view(state, ctx)
    delegates = delegates_view(state, ctx, public)
    return {"public": public, "delegates": delegates, "chair": chair_view(state, ctx, delegates)}


def private_view(state: State, seat: int) -> dict[str, Any]:
    vote = state["vote"]
    return {
        "seat": seat,
        # In the open vote: may this seat vote, may it abstain, and how it voted.
        "vote": (
            {
                "id": vote["id"],
                "eligible": seat in vote["eligible"],
                "may_abstain": seat in vote["may_abstain"],
            }
            if vote
            else None
        ),
        "ballot": vote["ballots"].get(str(seat)) if vote else None,
        "points": [p for p in state["points"] if p["seat"] == seat],
    }
