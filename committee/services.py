"""Every change to a committee's live session goes through here (views and consumers call it).

`check_live_command` locks the committee row, checks the command with the pure engine
(committee.live), appends the resulting events to the journal with consecutive sequence
numbers, stores the new state, and broadcasts one frame per audience after commit.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from committee import broadcast, hotpath, protocol
from committee.access import (
    access_live_session,
    check_live_session_columns,
    live_session_columns,
    may_still_chair,
)
from committee.countries import country_name
from committee.hotpath import SeatRow
from committee.live import commands, consensus
from committee.live import state as live_state
from committee.live.commands import Actor, Context, LiveError, SeatInfo
from committee.live.views import audience_views, private_view
from committee.models import (
    Ballot,
    Committee,
    CommitteeEvent,
    Seat,
)
from committee.procedure import get_profile

# Events whose payload holds something only the chair may see (a ballot, a point's text).
CHAIR_ONLY_FIELDS = {
    "ballot_cast": ("choice",),
    "point_raised": ("point",),
    "point_settled": ("reply", "point_data"),
    "point_restored": ("point_data",),
    "placard_counted": ("yes", "no", "abstain"),
    "corrected": ("inverse",),
}
RECENT_EVENTS = 40

# Apps above `committee` (resolutions) follow the journal: called inside the transaction with
# (committee, new event rows, new state) after each command's events are stored.
_EVENT_LISTENERS: list[Any] = []


def register_event_listener(listener: Any) -> None:
    if listener not in _EVENT_LISTENERS:
        _EVENT_LISTENERS.append(listener)


def now_ms() -> int:
    now = timezone.now()
    return int(now.timestamp()) * 1000 + now.microsecond // 1000


def ms_to_datetime(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms // 1000, tz=dt.UTC).replace(microsecond=(ms % 1000) * 1000)


def datetime_to_ms(moment: dt.datetime) -> int:
    return int(moment.timestamp()) * 1000 + moment.microsecond // 1000


@functools.lru_cache(maxsize=64)
def _cached_profile(name: str, overrides_json: str) -> Any:
    return get_profile(name, json.loads(overrides_json) or None)


def profile_for(committee: Committee) -> Any:
    # Profiles are immutable; building one validates every setting, so build each once.
    overrides = json.dumps(committee.rule_overrides or {}, sort_keys=True)
    return _cached_profile(committee.rule_profile, overrides)


def seat_rows(committee: Committee) -> list[SeatRow]:
    # Plain tuples, not model instances: this runs on every command (a vote is 200 commands).
    return hotpath.seat_rows(committee.pk)


@functools.lru_cache(maxsize=256)
def _seat_infos(rows: tuple[SeatRow, ...], language: str | None) -> dict[int, SeatInfo]:
    """The engine's seats for these seat rows, names in `language`: the same rows give the same
    seats, so a committee's commands share them until a seat changes (building them was a tenth
    of a chair's command at 193 seats). Callers get a copy of the dict; SeatInfo is frozen."""
    return {
        pk: SeatInfo(
            id=pk,
            country=country_name(iso, country, language),
            voting=status == Seat.Status.VOTING,
            veto=veto,
            # The French name orders a roll call in French alphabetical order (INTERPOL).
            french_name=country_name(iso, country, "fr"),
        )
        for pk, country, status, _code, _version, veto, iso in rows
    }


def live_context(
    committee: Committee,
    *,
    now: int | None = None,
    rows: list[SeatRow] | None = None,
    topics: dict[str, str] | None = None,
) -> Context:
    # Country names in the active language: the consumer answers each socket in its own, so a
    # refusal reads "Brasil ya está en la lista" on a Spanish page.
    language = translation.get_language()  # once, not per seat
    seats = dict(_seat_infos(tuple(rows if rows is not None else seat_rows(committee)), language))
    if topics is None:
        topics = hotpath.topic_titles(committee.pk)

    def journal(seq: int) -> dict[str, Any] | None:
        row = CommitteeEvent.objects.filter(committee=committee, seq=seq).first()
        return {"kind": row.kind, "payload": row.payload, "seq": row.seq} if row else None

    return Context(
        profile=profile_for(committee),
        seats=seats,
        topics=topics,
        # The committee's voting seats are its members (the stored count follows them).
        members=sum(1 for s in seats.values() if s.voting),
        now=now if now is not None else now_ms(),
        journal=journal,
    )


