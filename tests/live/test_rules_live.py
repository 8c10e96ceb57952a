"""The live session under the `interpol` and `security_council` profiles, through the services
(`check_live_command`): no quorum, observers, INTERPOL closure, the veto in results, questions the
chair puts, adoption without a vote, a rules change mid-session; and the websocket for each."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from committee import rules_services, services
from committee.live.commands import LiveError
from committee.live.views import audience_views
from committee.models import Committee, Seat
from tests.live.factory import Clock, World, accepted, make_committee, refused

MEMBERS = ["AR", "BR", "CA", "DK", "EG", "FR", "GH"]


@pytest.fixture
def interpol(db, clock) -> World:
    world = make_committee(profile="interpol")
    world.open_debate("A")
    return world


@pytest.fixture
def council(db, clock) -> World:
    """A small Security Council: France and Canada hold a veto (the factory has 7 members)."""
    world = make_committee(profile="security_council", rule_overrides={"affirmative_votes": 4})
    Seat.objects.filter(pk__in=[world.seat("FR"), world.seat("CA")]).update(holds_veto=True)
    world.open_debate("A")
    return world


def views(world: World) -> dict:
    committee = world.refresh()
    return audience_views(committee.live_state, services.live_context(committee))


def last_result(world: World) -> dict:
    return world.state["results"][0]


# --- INTERPOL ----------------------------------------------------------------------------------


def test_interpol_needs_no_quorum_and_the_views_say_so(db, clock):
    world = make_committee(profile="interpol")
    world.mark_present("AR")  # one delegation of seven
    world.as_chair("agenda.set", topic="A")
    quorum = views(world)["public"]["quorum"]
    assert quorum["required"] is False and quorum["can_vote"]
    world.as_chair("proposal.vote", title="Resolution 1", question="substantive")
    world.as_delegate("AR", "vote.cast", choice="yes")
    world.as_chair("vote.close")
    assert last_result(world)["passed"]


def test_interpol_observers_neither_count_nor_move_motions_nor_raise_points_of_order(interpol):
    interpol.as_chair("rollcall.mark", seat=interpol.seat("VA"), mark="present")
    quorum = views(interpol)["public"]["quorum"]
    assert quorum["present"] == 7 and quorum["observers"] == 1
    refused(
        interpol,
        interpol.delegate("VA"),
        "motion.raise",
        match="Observers may not",
        kind="suspend_meeting",
    )
    refused(
        interpol, interpol.delegate("VA"), "point.raise", match="Observers may not", kind="order"
    )
    # Other points (a question to the President) stay open to observers.
    accepted(interpol, interpol.delegate("VA"), "point.raise", kind="information", text="When?")


def test_interpol_closure_drops_the_item_with_no_vote_on_it(interpol):
    motion = interpol.raise_motion("AR", "close_debate")
    interpol.as_chair("motion.vote", motion=motion)
    interpol.vote_all(["AR", "BR", "CA", "DK"], ["EG", "FR"], ["GH"])  # abstention allowed
    interpol.as_chair("vote.close")
    state = interpol.state
    assert last_result(interpol)["passed"]
    assert state["topic"] is None and "A" in state["tabled"] and state["phase"] == "idle"
    assert "debate_closed" not in interpol.kinds()
    assert views(interpol)["public"]["rules"]["closure_drops_item"] is True


def test_interpol_80_79_shape_a_simple_majority_of_votes_cast(interpol):
    interpol.as_chair("proposal.vote", title="Resolution 2", question="substantive")
    interpol.vote_all(["AR", "BR"], ["CA"], ["DK", "EG", "FR", "GH"])
    interpol.as_chair("vote.close")
    assert last_result(interpol)["passed"]
    interpol.as_chair("proposal.vote", title="Admission of X", question="important")
    interpol.vote_all(["AR", "BR", "CA"], ["DK", "EG"], ["FR", "GH"])
    interpol.as_chair("vote.close")
    assert not last_result(interpol)["passed"]  # 3 of 5 is short of two-thirds


def test_interpol_constitution_needs_two_thirds_of_all_members(interpol):
    interpol.as_chair("proposal.vote", title="Amend Art. 5", question="constitutional")
    interpol.vote_all(["AR", "BR", "CA", "DK"], [], ["EG", "FR", "GH"])
    interpol.as_chair("vote.close")
    result = last_result(interpol)
    assert not result["passed"] and result["required_yes"] == 5  # ceil(2 x 7 / 3)


def test_interpol_leaves_speaking_time_and_caucuses_to_the_president(interpol):
    rules = views(interpol)["public"]["rules"]
    assert rules["discretion"] == [
        "caucuses",
        "default_speaking_seconds",
        "right_of_reply",
        "seconds",
    ]
    refused(
        interpol,
        interpol.delegate("AR"),
        "motion.raise",
        match="do not have that motion",
        kind="moderated_caucus",
        params={"total_seconds": 600, "speaking_seconds": 60},
    )
    # ... but the chair may still call one.
    accepted(interpol, interpol.chair, "caucus.start", kind="unmoderated_caucus", total_seconds=300)


# --- Security Council ----------------------------------------------------------------------------


def test_a_permanent_no_vetoes_a_substantive_question_and_the_result_names_it(council):
    council.as_chair("proposal.vote", title="Draft S/2026/1", question="substantive")
    council.vote_all(["AR", "BR", "DK", "EG", "GH"], ["FR"], ["CA"])
    council.as_chair("vote.close")
    result = last_result(council)
    assert not result["passed"] and result["valid"]
    assert result["vetoed"] is True and result["vetoed_by"] == ["France"]
    assert result["title"] == "Draft S/2026/1"


def test_a_permanent_abstention_is_no_veto_and_procedural_questions_carry_none(council):
    council.as_chair("proposal.vote", title="Draft S/2026/2", question="substantive")
    council.vote_all(["AR", "BR", "DK", "EG"], [], ["FR", "CA", "GH"])
    council.as_chair("vote.close")
    assert last_result(council)["passed"] and not last_result(council)["vetoed"]
    council.as_chair("proposal.vote", title="Adopt the agenda", question="procedural")
    council.vote_all(["AR", "BR", "DK", "EG"], ["FR", "CA"], ["GH"])
    council.as_chair("vote.close")
    assert last_result(council)["passed"] and not last_result(council)["vetoed"]


def test_a_placard_count_carries_the_permanent_no_votes(council):
    council.as_chair("proposal.vote", title="Draft S/2026/3", question="substantive")
    refused(
        council,
        council.chair,
        "vote.placard",
        match="permanent members",
        yes=5,
        no=1,
        abstain=1,
        permanent_no=2,
    )
    council.as_chair("vote.placard", yes=5, no=1, abstain=1, permanent_no=1)
    council.as_chair("vote.close")
    result = last_result(council)
    assert result["vetoed"] and result["vetoed_by"] == [] and not result["passed"]


def test_no_closure_in_the_security_council_and_no_seconds(council):
    refused(
        council,
        council.delegate("AR"),
        "motion.raise",
        match="do not have that motion",
        kind="close_debate",
    )
    outcome = council.as_delegate("AR", "motion.raise", kind="suspend_meeting")
    assert outcome.events[0].payload["motion"]["needs_second"] is False


def test_a_seat_given_a_veto_mid_session_counts_from_the_next_decision(council):
    rules_services.do_set_vetoes(council.committee.pk, [council.seat("AR")], user_id=None)
    assert council.kinds()[-1] == "rules_changed"
    council.as_chair("proposal.vote", title="Draft S/2026/4", question="substantive")
    council.vote_all(["BR", "CA", "DK", "EG", "FR", "GH"], ["AR"])
    council.as_chair("vote.close")
    assert last_result(council)["vetoed_by"] == ["Argentina"]
    committee = council.refresh()
    assert services.replay_state(committee) == committee.live_state


# --- questions the chair puts; adoption without a vote -------------------------------------------


def test_a_question_needs_words_and_a_ruling(interpol):
    refused(
        interpol,
        interpol.chair,
        "proposal.vote",
        match="Say what",
        title=" ",
        question="substantive",
    )
    refused(
        interpol,
        interpol.chair,
        "proposal.vote",
        match="procedural or substantive",
        title="X",
        question="budgetary",
    )
    refused(
        interpol,
        interpol.delegate("AR"),
        "proposal.vote",
        match="Only the chair",
        title="X",
        question="substantive",
    )


def test_adoption_without_a_vote_with_no_objection(interpol, clock: Clock):
    rows = accepted(
        interpol,
        interpol.chair,
        "consensus.propose",
        ["consensus_proposed"],
        title="Resolution on cybercrime",
        question="substantive",
    )
    proposal = rows[0].payload["consensus"]
    assert proposal["ends_at"] == clock.now + 15_000
    assert views(interpol)["delegates"]["consensus"]["title"] == "Resolution on cybercrime"
    refused(interpol, interpol.chair, "consensus.close", match="Wait until")
    refused(
        interpol, interpol.chair, "proposal.vote", match="pending", title="X", question="procedural"
    )
    clock.advance(16)
    seq = interpol.seq
    # The first command after the deadline finds it closed by the server, then is refused.
    with pytest.raises(LiveError, match="has passed"):
        interpol.as_delegate("AR", "consensus.object")
    [row] = interpol.journal()[seq:]
    assert row.kind == "consensus_adopted" and row.payload["by"] == "deadline"
    assert (row.actor_id, row.seat_id) == (None, None)  # the server, not the delegate
    accepted(interpol, interpol.chair, "consensus.close", [])  # already closed: nothing to do
    result = last_result(interpol)
    assert result["method"] == "without_vote" and result["passed"]
    assert (result["yes"], result["no"], result["abstain"]) == (0, 0, 0)
    assert interpol.state["consensus"] is None


def test_one_objection_means_a_recorded_vote_at_once(interpol, clock: Clock):
    interpol.as_chair("consensus.propose", title="Resolution on drugs", question="substantive")
    refused(interpol, interpol.delegate("VA"), "consensus.object", match="Only member states")
    clock.advance(5)
    accepted(
        interpol, interpol.delegate("BR"), "consensus.object", ["consensus_objected", "vote_opened"]
    )
    vote = interpol.state["vote"]
    assert vote["subject"] == "proposal" and vote["title"] == "Resolution on drugs"
    assert vote["recorded"] is True and interpol.state["consensus"] is None
    refused(interpol, interpol.delegate("CA"), "consensus.object", match="Nothing is being")


def test_a_pending_motion_adopted_without_a_vote_takes_effect(interpol, clock: Clock):
    motion = interpol.raise_motion("AR", "suspend_meeting", total_seconds=600)
    interpol.as_chair("consensus.propose", motion=motion)
    clock.advance(20)
    seq = interpol.seq
    interpol.as_chair("consensus.close")  # the server closed it at the deadline just before
    assert interpol.kinds(seq) == ["consensus_adopted", "session_suspended"]
    assert interpol.state["phase"] == "suspended"


def test_the_profile_decides_what_may_be_adopted_without_a_vote(council):
    refused(
        council,
        council.chair,
        "consensus.propose",
        match="cannot be adopted",
        title="Draft S/2026/5",
        question="substantive",
    )
    accepted(council, council.chair, "consensus.propose", title="Agenda", question="procedural")
    accepted(council, council.chair, "consensus.withdraw", ["consensus_withdrawn"])


def test_a_rules_change_mid_session_applies_to_the_next_decision(interpol):
    rules_services.do_set_rules(
        interpol.committee.pk,
        base="interpol",
        overrides={"substantive_threshold": "two_thirds"},
        user_id=interpol.chair_user.pk,
    )
    interpol.as_chair("proposal.vote", title="Resolution 3", question="substantive")
    interpol.vote_all(["AR", "BR", "CA"], ["DK", "EG"])
    interpol.as_chair("vote.close")
    assert not last_result(interpol)["passed"]
    change = [r for r in interpol.journal() if r.kind == "rules_changed"][0]
    assert change.payload["changes"] == [
        {"setting": "substantive_threshold", "before": "simple_majority", "after": "two_thirds"}
    ]


# --- the websocket -----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_the_veto_and_an_adoption_without_a_vote_over_the_websocket(
    transactional_db, channel_layer, ws_headers, monkeypatch
):
    from tests.live.test_websocket import (
        chair_cookie,
        delegate_cookie,
        error,
        ok,
        receive_type,
        room,
    )

    clock = Clock()
    monkeypatch.setattr("committee.services.now_ms", clock)

    def build() -> tuple[World, dict]:
        world = make_committee(profile="security_council", rule_overrides={"affirmative_votes": 3})
        Seat.objects.filter(pk=world.seat("FR")).update(holds_veto=True)
        world.open_debate("A")
        cookies = {"chair": chair_cookie(world)}
        for iso in ("AR", "BR", "CA", "FR", "VA"):
            cookies[iso] = delegate_cookie(world, iso)
        return world, cookies

    world, cookies = await database_sync_to_async(build)()
    async with room(world, cookies, ws_headers, "chair", "AR", "BR", "CA", "FR", "projector") as s:
        assert s["AR"].snapshot["state"]["quorum"]["required"] is False
        await ok(
            s["chair"],
            {"type": "proposal.vote", "title": "Draft <b>1</b>", "question": "substantive"},
        )
        for iso in ("AR", "BR", "CA"):
            await ok(s[iso], {"type": "vote.cast", "choice": "yes"})
        await ok(s["FR"], {"type": "vote.cast", "choice": "no"})
        await ok(s["chair"], {"type": "vote.close"})
        frame = await receive_type(s["projector"], "event")
        while not any(e["kind"] == "vote_closed" for e in frame["events"]):
            frame = await receive_type(s["projector"], "event")
        result = frame["patch"]["results"][0]
        assert result["vetoed"] and result["vetoed_by"] == ["France"]
        assert result["title"] == "Draft <b>1</b>"  # sent back as given; pages escape it

        await ok(
            s["chair"],
            {"type": "consensus.propose", "title": "Adopt the agenda", "question": "procedural"},
        )
        await error(s["chair"], {"type": "consensus.close"}, "Wait until")
        await ok(s["BR"], {"type": "consensus.object"})
        await ok(s["chair"], {"type": "vote.cancel"})
        await ok(
            s["chair"],
            {"type": "consensus.propose", "title": "Adopt the agenda", "question": "procedural"},
        )
        clock.advance(16)
        await error(s["AR"], {"type": "consensus.object"}, "passed")
        await ok(s["chair"], {"type": "consensus.close"})
        frame = await receive_type(s["AR"], "event")
        while not any(e["kind"] == "consensus_adopted" for e in frame["events"]):
            frame = await receive_type(s["AR"], "event")
        assert frame["patch"]["results"][0]["method"] == "without_vote"
        await error(s["AR"], {"type": "consensus.close"}, "Only the chair")
    committee = await database_sync_to_async(Committee.objects.get)(pk=world.committee.pk)
    assert await database_sync_to_async(services.replay_state)(committee) == committee.live_state


def test_a_rules_change_is_broadcast_with_what_it_changes(interpol, capture):
    frames = capture(
        rules_services.do_set_rules,
        interpol.committee.pk,
        base="unausa",
        overrides={},
        user_id=None,
    )
    public = [f for group, f in frames if group.endswith(".public")]
    assert public and public[0]["events"][0]["kind"] == "rules_changed"
    patch = public[0]["patch"]
    assert patch["rules"]["closure_drops_item"] is False and patch["quorum"]["required"] is True
    # Nothing to change: nothing journalled, nothing sent.
    assert (
        capture(
            rules_services.do_set_rules,
            interpol.committee.pk,
            base="unausa",
            overrides={},
            user_id=None,
        )
        == []
    )


def test_the_caucus_cap_and_the_unused_remainder(db, clock):
    world = make_committee(profile="unausa", rule_overrides={"caucus_max_seconds": 900})
    world.open_debate("A")
    refused(
        world,
        world.delegate("AR"),
        "motion.raise",
        match="at most 15 minutes",
        kind="moderated_caucus",
        params={"total_seconds": 1200, "speaking_seconds": 60},
    )
    refused(
        world,
        world.chair,
        "caucus.start",
        match="at most 15 minutes",
        kind="unmoderated_caucus",
        total_seconds=960,
    )
    outcome = world.as_delegate(
        "AR",
        "motion.raise",
        kind="moderated_caucus",
        params={"total_seconds": 600, "speaking_seconds": 45},
    )
    assert outcome.events[0].payload["motion"]["params"]["unused_seconds"] == 15
    world.as_chair("caucus.start", kind="unmoderated_caucus", total_seconds=600)
    refused(
        world,
        world.delegate("BR"),
        "motion.raise",
        match="at most 15 minutes",
        kind="extend_caucus",
        params={"total_seconds": 600},
    )


def test_the_security_council_pages_name_the_list_as_the_rules_do(council):
    from django.test import Client

    client = Client()
    client.force_login(council.chair_user)
    html = client.get(f"/committees/{council.committee.pk}/chair/").content.decode()
    assert "Speakers, in the order they ask" in html and "General Speakers&#x27; List" not in html
    phone = Client()
    phone.post("/join/", {"code": council.codes["AR"]})
    assert "Speakers, in the order they ask" in phone.get("/delegate/").content.decode()
