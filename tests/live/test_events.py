"""Event consistency (style.md point 5, zulip's verify_action): for each audience, the state in
an event frame equals a fresh snapshot's state, the change is visible, sequence numbers follow
on, secrets stay with the chair, and private frames go only to the seats concerned."""

from __future__ import annotations

import json
from typing import Any

import pytest

from committee import broadcast, services
from committee.live.views import private_view
from tests.live.factory import World, apply_tally

pytestmark = pytest.mark.django_db


def snapshots(w: World) -> dict[str, dict[str, Any]]:
    return {
        audience: services.snapshot_frame(w.committee.pk, audience=audience, seat_id=None)
        for audience in broadcast.AUDIENCES
    }


def verify_action(w: World, capture, who: str, type_: str, **fields: Any) -> dict[str, Any]:
    """Run one command; check every frame against fresh snapshots. Returns frames by group."""
    actor = w.chair if who == "chair" else w.delegate(who)
    before = snapshots(w)
    seq = w.seq
    sent = capture(w.run, actor, type_, **fields)
    groups = dict(sent)
    assert len(groups) == len(sent)  # one frame per group
    after = snapshots(w)
    assert w.seq > seq
    for audience in broadcast.AUDIENCES:
        frame = groups[broadcast.audience_group(w.committee.pk, audience)]
        assert (frame["first_seq"], frame["seq"]) == (seq + 1, w.seq)
        assert [e["seq"] for e in frame["events"]] == list(range(seq + 1, w.seq + 1))
        old_view, new_view = before[audience]["state"], after[audience]["state"]
        if frame["type"] == "tally":
            # A ballot (a device's, or one the chair entered): the small tally frame, applied as
            # the page applies it, gives the fresh snapshot too.
            assert type_ in ("vote.cast", "vote.enter")
            assert apply_tally(old_view, frame) == new_view
        else:
            assert frame["type"] == "event"
            # The frame carries the parts of the audience's view that changed: applied to the
            # view before, it gives the fresh snapshot, and it holds nothing that did not change.
            assert {**old_view, **frame["patch"]} == new_view
            assert set(frame["patch"]) == {k for k in new_view if old_view.get(k) != new_view[k]}
        assert after[audience]["seq"] == frame["seq"]
        # the snapshot's recent events end with this frame's events
        assert after[audience]["events"][-len(frame["events"]) :] == frame["events"]
    chair_frame = groups[broadcast.audience_group(w.committee.pk, "chair")]
    assert chair_frame.get("patch") or chair_frame["type"] == "tally"
    state = w.state
    for group, frame in groups.items():
        if ".seat" in group:
            seat = int(group.rsplit("seat", 1)[1])
            assert frame["type"] == "private" and frame["seq"] == w.seq
            assert frame["private"] == private_view(state, seat)
            snapshot = services.snapshot_frame(w.committee.pk, audience="delegates", seat_id=seat)
            assert snapshot["private"] == frame["private"]
    return groups


def private_groups(w: World, groups: dict[str, Any]) -> set[str]:
    return {g for g in groups if ".seat" in g}


def public_text(w: World, groups: dict[str, Any]) -> str:
    return json.dumps(
        [groups[broadcast.audience_group(w.committee.pk, a)] for a in ("delegates", "public")]
    )


def test_roll_call_agenda_and_list(world: World, capture):
    w = world
    for iso in ("AR", "BR", "CA", "DK"):
        groups = verify_action(
            w, capture, "chair", "rollcall.mark", seat=w.seat(iso), mark="present"
        )
        assert private_groups(w, groups) == set()
    verify_action(w, capture, "chair", "agenda.set", topic="A")
    verify_action(w, capture, "AR", "speakers.join")
    verify_action(w, capture, "chair", "speech.next")
    verify_action(w, capture, "AR", "speech.yield", to="delegate", seat=w.seat("BR"))