def current_state(committee: Committee, *, upto: int | None = None) -> dict[str, Any]:
    """The session state: `live_state` with the open vote's ballots from the Ballot rows
    (ballots cast from devices are rows only; see `do_cast_ballot`); with `upto`, only the
    ballots of events up to that seq (a reader without the lock: those of the row it read)."""
    return with_ballots(committee.pk, committee.live_state or live_state.initial_state(), upto=upto)


def vote_key(vote: dict[str, Any]) -> int:
    """The Ballot rows' name for a vote: the seq of its `vote_opened` event (0 for a vote
    opened before ballots were rows)."""
    return int(vote.get("key", 0))


def with_ballots(
    committee_id: int, state: dict[str, Any], *, upto: int | None = None
) -> dict[str, Any]:
    """`state` with its open vote's Ballot rows merged in, in the order they were cast."""
    vote = state.get("vote")
    if not vote:
        return state
    ballots = Ballot.objects.filter(committee_id=committee_id, vote=vote_key(vote))
    if upto is not None:
        ballots = ballots.filter(seq__lte=upto)
    rows = list(
        ballots.order_by("seq")
        .values_list("seat", "choice", "entered_by_chair")
    )
    if not rows:
        return state
    merged = dict(vote["ballots"])
    entered = list(vote.get("entered", []))
    for seat, choice, by_chair in rows:
        if str(seat) not in merged:
            merged[str(seat)] = choice
            if by_chair and seat not in entered:
                entered.append(seat)
    vote = {**vote, "ballots": merged}
    if entered:
        vote["entered"] = entered
    return {**state, "vote": vote}


# ---------------------------------------------------------------------------------------------
# Frames


def event_summary(row: CommitteeEvent | dict[str, Any], audience: str) -> dict[str, Any]:
    if isinstance(row, CommitteeEvent):
        entry = {
            "seq": row.seq,
            "kind": row.kind,
            "at": datetime_to_ms(row.created_at),
            "payload": row.payload,
        }
    else:
        entry = dict(row)
    if audience != "chair":
        hidden = CHAIR_ONLY_FIELDS.get(entry["kind"], ())
        entry["payload"] = {k: v for k, v in entry["payload"].items() if k not in hidden}
    return entry


def _frames_for(
    committee_id: int,
    before: dict[str, Any],
    after: dict[str, Any],
    rows: list[CommitteeEvent],
    ctx: Context,
    old_ctx: Context | None = None,
) -> broadcast.Frames:
    # `old_ctx`: the context before a change of rules or seats, so that what they change is sent.
    old_views, views = audience_views(before, old_ctx or ctx), audience_views(after, ctx)
    first, last = rows[0].seq, rows[-1].seq
    frames: broadcast.Frames = []
    for audience in broadcast.AUDIENCES:
        # Only the top-level parts of the view that changed: a ballot changes `vote` alone,
        # so 200 ballots do not send the whole room 200 copies of everything.
        patch = {
            key: value
            for key, value in views[audience].items()
            if old_views[audience].get(key, None) != value or key not in old_views[audience]
        }
        frames.append(
            (
                broadcast.audience_group(committee_id, audience),
                {
                    "type": "event",
                    "first_seq": first,
                    "seq": last,
                    "server_now": ctx.now,
                    "events": [event_summary(row, audience) for row in rows],
                    "patch": patch,
                },
            )
        )
    # Private frames only to the seats whose own view changed or who got a reply.
    notices_of: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        if row.kind == "point_settled":
            notices_of.setdefault(row.payload["point_data"]["seat"], []).append(
                {
                    "kind": "point_settled",
                    "outcome": row.payload["outcome"],
                    "reply": row.payload.get("reply", ""),
                    "point": row.payload["point_data"],
                }
            )
    # A private view is made of the open vote and the points: when neither changed, no seat's
    # did (most chair commands: a timer, the floor), and only replies are left to send.
    unchanged = before.get("vote") == after.get("vote") and before.get("points") == after.get(
        "points"
    )
    for seat_id in ctx.seats:
        notices = notices_of.get(seat_id, [])
        if unchanged and not notices:
            continue
        old, new = private_view(before, seat_id), private_view(after, seat_id)
        if old != new or notices:
            frames.append(
                (
                    broadcast.seat_group(committee_id, seat_id),
                    {"type": "private", "seq": last, "private": new, "notices": notices},
                )
            )
    return frames


