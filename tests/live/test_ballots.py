"""Ballots as rows (issue 13): one per seat per vote, by the service and by the database; the
fast path of a device's ballot (no state load or rewrite, queries that do not grow with the
room); device and chair-entered ballots in one tally; replay; the hub's coalescing of tallies."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from committee import services
from committee.ballot_services import BallotRequest
from committee.hub import TALLY_HOLD, TALLY_INTERVAL, Hub
from committee.live import ballots as live_ballots
from committee.models import Ballot, CommitteeEvent, Seat
from tests.live.factory import World, refused

pytestmark = pytest.mark.django_db


def open_vote(w: World) -> int:
    motion = w.raise_motion("AR", "unmoderated_caucus", "BR", total_seconds=600)
    w.as_chair("motion.vote", motion=motion)
    return services.vote_key(w.state["vote"])


def ballots(w: World, key: int) -> list[tuple[int, str, bool]]:
    return list(
        Ballot.objects.filter(committee=w.committee, vote=key)
        .order_by("seq")
        .values_list("seat", "choice", "entered_by_chair")
    )

def blind_to_earlier_ballots(monkeypatch) -> None:
    """The service's own check of a seat's earlier ballot made to miss it (the database's
    constraint must still refuse)."""
    check = live_ballots.ballot_cast

    def blind(vote: dict[str, Any] | None, actor: Any, c: Any) -> Any:
        return check(vote and {**vote, "ballots": {}}, actor, c)

    monkeypatch.setattr(live_ballots, "ballot_cast", blind)



def test_the_vote_is_named_by_the_seq_of_its_opening(debate: World):
    w = debate
    key = open_vote(w)
    opened = CommitteeEvent.objects.get(committee=w.committee, kind="vote_opened")
    assert key == opened.seq and opened.payload["vote"]["key"] == opened.seq


def test_a_devices_ballot_is_a_row_and_a_journal_event_without_rewriting_the_state(debate: World):
    w = debate
    key = open_vote(w)
    stored = w.refresh()
    before_state, before_token = stored.live_state, stored.state_token
    outcome = w.as_delegate("CA", "vote.cast", choice="no")
    committee = w.refresh()
    assert outcome.seq == committee.event_seq
    assert [(e.kind, e.payload) for e in outcome.events] == [
        ("ballot_cast", {"vote": w.state["vote"]["id"], "seat": w.seat("CA"), "choice": "no"})
    ]
    assert CommitteeEvent.objects.get(committee=w.committee, seq=outcome.seq).seat_id == w.seat("CA")
    assert ballots(w, key) == [(w.seat("CA"), "no", False)]
    # The stored state is untouched; the session state has the ballot.
    assert (committee.live_state, committee.state_token) == (before_state, before_token)
    assert w.state["vote"]["ballots"] == {str(w.seat("CA")): "no"}


def test_a_second_ballot_is_refused_with_a_clear_message(debate: World):
    w = debate
    key = open_vote(w)
    w.as_delegate("CA", "vote.cast", choice="no")
    message = refused(w, w.delegate("CA"), "vote.cast", choice="yes")
    assert message == "Your delegation has already voted."
    assert ballots(w, key) == [(w.seat("CA"), "no", False)]
    # nor may the chair enter another ballot for it
    refused(w, w.chair, "vote.enter", "already voted", seat=w.seat("CA"), choice="yes")


def test_the_database_refuses_a_second_ballot_of_a_seat_in_a_vote(debate: World):
    w = debate
    key = open_vote(w)
    fields = {"committee": w.committee, "vote": key, "seat": w.seat("CA")}
    from django.utils import timezone

    Ballot.objects.create(**fields, choice="yes", seq=1000, created_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(**fields, choice="no", seq=1001, created_at=timezone.now())
    # Another vote, or another seat, is fine.
    Ballot.objects.create(**{**fields, "vote": key + 1}, choice="no", seq=1002, created_at=timezone.now())
    Ballot.objects.create(**{**fields, "seat": w.seat("DK")}, choice="no", seq=1003, created_at=timezone.now())


def test_the_constraint_backs_the_service(debate: World, monkeypatch):
    """Were the service's own check to miss a ballot, the database refuses it: same message,
    nothing changed."""
    w = debate
    key = open_vote(w)
    w.as_delegate("CA", "vote.cast", choice="no")
    blind_to_earlier_ballots(monkeypatch)
    message = refused(w, w.delegate("CA"), "vote.cast", choice="yes")
    assert message == "Your delegation has already voted."
    assert ballots(w, key) == [(w.seat("CA"), "no", False)]


def test_device_and_chair_entered_ballots_make_one_tally(debate: World):
    w = debate
    key = open_vote(w)
    w.vote_all(["AR", "BR"], ["CA"])
    w.as_chair("vote.enter", seat=w.seat("DK"), choice="yes")
    w.vote_all([], ["EG", "FR"])
    w.as_chair("vote.enter", seat=w.seat("GH"), choice="no")
    vote = w.state["vote"]
    assert vote["entered"] == [w.seat("DK"), w.seat("GH")]
    assert len(vote["ballots"]) == 7
    assert [(seat, by) for seat, _choice, by in ballots(w, key)] == [
        (w.seat(iso), iso in ("DK", "GH")) for iso in ("AR", "BR", "CA", "DK", "EG", "FR", "GH")
    ]
    w.as_chair("vote.close")
    result = w.state["results"][0]
    assert (result["yes"], result["no"], result["abstain"]) == (3, 4, 0)
    assert result["method"] == "device_and_chair" and result["cast"] == 7
    assert services.replay_state(w.refresh()) == w.state


def test_replay_equals_the_state_in_the_middle_of_a_vote(debate: World):
    w = debate
    open_vote(w)
    w.vote_all(["AR", "BR", "CA"], ["DK"])
    w.as_chair("vote.reveal", revealed=True)  # a stored state written with the rows merged
    w.vote_all(["EG"], [])
    state = w.state
    assert len(state["vote"]["ballots"]) == 5
    assert services.replay_state(w.refresh()) == state


def test_refusals_on_the_fast_path_are_the_engines(debate: World):
    w = debate
    refused(w, w.delegate("AR"), "vote.cast", "No vote is open", choice="yes")
    w.as_chair("rollcall.mark", seat=w.seat("GH"), mark="absent")
    open_vote(w)
    refused(w, w.delegate("GH"), "vote.cast", "no vote here", choice="yes")
    refused(w, w.delegate("AR"), "vote.cast", "yes, no or abstain", choice="maybe")
    refused(w, w.delegate("AR"), "vote.cast", "procedural", choice="abstain")
    # A revoked code is seen at once, even with the vote read from the process's copy.
    w.as_delegate("BR", "vote.cast", choice="yes")
    Seat.objects.filter(pk=w.seat("CA")).update(join_code="")
    refused(w, w.delegate("CA"), "vote.cast", "revoked", choice="yes")
    # A placard count, written by another command, is seen at the next ballot.
    w.as_chair("vote.placard", yes=5, no=1, replace=True)
    refused(w, w.delegate("DK"), "vote.cast", "placards", choice="yes")


def test_a_seat_code_version_changed_since_the_socket_opened_is_refused(debate: World):
    w = debate
    open_vote(w)
    version = Seat.objects.get(pk=w.seat("AR")).code_version
    with pytest.raises(services.LiveError, match="revoked"):
        services.check_live_command(
            w.committee.pk, w.delegate("AR"), {"type": "vote.cast", "choice": "yes"},
            seat_version=version + 1,
        )
    assert w.state["vote"]["ballots"] == {}


def test_roll_call_answers_are_rows_too(debate: World):
    from tests.live.test_roll_call_vote import _roll_call

    w = debate
    _roll_call(w)
    key = services.vote_key(w.state["vote"])
    w.as_delegate("AR", "vote.answer", answer="pass")  # no ballot yet
    w.as_chair("vote.answer", seat=w.seat("BR"), answer="yes_rights")
    w.as_delegate("CA", "vote.answer", answer="no")
    assert ballots(w, key) == [(w.seat("BR"), "yes", False), (w.seat("CA"), "no", False)]
    assert services.replay_state(w.refresh()) == w.state


# ---------------------------------------------------------------------------------------------
# Queries


def room_in_a_vote(size: int) -> dict[str, Any]:
    """A committee of `size` seats (tests/test_query_counts.py), all present, a motion's vote
    open; `run` is `services.check_live_command`."""
    from committee.live.commands import CHAIR, DELEGATE, Actor
    from tests.test_query_counts import build

    room = build(size)
    cid = room["committee"].pk
    chair = Actor(role=CHAIR, user_id=room["chair"].pk)
    run = services.check_live_command
    for seat in room["seats"]:
        run(cid, chair, {"type": "rollcall.mark", "seat": seat.pk, "mark": "present"})
    run(cid, chair, {"type": "agenda.set", "topic": "A"})
    first, second = (Actor(role=DELEGATE, seat=s.pk) for s in room["seats"][:2])
    motion = run(cid, first, {"type": "motion.raise", "kind": "unmoderated_caucus", "params": {"total_seconds": 60}})
    run(cid, second, {"type": "motion.second", "motion": motion.events[0].payload["motion"]["id"]})
    run(cid, chair, {"type": "motion.vote", "motion": motion.events[0].payload["motion"]["id"]})
    return {**room, "cid": cid, "chair_actor": chair, "run": run}


def ballot_queries(size: int, django_capture_on_commit_callbacks) -> list[int]:
    from committee.live.commands import DELEGATE, Actor

    room = room_in_a_vote(size)
    cid, run = room["cid"], room["run"]
    counts = []
    for seat in room["seats"]:
        connection.queries_log.clear()
        with django_capture_on_commit_callbacks(execute=True):
            with CaptureQueriesContext(connection) as captured:
                run(cid, Actor(role=DELEGATE, seat=seat.pk), {"type": "vote.cast", "choice": "yes"})
        counts.append(len(captured))
    return counts


def test_a_ballots_queries_do_not_grow_with_seats(django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("committee.broadcast.send_messages", lambda messages: None)
    small = ballot_queries(10, django_capture_on_commit_callbacks)
    large = ballot_queries(120, django_capture_on_commit_callbacks)
    # The first ballot of a vote reads the state once (then the process keeps it); every other
    # ballot makes the same few queries, in a room of 10 or of 120.
    assert small[0] == large[0] and set(small[1:]) == set(large[1:]) == {small[1]}, (small, large)
    assert small[1] <= 7, small  # savepoint-free: lock + seat, counts, 2 inserts, update (+ begin/commit)


# ---------------------------------------------------------------------------------------------
# The hub: tallies coalesced


class FakeSocket:
    def __init__(self, seat: int | None = None) -> None:
        self.seat_id = seat
        self.frames: list[dict[str, Any]] = []

    async def send(self, text_data: str) -> None:
        self.frames.append(json.loads(text_data))


def tally(seq: int, seat: int, cast: int, **extra: Any) -> dict[str, Any]:
    return {
        "type": "hub.tally",
        "group": "dais.c1.chair",
        "seq": seq,
        "frame": {"vote": 3, "cast": cast, "method": "device", "tally": {"yes": cast, "no": 0, "abstain": 0}},
        "event": {"seq": seq, "kind": "ballot_cast", "at": 0, "payload": {"seat": seat}},
        "voted": seat,
        "ballot": [seat, "yes"],
        **extra,
    }


def test_the_hub_coalesces_tallies_and_keeps_them_before_later_events(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

    async def scenario() -> list[dict[str, Any]]:
        hub = Hub()
        socket = FakeSocket()
        hub.members["dais.c1.chair"] = {socket}
        await hub.deliver({"type": "hub.frame", "group": "dais.c1.chair", "seq": 10, "text": json.dumps({"type": "event", "seq": 10})})
        await hub.deliver(tally(11, 101, 1))  # the first goes at once
        await asyncio.sleep(0.02)
        for seq, seat in ((13, 103), (12, 102), (14, 104)):  # out of order: sorted
            await hub.deliver(tally(seq, seat, seq - 10))
        await asyncio.sleep(TALLY_INTERVAL + 0.05)
        await hub.deliver(tally(15, 105, 5))
        # an event of the group sends the waiting tally first, at once
        await hub.deliver({"type": "hub.frame", "group": "dais.c1.chair", "seq": 16, "text": json.dumps({"type": "event", "seq": 16})})
        await hub.deliver(tally(15, 105, 5))  # stale: dropped
        await asyncio.sleep(TALLY_INTERVAL + 0.05)
        return socket.frames

    frames = asyncio.run(scenario())
    assert [(f["type"], f.get("first_seq"), f["seq"]) for f in frames] == [
        ("event", None, 10),
        ("tally", 11, 11),
        ("tally", 12, 14),
        ("tally", 15, 15),
        ("event", None, 16),
    ]
    assert frames[2]["voted"] == [102, 103, 104] and frames[2]["cast"] == 4
    assert frames[2]["ballots"] == {"102": "yes", "103": "yes", "104": "yes"}
    assert [e["seq"] for e in frames[2]["events"]] == [12, 13, 14]


def test_the_hub_waits_a_little_for_a_missing_ballot(settings, monkeypatch):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    hold = 4 * TALLY_HOLD  # slack for a busy machine (the hold is read when the hub flushes)
    monkeypatch.setattr("committee.hub.TALLY_HOLD", hold)

    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        hub = Hub()
        socket = FakeSocket()
        hub.members["dais.c1.chair"] = {socket}
        await hub.deliver(tally(20, 1, 1))
        await asyncio.sleep(0.01)
        await hub.deliver(tally(22, 3, 3))  # 21 is still on its way (another worker)
        await asyncio.sleep(TALLY_INTERVAL + 0.05)
        held = list(socket.frames)
        await hub.deliver(tally(21, 2, 2))
        await asyncio.sleep(0.1)
        late = list(socket.frames)
        await hub.deliver(tally(24, 5, 5))  # 23 never comes: sent anyway after the hold
        await asyncio.sleep(hold + 0.3)
        return held, late + socket.frames[len(late):]

    held, frames = asyncio.run(scenario())
    assert [(f["first_seq"], f["seq"]) for f in held] == [(20, 20)]
    assert [(f["first_seq"], f["seq"]) for f in frames] == [(20, 20), (21, 22), (24, 24)]


def test_a_seats_private_frame_follows_the_tally_that_counts_it(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        hub = Hub()
        mine, other = FakeSocket(seat=7), FakeSocket(seat=8)
        hub.members["dais.c1.delegates"] = {mine, other}
        private = json.dumps({"type": "private", "seq": 30, "private": {"ballot": "yes"}, "notices": []})
        await hub.deliver({**tally(30, 7, 1), "group": "dais.c1.delegates", "private": {"7": private}})
        await asyncio.sleep(0.05)
        return mine.frames, other.frames

    mine, other = asyncio.run(scenario())
    assert [f["type"] for f in mine] == ["tally", "private"]
    assert [f["type"] for f in other] == ["tally"]


# ---------------------------------------------------------------------------------------------
# Ballots that arrive together: one transaction (a group commit)


def request(w: World, iso: str, choice: str, **kwargs: Any) -> BallotRequest:
    return BallotRequest(w.delegate(iso), {"type": "vote.cast", "choice": choice}, **kwargs)


def test_a_batch_records_each_ballot_with_its_own_seq_and_refuses_only_the_bad_ones(
    debate: World, capture
):
    w = debate
    key = open_vote(w)
    start = w.seq
    version = Seat.objects.get(pk=w.seat("DK")).code_version
    batch = [
        request(w, "AR", "yes"),
        request(w, "BR", "no"),
        request(w, "AR", "no", language="es"),  # a second device of a seat that just voted
        request(w, "CA", "maybe"),
        request(w, "DK", "yes", seat_version=version + 1),  # its code changed since
        request(w, "EG", "abstain", language="es"),  # nobody abstains on a procedural vote
        request(w, "FR", "yes"),
    ]
    results: list[Any] = []
    sent = capture(lambda: results.extend(services.do_cast_ballots(w.committee.pk, batch)))
    with translation.override("es"):  # each refusal in its sender's language
        twice = gettext("Your delegation has already voted.")
        procedural = gettext("Nobody abstains on a procedural vote: vote yes or no.")
    assert twice.startswith("Su delegación") and procedural.startswith("En una votación")
    assert [r.seq if isinstance(r, services.Outcome) else str(r) for r in results] == [
        start + 1,
        start + 2,
        twice,
        "Vote yes, no or abstain.",
        "Your join code was revoked. Ask the chair for a new one.",
        procedural,
        start + 3,
    ]
    assert ballots(w, key) == [(w.seat("AR"), "yes", False), (w.seat("BR"), "no", False), (w.seat("FR"), "yes", False)]
    assert [(e.seq, e.kind, e.seat_id) for e in w.journal()[-3:]] == [
        (start + 1, "ballot_cast", w.seat("AR")),
        (start + 2, "ballot_cast", w.seat("BR")),
        (start + 3, "ballot_cast", w.seat("FR")),
    ]
    assert w.seq == start + 3
    # One tally message per audience carrying the three ballots: frames in seq order, the
    # chair's running tally ending at the counts of the rows, each voter's private frame.
    chair = [f for g, f in sent if g.endswith(".chair")]
    assert [f["seq"] for f in chair] == [start + 1, start + 2, start + 3]
    assert chair[-1]["tally"] == {"yes": 2, "no": 1, "abstain": 0} and chair[-1]["cast"] == 3
    private = {g.rsplit(".", 1)[1]: f["private"]["ballot"] for g, f in sent if f["type"] == "private"}
    assert private == {f"seat{w.seat('AR')}": "yes", f"seat{w.seat('BR')}": "no", f"seat{w.seat('FR')}": "yes"}
    assert services.replay_state(w.refresh()) == w.state


def test_a_batch_whose_every_ballot_is_refused_changes_nothing(debate: World, capture):
    w = debate
    open_vote(w)
    start, journal = w.seq, len(w.journal())
    Seat.objects.filter(pk__in=[w.seat("AR"), w.seat("BR")]).update(join_code="")
    results: list[Any] = []
    sent = capture(
        lambda: results.extend(
            services.do_cast_ballots(w.committee.pk, [request(w, "AR", "yes"), request(w, "BR", "no")])
        )
    )
    assert [str(r) for r in results] == ["Your join code was revoked. Ask the chair for a new one."] * 2
    assert (w.seq, len(w.journal()), sent) == (start, journal, [])
    assert Ballot.objects.filter(committee=w.committee).count() == 0


def test_when_the_constraint_refuses_a_batch_each_ballot_is_recorded_on_its_own(
    debate: World, monkeypatch
):
    """Were the service's own check to miss a seat that already voted, the database refuses the
    batch and each ballot is then tried alone: only that one is refused."""
    w = debate
    key = open_vote(w)
    w.as_delegate("CA", "vote.cast", choice="no")
    blind_to_earlier_ballots(monkeypatch)
    results = services.do_cast_ballots(
        w.committee.pk, [request(w, "AR", "yes"), request(w, "CA", "yes"), request(w, "DK", "no")]
    )
    assert [isinstance(r, services.Outcome) for r in results] == [True, False, True]
    assert str(results[1]) == "Your delegation has already voted."
    assert sorted(ballots(w, key)) == sorted(
        [(w.seat("CA"), "no", False), (w.seat("AR"), "yes", False), (w.seat("DK"), "no", False)]
    )
    assert services.replay_state(w.refresh()) == w.state


def test_a_batch_makes_the_queries_of_one_ballot(debate: World, monkeypatch):
    """However many ballots a batch holds, it is one lock, one count, two inserts, one update."""
    monkeypatch.setattr("committee.broadcast.send_messages", lambda messages: None)
    w = debate
    open_vote(w)
    services.do_cast_ballots(w.committee.pk, [request(w, "AR", "yes")])  # reads the state once
    counts = []
    for group in (["BR"], ["CA", "DK", "EG", "FR", "GH"]):
        with CaptureQueriesContext(connection) as captured:
            results = services.do_cast_ballots(w.committee.pk, [request(w, iso, "yes") for iso in group])
        assert all(isinstance(r, services.Outcome) for r in results)
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    assert len(w.state["vote"]["ballots"]) == 7
