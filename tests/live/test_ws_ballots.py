"""Ballots over the real websocket stack (config.asgi): every seat votes at once; each voter gets
its own `ok` with its seq, every socket ends with the final count through coalesced `tally`
frames (no gap, nothing twice), the chair's "not voted" list empties, and the result of the
vote reaches every socket."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from committee.models import Ballot
from tests.live.factory import World, apply_tally, make_committee
from tests.live.test_websocket import (
    chair_cookie,
    committee_row,
    delegate_cookie,
    drain,
    next_frame,
    room,
    send,
    setup,
)

pytestmark = pytest.mark.django_db(transaction=True)

VOTERS = ("AR", "BR", "CA", "DK", "EG", "FR", "GH")


@pytest.fixture
def world(transactional_db) -> World:
    return make_committee()


@pytest.fixture
def cookies(world: World) -> dict[str, bytes]:
    made = {"chair": chair_cookie(world)}
    for iso in VOTERS:
        made[iso] = delegate_cookie(world, iso)
    return made


async def voting_on_a_motion(world: World) -> None:
    """Every voter present, Topic A, a motion's vote open."""
    await setup(
        world,
        *[("chair", "rollcall.mark", {"seat": world.seat(i), "mark": "present"}) for i in VOTERS],
        ("chair", "agenda.set", {"topic": "A"}),
        ("AR", "motion.raise", {"kind": "unmoderated_caucus", "params": {"total_seconds": 600}}),
        ("BR", "motion.second", {"motion": 1}),
        ("chair", "motion.vote", {"motion": 1}),
    )


