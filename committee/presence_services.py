"""Presence: which sockets of a committee are connected right now (soft state: rows refreshed
by heartbeats). Split from `committee.services` by size; callers use `services.do_heartbeat`,
`services.connected_seats` and the rest (re-exported there).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from committee.models import Committee, LiveConnection


def _presence_cutoff() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.DAIS_PRESENCE_TIMEOUT_SECONDS)


def connected_seats(committee_id: int) -> list[int]:
    """Seats with a socket that pinged recently. A row whose worker died (or lost the database)
    stops counting by itself once its heartbeat is older than DAIS_PRESENCE_TIMEOUT_SECONDS."""
    return sorted(
        set(
            LiveConnection.objects.filter(
                committee_id=committee_id, seat__isnull=False, last_seen__gte=_presence_cutoff()
            ).values_list("seat_id", flat=True)
        )
    )


@dataclass(frozen=True)
class Heartbeat:
    seq: int
    presence: list[int] | None


def _soft_commit() -> None:
    """Let this transaction's commit return before its WAL reaches the disk (PostgreSQL's
    `synchronous_commit` off, for this transaction alone; SQLite and others: unchanged).

    Only for presence rows (LiveConnection): soft state. Each row is refreshed by its socket's
    pings and written again by them if it went missing (do_heartbeat), it stops counting by
    itself after DAIS_PRESENCE_TIMEOUT_SECONDS, and `reset_connections` clears the table when
    the servers start. A crash of the database can lose the last fraction of a second of such
    commits (never reorder them, never corrupt anything); every other table keeps its durable
    commits. It spares a reconnecting room one disk flush per socket (about 3.5 ms each on the
    project's machine, serialised by the WAL)."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def do_heartbeat(
    committee_id: int,
    channel_name: str | None,
    *,
    with_presence: bool = False,
    role: str | None = None,
    seat_id: int | None = None,
    user_id: int | None = None,
) -> Heartbeat:
    """A socket's ping: refresh its presence row (written again when it went missing: purged
    while its worker was stalled, or lost with the database); return the committee's seq (the
    page resyncs when it is behind or ahead) and, for the dais, who is connected now."""
    if channel_name is not None:
        refreshed = LiveConnection.objects.filter(channel_name=channel_name).update(
            last_seen=timezone.now()
        )
        if not refreshed and role is not None:
            do_record_connection(
                committee_id,
                role=role,
                seat_id=seat_id,
                user_id=user_id,
                channel_name=channel_name,
                purge=False,
            )
    row = (
        Committee.objects.filter(pk=committee_id)
        .values_list("event_seq", "live_state__consensus__ends_at")
        .first()
    )
    seq, ends_at = row if row is not None else (0, None)
    if isinstance(ends_at, int) and ends_at <= core.now_ms():
        # A deadline nobody closed yet (its worker restarted): close it now.
        outcome = core.do_expire_deadlines(committee_id)
        if outcome is not None:
            seq = outcome.seq
    return Heartbeat(
        seq=seq or 0, presence=connected_seats(committee_id) if with_presence else None
    )


def do_purge_stale_connections() -> int:
    """Delete connection rows whose heartbeat stopped (a killed worker leaves them behind)."""
    count, _ = LiveConnection.objects.filter(last_seen__lt=_presence_cutoff()).delete()
    return count


def do_record_connection(
    committee_id: int,
    *,
    role: str,
    seat_id: int | None,
    user_id: int | None,
    channel_name: str,
    purge: bool = True,
) -> None:
    """A socket opened: its presence row (and, with `purge`, the rows of sockets that stopped
    pinging go). The dais is told by the caller, coalesced (committee/presence.py)."""
    with transaction.atomic():
        _soft_commit()
        if purge:
            do_purge_stale_connections()
        LiveConnection.objects.create(
            committee_id=committee_id,
            seat_id=seat_id,
            user_id=user_id,
            role=role,
            channel_name=channel_name,
        )


def do_forget_connection(channel_name: str) -> None:
    """A socket closed: its presence row goes (the caller tells the dais, coalesced)."""
    with transaction.atomic():
        _soft_commit()
        LiveConnection.objects.filter(channel_name=channel_name).delete()


# At the end: `committee.services` imports this module's names at its own end, so either may be
# imported first (calls use `core.` only when they run).
from committee import services as core  # noqa: E402
