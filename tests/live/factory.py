"""A tiny factory for the live-session tests.

`make_committee()` builds one committee of the "unausa" profile with 8 seats (7 voting members
and one observer), topics A and B, and a chair user on the dais. The helpers run commands
through `committee.services.check_live_command`, the single entry point for session changes.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from committee import services
from committee.hub import tally_frame
from committee.live.commands import CHAIR, DELEGATE, Actor, LiveError
from committee.models import Committee, CommitteeEvent, Conference, DaisMember, Seat, Topic
from committee.seats import new_join_code

COUNTRIES = [
    ("Argentina", "AR"),
    ("Brazil", "BR"),
    ("Canada", "CA"),
    ("Denmark", "DK"),
    ("Egypt", "EG"),
    ("France", "FR"),
    ("Ghana", "GH"),
]
OBSERVER = ("Holy See", "VA")

_counter = itertools.count(1)


@dataclass
class World:
    committee: Committee
    chair_user: Any
    seats: dict[str, Seat]  # ISO code -> seat
    observer: Seat
    codes: dict[str, str] = field(default_factory=dict)  # ISO code -> join code

    @property
    def chair(self) -> Actor:
        return Actor(role=CHAIR, user_id=self.chair_user.pk)

    def delegate(self, iso: str) -> Actor:
        return Actor(role=DELEGATE, seat=self.seat(iso))

    def seat(self, iso: str) -> int:
        return self.observer.pk if iso == self.observer.iso_code else self.seats[iso].pk

    def refresh(self) -> Committee:
        self.committee.refresh_from_db()
        return self.committee

    @property
    def state(self) -> dict[str, Any]:
        # The stored state with the open vote's Ballot rows (a device's ballot is a row only).
        return services.current_state(self.refresh())

    @property
    def seq(self) -> int:
        return self.refresh().event_seq

    def run(self, actor: Actor, type_: str, **fields: Any) -> services.Outcome:
        return services.check_live_command(self.committee.pk, actor, {"type": type_, **fields})

    def as_chair(self, type_: str, **fields: Any) -> services.Outcome:
        return self.run(self.chair, type_, **fields)

    def as_delegate(self, iso: str, type_: str, **fields: Any) -> services.Outcome:
        return self.run(self.delegate(iso), type_, **fields)

    def journal(self) -> list[CommitteeEvent]:
        return list(CommitteeEvent.objects.filter(committee=self.committee).order_by("seq"))

    def kinds(self, since: int = 0) -> list[str]:
        return [row.kind for row in self.journal() if row.seq > since]

    # -- common set-ups --------------------------------------------------------------------

    def mark_present(self, *isos: str, mark: str = "present") -> None:
        for iso in isos or tuple(self.seats):
            self.as_chair("rollcall.mark", seat=self.seat(iso), mark=mark)

    def open_debate(self, topic: str = "A", *present: str) -> None:
        """Everyone (or `present`) marked present and topic `topic` on the floor."""
        self.mark_present(*present)
        self.as_chair("agenda.set", topic=topic)

    def raise_motion(self, iso: str, kind: str, seconder: str | None = None, **params: Any) -> int:
        outcome = self.as_delegate(iso, "motion.raise", kind=kind, params=params)
        motion_id = outcome.events[0].payload["motion"]["id"]
        if seconder:
            self.as_delegate(seconder, "motion.second", motion=motion_id)
        return motion_id

    def vote_all(self, yes: list[str], no: list[str], abstain: Sequence[str] = ()) -> None:
        for iso in yes:
            self.as_delegate(iso, "vote.cast", choice="yes")
        for iso in no:
            self.as_delegate(iso, "vote.cast", choice="no")
        for iso in abstain:
            self.as_delegate(iso, "vote.cast", choice="abstain")

    def pass_motion(self, iso: str, kind: str, seconder: str, **params: Any) -> int:
        """Raise, second, vote (all 7 members yes) and close: the motion passes."""
        motion_id = self.raise_motion(iso, kind, seconder, **params)
        self.as_chair("motion.vote", motion=motion_id)
        present = [
            i
            for i in self.seats
            if self.state["attendance"].get(str(self.seat(i))) in ("present", "present_and_voting")
        ]
        self.vote_all(present, [])
        self.as_chair("vote.close")
        return motion_id


def make_committee(*, profile: str = "unausa", **kwargs: Any) -> World:
    n = next(_counter)
    conference = Conference.objects.create(name=f"Conference {n}", slug=f"conf-{n}")
    kwargs.setdefault("name", "INTERPOL General Assembly")
    kwargs.setdefault("abbreviation", "INTERPOL")
    kwargs.setdefault("slug", f"interpol-{n}")
    kwargs.setdefault("formal_name", "The INTERPOL General Assembly")
    committee = Committee.objects.create(conference=conference, rule_profile=profile, **kwargs)
    Topic.objects.create(committee=committee, letter="A", title="Counterfeit medicines", order=1)
    Topic.objects.create(committee=committee, letter="B", title="Cybercrime", order=2)
    user = get_user_model().objects.create_user(username=f"chair{n}", password="pw-chair-123")
    DaisMember.objects.create(committee=committee, user=user, role=DaisMember.Role.CHAIR)
    seats: dict[str, Seat] = {}
    codes: dict[str, str] = {}
    for country, iso in COUNTRIES:
        code = new_join_code()
        seats[iso] = Seat.objects.create(
            committee=committee, country=country, iso_code=iso, join_code=code
        )
        codes[iso] = code
    country, iso = OBSERVER
    observer = Seat.objects.create(
        committee=committee,
        country=country,
        iso_code=iso,
        status=Seat.Status.OBSERVER,
        join_code=new_join_code(),
    )
    codes[iso] = observer.join_code
    return World(committee=committee, chair_user=user, seats=seats, observer=observer, codes=codes)


# ---------------------------------------------------------------------------------------------
# Assertions


def refused(world: World, actor: Actor, type_: str, match: str | None = None, **fields: Any) -> str:
    """Run a command that must be refused; check that nothing changed. Returns the message."""
    seq, state = world.seq, world.state
    rows = CommitteeEvent.objects.filter(committee=world.committee).count()
    with pytest.raises(LiveError, match=match) as info:
        world.run(actor, type_, **fields)
    assert world.seq == seq
    assert world.state == state
    assert CommitteeEvent.objects.filter(committee=world.committee).count() == rows
    return str(info.value)


def accepted(world: World, actor: Actor, type_: str, kinds: list[str] | None = None, **fields: Any):
    """Run a command that must be accepted; check the journal rows it appended."""
    seq = world.seq
    outcome = world.run(actor, type_, **fields)
    rows = list(
        CommitteeEvent.objects.filter(committee=world.committee, seq__gt=seq).order_by("seq")
    )
    assert [row.seq for row in rows] == list(range(seq + 1, seq + 1 + len(rows)))
    assert outcome.seq == world.seq == seq + len(rows)
    for row in rows:
        assert row.actor_id == actor.user_id
        assert row.seat_id == actor.seat
    if kinds is not None:
        assert [row.kind for row in rows] == kinds
    return rows


# ---------------------------------------------------------------------------------------------
# Fixtures (import them into a test module: `from tests.live.factory import world, ...`)
START_MS = 1_900_000_000_000


class Clock:
    def __init__(self) -> None:
        self.now = START_MS

    def __call__(self) -> int:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += int(seconds * 1000)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """`committee.services.now_ms` under the test's control (milliseconds)."""
    clock = Clock()
    monkeypatch.setattr("committee.services.now_ms", clock)
    return clock


