"""What every command module of the live session shares: the actor, the context, the refusal,
and the small checks (chair only, present, no vote running...). No database: the context
carries what the services read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from committee.live.state import State
from committee.procedure import Motion

Payload = dict[str, Any]
Ev = dict[str, Any]

CHAIR = "chair"
DELEGATE = "delegate"

PRESENT_MARKS = ("present", "present_and_voting")
POINT_KINDS = (
    "personal_privilege",
    "order",
    "parliamentary_inquiry",
    "information",
    "right_of_reply",
)
# Motions the live session carries out now. Motions about drafts and amendments (introduce,
# divide, reorder, roll-call vote) arrive with draft resolutions.
LIVE_MOTIONS = (
    "adjourn_meeting",
    "suspend_meeting",
    "table_debate",
    "close_debate",
    "unmoderated_caucus",
    "moderated_caucus",
    "extend_caucus",
    "set_speaking_time",
    "open_speakers_list",
    "close_speakers_list",
    "set_agenda",
    "divide_question",
    "introduce_draft",
    "roll_call_vote",
    "reorder_drafts",
    "reconsider",
)
# Motions in order only in voting procedure (the profile's `voting_procedure_only`).
VOTING_MOTIONS = ("divide_question", "roll_call_vote", "reorder_drafts")
# Undo is offered for these chair actions; the inverse is computed from the event's payload.
UNDOABLE = (
    "speaker_removed",
    "speaker_added",
    "speaker_moved",
    "attendance_marked",
    "point_settled",
)


class LiveError(Exception):
    """A refused command; the message is shown to the sender only."""


@dataclass(frozen=True)
class SeatInfo:
    id: int
    country: str
    voting: bool
    veto: bool = False  # holds a veto (a permanent member) under a profile with one
    french_name: str = ""  # for roll calls in French alphabetical order (INTERPOL RPGA 39(7))


@dataclass(frozen=True)
class Actor:
    role: str  # CHAIR (chairs and organizers) or DELEGATE
    seat: int | None = None
    user_id: int | None = None


@dataclass
class Context:
    profile: Any  # committee.procedure.Profile
    seats: dict[int, SeatInfo]
    topics: dict[str, str]  # letter -> title
    members: int  # voting members of the committee
    now: int  # milliseconds since the epoch
    journal: Callable[[int], Ev | None] = field(default=lambda seq: None)

    def country(self, seat: int | None) -> str:
        info = self.seats.get(seat) if seat is not None else None
        return info.country if info else "?"


# ---------------------------------------------------------------------------------------------
# Small helpers shared by the handlers


def present_voting_seats(state: State, ctx: Context) -> list[int]:
    return [
        seat.id
        for seat in ctx.seats.values()
        if seat.voting and state["attendance"].get(str(seat.id)) in PRESENT_MARKS
    ]


def is_present(state: State, seat: int) -> bool:
    return state["attendance"].get(str(seat)) in PRESENT_MARKS


def speaking_seconds(state: State, ctx: Context) -> int:
    seconds: int = state["speaking_seconds"] or ctx.profile.default_speaking_seconds
    return seconds


def motion_rule(ctx: Context, kind: str) -> Any:
    """The profile's rule for a motion (committee.procedure.MotionRule)."""
    return ctx.profile.motion_rule(kind)


def ordered_motions(state: State, ctx: Context) -> list[dict[str, Any]]:
    """Pending motions in the order the chair takes them (the profile's precedence)."""
    by_id = {m["id"]: m for m in state["motions"]}
    # A motion raised before the organizer changed the rules to ones without it stays listed
    # (last) so the chair can rule it out of order, rather than breaking every page.
    known = [m for m in state["motions"] if motion_rule(ctx, m["kind"]).in_profile]
    stale = [m for m in state["motions"] if m not in known]
    wrapped = [
        Motion(
            m["kind"],
            total_seconds=m["params"].get("total_seconds"),
            speaking_seconds=m["params"].get("speaking_seconds"),
            ref=m["id"],
        )
        for m in known
    ]
    return [by_id[w.ref] for w in ctx.profile.order_motions(wrapped)] + stale


