"""The plain-SQL statements on a command's hot path (committee/hotpath.py, issue 13 session 6)
return and write exactly what the ORM did, on SQLite and on PostgreSQL."""

from __future__ import annotations

import itertools

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from committee import hotpath
from committee.models import Committee, Seat, Topic
from tests.test_query_counts import build

pytestmark = pytest.mark.django_db


def test_seat_rows_are_the_orms_values_with_real_booleans():
    room = build(12)
    committee = room["committee"]
    Seat.objects.filter(pk=room["seats"][3].pk).update(holds_veto=True, status=Seat.Status.OBSERVER)
    Seat.objects.filter(pk=room["seats"][5].pk).update(country="Ärmelkanal – Ñ 🛰")
    orm = list(
        Seat.objects.filter(committee=committee)
        .order_by("country", "pk")
        .values_list("pk", "country", "status", "join_code", "code_version", "holds_veto", "iso_code")
    )
    rows = hotpath.seat_rows(committee.pk)
    assert rows == orm
    assert all(type(row[5]) is bool for row in rows)
    assert sum(row[5] for row in rows) == 1
    assert hotpath.seat_rows(committee.pk + 999) == []


def test_topic_titles_in_the_topics_own_order():
    committee = build(2)["committee"]
    Topic.objects.filter(committee=committee, letter="A").update(order=5)
    Topic.objects.create(committee=committee, letter="C", title="Tercero «ñ»", order=1)
    assert list(hotpath.topic_titles(committee.pk).items()) == [
        ("C", "Tercero «ñ»"),
        ("B", "Counting again"),
        ("A", "Counting"),
    ]
    assert hotpath.topic_titles(committee.pk + 999) == {}


def test_the_locked_committee_is_the_orms_committee():
    committee = build(3)["committee"]
    Committee.objects.filter(pk=committee.pk).update(
        live_state={"speakers": [1, 2], "note": "ü \u2028 </script>"}, event_seq=41, rule_overrides={"quorum": 0.5}
    )
    expected = Committee.objects.get(pk=committee.pk)
    with transaction.atomic():
        locked = hotpath.lock_committee(committee.pk)
    for field in Committee._meta.concrete_fields:
        assert getattr(locked, field.attname) == getattr(expected, field.attname), field.name
    with transaction.atomic(), pytest.raises(Committee.DoesNotExist):
        hotpath.lock_committee(committee.pk + 999)


# Text as the protocol lets it in: no unpaired surrogates, no NUL (PostgreSQL's jsonb refuses it).
texts = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=10)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=25, deadline=None)
@given(state=st.dictionaries(texts, json_values, max_size=5))
def test_the_stored_state_reads_back_as_written(state):
    committee = Committee.objects.order_by("pk").first() or build(1)["committee"]
    with transaction.atomic():
        locked = hotpath.lock_committee(committee.pk)
        token = locked.state_token
        locked.event_seq += 1
        locked.live_state = state
        hotpath.store_state(locked)
    stored = Committee.objects.get(pk=committee.pk)
    assert stored.live_state == state
    assert stored.event_seq == locked.event_seq
    assert stored.state_token == locked.state_token != token
    assert len(stored.state_token) == 32


@settings(max_examples=20, deadline=None)
@given(
    payloads=st.lists(st.dictionaries(texts, json_values, max_size=4), min_size=1, max_size=3),
    state=st.dictionaries(texts, json_values, max_size=4),
)
def test_journal_entries_and_state_read_back_as_written(payloads, state):
    # On PostgreSQL one statement writes both; elsewhere bulk_create and store_state. Either
    # way the entries get their pks and read back as written, and so does the state.
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from committee.models import CommitteeEvent

    committee = Committee.objects.order_by("pk").first() or build(1)["committee"]
    user = get_user_model().objects.order_by("pk").first()
    seat = Seat.objects.filter(committee=committee).first()
    at = timezone.now()
    with transaction.atomic():
        locked = hotpath.lock_committee(committee.pk)
        token, first = locked.state_token, locked.event_seq + 1
        rows = []
        for i, payload in enumerate(payloads):
            locked.event_seq += 1
            rows.append(
                CommitteeEvent(
                    committee=locked, seq=locked.event_seq, created_at=at,
                    actor_id=user.pk if i % 2 == 0 and user else None,
                    seat_id=seat.pk if i % 2 == 1 and seat else None,
                    kind=f"kind_{i}", payload=payload,
                )
            )
        locked.live_state = state
        hotpath.append_journal(locked, rows)
    stored = list(CommitteeEvent.objects.filter(committee=committee, seq__gte=first).order_by("seq"))
    assert [r.pk for r in rows] == [s.pk for s in stored]
    assert all(r.pk is not None and not r._state.adding for r in rows)
    for row, back in zip(rows, stored, strict=True):
        for name in ("seq", "created_at", "actor_id", "seat_id", "kind", "payload"):
            assert getattr(back, name) == getattr(row, name), name
    again = Committee.objects.get(pk=committee.pk)
    assert again.live_state == state
    assert again.event_seq == locked.event_seq == first + len(payloads) - 1
    assert again.state_token == locked.state_token != token


