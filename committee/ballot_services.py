"""Ballots: the fast path of `committee.services` (split from it by size; callers use
`services.do_cast_ballot` / `services.do_cast_ballots`, and `services.check_live_command`
sends the chair's `vote.enter` to `do_enter_ballot`).

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

A ballot the chair enters for a seat (given aloud or by placard: `vote.enter`) is recorded by
the same code, with the engine's checks for it (`live.ballots.ballot_entered`), the chair's
place on the dais checked under the lock, and the row and event marked as entered by the chair.
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
from committee.countries import country_name
from committee.live import ballots as live_ballots
from committee.live import state as live_state
from committee.live.commands import DELEGATE, Actor, Context, LiveError, SeatInfo
from committee.live.views import private_view
from committee.models import Ballot, Committee, CommitteeEvent, Seat

_STATES: dict[int, tuple[str, dict[str, Any]]] = {}  # committee id -> (state_token, live_state)
_STATES_MAX = 256

# The most ballots one transaction records (a 193-seat burst takes two or three).
MAX_BATCH = 100


@dataclass(frozen=True)
class BallotRequest:
    """One delegate's `vote.cast`, with what the socket was granted, or the chair's `vote.enter`."""

    actor: Actor
    command: dict[str, Any]
    seat_version: int | None = None
    language: str | None = None  # refusals in the sender's language (None: the active one)

    @property
    def by_chair(self) -> bool:
        return self.actor.role != DELEGATE

    @property
    def seat(self) -> int | None:
        """The seat whose ballot this is: the delegate's own, or the one the chair names."""
        if not self.by_chair:
            return self.actor.seat
        seat = self.command.get("seat")
        # (Any int passes the protocol: one no row can have is never looked up.)
        return seat if type(seat) is int and 0 < seat < 2**63 else None


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
    return _record_one(committee_id, BallotRequest(actor, command, seat_version))


def do_enter_ballot(committee_id: int, actor: Actor, command: dict[str, Any]) -> core.Outcome:
    """The chair's entry of a seat's vote given aloud or by placard (`vote.enter`), on the same
    path as a device's ballot. Raises LiveError (nothing changed) when refused: the engine's
    checks and messages (committee.live.ballots.ballot_entered), after the chair's place on the
    dais (`services._check_actor_still_valid`), both under the committee lock."""
    return _record_one(committee_id, BallotRequest(actor, command))


def _record_one(committee_id: int, request: BallotRequest) -> core.Outcome:
    """One ballot as a batch of one; its refusal raised."""
    [result] = do_cast_ballots(committee_id, [request])
    if isinstance(result, LiveError):
        raise result
    return result


def do_cast_ballots(
    committee_id: int, requests: list[BallotRequest]
) -> list[core.Outcome | LiveError]:
    """Record ballots (delegates' own, or entered by the chair) in one transaction, in the order
    given: for each request its Outcome, or the LiveError that refused it (a refused ballot
    changes nothing; the others are still recorded). A second ballot of a seat is refused by
    the service and, failing that, by the database's one-ballot constraint."""
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
                results.append(LiveError(_already_voted(chunk[0])))
                continue
            for request in chunk:
                results += do_cast_ballots(committee_id, [request])
    return results


def _in(request: BallotRequest, message: Any) -> str:
    """A refusal's text (lazy or not) in the sender's language."""
    with translation.override(request.language or translation.get_language()):
        return str(message)


def _already_voted(request: BallotRequest) -> str:
    """The engine's refusal of a second ballot of the request's seat, in the sender's language."""
    with translation.override(request.language or translation.get_language()):
        if not request.by_chair:
            return _("Your delegation has already voted.")
        seat = request.seat if request.seat is not None else 0
        row = Seat.objects.filter(pk=seat).values_list("iso_code", "country").first()
        country = country_name(*row) if row is not None else "?"
        return _("%(country)s has already voted.") % {"country": country}


def _seat_context(seat: Seat | None, now: int) -> Context:
    """What the engine's check of a chair's entry reads of the context: the one seat it names
    (its country name in the active language), not the committee's every seat."""
    seats = {} if seat is None else {
        seat.pk: SeatInfo(
            id=seat.pk,
            country=country_name(seat.iso_code, seat.country),
            voting=seat.status == Seat.Status.VOTING,
        )
    }
    return Context(profile=None, seats=seats, topics={}, members=0, now=now)


