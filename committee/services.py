"""Every change to a committee's live session goes through here (views and consumers call it).

`check_live_command` locks the committee row, checks the command with the pure engine
(committee.live), appends the resulting events to the journal with consecutive sequence
numbers, stores the new state, and broadcasts one frame per audience after commit.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committee import broadcast
from committee.countries import country_name
from committee.live import commands
from committee.live import state as live_state
from committee.live.commands import Actor, Context, LiveError, SeatInfo
from committee.live.views import audience_views, private_view
from committee.models import Committee, CommitteeEvent, LiveConnection
from committee.procedure import get_profile
from delegates.models import Seat

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


SeatRow = tuple[int, str, str, str, int, str]  # pk, country, status, code, code version, ISO


def seat_rows(committee: Committee) -> list[SeatRow]:
    # Plain tuples, not model instances: this runs on every command (a vote is 200 commands).
    return list(
        Seat.objects.filter(committee=committee)
        .order_by("country")
        .values_list("pk", "country", "status", "join_code", "code_version", "iso_code")
    )


def live_context(
    committee: Committee, *, now: int | None = None, rows: list[SeatRow] | None = None
) -> Context:
    # Country names in the active language: the consumer answers each socket in its own, so a
    # refusal reads "Brasil ya está en la lista" on a Spanish page.
    seats = {
        pk: SeatInfo(
            id=pk, country=country_name(iso, country), voting=status == Seat.Status.VOTING
        )
        for pk, country, status, _code, _version, iso in (
            rows if rows is not None else seat_rows(committee)
        )
    }
    topics = dict(committee.topics.values_list("letter", "title"))

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


def current_state(committee: Committee) -> dict[str, Any]:
    return committee.live_state or live_state.initial_state()


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
) -> broadcast.Frames:
    old_views, views = audience_views(before, ctx), audience_views(after, ctx)
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
    for seat_id in ctx.seats:
        old, new = private_view(before, seat_id), private_view(after, seat_id)
        notices = [
            {
                "kind": "point_settled",
                "outcome": row.payload["outcome"],
                "reply": row.payload.get("reply", ""),
                "point": row.payload["point_data"],
            }
            for row in rows
            if row.kind == "point_settled" and row.payload["point_data"]["seat"] == seat_id
        ]
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


def _check_actor_still_valid(actor: Actor, rows: list[SeatRow], seat_version: int | None) -> None:
    """A delegate's socket outlives a revoked code until its close arrives: refuse meanwhile."""
    if actor.role == commands.DELEGATE:
        row = next((row for row in rows if row[0] == actor.seat), None)
        if row is None or not row[3] or (seat_version is not None and row[4] != seat_version):
            raise LiveError(_("Your join code was revoked. Ask the chair for a new one."))


def check_live_command(
    committee_id: int,
    actor: Actor,
    command: dict[str, Any],
    *,
    seat_version: int | None = None,
) -> Outcome:
    """Run one command. Raises LiveError (nothing changed) when it is refused."""
    with transaction.atomic():
        # The committee row lock serialises every change to this committee's session.
        committee = Committee.objects.select_for_update().get(pk=committee_id)
        rows = seat_rows(committee)
        _check_actor_still_valid(actor, rows, seat_version)
        ctx = live_context(committee, rows=rows)
        before = current_state(committee)
        events = commands.handle(before, ctx, actor, command)
        if not events:
            return Outcome(seq=committee.event_seq, events=[])
        return _append_events(committee, before, events, actor, ctx)


def _append_events(
    committee: Committee,
    before: dict[str, Any],
    events: list[dict[str, Any]],
    actor: Actor,
    ctx: Context,
) -> Outcome:
    """Precondition: inside transaction.atomic() holding the committee row lock."""
    state = before
    rows = []
    created_at = ms_to_datetime(ctx.now)
    for event in events:
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
    CommitteeEvent.objects.bulk_create(rows)
    committee.live_state = state
    committee.save(update_fields=["event_seq", "live_state"])
    broadcast.on_commit(lambda: _frames_for(committee.pk, before, state, rows, ctx))
    return Outcome(seq=committee.event_seq, events=rows)


# ---------------------------------------------------------------------------------------------
# Reading: snapshots and replay


def snapshot_frame(committee_id: int, *, audience: str, seat_id: int | None) -> dict[str, Any]:
    committee = Committee.objects.get(pk=committee_id)
    ctx = live_context(committee)
    state = current_state(committee)
    views = audience_views(state, ctx)
    recent = CommitteeEvent.objects.filter(committee=committee).order_by("-seq")[:RECENT_EVENTS]
    frame: dict[str, Any] = {
        "type": "snapshot",
        "seq": committee.event_seq,
        "server_now": ctx.now,
        "state": views[audience],
        "events": [event_summary(row, audience) for row in reversed(recent)],
    }
    if seat_id is not None:
        frame["private"] = private_view(state, seat_id)
    if audience == "chair":
        frame["presence"] = connected_seats(committee_id)
    return frame


def replay_state(committee: Committee) -> dict[str, Any]:
    """The session state rebuilt from the journal alone (it must equal `live_state`)."""
    events = [
        {"kind": row.kind, "payload": row.payload, "at": datetime_to_ms(row.created_at)}
        for row in CommitteeEvent.objects.filter(committee=committee).order_by("seq")
    ]
    return live_state.replay(events)


# ---------------------------------------------------------------------------------------------
# Presence: who is connected right now


def connected_seats(committee_id: int) -> list[int]:
    return sorted(
        set(
            LiveConnection.objects.filter(
                committee_id=committee_id, seat__isnull=False
            ).values_list("seat_id", flat=True)
        )
    )


def _broadcast_presence(committee_id: int) -> None:
    def build() -> broadcast.Frames:
        return [
            (
                broadcast.audience_group(committee_id, "chair"),
                {"type": "presence", "connected": connected_seats(committee_id)},
            )
        ]

    transaction.on_commit(lambda: broadcast.send_now(build()))


def do_record_connection(
    committee_id: int, *, role: str, seat_id: int | None, user_id: int | None, channel_name: str
) -> None:
    with transaction.atomic():
        LiveConnection.objects.create(
            committee_id=committee_id,
            seat_id=seat_id,
            user_id=user_id,
            role=role,
            channel_name=channel_name,
        )
        if seat_id is not None:
            _broadcast_presence(committee_id)


def do_forget_connection(channel_name: str) -> None:
    with transaction.atomic():
        connection = LiveConnection.objects.filter(channel_name=channel_name).first()
        if connection is None:
            return
        connection.delete()
        if connection.seat_id is not None:
            _broadcast_presence(connection.committee_id)