# ---------------------------------------------------------------------------------------------
# Commands


@dataclass(frozen=True)
class Outcome:
    seq: int
    events: list[CommitteeEvent]


def _check_actor_still_valid(
    actor: Actor,
    committee_id: int,
    rows: list[SeatRow],
    seat_version: int | None,
    *,
    may_chair: bool | None = None,
) -> None:
    """Roles are checked on every command, not only when a socket opens: a delegate's socket
    outlives a revoked code until its close arrives, and a chair removed from the dais (or an
    organizer whose staff flag was dropped) keeps an open socket; both are refused meanwhile."""
    if actor.role == commands.DELEGATE:
        row = next((row for row in rows if row[0] == actor.seat), None)
        if row is None:
            raise LiveError(_("Your join code was revoked. Ask the chair for a new one."))
        _check_seat_code(row[3], row[4], seat_version)
    elif actor.role == commands.CHAIR and actor.user_id is not None:
        # (A chair actor without a user is the server itself acting in-process, never a socket:
        # consumers always name the user.)
        # `may_chair`: asked already with the committee's row lock (hotpath.lock_committee).
        if not (may_chair if may_chair is not None else may_still_chair(actor.user_id, committee_id)):
            raise LiveError(_("You are no longer on this committee's dais."))


def _check_seat_code(join_code: str, code_version: int, seat_version: int | None) -> None:
    if not join_code or (seat_version is not None and code_version != seat_version):
        raise LiveError(_("Your join code was revoked. Ask the chair for a new one."))


@dataclass(frozen=True)
class BrowserSession:
    """The browser session behind a socket's command (its key; None: it had none), to be
    checked with the command (`access_live_session`)."""

    key: str | None


def check_live_command(
    committee_id: int,
    actor: Actor,
    command: dict[str, Any],
    *,
    seat_version: int | None = None,
    session: BrowserSession | None = None,
) -> Outcome:
    """Run one command. Raises LiveError when it is refused: nothing the command asked for
    changed (a deadline that had already run out is still closed first, see `_expire`).
    A delegate's ballot and a ballot the chair enters take the fast path (`do_cast_ballot`,
    `do_enter_ballot`), which closes no deadline: the deadline's own timer, the heartbeats and
    the next other command do.

    With `session` (a socket's command), raises PermissionDenied first, changing nothing, when
    that browser session no longer holds the login or the seat the socket was opened with
    (`access_live_session`; read with the committee's row lock where the command takes it)."""
    if command.get("type") == "vote.cast" and actor.role == commands.DELEGATE:
        if session is not None:
            access_live_session(session.key, actor)
        return do_cast_ballot(committee_id, actor, command, seat_version=seat_version)
    if command.get("type") == "vote.enter" and actor.role == commands.CHAIR:
        if session is not None:
            access_live_session(session.key, actor)
        return do_enter_ballot(committee_id, actor, command)
    return _check_whole_state_command(
        committee_id, actor, command, seat_version=seat_version, session=session
    )