def apply(view: dict[str, Any], last_seq: int, frame: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """A page's handling of event and tally frames; asserts there is no gap."""
    if frame["type"] not in ("event", "tally"):
        return view, last_seq
    assert frame["first_seq"] == last_seq + 1, (last_seq, frame)
    if frame["type"] == "event":
        return {**view, **frame["patch"]}, frame["seq"]
    return apply_tally(view, frame), frame["seq"]


async def test_a_burst_of_ballots_is_acknowledged_and_counted_everywhere(
    world, cookies, channel_layer, ws_headers
):
    await voting_on_a_motion(world)
    async with room(world, cookies, ws_headers, "chair", *VOTERS, "projector") as s:
        start, _state = await committee_row(world)
        views = {name: (sock.snapshot["state"], sock.snapshot["seq"]) for name, sock in s.items()}
        assert views["chair"][0]["vote"]["not_voted"] == [world.seat(i) for i in VOTERS]
        replies = await asyncio.gather(
            *(send(s[iso], {"type": "vote.cast", "choice": "no" if iso == "GH" else "yes"}) for iso in VOTERS)
        )
        # Each voter's own acknowledgement, with its own seq: all different, all in the burst.
        assert all(r["type"] == "ok" for r in replies), replies
        assert sorted(r["seq"] for r in replies) == list(range(start + 1, start + 1 + len(VOTERS)))
        await asyncio.sleep(0.4)  # the hub's last tally (at most 100 ms after the previous)
        tallies = {}
        for name, sock in s.items():
            view, seq = views[name]
            frames = await drain(sock)
            tallies[name] = [f for f in frames if f["type"] == "tally"]
            for frame in frames:
                view, seq = apply(view, seq, frame)
            assert seq == start + len(VOTERS), name
            assert view["vote"]["cast_count"] == len(VOTERS), name
            views[name] = (view, seq)
            if name in VOTERS:  # the voter's own private frame, after the tally counting it
                private = [f for f in frames if f["type"] == "private"]
                assert [p["private"]["ballot"] for p in private] == ["no" if name == "GH" else "yes"]
        # Never more tally frames than ballots (how many fewer depends on the machine's speed:
        # the coalescing itself is tested with the hub alone, tests/live/test_ballots.py).
        assert all(1 <= len(t) <= len(VOTERS) for t in tallies.values()), {k: len(v) for k, v in tallies.items()}
        chair = views["chair"][0]["vote"]
        assert chair["not_voted"] == [] and chair["tally"] == {"yes": 6, "no": 1, "abstain": 0}
        assert chair["voted"] == sorted(world.seat(i) for i in VOTERS)
        assert views["projector"][0]["vote"]["voted"] == chair["voted"]
        assert "tally" not in views["projector"][0]["vote"] and "voted" not in views["AR"][0]["vote"]
        # The result reaches every socket.
        assert (await send(s["chair"], {"type": "vote.close"}))["type"] == "ok"
        for name, sock in s.items():
            view, seq = views[name]
            frame = await next_frame(sock)
            while frame["type"] != "event":
                frame = await next_frame(sock)
            view, seq = apply(view, seq, frame)
            assert view["vote"] is None and view["results"][0]["yes"] == 6, name
            assert view["results"][0]["no"] == 1, name
    assert await count_rows(world) == len(VOTERS)


async def count_rows(world: World) -> int:
    from channels.db import database_sync_to_async

    return await database_sync_to_async(Ballot.objects.filter(committee=world.committee).count)()


async def test_ballots_that_wait_for_the_lane_are_recorded_together(
    world, cookies, channel_layer, ws_headers, monkeypatch
):
    """While the committee's lane is busy, arriving ballots queue; the next to get the lane
    records them all in one transaction (a group commit). Each voter still gets its own `ok`
    and seq; a voter whose browser session ended is refused (its socket closed) alone."""
    from channels.db import database_sync_to_async
    from django.contrib.sessions.models import Session

    from committee import services
    from committee.dbcalls import committee_lane

    await voting_on_a_motion(world)
    batches: list[int] = []
    record = services.do_cast_ballots

    def counted(committee_id: int, requests: list[Any]) -> list[Any]:
        batches.append(len(requests))
        return record(committee_id, requests)

    monkeypatch.setattr(services, "do_cast_ballots", counted)
    async with room(world, cookies, ws_headers, "chair", *VOTERS) as s:
        start, _state = await committee_row(world)
        ended = cookies["GH"].decode().split("=", 1)[1]
        await database_sync_to_async(Session.objects.filter(session_key=ended).delete)()
        async with committee_lane(world.committee.pk):  # another command holds the lane
            sending = [
                asyncio.ensure_future(send(s[iso], {"type": "vote.cast", "choice": "yes"}))
                for iso in VOTERS
            ]
            await asyncio.sleep(0.3)  # every ballot arrived and waits
            assert not any(task.done() for task in sending)
        replies = dict(zip(VOTERS, await asyncio.gather(*sending), strict=True))
        assert batches == [len(VOTERS) - 1], batches  # one batch; GH's session check refused it
        assert replies["GH"]["type"] == "error" and "no longer holds a seat" in replies["GH"]["message"]
        assert (await s["GH"].receive_output(timeout=2))["type"] == "websocket.close"
        oks = [r for iso, r in replies.items() if iso != "GH"]
        assert all(r["type"] == "ok" for r in oks), replies
        assert sorted(r["seq"] for r in oks) == list(range(start + 1, start + len(VOTERS)))
    assert await count_rows(world) == len(VOTERS) - 1


async def test_ballots_the_chair_enters_reach_every_page_as_tallies(
    world, cookies, channel_layer, ws_headers
):
    """The chair enters ballots (`vote.enter`) while devices cast theirs: every socket gets
    tally frames only, no gap, and what they make of them (the chair's "Entered by the chair"
    list included) equals a fresh snapshot; a refusal names the country."""
    from tests.live.test_websocket import error, receive_type

    await voting_on_a_motion(world)
    entered = ("DK", "EG", "FR")
    async with room(world, cookies, ws_headers, "chair", "AR", "DK", "projector") as s:
        start, stored = await committee_row(world)
        views = {name: (sock.snapshot["state"], sock.snapshot["seq"]) for name, sock in s.items()}

        async def enter_all() -> list[dict[str, Any]]:  # one socket's replies, in turn
            return [
                await send(s["chair"], {"type": "vote.enter", "seat": world.seat(iso), "choice": "no"})
                for iso in entered
            ]

        cast, entries = await asyncio.gather(
            send(s["AR"], {"type": "vote.cast", "choice": "yes"}), enter_all()
        )
        assert all(r["type"] == "ok" for r in [cast, *entries]), (cast, entries)
        await error(
            s["chair"], {"type": "vote.enter", "seat": world.seat("DK"), "choice": "yes"},
            "Denmark has already voted.",
        )
        await asyncio.sleep(0.4)  # the hub's last tally
        for name, sock in s.items():
            view, seq = views[name]
            frames = [f for f in await drain(sock) if f["type"] not in ("presence", "pong")]
            assert {f["type"] for f in frames} <= {"tally", "private"}, (name, frames)
            for frame in frames:
                view, seq = apply(view, seq, frame)
            assert seq == start + 1 + len(entered), name
            await sock.send_json_to({"type": "sync"})
            snapshot = await receive_type(sock, "snapshot")
            assert snapshot["seq"] == seq and view == snapshot["state"], name
            if name == "DK":  # the seat learns the ballot the chair entered for it
                assert [f["private"]["ballot"] for f in frames if f["type"] == "private"] == ["no"]
            if name == "chair":
                assert [seat for f in frames for seat in f.get("entered", [])] == [
                    world.seat(iso) for iso in entered
                ]
                chair = view["vote"]
        assert chair["entered"] == [world.seat(iso) for iso in entered]  # in the order entered
        assert chair["method"] == "device_and_chair" and chair["cast_count"] == 1 + len(entered)
        assert chair["tally"] == {"yes": 1, "no": 3, "abstain": 0} and chair["not_voted"] == [
            world.seat(iso) for iso in VOTERS if iso not in ("AR", *entered)
        ]
    # The stored state was never rewritten by the ballots.
    assert (await committee_row(world))[1] == stored
    rows = await _rows(world)
    assert sorted(rows) == sorted(
        [(world.seat("AR"), False)] + [(world.seat(iso), True) for iso in entered]
    )


async def _rows(world: World) -> list[tuple[int, bool]]:
    from channels.db import database_sync_to_async

    def read() -> list[tuple[int, bool]]:
        return list(
            Ballot.objects.filter(committee=world.committee).values_list("seat", "entered_by_chair")
        )

    return await database_sync_to_async(read)()