def test_votes_keep_ballots_secret(debate: World, capture):
    w = debate
    motion = w.raise_motion("AR", "moderated_caucus", "BR", total_seconds=600, speaking_seconds=45)
    verify_action(w, capture, "chair", "motion.vote", motion=motion)
    groups = verify_action(w, capture, "CA", "vote.cast", choice="no")
    assert private_groups(w, groups) == {broadcast.seat_group(w.committee.pk, w.seat("CA"))}
    chair = groups[broadcast.audience_group(w.committee.pk, "chair")]
    assert chair["events"][0]["payload"]["choice"] == "no"
    assert chair["ballots"] == {str(w.seat("CA")): "no"}
    assert chair["tally"] == {"yes": 0, "no": 1, "abstain": 0}
    for audience in ("delegates", "public"):
        frame = groups[broadcast.audience_group(w.committee.pk, audience)]
        assert frame["type"] == "tally" and frame["cast"] == 1
        assert "choice" not in frame["events"][0]["payload"]
        assert "ballots" not in frame and "tally" not in frame
    w.vote_all(["AR", "BR", "DK", "EG", "FR"], ["GH"])
    groups = verify_action(w, capture, "chair", "vote.close")
    assert [
        e["kind"] for e in groups[broadcast.audience_group(w.committee.pk, "public")]["events"]
    ] == [
        "vote_closed",
        "caucus_started",
    ]
    # the vote is over: every seat's private view of it (the observer's "you do not vote"
    # included) and every voter's ballot went back to None
    assert len(private_groups(w, groups)) == len(w.seats) + 1 == 8  # with the observer


def test_points_keep_their_text_private(debate: World, capture):
    w = debate
    text = "Could the dais open the windows?"
    groups = verify_action(w, capture, "AR", "point.raise", kind="personal_privilege", text=text)
    assert private_groups(w, groups) == {broadcast.seat_group(w.committee.pk, w.seat("AR"))}
    assert text not in public_text(w, groups)
    assert text in json.dumps(groups[broadcast.audience_group(w.committee.pk, "chair")])
    point = w.state["points"][0]["id"]
    groups = verify_action(w, capture, "chair", "point.answer", point=point, reply="Done.")
    private = groups[broadcast.seat_group(w.committee.pk, w.seat("AR"))]
    assert private["notices"][0]["reply"] == "Done." and private["private"]["points"] == []
    assert "Done." not in public_text(w, groups) and text not in public_text(w, groups)
    settled = w.seq
    groups = verify_action(w, capture, "chair", "undo", seq=settled)
    assert text not in public_text(w, groups)


def test_appeal_and_timers(debate: World, capture, clock):
    w = debate
    motion = w.raise_motion("AR", "unmoderated_caucus", "BR", total_seconds=600)
    verify_action(w, capture, "chair", "motion.rule", motion=motion, ruling="dilatory")
    verify_action(w, capture, "AR", "ruling.appeal")
    verify_action(w, capture, "chair", "ruling.vote")
    verify_action(w, capture, "chair", "vote.placard", yes=6, no=1)
    verify_action(w, capture, "chair", "vote.close")
    assert [m["id"] for m in w.state["motions"]] == [motion]
    verify_action(w, capture, "chair", "caucus.start", kind="unmoderated_caucus", total_seconds=300)
    clock.advance(30)
    verify_action(w, capture, "chair", "timer.pause", timer="caucus")
    verify_action(w, capture, "chair", "session.suspend")
    verify_action(w, capture, "chair", "session.resume")


def test_a_refused_command_broadcasts_nothing(debate: World, capture):
    from committee.live.commands import LiveError

    def refused() -> None:
        with pytest.raises(LiveError):
            debate.as_delegate("AR", "agenda.set", topic="B")

    assert capture(refused) == []
    # a command that changes nothing broadcasts nothing either
    assert capture(debate.as_delegate, "AR", "hand.lower") == []