@pytest.fixture
def world(db, clock) -> World:
    return make_committee()


@pytest.fixture
def debate(world: World) -> World:
    """All seven members present, Topic A on the floor."""
    world.open_debate("A")
    return world


@pytest.fixture
def capture(monkeypatch, django_capture_on_commit_callbacks):
    """`capture(fn, *args)` runs `fn` and returns the frames it broadcast after commit, as
    (group, frame) pairs (the on_commit callbacks run; nothing reaches a channel layer)."""
    sent: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr("committee.broadcast.send_now", lambda frames: sent.extend(frames))
    # A device's ballot sends hub.tally messages: each becomes the frames a hub would send for
    # it alone (its tally frame, then the seat's private frame).
    monkeypatch.setattr(
        "committee.broadcast.send_messages", lambda messages: sent.extend(hub_frames(messages))
    )

    def run(fn: Any, *args: Any, **kwargs: Any) -> list[tuple[str, dict[str, Any]]]:
        sent.clear()
        with django_capture_on_commit_callbacks(execute=True):
            fn(*args, **kwargs)
        return list(sent)

    return run


def hub_frames(messages: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    frames: list[tuple[str, dict[str, Any]]] = []
    for group, message in messages:
        assert message["type"] == "hub.tally", message
        for entry in message.get("tallies") or [message]:
            frames.append((group, tally_frame([entry])))
            for seat, text in (entry.get("private") or {}).items():
                frames.append((f"{group.rsplit('.', 1)[0]}.seat{seat}", json.loads(text)))
    return frames


def apply_tally(view: dict[str, Any], frame: dict[str, Any]) -> dict[str, Any]:
    """What static/js/live.js does with a `tally` frame, in Python (tests compare the result
    with a fresh snapshot)."""
    vote = dict(view["vote"])
    assert vote["id"] == frame["vote"]
    vote["cast_count"] = frame["cast"]
    vote["method"] = frame["method"]
    if "tally" in frame:
        vote["tally"] = frame["tally"]
    voted = frame.get("voted", [])
    if "voted" in vote:
        vote["voted"] = sorted(set(vote["voted"]) | set(voted))
    if "not_voted" in vote:
        vote["not_voted"] = [seat for seat in vote["not_voted"] if seat not in voted]
    if "ballots" in vote and "ballots" in frame:
        vote["ballots"] = {**vote["ballots"], **frame["ballots"]}
    if "entered" in vote:
        vote["entered"] = vote["entered"] + [s for s in frame.get("entered", []) if s not in vote["entered"]]
    return {**view, "vote": vote}


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The audiences whose snapshot view was rendered (snapshot_services.audience_view calls),
    in order."""
    from committee import snapshot_services

    calls: list[str] = []
    real = snapshot_services.audience_view

    def counting(state: Any, ctx: Any, audience: str) -> dict[str, Any]:
        calls.append(audience)
        return real(state, ctx, audience)

    monkeypatch.setattr(snapshot_services, "audience_view", counting)
    return calls
