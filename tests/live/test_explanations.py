"""Explanations of vote through the services and the websocket: after a substantive vote the
seats that voted with rights wait for the floor; where the rules have no rights (INTERPOL) any
member that asks; before the vote only where the profile says so; each explanation is a speech
with the profile's time; refusals change nothing; the minutes say "Brazil explained its vote"."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.utils import translation

from committee import services as live_services
from committee.live.views import audience_views
from committee.models import Committee
from exports import adapters
from tests.live.factory import Clock, World, accepted, make_committee, refused
from tests.live.test_roll_call_vote import _roll_call

pytestmark = pytest.mark.django_db


def _views(w: World) -> dict:
    return audience_views(w.state, live_services.live_context(w.refresh()))


def _minutes(w: World) -> list[str]:
    with translation.override("en"):
        minutes = adapters.minutes_doc(w.refresh(), language="en")
    return [e.text for s in minutes.sittings for sec in s.sections for e in sec.entries]


def _roll_call_with_rights(w: World) -> None:
    _roll_call(w)
    answers = {"AR": "yes", "BR": "yes_rights", "CA": "yes", "DK": "no", "EG": "abstain"}
    answers.update({"FR": "yes", "GH": "no_rights"})
    for iso, answer in answers.items():
        w.as_delegate(iso, "vote.answer", answer=answer)
    w.as_chair("vote.close")


def test_seats_with_rights_are_queued_and_explain_in_turn_with_a_timer(debate: World, clock: Clock):
    w = debate
    _roll_call_with_rights(w)
    window = _views(w)["public"]["explanations"]
    assert window["queue"] == [w.seat("BR"), w.seat("GH")] and window["open_to"] == "rights"
    assert window["when"] == "after" and window["seconds"] == 90  # unausa: the speaking time
    message = refused(w, w.delegate("CA"), "explanation.request", "did not vote with rights")
    assert message.startswith("Canada did not vote with rights")
    refused(w, w.delegate("BR"), "explanation.request", "already waiting")
    refused(w, w.delegate("BR"), "explanation.start", "Only the chair")
    rows = accepted(w, w.chair, "explanation.start", ["explanation_started"])
    assert rows[0].payload["ends_at"] == clock.now + 90_000
    public = _views(w)["public"]
    assert public["floor"]["seat"] == w.seat("BR") and public["floor"]["mode"] == "explanation"
    assert public["timers"]["speaker"]["ends_at"] == clock.now + 90_000
    assert public["explanations"]["queue"] == [w.seat("GH")]
    clock.advance(65)
    # The next explanation ends the one in progress.
    accepted(w, w.chair, "explanation.start", ["speech_ended", "explanation_started"])
    refused(w, w.delegate("BR"), "explanation.request", "already explained")
    refused(w, w.chair, "explanation.start", "Nobody is waiting")
    clock.advance(30)
    accepted(w, w.chair, "explanations.close", ["speech_ended", "explanations_closed"])
    assert w.state["explanations"] is None and w.state["floor"] is None
    refused(w, w.chair, "explanations.close", "No explanations")
    texts = _minutes(w)
    assert "Brazil explained its vote on “INTERPOL/DR/A/1” (1 min 05 s)." in texts
    assert any(t.startswith("Ghana explained its vote") and "(0 min 30 s)" in t for t in texts)
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state


def test_interpol_hears_any_member_that_asks_after_the_vote_only(db, clock: Clock):
    w = make_committee(profile="interpol")
    w.open_debate("A")
    refused(w, w.delegate("AR"), "explanation.request", "after the vote only")
    w.as_chair("proposal.vote", title="Resolution on cybercrime", question="substantive")
    refused(w, w.delegate("AR"), "explanation.request", "A vote is in progress")
    w.vote_all(["AR", "BR", "CA", "DK"], ["EG"], ["FR"])
    w.as_chair("vote.close")
    assert _views(w)["delegates"]["explanations"]["open_to"] == "all"
    accepted(w, w.delegate("EG"), "explanation.request", ["explanation_requested"])
    accepted(w, w.chair, "explanation.request", ["explanation_requested"], seat=w.seat("AR"))
    refused(w, w.delegate("VA"), "explanation.request", "Only member states")
    refused(w, w.delegate("CA"), "explanation.withdraw", "not waiting")
    accepted(w, w.delegate("AR"), "explanation.withdraw", ["explanation_withdrawn"])
    accepted(w, w.chair, "explanation.start", ["explanation_started"], seat=w.seat("EG"))
    assert w.state["floor"]["seat"] == w.seat("EG")
    # A procedural vote opens no explanations; opening a vote ends those of the last one.
    w.as_chair("speech.end")
    w.as_chair("proposal.vote", title="Suspend", question="procedural")
    assert w.state["explanations"] is None
    w.vote_all(["AR", "BR", "CA", "DK"], [])
    w.as_chair("vote.close", confirm=True)
    assert w.state["explanations"] is None
    refused(w, w.delegate("BR"), "explanation.request", "after the vote only")
    assert any(t.startswith("Egypt explained its vote on “Resolution on cybercrime”") for t in _minutes(w))
    assert "Argentina asked to explain its vote." in _minutes(w)


def test_the_security_council_hears_explanations_before_the_vote(db, clock: Clock):
    w = make_committee(profile="security_council", rule_overrides={"affirmative_votes": 3})
    w.open_debate("A")
    refused(w, w.delegate("AR"), "explanation.request", "no vote to explain yet")
    w.as_chair("debate.close")
    rows = accepted(w, w.delegate("AR"), "explanation.request", ["explanation_requested"])
    assert rows[0].payload["when"] == "before"
    assert _views(w)["public"]["explanations"]["when"] == "before"
    w.as_chair("explanation.start")
    w.as_chair("speech.end")
    w.as_chair("proposal.vote", title="Draft S/1", question="substantive")
    assert w.state["explanations"] is None
    assert any(t.startswith("Argentina explained its vote before the vote") for t in _minutes(w))


def test_rules_without_explanations_refuse_them_and_the_profile_sets_the_time(db, clock: Clock):
    w = make_committee(rule_overrides={"explanations_of_vote": "none"})
    w.open_debate("A")
    w.as_chair("proposal.vote", title="Draft", question="substantive")
    w.vote_all(["AR", "BR", "CA", "DK", "EG", "FR", "GH"], [])
    w.as_chair("vote.close")
    refused(w, w.delegate("AR"), "explanation.request", "no explanations of vote")
    assert _views(w)["public"]["explanations"] is None
    un = make_committee(profile="un")
    un.open_debate("A")
    un.as_chair("proposal.vote", title="Draft", question="substantive")
    un.vote_all(["AR", "BR", "CA", "DK", "EG", "FR", "GH"], [])
    un.as_chair("vote.close")
    un.as_delegate("CA", "explanation.request")
    rows = accepted(un, un.chair, "explanation.start", ["explanation_started"])
    assert rows[0].payload["seconds"] == 600  # UN: ten minutes


@pytest.mark.django_db(transaction=True)
async def test_explanations_over_the_websocket(transactional_db, channel_layer, ws_headers):
    from tests.live.test_websocket import (
        chair_cookie,
        delegate_cookie,
        error,
        ok,
        receive_type,
        room,
    )

    def build() -> tuple[World, dict]:
        world = make_committee(profile="interpol")
        world.open_debate("A")
        world.as_chair("proposal.vote", title="Resolution on drugs", question="substantive")
        world.vote_all(["AR", "BR", "CA", "DK", "EG", "FR", "GH"], [])
        world.as_chair("vote.close")
        cookies = {"chair": chair_cookie(world)}
        for iso in ("BR", "VA"):
            cookies[iso] = delegate_cookie(world, iso)
        return world, cookies

    world, cookies = await database_sync_to_async(build)()
    async with room(world, cookies, ws_headers, "chair", "BR", "VA", "projector") as s:
        assert s["BR"].snapshot["state"]["explanations"]["open_to"] == "all"
        await error(s["VA"], {"type": "explanation.request"}, "Only member states")
        await error(s["BR"], {"type": "explanation.start"}, "Only the chair")
        await ok(s["BR"], {"type": "explanation.request"})
        await ok(s["BR"], {"type": "explanation.withdraw"})
        await ok(s["BR"], {"type": "explanation.request"})
        await ok(s["chair"], {"type": "explanation.start"})
        frame = await receive_type(s["projector"], "event")
        while not any(e["kind"] == "explanation_started" for e in frame["events"]):
            frame = await receive_type(s["projector"], "event")
        assert frame["patch"]["floor"]["mode"] == "explanation"
        assert frame["patch"]["floor"]["seat"] == world.seat("BR")
        assert frame["patch"]["timers"]["speaker"]["ends_at"] is not None
        await ok(s["chair"], {"type": "explanations.close"})
    committee = await database_sync_to_async(Committee.objects.get)(pk=world.committee.pk)
    assert committee.live_state["explanations"] is None
