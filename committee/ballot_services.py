"""Ballots from devices: the fast path of `committee.services` (split from it by size; callers
use `services.do_cast_ballot` / `services.do_cast_ballots`).

193 seats vote within a second. A ballot's cost must not grow with the room: it does not load
or rewrite the session state (the open vote is read from a per-process copy while
`state_token` is unchanged), it is a Ballot row and a journal event, and it tells the room with
small tally messages that each worker's hub coalesces (committee/hub.py) instead of
re-rendering every audience's view.

Ballots that arrive together are recorded together (`do_cast_ballots`, a group commit): the
consumer collects the ballots of a committee that wait for its lane while another command runs
and hands them over as one batch. One transaction, one committee lock, one query for the
tally, one insert of the ballots and one of the journal events, one commit (one WAL flush on
durable PostgreSQL) and one tally message per audience, however many ballots the batch holds.
Each ballot is still checked on its own, in its sender's language, gets its own journal event
and seq, and is refused on its own without touching the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _

from committee import broadcast
from committee import services as core
from committee.live import ballots as live_ballots
from committee.live import state as live_state
from committee.live.commands import Actor, LiveError
from committee.live.views import private_view
from committee.models import Ballot, Committee, CommitteeEvent, Seat

_STATES: dict[int, tuple[str, dict[str, Any]]] = {}  # committee id -> (state_token, live_state)
_STATES_MAX = 256

# The most ballots one transaction records (a 193-seat burst takes two or three).
MAX_BATCH = 100


@dataclass(frozen=True)
class BallotRequest:
    """One delegate's `vote.cast`, with what the socket was granted."""

    actor: Actor
    command: dict[str, Any]
    seat_version: int | None = None
    language: str | None = None  # refusals in the sender's language (None: the active one)


def _state_for_ballot(committee_id: int, token: str) -> dict[str, Any]:
    """The committee's stored `live_state` (without the ballots of rows), read once per change
    of state in this process. Read-only: callers never change it."""
    hit = _STATES.get(committee_id)
    if token and hit is not None and hit[0] == token:
        return hit[1]
    stored = Committee.objects.filter(pk=committee_id).values_list("live_state", flat=True).get()
    state = stored or live_state.initial_state()
    if len(_STATES) >= _STATES_MAX:
        _STATES.clear()
    _STATES[committee_id] = (token, state)
    return state


def do_cast_ballot(
    committee_id: int, actor: Actor, command: dict[str, Any], *, seat_version: int | None = None
) -> core.Outcome:
    """A delegate's own ballot (`vote.cast`). Raises LiveError (nothing changed) when refused:
    the same checks and messages as the engine's (committee.live.ballots.ballot_cast)."""
    [result] = do_cast_ballots(committee_id, [BallotRequest(actor, command, seat_version)])
    if isinstance(result, LiveError):
        raise result
    return result


def do_cast_ballots(
    committee_id: int, requests: list[BallotRequest]
) -> list[core.Outcome | LiveError]:
    """Record delegates' ballots in one transaction, in the order given: for each request its
    Outcome, or the LiveError that refused it (a refused ballot changes nothing; the others are
    still recorded). A second ballot of a seat is refused by the service and, failing that, by
    the database's one-ballot constraint."""
    results: list[core.Outcome | LiveError] = []
    for first in range(0, len(requests), MAX_BATCH):
        chunk = requests[first : first + MAX_BATCH]
        try:
            with transaction.atomic():
                results += _cast_ballots(committee_id, chunk)
        except IntegrityError:
            # Only the one-ballot constraint can fail here (the committee lock orders the seqs),
            # and the service's own check should have refused first: record each on its own,
            # so that only the offending ballot is refused.
            if len(chunk) == 1:
                results.append(LiveError(_in(chunk[0], _("Your delegation has already voted."))))
                continue
            for request in chunk:
                results += do_cast_ballots(committee_id, [request])
    return results


def _in(request: BallotRequest, message: Any) -> str:
    """A refusal's text (lazy or not) in the sender's language."""
    with translation.override(request.language or translation.get_language()):
        return str(message)