def _cast_ballots(
    committee_id: int, requests: list[BallotRequest]
) -> list[core.Outcome | LiveError]:
    seat_ids = sorted({r.seat for r in requests if r.seat is not None})
    # One round trip: the committee row lock (it serialises this with every other change to the
    # session; two small columns, never the state) and the seats' codes, checked under it.
    seats = {
        seat.pk: seat
        for seat in Seat.objects.select_related("committee")
        .select_for_update(of=("committee",))
        .only(
            "join_code", "code_version", "country", "iso_code", "status", "committee",
            "committee__event_seq", "committee__state_token",
        )
        .filter(pk__in=seat_ids, committee_id=committee_id)
        .order_by("pk")
    }
    results: list[core.Outcome | LiveError] = []
    committee = next(iter(seats.values())).committee if seats else None
    if committee is None and any(r.by_chair for r in requests):
        # A seat the chair named that is not the committee's: the engine says what is wrong
        # (no vote open, or not a delegation of this committee), under the lock all the same.
        committee = (
            Committee.objects.select_for_update()
            .only("event_seq", "state_token")
            .filter(pk=committee_id)
            .first()
        )
    if committee is None:  # nothing locked, nothing written: every request is refused below
        return [
            LiveError(_in(r, _("Your join code was revoked. Ask the chair for a new one.")))
            for r in requests
        ]
    state = _state_for_ballot(committee_id, committee.state_token)
    vote = state["vote"]
    # The vote's counts so far and whether any of these seats is among them, in one query
    # (which of them, in a second one, only when some is: a seat voting twice).
    tally = {"yes": 0, "no": 0, "abstain": 0}
    entered = mine = 0
    if vote is not None and seat_ids:
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
        actor, seat = request.actor, request.seat
        with translation.override(request.language or translation.get_language()):
            found = seats.get(seat) if seat is not None else None
            view = None if vote is None else {
                **vote, "ballots": {str(seat): "cast"} if seat in voted else {}
            }
            try:
                if request.by_chair:
                    # Every command checks its sender's role (a chair taken off the dais keeps
                    # an open socket), then the engine's rules for an entry.
                    core._check_actor_still_valid(actor, committee_id, [], None)
                    ctx = _seat_context(found, now)
                    [event] = live_ballots.ballot_entered(view, ctx, actor, request.command)
                else:
                    if found is None:
                        raise LiveError(_("Your join code was revoked. Ask the chair for a new one."))
                    core._check_seat_code(found.join_code, found.code_version, request.seat_version)
                    [event] = live_ballots.ballot_cast(view, actor, request.command)
            except LiveError as refusal:
                results.append(LiveError(str(refusal)))
                continue
        assert vote is not None and seat is not None  # the engine refused otherwise
        seq += 1
        voted.add(seat)
        choice = event["payload"]["choice"]
        tally[choice] += 1
        entered += 1 if request.by_chair else 0
        ballots.append(
            Ballot(
                committee_id=committee_id,
                vote=core.vote_key(vote),
                seat=seat,
                choice=choice,
                entered_by_chair=request.by_chair,
                seq=seq,
                created_at=created_at,
            )
        )
        row = CommitteeEvent(
            committee_id=committee_id,
            seq=seq,
            created_at=created_at,
            actor_id=actor.user_id,
            seat_id=actor.seat,
            kind=event["kind"],
            payload=event["payload"],
        )
        rows.append(row)
        results.append(core.Outcome(seq=seq, events=[row]))
        _tell(tallies, state, vote, seq, now, event, request.by_chair, dict(tally), entered)
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
    by_chair: bool,
    tally: dict[str, int],
    entered: int,
) -> None:
    """One ballot's entry in each audience's tally message (the hub coalesces them).
    `tally` and `entered` (how many ballots the chair entered) are the vote's with this ballot."""
    seat, choice = event["payload"]["seat"], event["payload"]["choice"]
    summary = {"seq": seq, "kind": event["kind"], "at": now, "payload": event["payload"]}
    cast = sum(tally.values())
    shown = {
        "vote": vote["id"],
        "cast": cast,
        # live.ballots.vote_method for a vote without placard or roll call
        "method": "chair" if entered == cast else "device_and_chair" if entered else "device",
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
            if by_chair:  # the chair's list of the ballots it entered
                entry["entered"] = seat
        if audience == "delegates":
            # The seat's own devices learn its ballot right after the tally that counts it.
            private = private_view({**state, "vote": {**vote, "ballots": {str(seat): choice}}}, seat)
            entry["private"] = {
                str(seat): broadcast.encode(
                    {"type": "private", "seq": seq, "private": private, "notices": []}
                )
            }
        tallies[audience].append(entry)