def _check_whole_state_command(
    committee_id: int,
    actor: Actor,
    command: dict[str, Any],
    *,
    seat_version: int | None = None,
    session: BrowserSession | None = None,
) -> Outcome:
    """Every command but the ballots': the state loaded, changed by the engine and stored whole
    (the tests also run ballots through it, to compare the fast path with it)."""
    refusal: LiveError | None = None
    with transaction.atomic():
        # The committee row lock serialises every change to this committee's session.
        locked = _lock_for(committee_id, actor, session)
        committee, rows = locked.committee, locked.rows
        _check_actor_still_valid(actor, committee.pk, rows, seat_version, may_chair=locked.may_chair)
        ctx = live_context(committee, rows=rows, topics=locked.topics)
        before = current_state(committee)
        expired = _expire(committee, before, ctx)
        if expired is not None:
            before = current_state(committee)
        try:
            events = commands.handle(before, ctx, actor, command)
        except LiveError as error:
            if expired is None:
                raise
            refusal, events = error, []  # the closing at the deadline is kept
        if events:
            return _append_events(committee, before, events, actor, ctx)
    if refusal is not None:
        raise refusal
    return expired or Outcome(seq=committee.event_seq, events=[])


def _lock_for(
    committee_id: int, actor: Actor, session: BrowserSession | None = None
) -> hotpath.Locked:
    """The committee locked for `actor`'s command, with its seats and topics and, for a chair,
    whether they may still chair it; with `session`, that browser session checked before
    anything else is done under the lock (PermissionDenied). Two statements on PostgreSQL
    (hotpath.lock_for_command)."""
    chair = actor.user_id if actor.role == commands.CHAIR else None
    columns = live_session_columns(session.key, actor) if session is not None else None
    locked = hotpath.lock_for_command(committee_id, chair=chair, columns=columns)
    if session is not None:
        if columns is None:  # sessions kept outside the database
            access_live_session(session.key, actor)
        else:
            check_live_session_columns(session.key, actor, locked.read)
    return locked


# The server acting on its own (a deadline running out): journalled with no user and no seat.
SERVER = Actor(role=commands.CHAIR)


def _expire(committee: Committee, state: dict[str, Any], ctx: Context) -> Outcome | None:
    """Close what a deadline ended (an adoption without a vote whose moment to object ran out),
    as the server. Precondition: inside transaction.atomic() holding the committee row lock, so
    however many workers notice the deadline, the first closes it and the others find nothing."""
    events = consensus.expired_events(state, ctx)
    if not events:
        return None
    return _append_events(committee, state, events, SERVER, ctx)


def do_expire_deadlines(committee_id: int) -> Outcome | None:
    """Close whatever deadline of the session has run out; None when nothing had (idempotent).
    Called when a proposal's deadline fires (consumers), on heartbeats, and before every command."""
    with transaction.atomic():
        locked = hotpath.lock_for_command(committee_id)
        committee = locked.committee
        ctx = live_context(committee, rows=locked.rows, topics=locked.topics)
        return _expire(committee, current_state(committee), ctx)


def deadline_of(events: list[CommitteeEvent]) -> int | None:
    """When (ms) a deadline set by these events runs out: a proposal to adopt without a vote."""
    ends = [row.payload["consensus"]["ends_at"] for row in events if row.kind == "consensus_proposed"]
    return max(ends) if ends else None


def journal_change(
    committee: Committee, events: list[dict[str, Any]], actor: Actor, old_ctx: Context
) -> Outcome:
    """Journal a change made outside the session's commands (rules, seats) and send what it
    changes. Precondition: inside transaction.atomic() holding the committee row lock, after
    the change is written; `old_ctx` is the context read before it."""
    ctx = live_context(committee)
    return _append_events(committee, current_state(committee), events, actor, ctx, old_ctx)


