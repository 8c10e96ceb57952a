"""Snapshots are rendered once per point of the session and shared (issue 13, reconnect storm).

Each test primes the cache, changes something, and checks that the next snapshot shows the
change and equals one rendered from scratch the way snapshots always were (the reference
below, without any cache): a cache keyed on too little would serve the primed one.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.utils import translation

from committee import rules_services, services, snapshot_services
from committee.live.views import audience_views, private_view
from committee.models import Committee, CommitteeEvent, Seat, Topic
from tests.live.factory import World

pytestmark = pytest.mark.django_db

SOCKETS = [("chair", None), ("public", None), ("delegates", "AR"), ("delegates", "VA")]


def reference(w: World, audience: str, seat_id: int | None) -> dict[str, Any]:
    """A snapshot rendered from scratch, as `snapshot_frame` did before it was cached."""
    committee = Committee.objects.get(pk=w.committee.pk)
    ctx = services.live_context(committee)
    state = services.current_state(committee)
    recent = CommitteeEvent.objects.filter(committee=committee).order_by("-seq")[
        : services.RECENT_EVENTS
    ]
    frame: dict[str, Any] = {
        "type": "snapshot",
        "seq": committee.event_seq,
        "state": audience_views(state, ctx)[audience],
        "events": [services.event_summary(row, audience) for row in reversed(recent)],
    }
    if seat_id is not None:
        frame["private"] = private_view(state, seat_id)
    if audience == "chair":
        frame["presence"] = services.connected_seats(w.committee.pk)
    return frame


def snapshot(w: World, audience: str, iso: str | None = None) -> dict[str, Any]:
    frame = services.snapshot_frame(
        w.committee.pk, audience=audience, seat_id=w.seat(iso) if iso else None
    )
    assert isinstance(frame.pop("server_now"), int)
    return frame


def prime(w: World) -> dict[tuple[str, str | None], dict[str, Any]]:
    return {(audience, iso): snapshot(w, audience, iso) for audience, iso in SOCKETS}


def check_fresh(w: World, before: dict[tuple[str, str | None], dict[str, Any]]) -> set[str]:
    """Every socket's next snapshot equals the reference; returns the audiences whose state
    view changed since `before`."""
    changed = set()
    for audience, iso in SOCKETS:
        got = snapshot(w, audience, iso)
        assert got == reference(w, audience, w.seat(iso) if iso else None), (audience, iso)
        if got["state"] != before[(audience, iso)]["state"]:
            changed.add(audience)
    return changed


def test_a_cached_snapshot_equals_a_fresh_one(debate: World, renders: list[str]):
    w = debate
    w.as_delegate("AR", "point.raise", kind="parliamentary_inquiry", text="When do we vote?")
    first = prime(w)
    assert sorted(renders) == ["chair", "delegates", "public"]  # once per audience
    for (audience, iso), frame in first.items():
        assert frame == reference(w, audience, w.seat(iso) if iso else None)
    # Every further socket at this point reuses them: no rendering, the same frames.
    again = prime(w)
    assert again == first
    assert len(renders) == 3
    # Each seat still gets its own private view, the chair its presence, everyone the clock.
    assert again[("delegates", "AR")]["private"]["points"]
    assert again[("delegates", "VA")]["private"] == private_view(w.state, w.seat("VA"))
    assert again[("delegates", "VA")]["private"]["points"] == []
    # The chair-only text of the point stays with the chair.
    assert "point" in again[("chair", None)]["events"][-1]["payload"]
    assert "point" not in again[("public", None)]["events"][-1]["payload"]


def test_the_encoded_snapshot_is_the_frame(debate: World):
    text = services.snapshot_text(debate.committee.pk, audience="delegates", seat_id=debate.seat("AR"))
    frame = services.snapshot_frame(debate.committee.pk, audience="delegates", seat_id=debate.seat("AR"))
    assert text.startswith('{"type":"snapshot","seq":')
    decoded = json.loads(text)
    assert abs(decoded.pop("server_now") - frame.pop("server_now")) < 5000
    assert decoded == frame


def test_the_clock_is_fresh_in_every_frame(debate: World, monkeypatch):
    monkeypatch.setattr(services, "now_ms", lambda: 1_000)
    first = services.snapshot_frame(debate.committee.pk, audience="public", seat_id=None)
    monkeypatch.setattr(services, "now_ms", lambda: 2_000)
    second = services.snapshot_frame(debate.committee.pk, audience="public", seat_id=None)
    assert (first["server_now"], second["server_now"]) == (1_000, 2_000)


def test_an_event_is_in_the_next_snapshot(debate: World):
    before = prime(debate)
    debate.as_chair("speakers.add", seat=debate.seat("CA"))
    assert check_fresh(debate, before) == {"chair", "delegates", "public"}
    assert snapshot(debate, "public")["events"][-1]["kind"] == "speaker_added"


def test_a_device_ballot_is_in_the_next_snapshot(debate: World):
    w = debate
    motion = w.raise_motion("AR", "unmoderated_caucus", seconder="BR", total_seconds=600)
    w.as_chair("motion.vote", motion=motion)
    before = prime(w)
    # The fast path: a Ballot row and an event; the stored state and its token do not change.
    token = w.refresh().state_token
    w.as_delegate("AR", "vote.cast", choice="yes")
    assert w.refresh().state_token == token
    assert check_fresh(w, before) == {"chair", "delegates", "public"}
    assert snapshot(w, "delegates", "AR")["private"]["ballot"] == "yes"
    assert snapshot(w, "chair")["state"]["vote"]["ballots"] == {str(w.seat("AR")): "yes"}


def test_a_seat_changed_without_an_event_is_in_the_next_snapshot(debate: World):
    # Organizers and the admin change seats without journalling anything.
    w = debate
    seq = w.seq
    before = prime(w)
    Seat.objects.filter(pk=w.seat("VA")).update(status=Seat.Status.VOTING)
    assert w.seq == seq
    assert check_fresh(w, before) == {"chair", "delegates", "public"}
    assert snapshot(w, "public")["state"]["quorum"]["members"] == 8
    before = prime(w)
    Seat.objects.create(committee=w.committee, country="Iceland", iso_code="IS")
    assert check_fresh(w, before) == {"chair", "delegates", "public"}
    assert snapshot(w, "public")["state"]["quorum"]["members"] == 9


def test_rules_changed_without_an_event_are_in_the_next_snapshot(debate: World):
    w = debate
    before = prime(w)
    Committee.objects.filter(pk=w.committee.pk).update(rule_overrides={"default_speaking_seconds": 45})
    assert check_fresh(w, before) == {"chair", "delegates", "public"}
    assert snapshot(w, "public")["state"]["rules"]["default_speaking_seconds"] == 45
    before = prime(w)
    Committee.objects.filter(pk=w.committee.pk).update(rule_profile="interpol")
    assert check_fresh(w, before) == {"chair", "delegates", "public"}
    assert snapshot(w, "public")["state"]["rules"]["profile"] == "interpol"


def test_rules_and_vetoes_changed_by_the_organizer_are_in_the_next_snapshot(debate: World):
    w = debate
    before = prime(w)
    rules_services.do_set_rules(
        w.committee.pk, base="unausa", overrides={"default_speaking_seconds": 75}, user_id=None
    )
    assert check_fresh(w, before) == {"chair", "delegates", "public"}
    assert snapshot(w, "chair")["events"][-1]["kind"] == "rules_changed"


def test_a_topic_or_the_language_makes_a_snapshot_of_its_own(debate: World, renders: list[str]):
    # Nothing of a view shows them today; the key holds them anyway (the context is made of them).
    w = debate
    snapshot(w, "public")
    Topic.objects.create(committee=w.committee, letter="C", title="Another", order=3)
    snapshot(w, "public")
    with translation.override("es"):
        snapshot(w, "public")
        snapshot(w, "public")
    assert renders == ["public", "public", "public"]


def test_a_repaired_journal_is_in_the_next_snapshot(debate: World):
    # Journal rows corrected in place keep their seq: the repair gives the state a new token.
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite could store such text (see test_unstorable_text)")
    w = debate
    row = w.journal()[-1]
    CommitteeEvent.objects.filter(pk=row.pk).update(payload={**row.payload, "note": "a\x00b"})
    services.forget_snapshots()
    before = prime(w)
    assert before[("chair", None)]["events"][-1]["payload"]["note"] == "a\x00b"
    assert services.do_repair_text(w.committee.pk) == 1
    check_fresh(w, before)
    assert snapshot(w, "chair")["events"][-1]["payload"]["note"] == "ab"


def test_what_commits_past_the_row_read_is_left_out(debate: World):
    # A ballot and an event committed between the committee row's read and the rest (the
    # snapshot holds no lock): the snapshot shared at the row's seq does not show them.
    w = debate
    motion = w.raise_motion("AR", "unmoderated_caucus", seconder="BR", total_seconds=600)
    w.as_chair("motion.vote", motion=motion)
    committee = w.refresh()
    w.as_delegate("CA", "vote.cast", choice="no")
    w.as_chair("speakers.add", seat=w.seat("DK"))
    state = services.current_state(committee, upto=committee.event_seq)
    assert state["vote"]["ballots"] == {}
    rows, topics = services.seat_rows(committee), {"A": "Counterfeit medicines", "B": "Cybercrime"}
    key = snapshot_services._snapshot_key(committee, rows, topics)
    entry, part = snapshot_services._shared_snapshot(committee, key, rows, topics, "chair")
    assert entry.state["vote"]["ballots"] == {}
    assert entry.recent[-1]["seq"] == committee.event_seq
    assert json.loads("{" + part + "}")["state"]["vote"]["voted"] == []


def test_presence_is_fresh_for_the_chair(debate: World):
    w = debate
    assert snapshot(w, "chair")["presence"] == []
    services.do_record_connection(
        w.committee.pk, role="delegate", seat_id=w.seat("BR"), user_id=None, channel_name="x.1"
    )
    assert snapshot(w, "chair")["presence"] == [w.seat("BR")]


def test_the_cache_stays_bounded(debate: World, monkeypatch):
    monkeypatch.setattr(snapshot_services, "_SNAPSHOTS_MAX", 3)
    for _ in range(5):
        debate.as_chair("speakers.add", seat=debate.seat("CA"))
        snapshot(debate, "public")
        debate.as_chair("speakers.remove", seat=debate.seat("CA"))
        snapshot(debate, "public")
    # A committee keeps only its latest point (per language).
    assert len(snapshot_services._SNAPSHOTS) == 1
    with translation.override("es"):
        snapshot(debate, "public")
    assert len(snapshot_services._SNAPSHOTS) == 2
