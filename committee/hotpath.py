"""Plain SQL on the hot path of every committee command: the committee row locked, its seats
and topics read, its journal entries and session state written.

Built by the ORM, these statements cost more than their trips to the database, on every command
of every socket (docs/performance.md, "Session 6"). They return what the ORM returned (the
committee through `raw`, so every field is converted as the ORM converts it; booleans as
booleans on every database); names come from the models (sqlnames). On PostgreSQL they are
bound on the server and prepared once per connection (`bound_on_server`).
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection
from django.db.models import Field

from committee.models import Committee, CommitteeEvent, Seat, Topic
from committee.sqlnames import column, table

if TYPE_CHECKING:
    from committee.access import SessionColumns

# A statement is prepared on its connection once it has run this many times there (psycopg's
# `prepare_threshold`): a command's statements have a handful of shapes, each run on every
# command, so they are all prepared after a few commands.
PREPARE_THRESHOLD = 2


@contextmanager
def bound_on_server() -> Iterator[None]:
    """PostgreSQL: the statements run in this block bound on the server (parameters apart from
    the text, psycopg's `Cursor`) and, once a statement has run `PREPARE_THRESHOLD` times on the
    connection, prepared: PostgreSQL then parses and plans it once per connection instead of on
    every command. Planning was about half of PostgreSQL's CPU per command (docs/performance.md,
    "Session 9"). Only this module's statements: their shapes are few and fixed and their
    parameters plain values; Django's own queries stay bound on the client (Django's default:
    some ORM expressions fail bound on the server). Off with DAIS_PREPARED_STATEMENTS=0.

    A prepared statement fails once if a migration changes what it returns under a running
    worker ("cached plan must not change result type"); psycopg forgets its prepared statements
    at the rollback that follows, and the next command prepares it again. The statements name
    their columns (no `*`), so a migration that adds a column does not even do that."""
    if connection.vendor != "postgresql" or not settings.DAIS_PREPARED_STATEMENTS:
        yield
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    raw = connection.connection
    factory, threshold = raw.cursor_factory, raw.prepare_threshold
    raw.cursor_factory, raw.prepare_threshold = ServerBindingCursor, PREPARE_THRESHOLD
    try:
        yield
    finally:
        raw.cursor_factory, raw.prepare_threshold = factory, threshold


SeatRow = tuple[int, str, str, str, int, bool, str]  # pk, country, status, code, version, veto, ISO

_SEAT_FIELDS = ("pk", "country", "status", "join_code", "code_version", "holds_veto", "iso_code")


def seat_rows(committee_id: int) -> list[SeatRow]:
    """The committee's seats as plain tuples (not model instances: a vote is 200 commands),
    ordered by the country's stored name."""
    columns = ", ".join(column(Seat, field) for field in _SEAT_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {table(Seat)} WHERE {column(Seat, 'committee')} = %s"
            f" ORDER BY {column(Seat, 'country')}, {column(Seat)}",
            [committee_id],
        )
        return [
            (pk, country, status, code, version, bool(veto), iso)
            for pk, country, status, code, version, veto, iso in cursor.fetchall()
        ]


def topic_titles(committee_id: int) -> dict[str, str]:
    """The committee's topics, letter -> title, in the topics' own order."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column(Topic, 'letter')}, {column(Topic, 'title')} FROM {table(Topic)}"
            f" WHERE {column(Topic, 'committee')} = %s"
            f" ORDER BY {column(Topic, 'order')}, {column(Topic, 'letter')}",
            [committee_id],
        )
        return dict(cursor.fetchall())


def lock_committee(committee_id: int, *, chair: Any = None) -> Committee:
    """The committee, its row locked until the transaction ends (as
    `select_for_update().get(pk=...)`; SQLite locks the whole database on the first write
    instead). Raises Committee.DoesNotExist. Call inside transaction.atomic().

    With `chair` (a user id), the same query also answers `access.may_still_chair` for that
    user, as `committee.dais_may_chair`: one trip to the database fewer on a chair's command."""
    sql = _lock_sql(connection.vendor, chair is not None)
    params = [chair, committee_id] if chair is not None else [committee_id]
    with bound_on_server():
        committee = next(iter(Committee.objects.raw(sql, params)), None)
    if committee is None:
        raise Committee.DoesNotExist(f"No committee {committee_id}.")
    if chair is not None:
        committee.dais_may_chair = bool(committee.dais_may_chair)  # type: ignore[attr-defined]  # SQLite: 0 or 1
    return committee