def check_document_command(committee_id: int, actor: Actor, build: Any) -> Outcome:
    """For apps that keep documents (resolutions): under the committee row lock, `build(committee,
    state, ctx)` checks its own rows and returns the live events (from committee.live.drafts),
    which are journalled and broadcast like any command's. Raises LiveError (nothing changed)."""
    with transaction.atomic():
        locked = _lock_for(committee_id, actor)
        committee, rows = locked.committee, locked.rows
        _check_actor_still_valid(actor, committee.pk, rows, None, may_chair=locked.may_chair)
        ctx = live_context(committee, rows=rows, topics=locked.topics)
        before = current_state(committee)
        events = build(committee, before, ctx)
        if not events:
            return Outcome(seq=committee.event_seq, events=[])
        return _append_events(committee, before, events, actor, ctx)


def _append_events(
    committee: Committee,
    before: dict[str, Any],
    events: list[dict[str, Any]],
    actor: Actor,
    ctx: Context,
    old_ctx: Context | None = None,
) -> Outcome:
    """Precondition: inside transaction.atomic() holding the committee row lock."""
    state = before
    rows = []
    ballots = []
    created_at = ms_to_datetime(ctx.now)
    for event in events:
        if event["kind"] == "vote_opened":
            # The vote's name for its Ballot rows: the seq of this event (never reused).
            payload = event["payload"]
            event = {**event, "payload": {**payload, "vote": {**payload["vote"], "key": committee.event_seq + 1}}}
        ballot = _ballot_row(committee, state, event, committee.event_seq + 1, created_at)
        if ballot is not None:
            ballots.append(ballot)
        state = live_state.apply_event(state, {**event, "at": ctx.now})
        committee.event_seq += 1
        rows.append(
            CommitteeEvent(
                committee=committee,
                seq=committee.event_seq,
                created_at=created_at,
                actor_id=actor.user_id,
                seat_id=actor.seat,
                kind=event["kind"],
                payload=event["payload"],
            )
        )
    committee.live_state = state
    hotpath.append_journal(committee, rows)  # the entries and the state, one statement
    if ballots:
        Ballot.objects.bulk_create(ballots)  # the constraint backs the engine's own check
    for listener in _EVENT_LISTENERS:
        listener(committee, rows, state)
    broadcast.on_commit(lambda: _frames_for(committee.pk, before, state, rows, ctx, old_ctx))
    return Outcome(seq=committee.event_seq, events=rows)


def _ballot_row(
    committee: Committee, state: dict[str, Any], event: dict[str, Any], seq: int, at: dt.datetime
) -> Ballot | None:
    """The Ballot row of a ballot recorded by `event` (a ballot cast or entered by the chair, a
    roll call's yes / no / abstain) in the vote open in `state`, else None."""
    payload, vote = event["payload"], state.get("vote")
    if vote is None:
        return None
    if event["kind"] == "ballot_cast":
        choice = payload["choice"]
    elif event["kind"] == "roll_call_answered" and payload["answer"] in ROLL_CALL_CHOICES:
        choice = ROLL_CALL_CHOICES[payload["answer"]]
    else:
        return None
    return Ballot(
        committee=committee,
        vote=vote_key(vote),
        seat=payload["seat"],
        choice=choice,
        entered_by_chair=payload.get("by") == "chair" and event["kind"] == "ballot_cast",
        seq=seq,
        created_at=at,
    )


ROLL_CALL_CHOICES = {
    "yes": "yes",
    "no": "no",
    "abstain": "abstain",
    "yes_rights": "yes",
    "no_rights": "no",
}


# ---------------------------------------------------------------------------------------------
# Ballots (devices' own and the chair's entries): the fast path, in committee/ballot_services.py


def do_cast_ballot(
    committee_id: int, actor: Actor, command: dict[str, Any], *, seat_version: int | None = None
) -> Outcome:
    """A delegate's own ballot (`vote.cast`); raises LiveError (nothing changed) when refused."""
    from committee import ballot_services

    return ballot_services.do_cast_ballot(committee_id, actor, command, seat_version=seat_version)