def _cast_ballots(
    committee_id: int, requests: list[BallotRequest]
) -> list[core.Outcome | LiveError]:
    seat_ids = sorted({r.actor.seat for r in requests if r.actor.seat is not None})
    # One round trip: the committee row lock (it serialises this with every other change to the
    # session; two small columns, never the state) and the seats' codes, checked under it.
    seats = {
        seat.pk: seat
        for seat in Seat.objects.select_related("committee")
        .select_for_update(of=("committee",))
        .only(
            "join_code", "code_version", "committee", "committee__event_seq",
            "committee__state_token",
        )
        .filter(pk__in=seat_ids, committee_id=committee_id)
        .order_by("pk")
    }
    results: list[core.Outcome | LiveError] = []
    if not seats:  # nothing locked, nothing written: every request is refused below
        return [
            LiveError(_in(r, _("Your join code was revoked. Ask the chair for a new one.")))
            for r in requests
        ]
    committee = next(iter(seats.values())).committee
    state = _state_for_ballot(committee_id, committee.state_token)
    vote = state["vote"]
    # The vote's counts so far and whether any of these seats is among them, in one query
    # (which of them, in a second one, only when some is: a device voting twice).
    tally = {"yes": 0, "no": 0, "abstain": 0}
    entered = mine = 0
    if vote is not None:
        for ballot_choice, by_chair, n, own in (
            Ballot.objects.filter(committee_id=committee_id, vote=core.vote_key(vote))
            .values_list("choice", "entered_by_chair")
            .annotate(n=Count("pk"), own=Count("pk", filter=Q(seat__in=seat_ids)))
            .order_by()
        ):
            tally[ballot_choice] += n
            entered += n if by_chair else 0
            mine += own
    voted: set[int] = set()
    if vote is not None and mine:
        voted = set(
            Ballot.objects.filter(
                committee_id=committee_id, vote=core.vote_key(vote), seat__in=seat_ids
            ).values_list("seat", flat=True)
        )
    seq = committee.event_seq
    now = core.now_ms()
    created_at = core.ms_to_datetime(now)
    ballots: list[Ballot] = []
    rows: list[CommitteeEvent] = []
    tallies: dict[str, list[dict[str, Any]]] = {a: [] for a in broadcast.AUDIENCES}
    for request in requests:
        actor, seat = request.actor, request.actor.seat
        with translation.override(request.language or translation.get_language()):
            found = seats.get(seat) if seat is not None else None
            try:
                if found is None:
                    raise LiveError(_("Your join code was revoked. Ask the chair for a new one."))
                core._check_seat_code(found.join_code, found.code_version, request.seat_version)
                view = None if vote is None else {
                    **vote, "ballots": {str(seat): "cast"} if seat in voted else {}
                }
                [event] = live_ballots.ballot_cast(view, actor, request.command)
            except LiveError as refusal:
                results.append(LiveError(str(refusal)))
                continue
        assert vote is not None and seat is not None  # ballot_cast refused otherwise
        seq += 1
        voted.add(seat)
        choice = event["payload"]["choice"]
        tally[choice] += 1
        ballots.append(
            Ballot(
                committee_id=committee_id,
                vote=core.vote_key(vote),
                seat=seat,
                choice=choice,
                seq=seq,
                created_at=created_at,
            )
        )
        row = CommitteeEvent(
            committee_id=committee_id,
            seq=seq,
            created_at=created_at,
            actor_id=actor.user_id,
            seat_id=seat,
            kind=event["kind"],
            payload=event["payload"],
        )
        rows.append(row)
        results.append(core.Outcome(seq=seq, events=[row]))
        _tell(tallies, state, vote, seq, now, event, seat, choice, dict(tally), entered)
    if not ballots:
        return results
    Ballot.objects.bulk_create(ballots)
    CommitteeEvent.objects.bulk_create(rows)
    Committee.objects.filter(pk=committee_id).update(event_seq=seq)
    messages = [
        (group, {"type": "hub.tally", "group": group, "seq": seq, "tallies": entries})
        for audience, entries in tallies.items()
        for group in [broadcast.audience_group(committee_id, audience)]
    ]
    transaction.on_commit(lambda: broadcast.send_messages(messages))
    return results


def _tell(
    tallies: dict[str, list[dict[str, Any]]],
    state: dict[str, Any],
    vote: dict[str, Any],
    seq: int,
    now: int,
    event: dict[str, Any],
    seat: int,
    choice: str,
    tally: dict[str, int],
    entered: int,
) -> None:
    """One ballot's entry in each audience's tally message (the hub coalesces them)."""
    summary = {"seq": seq, "kind": event["kind"], "at": now, "payload": event["payload"]}
    shown = {
        "vote": vote["id"],
        "cast": sum(tally.values()),
        "method": "device_and_chair" if entered else "device",
    }
    for audience in broadcast.AUDIENCES:
        # The chair sees every ballot and the running tally; the room the tally once revealed.
        frame = {**shown, "tally": tally} if audience == "chair" or vote["revealed"] else shown
        entry: dict[str, Any] = {
            "seq": seq,
            "frame": frame,
            "event": core.event_summary(summary, audience),
        }
        if audience != "delegates":  # phones share only the count (live/views.py)
            entry["voted"] = seat
        if audience == "chair":
            entry["ballot"] = [seat, choice]
        if audience == "delegates":
            # The seat's own devices learn its ballot right after the tally that counts it.
            private = private_view({**state, "vote": {**vote, "ballots": {str(seat): choice}}}, seat)
            entry["private"] = {
                str(seat): broadcast.encode(
                    {"type": "private", "seq": seq, "private": private, "notices": []}
                )
            }
        tallies[audience].append(entry)