def _require_chair(actor: Actor) -> None:
    if actor.role != CHAIR:
        raise LiveError(_("Only the chair can do that."))


def _require_delegate(actor: Actor) -> int:
    """The delegate's seat; refused for anyone else."""
    if actor.role != DELEGATE or actor.seat is None:
        raise LiveError(_("Only a delegate can do that."))
    return actor.seat


def _seat_arg(command: Payload, ctx: Context, actor: Actor) -> int:
    """The seat a command is about: the delegate's own, or the one the chair names."""
    if actor.role == DELEGATE:
        return actor.seat  # type: ignore[return-value]
    seat = command.get("seat")
    if seat not in ctx.seats:
        raise LiveError(_("Choose a delegation of this committee."))
    chosen: int = seat
    return chosen


def _require_present(state: State, ctx: Context, seat: int) -> None:
    if not is_present(state, seat):
        raise LiveError(
            _("%(country)s is not marked present: answer the roll call or send a note to the dais.")
            % {"country": ctx.country(seat)}
        )


def _require_may_move(ctx: Context, seat: int) -> None:
    """Observers move motions, raise points of order and appeal only where the rules allow."""
    info = ctx.seats.get(seat)
    if info is not None and not info.voting and not ctx.profile.settings.observers_may_move:
        raise LiveError(
            _("Observers may not move motions, raise points of order or appeal under these rules.")
        )


def _require_no_vote(state: State) -> None:
    if state["vote"] is not None:
        raise LiveError(
            _("A vote is in progress: only a point of order on its conduct may interrupt.")
        )


def _require_topic(state: State) -> str:
    if not state["topic"]:
        raise LiveError(_("Set the agenda first."))
    topic: str = state["topic"]
    return topic


def _require_live(state: State) -> None:
    if state["phase"] == "adjourned":
        raise LiveError(_("The meeting is adjourned. Open a new sitting first."))
    if state["phase"] == "suspended":
        raise LiveError(_("The meeting is suspended. Resume it first."))


def _ev(kind: str, /, **payload: Any) -> Ev:
    return {"kind": kind, "payload": payload}




# ---------------------------------------------------------------------------------------------
# Opening a vote (motions, appeals, drafts)


SUBSTANTIVE_QUESTIONS = ("substantive", "amendment", "important")


def _open_vote(
    state: State, ctx: Context, subject: Payload, question: str, decide_as: str | None = None
) -> list[Ev]:
    """Open a vote on `question` (the kind of decision, for wording). `decide_as` is what the
    engine decides it as: a motion kind, so that a profile's per-motion threshold applies."""
    if state.get("consensus") is not None:
        raise LiveError(_("An adoption without a vote is pending: close or withdraw it first."))
    eligible = present_voting_seats(state, ctx)
    quorum = ctx.profile.quorum(present=len(eligible), members=ctx.members)
    # Most MUN rule books ask the quorum to vote of substantive decisions only; the UN of all.
    needs_vote_quorum = (
        ctx.profile.settings.quorum_to_vote_scope == "all" or question in SUBSTANTIVE_QUESTIONS
    )
    if needs_vote_quorum and not quorum.can_vote:
        raise LiveError(
            _("No quorum to vote: %(present)d present, %(needed)d needed.")
            % {"present": len(eligible), "needed": quorum.needed_to_vote}
        )
    if not quorum.can_debate:
        raise LiveError(
            _("No quorum: %(present)d present, %(needed)d needed.")
            % {"present": len(eligible), "needed": quorum.needed_to_debate}
        )
    may_abstain = [
        seat
        for seat in eligible
        if ctx.profile.abstention_allowed(
            decide_as or question,
            present_and_voting=state["attendance"].get(str(seat)) == "present_and_voting",
        )
    ]
    vote = {
        "id": state["vote_counter"] + 1,
        "question": question,
        "decide_as": decide_as or question,
        "eligible": eligible,
        "may_abstain": may_abstain,
        **subject,
    }
    return [_ev("vote_opened", vote=vote)]
