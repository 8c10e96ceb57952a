"""Amendments that delete every operative clause of a draft, through the services: the draft
cannot be put to the vote with nothing to adopt (procedure.md §6: replacing the whole text is a
new proposal; like r.129 for division, it fails with no vote on the whole). It fails in the same
step as the amendment that emptied it, with its own reason ("no_operative_clause", not "every
operative part was rejected"), shown on the paper page and in the minutes, in English and
Spanish; an approved amendment still to be voted (it may add a clause) keeps it alive."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from committee import services as live_services
from resolutions import services
from resolutions.models import Amendment, Clause, Paper
from tests.live.factory import World, accepted, refused
from tests.resolutions.helpers import as_chair, as_delegate, paper_with_clauses, sign_all

pytestmark = pytest.mark.django_db

ALL = ["AR", "BR", "CA", "DK", "EG", "FR", "GH"]


def _draft(w: World) -> Paper:
    paper = paper_with_clauses(w, "AR")  # 1. Urges (a) through I-24/7), 2. Requests
    sign_all(w, paper, ["AR"], ["BR", "CA"])
    draft = services.approve(as_chair(w), w.chair_user, paper.pk)
    w.as_chair("draft.introduce", draft=draft.pk)
    return draft


def _clauses(draft: Paper) -> tuple[Clause, Clause]:
    return Clause.objects.get(paper=draft, phrase="Urges"), Clause.objects.get(paper=draft, phrase="Requests")


def _unfriendly(w: World, draft: Paper, iso: str, **fields) -> Amendment:
    amendment = services.propose_amendment(as_delegate(w, iso), None, draft.pk, **fields)
    services.respond_amendment(as_delegate(w, "AR"), None, amendment.pk, response="refuse")
    services.respond_amendment(as_delegate(w, "EG"), None, amendment.pk, response="support")
    services.approve_amendment(as_chair(w), w.chair_user, amendment.pk)
    return amendment


def _minutes(w: World, language: str = "en") -> list[str]:
    from exports import adapters

    with translation.override(language):
        minutes = adapters.minutes_doc(w.refresh(), language=language)
    return [e.text for s in minutes.sittings for sec in s.sections for e in sec.entries]


NO_CLAUSE = {"adopted": False, "result": None, "reason": "no_operative_clause"}


def test_voted_amendments_deleting_every_operative_clause_fail_the_draft_at_once(debate: World, client):
    w = debate
    draft = _draft(w)
    urges, requests = _clauses(draft)
    _unfriendly(w, draft, "DK", kind="delete", target=urges.pk)
    _unfriendly(w, draft, "FR", kind="delete", target=requests.pk)
    w.as_chair("debate.close")
    w.as_chair("draft.vote", draft=draft.pk)
    w.vote_all(ALL, [])
    # One clause is left: nothing is decided yet.
    accepted(w, w.chair, "vote.close", ["vote_closed", "amendment_decided"])
    w.as_chair("draft.vote", draft=draft.pk)
    assert w.state["vote"]["subject"] == "amendment"
    w.vote_all(ALL, [])
    # The last operative clause goes: the draft fails in the same step, no "Put to the vote".
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "amendment_decided", "draft_decided"])
    assert rows[2].payload == {"draft": draft.pk, **NO_CLAUSE}
    shown = w.state["drafts"][str(draft.pk)]
    assert (shown["status"], shown["reason"], shown["resolution"], shown["operative"]) == (
        "rejected", "no_operative_clause", None, [],
    )
    assert w.state["vote"] is None
    refused(w, w.chair, "draft.vote", "already been decided", draft=draft.pk)
    draft.refresh_from_db()
    assert draft.status == Paper.Status.REJECTED and draft.resolution_number is None
    # The minutes tell the truth, in both languages.
    minutes = _minutes(w)
    assert "Draft resolution INTERPOL/DR/A/1 failed: no operative clause was left after amendments." in minutes
    assert not any("every operative part" in line for line in minutes)
    assert any("no quedó ninguna cláusula dispositiva" in line for line in _minutes(w, "es"))
    # So does the paper page.
    client.force_login(w.chair_user)
    url = reverse("draft_paper", args=[w.committee.pk, draft.pk])
    for language, words in (("en", "no operative clause was left after amendments"), ("es", "no quedó ninguna cláusula dispositiva")):
        with translation.override(language):
            page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert 'data-testid="paper-reason"' in page and words in page
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state


def test_friendly_amendments_deleting_every_operative_clause_fail_the_draft(debate: World):
    w = debate
    draft = _draft(w)
    urges, requests = _clauses(draft)
    # A pending approved amendment to the second clause: moot once that clause is gone.
    replace = _unfriendly(w, draft, "DK", kind="replace", target=requests.pk, phrase="Requests", text="a monthly report")
    seq = w.seq
    services.propose_amendment(as_delegate(w, "AR"), None, draft.pk, kind="delete", target=urges.pk)
    assert w.kinds(seq) == ["draft_amended"]
    seq = w.seq
    services.propose_amendment(as_delegate(w, "AR"), None, draft.pk, kind="delete", target=requests.pk)
    assert w.kinds(seq) == ["draft_amended", "amendment_moot", "draft_decided"]
    decided = w.journal()[-1].payload
    assert decided == {"draft": draft.pk, **NO_CLAUSE}
    assert w.state["drafts"][str(draft.pk)]["status"] == "rejected"
    draft.refresh_from_db()
    replace.refresh_from_db()
    assert (draft.status, replace.status) == (Paper.Status.REJECTED, Amendment.Status.MOOT)
    with pytest.raises(services.PaperError):
        services.propose_amendment(as_delegate(w, "AR"), None, draft.pk, kind="add", target=None, phrase="Invites", text="x")
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state


def test_an_amendment_still_to_be_voted_keeps_the_emptied_draft_alive(debate: World):
    w = debate
    draft = _draft(w)
    urges, requests = _clauses(draft)
    add = _unfriendly(w, draft, "DK", kind="add", target=None, phrase="Invites", text="donors to help")
    seq = w.seq
    for clause in (urges, requests):
        services.propose_amendment(as_delegate(w, "AR"), None, draft.pk, kind="delete", target=clause.pk)
    assert w.kinds(seq) == ["draft_amended", "draft_amended"]  # the addition may still give it a clause
    assert w.state["drafts"][str(draft.pk)]["status"] == "introduced"
    w.as_chair("debate.close")
    w.as_chair("draft.vote", draft=draft.pk)
    assert w.state["vote"]["amendment"] == add.pk
    w.vote_all(ALL[:2], ALL[2:])
    # Voted down: nothing is left to vote or adopt.
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "amendment_decided", "draft_decided"])
    assert rows[2].payload == {"draft": draft.pk, **NO_CLAUSE}
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state


def test_an_adopted_addition_gives_the_emptied_draft_a_clause_to_vote(debate: World):
    w = debate
    draft = _draft(w)
    urges, requests = _clauses(draft)
    _unfriendly(w, draft, "DK", kind="add", target=None, phrase="Invites", text="donors to help")
    for clause in (urges, requests):
        services.propose_amendment(as_delegate(w, "AR"), None, draft.pk, kind="delete", target=clause.pk)
    w.as_chair("debate.close")
    w.as_chair("draft.vote", draft=draft.pk)
    w.vote_all(ALL, [])
    accepted(w, w.chair, "vote.close", ["vote_closed", "amendment_decided"])
    accepted(w, w.chair, "draft.vote", ["vote_opened"], draft=draft.pk)
    assert w.state["vote"]["subject"] == "draft"
    w.vote_all(ALL, [])
    w.as_chair("vote.close")
    draft.refresh_from_db()
    assert draft.code == "INTERPOL/RES/1"
    assert [line["text"] for line in w.state["drafts"][str(draft.pk)]["operative"]] == ["donors to help"]
