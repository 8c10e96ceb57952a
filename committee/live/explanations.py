"""Explanations of vote: after a vote on a substantive question (and before it, where the profile
says so), delegations explain their vote in turn, each with the floor and a timer.

* After a valid vote on a substantive question the session holds a window (`explanations` in
  the state: `vote`, `when`, `title`, `code`, `rights`, `queue`, `given`). The seats that voted
  "with rights" in a roll call are queued at once.
* ``explanation.request`` (a delegate, or the chair naming `seat`): join the queue. Where votes
  with rights exist (``roll_call_rights``) only the seats granted rights may; elsewhere (UN
  r.128, INTERPOL RPGA 39(8)) any voting member present that asks. Before the vote (in voting
  procedure, no vote open) only where ``explanations_of_vote`` is "before_and_after".
* ``explanation.withdraw`` (the delegate, or the chair naming `seat`): leave the queue.
* ``explanation.start`` (chair): give the floor to the first in the queue (or `seat`): a
  speech of mode "explanation" with the speaker timer set to ``explanation_seconds`` (else the
  speaking time); the chair ends it like any speech (``speech.end``).
* ``explanations.close`` (chair): no more explanations on this vote. Opening the next vote
  closes them too.

Pure like the rest of `committee.live`: no database, no I/O; `commands.handle` dispatches here.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from committee.live import base as c
from committee.live.floor import _end_current_speech
from committee.live.state import State

Payload = dict[str, Any]
Ev = dict[str, Any]


def _window(state: State) -> dict[str, Any] | None:
    window: dict[str, Any] | None = state.get("explanations")
    return window


def explanation_seconds(state: State, ctx: c.Context) -> int:
    """The profile's length of an explanation, else the committee's speaking time."""
    seconds: int | None = ctx.profile.settings.explanation_seconds
    return seconds or c.speaking_seconds(state, ctx)


def _require_profile_allows(ctx: c.Context) -> None:
    if ctx.profile.settings.explanations_of_vote == "none":
        raise c.LiveError(_("These rules have no explanations of vote."))


def _window_for_request(state: State, ctx: c.Context) -> tuple[dict[str, Any] | None, str]:
    """The window a request joins (None: one opens before the vote) and its timing; refused
    when explanations are not in order now."""
    window = _window(state)
    if state["vote"] is not None:
        raise c.LiveError(_("A vote is in progress: explanations of vote come after it."))
    if window is not None:
        if not ctx.profile.explanations_allowed(window["when"]):
            raise c.LiveError(_("Under these rules delegations explain their vote after the vote only."))
        return window, window["when"]
    if ctx.profile.explanations_allowed("before") and state["phase"] == "voting_procedure":
        return None, "before"
    if not ctx.profile.explanations_allowed("before"):
        raise c.LiveError(
            _("There is no vote to explain: under these rules delegations explain their vote after the vote only.")
        )
    raise c.LiveError(_("There is no vote to explain yet."))


def _request(state: State, ctx: c.Context, actor: c.Actor, command: Payload) -> list[Ev]:
    _require_profile_allows(ctx)
    seat = c._seat_arg(command, ctx, actor)
    country = ctx.country(seat)
    info = ctx.seats.get(seat)
    if info is None or not info.voting:
        raise c.LiveError(_("Only member states with a vote explain their vote."))
    c._require_present(state, ctx, seat)
    window, when = _window_for_request(state, ctx)
    if window is not None:
        if seat in window["given"]:
            raise c.LiveError(_("%(country)s has already explained its vote.") % {"country": country})
        if seat in window["queue"]:
            raise c.LiveError(
                _("%(country)s is already waiting to explain its vote.") % {"country": country}
            )
        if (
            when == "after"
            and ctx.profile.explanations_need_rights
            and seat not in window["rights"]
        ):
            raise c.LiveError(
                _(
                    "%(country)s did not vote with rights: under these rules only delegations that voted “yes with rights” or “no with rights” explain their vote."
                )
                % {"country": country}
            )
    return [
        c._ev(
            "explanation_requested",
            seat=seat,
            vote=window["vote"] if window is not None else None,
            when=when,
            by=actor.role,
        )
    ]


def _withdraw(state: State, ctx: c.Context, actor: c.Actor, command: Payload) -> list[Ev]:
    seat = c._seat_arg(command, ctx, actor)
    window = _window(state)
    if window is None or seat not in window["queue"]:
        raise c.LiveError(
            _("%(country)s is not waiting to explain its vote.") % {"country": ctx.country(seat)}
        )
    return [c._ev("explanation_withdrawn", seat=seat, by=actor.role)]


def _start(state: State, ctx: c.Context, actor: c.Actor, command: Payload) -> list[Ev]:
    c._require_chair(actor)
    c._require_no_vote(state)
    c._require_live(state)
    _require_profile_allows(ctx)
    window = _window(state)
    if window is None or not window["queue"]:
        raise c.LiveError(_("Nobody is waiting to explain their vote."))
    if not ctx.profile.explanations_allowed(window["when"]):
        raise c.LiveError(_("Under these rules delegations explain their vote after the vote only."))
    seat = command.get("seat", window["queue"][0])
    if seat not in window["queue"]:
        raise c.LiveError(
            _("%(country)s is not waiting to explain its vote.") % {"country": ctx.country(seat)}
        )
    seconds = explanation_seconds(state, ctx)
    return _end_current_speech(state) + [
        c._ev(
            "explanation_started",
            seat=seat,
            vote=window["vote"],
            when=window["when"],
            seconds=seconds,
            ends_at=ctx.now + seconds * 1000,
        )
    ]


def _close(state: State, ctx: c.Context, actor: c.Actor, command: Payload) -> list[Ev]:
    c._require_chair(actor)
    window = _window(state)
    if window is None:
        raise c.LiveError(_("No explanations of vote are open."))
    floor = state["floor"]
    events = _end_current_speech(state) if floor and floor["mode"] == "explanation" else []
    return events + [
        c._ev("explanations_closed", vote=window["vote"], waiting=list(window["queue"]))
    ]


COMMANDS = {
    "explanation.request": _request,
    "explanation.withdraw": _withdraw,
    "explanation.start": _start,
    "explanations.close": _close,
}
DELEGATE_COMMANDS = frozenset({"explanation.request", "explanation.withdraw"})
