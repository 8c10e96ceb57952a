"""Ballots the chair enters (`vote.enter`, issue 13) take the ballots' fast path: the same
results, refusals, journal and state as the path that loads and stores the whole state, the
chair's place on the dais still checked, queries that do not grow with the room, and tally
frames that bring the chair's "Entered by the chair" list up to date."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from committee import broadcast, services
from committee.live.commands import LiveError
from committee.models import Ballot, CommitteeEvent, DaisMember
from tests.live.factory import World, apply_tally, refused
from tests.live.test_ballots import ballots, open_vote
from tests.live.test_events import verify_action

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    pass


def play(w: World, steps: list[tuple[Any, str, dict[str, Any]]], route: Any) -> dict[str, Any]:
    """Run `steps` ((actor, language, command)) through `route`; everything a client or a later
    reader can see of them: each result or refusal, the journal, the rows, the state, the replay."""
    start = w.seq
    results: list[Any] = []
    for actor, language, command in steps:
        with translation.override(language):
            try:
                outcome = route(w.committee.pk, actor, command)
            except LiveError as refusal:
                results.append(str(refusal))
                continue
        results.append(
            (outcome.seq, [(e.seq, e.kind, e.payload, e.actor_id, e.seat_id) for e in outcome.events])
        )
    journal = [
        (e.seq, e.kind, e.payload, e.actor_id, e.seat_id, e.created_at)
        for e in CommitteeEvent.objects.filter(committee=w.committee, seq__gt=start).order_by("seq")
    ]
    rows = list(
        Ballot.objects.filter(committee=w.committee)
        .order_by("seq")
        .values_list("vote", "seat", "choice", "entered_by_chair", "seq", "created_at")
    )
    state = w.state
    assert services.replay_state(w.refresh()) == state
    return {"results": results, "journal": journal, "rows": rows, "state": state}


def both_ways(w: World, steps: list[tuple[Any, str, dict[str, Any]]]) -> dict[str, Any]:
    """`steps` on the fast path (rolled back), then on the whole-state path: both must agree."""
    try:
        with transaction.atomic():
            fast = play(w, steps, services.check_live_command)
            raise _Undo
    except _Undo:
        pass
    whole = play(w, steps, services._check_whole_state_command)
    for part in fast:
        assert fast[part] == whole[part], part
    return fast


def test_the_fast_path_gives_what_the_whole_state_path_gives(debate: World):
    w = debate
    chair, es = w.chair, "es"

    def enter(iso: str | None, choice: str, language: str = "en", seat: Any = None) -> tuple[Any, str, dict[str, Any]]:
        target = seat if iso is None else w.seat(iso)
        return (chair, language, {"type": "vote.enter", "seat": target, "choice": choice})

    def cast(iso: str, choice: str) -> tuple[Any, str, dict[str, Any]]:
        return (w.delegate(iso), "en", {"type": "vote.cast", "choice": choice})

    steps = [
        enter("AR", "yes"),  # no vote open
        enter(None, "yes", seat=999_999),  # no vote open comes first
    ]
    seen = both_ways(w, steps)
    assert seen["results"] == ["No vote is open."] * 2 and seen["journal"] == []
    w.as_chair("rollcall.mark", seat=w.seat("GH"), mark="absent")
    open_vote(w)
    steps = [
        enter("DK", "yes"),
        cast("AR", "yes"),
        enter("AR", "no"),  # already voted (from a device)
        enter("DK", "no", es),  # already voted (entered), in Spanish
        enter("GH", "yes", es),  # absent: no vote here
        (chair, "en", {"type": "vote.enter", "seat": w.observer.pk, "choice": "yes"}),
        enter("EG", "abstain"),  # nobody abstains on a procedural vote
        enter("EG", "maybe"),
        enter(None, "yes", seat=999_999),  # not a seat of this committee
        enter(None, "yes", seat="x"),
        enter(None, "yes", seat=2**70),  # no database integer
        enter(None, "yes", seat=-1),
        enter("EG", "no"),
        (chair, "en", {"type": "vote.reveal", "revealed": True}),  # a stored state with rows merged
        enter("FR", "yes"),
        cast("BR", "no"),
        cast("DK", "yes"),  # its ballot was entered by the chair
        (w.delegate("CA"), "en", {"type": "vote.enter", "seat": w.seat("CA"), "choice": "yes"}),
        (chair, "en", {"type": "vote.close", "confirm": True}),
    ]
    seen = both_ways(w, steps)
    refusals = [r for r in seen["results"] if isinstance(r, str)]
    assert refusals == [
        "Argentina has already voted.",
        "Dinamarca ya votó.",
        "Ghana no tiene voto aquí: solo votan los Estados miembros marcados como presentes.",
        "Holy See has no vote here: only member states marked present vote.",
        "Egypt cannot abstain on this vote.",
        "Vote yes, no or abstain.",
        "Choose a delegation of this committee.",
        "Choose a delegation of this committee.",
        "Choose a delegation of this committee.",
        "Choose a delegation of this committee.",
        "Your delegation has already voted.",
        "Only the chair can do that.",
    ], refusals
    entered = [e for e in seen["journal"] if e[1] == "ballot_cast" and e[2].get("by") == "chair"]
    assert [(e[2]["seat"], e[3], e[4]) for e in entered] == [
        (w.seat(iso), w.chair_user.pk, None) for iso in ("DK", "EG", "FR")
    ]
    assert [(seat, by) for _v, seat, _c, by, _s, _t in seen["rows"]] == [
        (w.seat(iso), iso in ("DK", "EG", "FR")) for iso in ("DK", "AR", "EG", "FR", "BR")
    ]
    result = seen["state"]["results"][0]
    assert (result["yes"], result["no"], result["cast"], result["method"]) == (3, 2, 5, "device_and_chair")


def test_an_entry_is_a_row_and_an_event_without_rewriting_the_state(debate: World):
    w = debate
    key = open_vote(w)
    stored = w.refresh()
    before = (stored.live_state, stored.state_token)
    outcome = w.as_chair("vote.enter", seat=w.seat("CA"), choice="no")
    assert [(e.kind, e.payload, e.actor_id, e.seat_id) for e in outcome.events] == [
        (
            "ballot_cast",
            {"vote": w.state["vote"]["id"], "seat": w.seat("CA"), "choice": "no", "by": "chair"},
            w.chair_user.pk,
            None,
        )
    ]
    committee = w.refresh()
    assert (committee.live_state, committee.state_token) == before
    assert outcome.seq == committee.event_seq
    assert ballots(w, key) == [(w.seat("CA"), "no", True)]
    vote = w.state["vote"]
    assert vote["entered"] == [w.seat("CA")] and vote["ballots"] == {str(w.seat("CA")): "no"}


def test_a_vote_whose_every_ballot_the_chair_entered_says_chair(debate: World, capture):
    w = debate
    open_vote(w)
    for iso in ("AR", "BR"):
        sent = capture(w.as_chair, "vote.enter", seat=w.seat(iso), choice="yes")
        frames = dict(sent)
        assert frames[broadcast.audience_group(w.committee.pk, "public")]["method"] == "chair"
    assert w.state["vote"]["entered"] == [w.seat("AR"), w.seat("BR")]
    w.as_delegate("CA", "vote.cast", choice="no")
    w.as_chair("vote.close", confirm=True)
    assert w.state["results"][0]["method"] == "device_and_chair"


def test_a_chair_taken_off_the_dais_cannot_enter_ballots(debate: World):
    w = debate
    key = open_vote(w)
    DaisMember.objects.filter(committee=w.committee, user=w.chair_user).delete()
    refused(w, w.chair, "vote.enter", "no longer on this committee's dais", seat=w.seat("AR"), choice="yes")
    assert ballots(w, key) == []
    # An organizer (staff) may, as on every command.
    w.chair_user.is_staff = True
    w.chair_user.save(update_fields=["is_staff"])
    w.as_chair("vote.enter", seat=w.seat("AR"), choice="yes")
    w.chair_user.is_active = False
    w.chair_user.save(update_fields=["is_active"])
    refused(w, w.chair, "vote.enter", "no longer on this committee's dais", seat=w.seat("BR"), choice="yes")
    assert ballots(w, key) == [(w.seat("AR"), "yes", True)]


def test_tally_frames_of_entries_give_every_audience_a_fresh_snapshot(debate: World, capture):
    w = debate
    motion = w.raise_motion("AR", "moderated_caucus", "BR", total_seconds=600, speaking_seconds=45)
    verify_action(w, capture, "chair", "motion.vote", motion=motion)
    verify_action(w, capture, "AR", "vote.cast", choice="yes")
    groups = verify_action(w, capture, "chair", "vote.enter", seat=w.seat("CA"), choice="no")
    chair = groups[broadcast.audience_group(w.committee.pk, "chair")]
    assert chair["type"] == "tally" and chair["entered"] == [w.seat("CA")]
    assert chair["ballots"] == {str(w.seat("CA")): "no"} and chair["method"] == "device_and_chair"
    for audience in ("delegates", "public"):
        frame = groups[broadcast.audience_group(w.committee.pk, audience)]
        assert frame["type"] == "tally" and "entered" not in frame and "ballots" not in frame
        assert "choice" not in frame["events"][0]["payload"] and frame["events"][0]["payload"]["by"] == "chair"
    # The seat's own devices learn the ballot entered for it.
    assert groups[broadcast.seat_group(w.committee.pk, w.seat("CA"))]["private"]["ballot"] == "no"
    verify_action(w, capture, "chair", "vote.reveal", revealed=True)
    verify_action(w, capture, "chair", "vote.enter", seat=w.seat("DK"), choice="yes")
    assert w.state["vote"]["entered"] == [w.seat("CA"), w.seat("DK")]


def test_coalesced_tallies_carry_every_entry_in_order(debate: World, capture):
    from committee.hub import tally_frame

    w = debate
    open_vote(w)
    messages: list[Any] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("committee.broadcast.send_messages", lambda sent: messages.extend(sent))
        before = services.snapshot_frame(w.committee.pk, audience="chair", seat_id=None)["state"]
        capture(w.as_chair, "vote.enter", seat=w.seat("EG"), choice="yes")
        capture(w.as_delegate, "AR", "vote.cast", choice="no")
        capture(w.as_chair, "vote.enter", seat=w.seat("BR"), choice="no")
    chair = broadcast.audience_group(w.committee.pk, "chair")
    entries = [entry for group, m in messages if group == chair for entry in m["tallies"]]
    frame = tally_frame(entries)  # what one hub flush sends for the three
    assert frame["entered"] == [w.seat("EG"), w.seat("BR")] and frame["method"] == "device_and_chair"
    after = services.snapshot_frame(w.committee.pk, audience="chair", seat_id=None)["state"]
    assert apply_tally(before, frame) == after
    assert after["vote"]["entered"] == [w.seat("EG"), w.seat("BR")]


# ---------------------------------------------------------------------------------------------
# Cost


def whole_state(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("an entry read every seat or rendered every audience's view")


def enter_queries(size: int, django_capture_on_commit_callbacks) -> list[int]:
    from tests.live.test_ballots import room_in_a_vote

    room = room_in_a_vote(size)
    cid, chair, run = room["cid"], room["chair_actor"], room["run"]
    counts = []
    with pytest.MonkeyPatch.context() as patch:
        # Never the committee's every seat, nor every audience's view.
        patch.setattr("committee.services.audience_views", whole_state)
        patch.setattr("committee.services.seat_rows", whole_state)
        patch.setattr("committee.services.live_context", whole_state)
        for seat in room["seats"]:
            with django_capture_on_commit_callbacks(execute=True):
                with CaptureQueriesContext(connection) as captured:
                    run(cid, chair, {"type": "vote.enter", "seat": seat.pk, "choice": "yes"})
            counts.append(len(captured))
    return counts


def test_an_entrys_queries_do_not_grow_with_seats(django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("committee.broadcast.send_messages", lambda messages: None)
    small = enter_queries(10, django_capture_on_commit_callbacks)
    large = enter_queries(120, django_capture_on_commit_callbacks)
    # The first entry of a vote reads the state once (then the process keeps it).
    assert small[0] == large[0] and set(small[1:]) == set(large[1:]) == {small[1]}, (small, large)
    # lock + seat, the chair's user and dais row (one query), counts, 2 inserts, update
    assert small[1] <= 8, small


def test_the_constraint_backs_an_entry_with_the_engines_message(debate: World, monkeypatch):
    """Were the service's own check to miss it, the database refuses a second ballot the chair
    enters: the engine's message, with the country in the sender's language; nothing changed."""
    from committee.live import ballots as live_ballots

    w = debate
    key = open_vote(w)
    w.as_delegate("DK", "vote.cast", choice="no")
    check = live_ballots.ballot_entered

    def blind(vote: dict[str, Any] | None, ctx: Any, actor: Any, c: Any) -> Any:
        return check(vote and {**vote, "ballots": {}}, ctx, actor, c)

    monkeypatch.setattr(live_ballots, "ballot_entered", blind)
    assert refused(w, w.chair, "vote.enter", seat=w.seat("DK"), choice="yes") == "Denmark has already voted."
    with translation.override("es"):
        message = refused(w, w.chair, "vote.enter", seat=w.seat("DK"), choice="yes")
    assert message == "Dinamarca ya votó."
    assert ballots(w, key) == [(w.seat("DK"), "no", False)]