@functools.cache
def _lock_sql(vendor: str, chair: bool) -> str:
    """The row lock's statement (built once per shape: names come from the models)."""
    from committee.access import may_chair_sql

    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    pk = f"{table(Committee)}.{column(Committee)}"
    # Every column by name, not `*`: a prepared `*` fails once a migration adds a column.
    columns = ", ".join(
        f"{table(Committee)}.{column(Committee, field.name)}"
        for field in Committee._meta.concrete_fields
    )
    dais = f", {may_chair_sql(pk)} AS dais_may_chair" if chair else ""
    return f"SELECT {columns}{dais} FROM {table(Committee)} WHERE {pk} = %s{lock}"


@dataclass(frozen=True)
class Locked:
    """What a command reads under the committee's row lock (`lock_for_command`)."""

    committee: Committee
    rows: list[SeatRow]  # as seat_rows()
    topics: dict[str, str]  # as topic_titles()
    may_chair: bool | None  # access.may_still_chair for the chair asked about; None: not asked
    read: dict[str, Any]  # the values of the `columns` asked for, by name


@functools.cache
def _rows_sql(vendor: str) -> str:
    """PostgreSQL: the committee's seats and topics as two JSON arrays, in seat_rows' and
    topic_titles' own order (parameters: the committee's id, twice)."""
    fields = ", ".join(f"s.{column(Seat, field)}" for field in _SEAT_FIELDS)
    return (
        f"(SELECT json_agg(json_build_array({fields})"
        f" ORDER BY s.{column(Seat, 'country')}, s.{column(Seat)}) FROM {table(Seat)} s"
        f" WHERE s.{column(Seat, 'committee')} = %s) AS dais_seats,"
        f" (SELECT json_agg(json_build_array(t.{column(Topic, 'letter')}, t.{column(Topic, 'title')})"
        f" ORDER BY t.{column(Topic, 'order')}, t.{column(Topic, 'letter')}) FROM {table(Topic)} t"
        f" WHERE t.{column(Topic, 'committee')} = %s) AS dais_topics"
    )


def lock_for_command(
    committee_id: int,
    *,
    chair: Any = None,
    with_rows: bool = True,
    columns: SessionColumns | None = None,
) -> Locked:
    """The committee, its row locked until the transaction ends (`lock_committee`, with
    `chair`'s dais answer), then its seats and topics as `seat_rows` and `topic_titles` read
    them and `columns` (select-list columns of `access.live_session_columns`: the browser
    session's check), all in one more statement on PostgreSQL (in-process SQLite keeps one
    query each for the seats and the topics: no trips to save). Two trips instead of four.

    Not in the lock's own statement: a statement's snapshot is taken when it starts, so one
    that had waited for the lock would see the locked row as its holder left it but the seats
    as they were before (PostgreSQL's read committed rule), and a change of vetoes or rules
    made under the lock would be missed. Raises Committee.DoesNotExist. Call inside
    transaction.atomic()."""
    committee = lock_committee(committee_id, chair=chair)
    joined = with_rows and connection.vendor == "postgresql"
    parts: list[str] = []
    params: list[Any] = []
    if joined:
        parts.append(_rows_sql(connection.vendor))
        params += [committee_id, committee_id]
    if columns is not None:
        parts.append(columns.sql)
        params += columns.params
    read: dict[str, Any] = {}
    if parts:
        with bound_on_server():
            read = select_columns(parts, params)
    rows: list[SeatRow] = []
    topics: dict[str, str] = {}
    if joined:
        rows = [tuple(row) for row in _json(read.pop("dais_seats"))]
        topics = dict(_json(read.pop("dais_topics")))
    elif with_rows:
        rows, topics = seat_rows(committee_id), topic_titles(committee_id)
    may_chair = committee.dais_may_chair if chair is not None else None  # type: ignore[attr-defined]
    return Locked(committee, rows, topics, may_chair, read)