def do_enter_ballot(committee_id: int, actor: Actor, command: dict[str, Any]) -> Outcome:
    """A seat's vote the chair enters (`vote.enter`), on the ballots' fast path; raises
    LiveError (nothing changed) when refused."""
    from committee import ballot_services

    return ballot_services.do_enter_ballot(committee_id, actor, command)


def do_cast_ballots(committee_id: int, requests: list[Any]) -> list[Outcome | LiveError]:
    """Delegates' ballots that arrived together, in one transaction (a group commit): for each
    `ballot_services.BallotRequest` its Outcome or the LiveError that refused it."""
    from committee import ballot_services

    return ballot_services.do_cast_ballots(committee_id, requests)


# ---------------------------------------------------------------------------------------------
# Reading: snapshots (committee/snapshot_services.py) and replay


def scrub_text(value: Any) -> tuple[Any, int]:
    """`value` with every string made storable (unpaired surrogates become U+FFFD, NUL is
    dropped), and how many strings changed. Keys are scrubbed too."""
    if isinstance(value, str):
        if protocol.storable(value):
            return value, 0
        fixed = "".join(
            "\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value if ch != "\x00"
        )
        return fixed, 1
    if isinstance(value, list):
        items = [scrub_text(item) for item in value]
        return [item for item, _ in items], sum(n for _, n in items)
    if isinstance(value, dict):
        changed = 0
        result = {}
        for key, item in value.items():
            new_key, n_key = scrub_text(key)
            new_item, n_item = scrub_text(item)
            result[new_key] = new_item
            changed += n_key + n_item
        return result, changed
    return value, 0


def do_repair_text(committee_id: int) -> int:
    """Make every string of a session's state and journal storable; returns how many changed.

    Sessions saved before the protocol refused unpaired surrogates and NUL may hold some; the
    frames encode them safely (broadcast.encode), but exports, the admin and PostgreSQL want
    clean text. Journal rows are corrected in place with the same sequence numbers, so the
    journal still replays to the stored state.
    """
    with transaction.atomic():
        committee = Committee.objects.select_for_update().get(pk=committee_id)
        state, changed = scrub_text(committee.live_state)
        if changed:
            committee.live_state = state
        for row in CommitteeEvent.objects.filter(committee=committee).order_by("seq"):
            payload, n = scrub_text(row.payload)
            if n:
                row.payload = payload
                row.save(update_fields=["payload"])
                changed += n
        if changed:
            # A new token also for journal rows alone: the snapshots cached by every process
            # (keyed by seq and token, see snapshot_text) show the recent rows' text.
            committee.state_token = uuid.uuid4().hex
            committee.save(update_fields=["live_state", "state_token"])
    return changed


def replay_state(committee: Committee) -> dict[str, Any]:
    """The session state rebuilt from the journal alone (it must equal `live_state`)."""
    events = [
        {"kind": row.kind, "payload": row.payload, "at": datetime_to_ms(row.created_at)}
        for row in CommitteeEvent.objects.filter(committee=committee).order_by("seq")
    ]
    return live_state.replay(events)


# Split by domain, same entry point: the snapshots and presence live in their own modules.
from committee import presence_services as _presence  # noqa: E402
from committee import snapshot_services as _snapshots  # noqa: E402

Heartbeat = _presence.Heartbeat
connected_seats = _presence.connected_seats
do_forget_connection = _presence.do_forget_connection
do_heartbeat = _presence.do_heartbeat
do_purge_stale_connections = _presence.do_purge_stale_connections
do_record_connection = _presence.do_record_connection
forget_snapshots = _snapshots.forget_snapshots
snapshot_frame = _snapshots.snapshot_frame
snapshot_text = _snapshots.snapshot_text
