"""Query counts do not grow with the number of seats (issue 13).

The same session is run in a committee of 10 seats and one of 100: the chair console, the
delegate page and the projector, the websocket connect (access check, presence, snapshot) and
every command of a session (through committee.services, the code the consumer runs for each
message) must make exactly as many queries in both. Broadcasts built after commit are counted
too (the on_commit callbacks run); nothing is sent anywhere.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from committee import services
from committee.consumers import _grant
from committee.live.commands import CHAIR, DELEGATE, Actor
from committee.models import Committee, Conference, DaisMember, Seat, Topic
from committee.seats import new_join_code

pytestmark = pytest.mark.django_db


def seat_code(i: int) -> str:
    return f"{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}"


def build(seats: int) -> dict[str, Any]:
    conference = Conference.objects.create(name=f"QC {seats}", slug=f"qc-{seats}")
    committee = Committee.objects.create(
        conference=conference,
        name=f"Committee of {seats}",
        abbreviation="QC",
        slug=f"qc-{seats}",
        formal_name="The Query Count Committee",
        rule_profile="unausa",
    )
    Topic.objects.create(committee=committee, letter="A", title="Counting", order=1)
    Topic.objects.create(committee=committee, letter="B", title="Counting again", order=2)
    chair = get_user_model().objects.create_user(username=f"qc-chair-{seats}", password="pw-12345678")
    DaisMember.objects.create(committee=committee, user=chair)
    rows = Seat.objects.bulk_create(
        Seat(
            committee=committee,
            country=f"Country {i:03d}",
            iso_code=seat_code(i),
            join_code=new_join_code(),
        )
        for i in range(seats)
    )
    return {"committee": committee, "chair": chair, "seats": rows}


def count(fn: Any, *args: Any, **kwargs: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn(*args, **kwargs)
    return len(captured)


@pytest.fixture
def no_sending(monkeypatch):
    monkeypatch.setattr("committee.broadcast.send_now", lambda frames: None)
    monkeypatch.setattr("committee.broadcast.close_seat_sockets", lambda *a, **k: None)


def page_counts(room: dict[str, Any]) -> dict[str, int]:
    cid = room["committee"].pk
    chair = Client()
    chair.force_login(room["chair"])
    delegate = Client()
    response = delegate.post("/join/", {"code": room["seats"][0].join_code})
    assert response.status_code == 302
    public = Client()
    counts = {}
    for name, client, url in (
        ("chair console", chair, f"/committees/{cid}/chair/"),
        ("delegate page", delegate, "/delegate/"),
        ("projector", public, f"/committees/{cid}/projector/"),
    ):
        client.get(url)  # warm: the session and the translation catalogue
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(captured)
    return counts


def test_pages_do_not_grow_with_seats():
    small, large = page_counts(build(10)), page_counts(build(100))
    assert small == large, {"10 seats": small, "100 seats": large}
    # And they stay small: a page is a handful of queries, whatever the room.
    assert max(large.values()) <= 12, large


def connect_counts(room: dict[str, Any], django_capture_on_commit_callbacks) -> dict[str, int]:
    """What the consumer runs when a delegate's socket connects and leaves."""
    from django.contrib.sessions.backends.db import SessionStore

    from committee.seats import bind_seat

    cid = room["committee"].pk
    seat = room["seats"][0]
    session = SessionStore()
    bind_seat(session, seat)
    session.create()
    scope = {"session": SessionStore(session_key=session.session_key), "user": None}
    counts = {"connect: access check": count(_grant, cid, scope, False)}
    with django_capture_on_commit_callbacks(execute=True):
        counts["connect: presence"] = count(
            services.do_record_connection,
            cid, role=DELEGATE, seat_id=seat.pk, user_id=None, channel_name=f"qc.{cid}",
        )
    counts["connect: snapshot"] = count(
        services.snapshot_frame, cid, audience="delegates", seat_id=seat.pk
    )
    # Another device of the same seat at the same point: the shared part is cached.
    counts["connect: snapshot, cached"] = count(
        services.snapshot_frame, cid, audience="delegates", seat_id=room["seats"][1].pk
    )
    counts["connect: projector snapshot"] = count(
        services.snapshot_frame, cid, audience="public", seat_id=None
    )
    counts["connect: chair snapshot"] = count(
        services.snapshot_frame, cid, audience="chair", seat_id=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        counts["disconnect"] = count(services.do_forget_connection, f"qc.{cid}")
    return counts


def test_websocket_connect_does_not_grow_with_seats(no_sending, django_capture_on_commit_callbacks):
    small = connect_counts(build(10), django_capture_on_commit_callbacks)
    large = connect_counts(build(100), django_capture_on_commit_callbacks)
    assert small == large, {"10 seats": small, "100 seats": large}
    # A snapshot rendered at this point before costs the committee, seats and topics alone.
    assert large["connect: snapshot, cached"] == 3, large
    assert large["connect: snapshot"] <= 4, large
    assert large["connect: chair snapshot"] <= 4, large


def command_counts(room: dict[str, Any], django_capture_on_commit_callbacks) -> dict[str, int]:
    """A session through every kind of command; the queries of each (the first time it runs)."""
    cid = room["committee"].pk
    seats = room["seats"]
    chair = Actor(role=CHAIR, user_id=room["chair"].pk)
    first, second, third = (Actor(role=DELEGATE, seat=s.pk) for s in seats[:3])
    counts: dict[str, int] = {}

    def run(actor: Actor, type_: str, **fields: Any) -> services.Outcome:
        message = {"type": type_, **fields}
        connection.queries_log.clear()  # a bounded deque: a full one would count 0
        with django_capture_on_commit_callbacks(execute=True):
            with CaptureQueriesContext(connection) as captured:
                outcome = services.check_live_command(cid, actor, message)
        counts.setdefault(type_, len(captured))
        return outcome

    run(chair, "rollcall.open")
    run(first, "rollcall.answer", mark="present")
    marks = [run(chair, "rollcall.mark", seat=seat.pk, mark="present") for seat in seats[1:]]
    run(chair, "rollcall.close")
    run(chair, "agenda.set", topic="A")
    run(chair, "speakers.add", seat=seats[3].pk)
    run(first, "speakers.join")
    run(second, "speakers.join")
    run(chair, "speakers.move", seat=seats[3].pk, position=2)
    run(second, "speakers.leave")
    run(chair, "speakers.remove", seat=seats[3].pk)
    run(chair, "speech.next")
    run(chair, "timer.pause", timer="speaker")
    run(chair, "timer.resume", timer="speaker")
    run(chair, "timer.adjust", timer="speaker", seconds=10)
    run(chair, "timer.reset", timer="speaker")
    run(chair, "speech.end")
    run(chair, "speech.recognise", seat=seats[4].pk)
    run(chair, "speech.end")
    run(chair, "caucus.start", kind="moderated_caucus", total_seconds=600, speaking_seconds=60)
    run(third, "hand.raise")
    run(chair, "hand.lower", seat=seats[2].pk)
    run(chair, "caucus.end")
    outcome = run(first, "point.raise", kind="parliamentary_inquiry", text="When do we vote?")
    point = outcome.events[0].payload["point"]["id"]
    run(chair, "point.answer", point=point, reply="Soon.")
    outcome = run(second, "motion.raise", kind="unmoderated_caucus", params={"total_seconds": 600})
    motion = outcome.events[0].payload["motion"]["id"]
    run(third, "motion.second", motion=motion)
    run(chair, "motion.vote", motion=motion)
    run(first, "vote.cast", choice="yes")
    run(chair, "vote.enter", seat=seats[1].pk, choice="no")  # the ballots' fast path too
    for seat in seats[2:]:
        services.check_live_command(
            cid, Actor(role=DELEGATE, seat=seat.pk), {"type": "vote.cast", "choice": "yes"}
        )
    run(chair, "vote.reveal", revealed=True)
    run(chair, "vote.close")
    run(chair, "session.suspend", seconds=300)
    run(chair, "session.resume")
    run(chair, "speakers.close", closed=True)
    run(chair, "undo", seq=marks[-1].seq)  # reads the journal
    point = run(first, "point.raise", kind="personal_privilege").events[0].payload["point"]["id"]
    run(chair, "point.dismiss", point=point, reply="Noted.")
    point = run(second, "point.raise", kind="personal_privilege").events[0].payload["point"]["id"]
    run(second, "point.withdraw", point=point)
    outcome = run(first, "motion.raise", kind="unmoderated_caucus", params={"total_seconds": 300})
    run(first, "motion.withdraw", motion=outcome.events[0].payload["motion"]["id"])
    outcome = run(first, "motion.raise", kind="unmoderated_caucus", params={"total_seconds": 300})
    motion = outcome.events[0].payload["motion"]["id"]
    run(second, "motion.second", motion=motion)
    run(chair, "motion.vote", motion=motion)
    run(chair, "vote.cancel")
    return counts


def test_websocket_commands_do_not_grow_with_seats(no_sending, django_capture_on_commit_callbacks):
    small = command_counts(build(10), django_capture_on_commit_callbacks)
    large = command_counts(build(100), django_capture_on_commit_callbacks)
    grown = {k: (small[k], large[k]) for k in small if small[k] != large.get(k)}
    assert not grown, f"queries (10 seats, 100 seats) that grew: {grown}"
    assert set(small) == set(large)
    assert len(small) >= 37  # the scenario really ran through the commands