def select_columns(parts: list[str], params: list[Any]) -> dict[str, Any]:
    """One row of select-list columns (`parts`, each naming itself with AS), by name."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        names = [description[0] for description in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def _json(value: Any) -> list[Any]:
    """A json_agg column: None for no rows; text or already decoded, by the driver."""
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str | bytes) else value


def store_state(committee: Committee) -> None:
    """Write the committee's `event_seq` and `live_state` with a new `state_token` (as
    `save(update_fields=...)`; the model has no save hooks or signals for these). Call holding
    the row lock."""
    committee.state_token = uuid.uuid4().hex
    state = Committee._meta.get_field("live_state")
    with bound_on_server(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table(Committee)} SET {column(Committee, 'event_seq')} = %s,"
            f" {column(Committee, 'live_state')} = %s, {column(Committee, 'state_token')} = %s"
            f" WHERE {column(Committee)} = %s",
            [
                committee.event_seq,
                state.get_db_prep_save(committee.live_state, connection),
                committee.state_token,
                committee.pk,
            ],
        )


_EVENT_FIELDS = ("committee", "seq", "created_at", "actor", "seat", "kind", "payload")


def append_journal(committee: Committee, rows: list[CommitteeEvent]) -> None:
    """Write the journal entries `rows` (their pks set, as `bulk_create` sets them) and the
    committee's `event_seq` and `live_state` with a new `state_token` (`store_state`). On
    PostgreSQL both in one statement: one trip to the database instead of two, and no ORM
    compiler in between (its `bulk_create` of one row took 0.7 ms of a command's 2.5 ms of
    CPU). Call holding the row lock."""
    if not rows:
        store_state(committee)
        return
    if connection.vendor != "postgresql":
        CommitteeEvent.objects.bulk_create(rows)
        store_state(committee)
        return
    committee.state_token = uuid.uuid4().hex
    fields = [
        field
        for field in (CommitteeEvent._meta.get_field(name) for name in _EVENT_FIELDS)
        if isinstance(field, Field)
    ]
    assert len(fields) == len(_EVENT_FIELDS)  # every one a concrete column
    values: list[Any] = []
    for row in rows:
        values += [field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields]
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    state = Committee._meta.get_field("live_state")
    with bound_on_server(), connection.cursor() as cursor:
        cursor.execute(
            f"WITH written AS (INSERT INTO {table(CommitteeEvent)}"
            f" ({', '.join(column(CommitteeEvent, name) for name in _EVENT_FIELDS)})"
            f" VALUES {', '.join([one] * len(rows))}"
            f" RETURNING {column(CommitteeEvent)}, {column(CommitteeEvent, 'seq')}),"
            f" stored AS (UPDATE {table(Committee)} SET {column(Committee, 'event_seq')} = %s,"
            f" {column(Committee, 'live_state')} = %s, {column(Committee, 'state_token')} = %s"
            f" WHERE {column(Committee)} = %s)"
            f" SELECT {column(CommitteeEvent)}, {column(CommitteeEvent, 'seq')} FROM written",
            [
                *values,
                committee.event_seq,
                state.get_db_prep_save(committee.live_state, connection),
                committee.state_token,
                committee.pk,
            ],
        )
        ids = dict((seq, pk) for pk, seq in cursor.fetchall())
    for row in rows:
        row.pk = ids[row.seq]
        row._state.adding = False
        row._state.db = connection.alias