def test_the_lock_answers_may_still_chair_as_the_access_check_does():
    from django.contrib.auth import get_user_model

    from committee.access import may_still_chair
    from committee.models import DaisMember

    room = build(2)
    committee, chair = room["committee"], room["chair"]
    users = get_user_model().objects
    outsider = users.create_user(username="hp-outsider", password="pw-12345678")
    organizer = users.create_user(username="hp-organizer", password="pw-12345678", is_staff=True)
    left = users.create_user(username="hp-left", password="pw-12345678", is_active=False)
    DaisMember.objects.create(committee=committee, user=left)
    other = build(3)["committee"]
    expected = {chair.pk: True, outsider.pk: False, organizer.pk: True, left.pk: False, 999999: False}
    for user_id, allowed in expected.items():
        assert may_still_chair(user_id, committee.pk) is allowed
        with transaction.atomic():
            locked = hotpath.lock_committee(committee.pk, chair=user_id)
        assert locked.dais_may_chair is allowed, user_id  # type: ignore[attr-defined]
        assert locked.pk == committee.pk and locked.live_state == Committee.objects.get(pk=committee.pk).live_state
    assert may_still_chair(chair.pk, other.pk) is False
    with transaction.atomic():
        assert hotpath.lock_committee(other.pk, chair=chair.pk).dais_may_chair is False  # type: ignore[attr-defined]
        assert not hasattr(hotpath.lock_committee(other.pk), "dais_may_chair")
    with transaction.atomic(), pytest.raises(Committee.DoesNotExist):
        hotpath.lock_committee(other.pk + 999, chair=chair.pk)


_fresh = itertools.count(1)


@settings(max_examples=15, deadline=None)
@given(
    countries=st.lists(texts.filter(bool), min_size=0, max_size=6),
    titles=st.lists(texts, min_size=0, max_size=3),
)
def test_the_command_lock_reads_seats_and_topics_as_their_own_queries_do(countries, titles):
    # On PostgreSQL the seats and topics come back as JSON in one statement after the lock; they
    # must be the very rows and order of seat_rows and topic_titles: names in any script, ties
    # in the country's name broken by pk, vetoes and statuses as stored, no seats at all.
    from committee.seats import new_join_code

    first = Committee.objects.order_by("pk").first() or build(0)["committee"]
    n = next(_fresh)
    committee = Committee.objects.create(
        conference=first.conference, name=f"Lock {n}", abbreviation="L", slug=f"lock-{n}",
        formal_name="Lock", rule_profile="unausa",
    )
    for i, country in enumerate(countries):
        Seat.objects.create(
            committee=committee, country=country, iso_code=f"Q{i}", join_code=new_join_code(),
            holds_veto=i % 3 == 1, status=Seat.Status.OBSERVER if i % 4 == 2 else Seat.Status.VOTING,
        )
    for i, title in enumerate(titles):
        Topic.objects.create(committee=committee, letter="ABC"[i], title=title, order=len(titles) - i)
    with transaction.atomic():
        locked = hotpath.lock_for_command(committee.pk)
    assert locked.rows == hotpath.seat_rows(committee.pk)
    assert [type(value) for row in locked.rows for value in row[4:6]] == [int, bool] * len(countries)
    assert list(locked.topics.items()) == list(hotpath.topic_titles(committee.pk).items())
    assert locked.may_chair is None
    assert locked.committee.live_state == Committee.objects.get(pk=committee.pk).live_state


def test_the_command_lock_answers_for_the_chair_and_refuses_a_missing_committee():
    room = build(3)
    committee, chair = room["committee"], room["chair"]
    with transaction.atomic():
        locked = hotpath.lock_for_command(committee.pk, chair=chair.pk)
        assert locked.may_chair is True
        assert len(locked.rows) == 3 and locked.topics
        assert hotpath.lock_for_command(committee.pk, chair=999999).may_chair is False
        assert hotpath.lock_for_command(committee.pk, with_rows=False).rows == []
    with transaction.atomic(), pytest.raises(Committee.DoesNotExist):
        hotpath.lock_for_command(committee.pk + 999, chair=chair.pk)


@pytest.mark.django_db(transaction=True)
def test_a_command_that_waited_for_the_lock_sees_the_seats_its_holder_changed():
    # Read committed: a statement sees the database as it was when the statement started. The
    # seats are therefore read by a statement of their own once the lock is held; read inside
    # the lock's statement, a command that had waited for a change of vetoes (made under the
    # lock) would get the seats as they were before it.
    import threading
    import time

    from django.db import connection
    from django.db.models import F

    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL (SQLite locks the whole database)")
    room = build(3)
    committee, seat = room["committee"], room["seats"][1]
    seen: dict[str, object] = {}

    def command() -> None:
        try:
            with transaction.atomic():
                seen["rows"] = hotpath.lock_for_command(committee.pk).rows
        except Exception as error:  # reported by the assertion below
            seen["error"] = error
        finally:
            connection.close()

    waiting = threading.Thread(target=command)
    with transaction.atomic():
        hotpath.lock_committee(committee.pk)
        Seat.objects.filter(pk=seat.pk).update(holds_veto=True)
        Committee.objects.filter(pk=committee.pk).update(event_seq=F("event_seq") + 1)
        waiting.start()
        deadline = time.monotonic() + 10
        with connection.cursor() as cursor:
            while time.monotonic() < deadline:
                # (The activity view is read once per transaction unless its snapshot is cleared.)
                cursor.execute("SELECT pg_stat_clear_snapshot()")
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    " AND datname = current_database()"
                )
                if cursor.fetchone()[0]:
                    break
                time.sleep(0.02)
            else:
                pytest.fail(f"the command never waited for the lock: {seen}")
    waiting.join(10)
    assert "error" not in seen, seen.get("error")
    vetoes = {row[0]: row[5] for row in seen["rows"]}  # type: ignore[attr-defined]
    assert vetoes[seat.pk] is True
