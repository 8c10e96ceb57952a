"""An adoption without a vote closes by itself when its moment to object runs out: the server
journals it once (`consensus_adopted` with `by: "deadline"`, no user, no seat), whether the
deadline timer, a heartbeat or the next command notices it first."""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async

from committee import services
from committee.models import Committee
from tests.live.factory import Clock, World, accepted, make_committee

pytestmark = pytest.mark.django_db


@pytest.fixture
def interpol(db, clock) -> World:
    w = make_committee(profile="interpol")
    w.open_debate("A")
    return w


def _propose(w: World) -> int:
    rows = accepted(
        w, w.chair, "consensus.propose", ["consensus_proposed"], title="Agenda", question="procedural"
    )
    return rows[0].payload["consensus"]["ends_at"]


def test_nothing_closes_before_the_deadline_and_it_closes_once_after(interpol, clock: Clock):
    ends_at = _propose(interpol)
    assert services.do_expire_deadlines(interpol.committee.pk) is None
    clock.now = ends_at - 1
    assert services.do_expire_deadlines(interpol.committee.pk) is None
    assert interpol.state["consensus"] is not None
    clock.now = ends_at
    outcome = services.do_expire_deadlines(interpol.committee.pk)
    assert outcome is not None and [row.kind for row in outcome.events] == ["consensus_adopted"]
    row = outcome.events[0]
    assert row.payload["by"] == "deadline" and row.payload["ends_at"] == ends_at
    assert (row.actor_id, row.seat_id) == (None, None)
    # Idempotent: a second worker (or a heartbeat) noticing the same deadline finds nothing.
    seq = interpol.seq
    assert services.do_expire_deadlines(interpol.committee.pk) is None
    assert interpol.seq == seq
    result = interpol.state["results"][0]
    assert result["method"] == "without_vote" and result["passed"] and result["by"] == "deadline"
    committee = interpol.refresh()
    assert services.replay_state(committee) == committee.live_state


def test_the_next_command_after_the_deadline_closes_it_first(interpol, clock: Clock):
    _propose(interpol)
    clock.advance(16)
    seq = interpol.seq
    interpol.as_delegate("BR", "speakers.join")
    assert interpol.kinds(seq) == ["consensus_adopted", "speaker_added"]
    assert interpol.journal()[-1].seat_id == interpol.seat("BR")


def test_a_heartbeat_after_the_deadline_closes_it(interpol, clock: Clock):
    _propose(interpol)
    seq = interpol.seq
    assert services.do_heartbeat(interpol.committee.pk, None).seq == seq
    clock.advance(15)
    beat = services.do_heartbeat(interpol.committee.pk, None)
    assert beat.seq == seq + 1 and interpol.kinds(seq) == ["consensus_adopted"]
    assert services.do_heartbeat(interpol.committee.pk, None).seq == seq + 1


def test_an_objection_in_time_leaves_nothing_for_the_deadline(interpol, clock: Clock):
    _propose(interpol)
    clock.advance(5)
    interpol.as_delegate("BR", "consensus.object")
    clock.advance(60)
    assert services.do_expire_deadlines(interpol.committee.pk) is None
    assert interpol.state["vote"]["recorded"] is True


@pytest.mark.django_db(transaction=True)
async def test_the_server_closes_it_at_the_deadline_over_the_websocket(
    transactional_db, channel_layer, ws_headers
):
    from tests.live.test_websocket import chair_cookie, delegate_cookie, ok, receive_type, room

    def build() -> tuple[World, dict]:
        world = make_committee(profile="interpol", rule_overrides={"objection_seconds": 3})
        world.open_debate("A")
        return world, {"chair": chair_cookie(world), "AR": delegate_cookie(world, "AR")}

    world, cookies = await database_sync_to_async(build)()
    async with room(world, cookies, ws_headers, "chair", "AR", "projector") as s:
        await ok(
            s["chair"],
            {"type": "consensus.propose", "title": "Adopt the agenda", "question": "procedural"},
        )
        started = asyncio.get_running_loop().time()
        frame = await receive_type(s["projector"], "event")
        while not any(e["kind"] == "consensus_adopted" for e in frame["events"]):
            frame = await asyncio.wait_for(receive_type(s["projector"], "event"), 6)
        waited = asyncio.get_running_loop().time() - started
        assert 2.5 < waited < 5, waited  # at the deadline, with nobody sending anything
        [event] = [e for e in frame["events"] if e["kind"] == "consensus_adopted"]
        assert event["payload"]["by"] == "deadline"
        assert frame["patch"]["consensus"] is None
        assert frame["patch"]["results"][0]["method"] == "without_vote"
    committee = await database_sync_to_async(Committee.objects.get)(pk=world.committee.pk)
    assert committee.live_state["consensus"] is None
