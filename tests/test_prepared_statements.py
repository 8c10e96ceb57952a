"""On PostgreSQL a command's own statements (committee/hotpath.py) are bound on the server and
prepared once per connection (`hotpath.bound_on_server`, issue 13 session 9): planned once
instead of on every command. Django's own queries stay bound on the client."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import override_settings

from committee import hotpath, services
from committee.live.commands import CHAIR, DELEGATE, Actor, LiveError
from committee.models import Committee, CommitteeEvent
from tests.test_query_counts import build

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements: PostgreSQL"
)


def prepared() -> list[str]:
    """The statements prepared on this connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def adjust(committee: Committee, chair_id: int, times: int) -> None:
    """`times` of the chair's commands (the roll call opened and closed in turns)."""
    for _ in range(times):
        is_open = Committee.objects.get(pk=committee.pk).live_state.get("roll_call", {}).get("open")
        services.check_live_command(
            committee.pk,
            Actor(role=CHAIR, user_id=chair_id),
            {"type": "rollcall.close" if is_open else "rollcall.open"},
        )


def fresh_connection() -> None:
    """A new database connection: no statement prepared on it yet."""
    connection.close()
    connection.ensure_connection()
    assert prepared() == []


def commanded_room(seats: int, commands: int) -> tuple[dict, Committee, int]:
    """A committee of `seats` seats whose chair has made `commands` commands on a new
    connection: the room, its committee and the chair's id."""
    room = build(seats)
    fresh_connection()
    adjust(room["committee"], room["chair"].pk, commands)
    return room, room["committee"], room["chair"].pk


def is_hot_path(statement: str) -> bool:
    return "FOR UPDATE" in statement or "json_agg" in statement or "WITH written" in statement


@pytest.mark.django_db(transaction=True)
def test_a_commands_statements_are_prepared_after_a_few_commands_and_still_right():
    room, committee, chair = commanded_room(5, hotpath.PREPARE_THRESHOLD + 3)
    statements = [s for s in prepared() if is_hot_path(s)]
    assert any("FOR UPDATE" in s for s in statements), prepared()
    assert any("json_agg" in s for s in statements)
    assert any("WITH written" in s for s in statements)
    assert all("$1" in s and "%s" not in s for s in statements)  # parameters bound on the server
    # Django's own queries are not prepared.
    assert not [s for s in prepared() if not is_hot_path(s)]
    # Prepared, the commands still read and write what they did.
    seq = Committee.objects.get(pk=committee.pk).event_seq
    adjust(committee, chair, 3)
    stored = Committee.objects.get(pk=committee.pk)
    assert stored.event_seq == seq + 3
    assert stored.live_state == services.replay_state(stored)
    assert CommitteeEvent.objects.filter(committee=committee).count() == stored.event_seq
    with transaction.atomic():
        locked = hotpath.lock_for_command(committee.pk, chair=chair)
    assert locked.may_chair is True
    assert [row[0] for row in locked.rows] == [seat.pk for seat in room["seats"]]
    assert locked.topics == {"A": "Counting", "B": "Counting again"}


@pytest.mark.django_db(transaction=True)
@override_settings(DAIS_PREPARED_STATEMENTS=False)
def test_nothing_is_prepared_when_turned_off():
    commanded_room(3, hotpath.PREPARE_THRESHOLD + 3)
    assert prepared() == []


@pytest.mark.django_db(transaction=True)
def test_a_refused_command_leaves_the_next_ones_working():
    # psycopg forgets its prepared statements at a rollback (and deallocates them on the server
    # at the next statement): the commands after a refusal prepare theirs again.
    room, committee, chair = commanded_room(3, hotpath.PREPARE_THRESHOLD + 2)
    seq = Committee.objects.get(pk=committee.pk).event_seq
    with pytest.raises(LiveError):
        services.check_live_command(
            committee.pk,
            Actor(role=DELEGATE, seat=room["seats"][0].pk),
            {"type": "rollcall.open"},
        )
    assert Committee.objects.get(pk=committee.pk).event_seq == seq
    adjust(committee, chair, hotpath.PREPARE_THRESHOLD + 2)
    assert Committee.objects.get(pk=committee.pk).event_seq == seq + hotpath.PREPARE_THRESHOLD + 2
    assert any("FOR UPDATE" in s for s in prepared())


@pytest.mark.django_db
def test_a_column_added_under_a_running_worker_does_not_break_its_prepared_lock():
    # A migration run while workers serve (a new release's first step) adds a column. A prepared
    # `SELECT committee.*` would then fail on every command of that connection ("cached plan
    # must not change result type"); the lock names its columns. (The DDL is rolled back with
    # the test's transaction.)
    room = build(3)
    committee, chair = room["committee"], room["chair"]
    adjust(committee, chair.pk, hotpath.PREPARE_THRESHOLD + 2)
    assert any("FOR UPDATE" in s for s in prepared())
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # (no deferred checks pending: ALTER)
        cursor.execute(
            'ALTER TABLE "committee_committee" ADD COLUMN "dais_probe" integer NOT NULL DEFAULT 7'
        )
    seq = Committee.objects.get(pk=committee.pk).event_seq
    adjust(committee, chair.pk, 2)
    assert Committee.objects.get(pk=committee.pk).event_seq == seq + 2
