"""The clause under discussion, through the services: the projector's focus is kept by clause
id, so amendments adopted while a clause is shown (friendly or voted) renumber the text without
moving the highlight; the number shown is the current one; a removed clause is no longer
highlighted; journals that named the clause by its number still replay to the live state."""

from __future__ import annotations

import pytest

from committee import services as live_services
from committee.live.documents import focus_view
from committee.live.state import apply_event
from committee.live.views import audience_views
from committee.models import CommitteeEvent
from resolutions import services
from resolutions.models import Clause, Paper
from tests.live.factory import World, accepted, refused
from tests.resolutions.helpers import as_chair, as_delegate, paper_with_clauses, sign_all

pytestmark = pytest.mark.django_db

ALL = ["AR", "BR", "CA", "DK", "EG", "FR", "GH"]


def _draft(w: World) -> Paper:
    paper = paper_with_clauses(w, "AR")
    sign_all(w, paper, ["AR"], ["BR", "CA"])
    draft = services.approve(as_chair(w), w.chair_user, paper.pk)
    w.as_chair("draft.introduce", draft=draft.pk)
    return draft


def _shown(w: World) -> dict:
    """The focus as the projector receives it, and the text of the highlighted line."""
    views = audience_views(w.state, live_services.live_context(w.refresh()))
    assert views["chair"]["focus"] == views["public"]["focus"]
    return views["public"]["focus"]


def _friendly(w: World, draft: Paper, **fields) -> None:
    """Argentina, the only sponsor, proposes: applied at once with no vote."""
    services.propose_amendment(as_delegate(w, "AR"), None, draft.pk, **fields)


def _text_at(w: World, draft: Paper, ref: str | None) -> str | None:
    return next((x["text"] for x in w.state["drafts"][str(draft.pk)]["operative"] if x["ref"] == ref), None)


def test_the_highlight_stays_on_its_clause_when_amendments_renumber_the_text(debate: World):
    w = debate
    draft = _draft(w)
    urges = Clause.objects.get(paper=draft, phrase="Urges")
    report = Clause.objects.get(paper=draft, text="a yearly report")
    # The chair names it by its number now ("2"); the journal keeps its id.
    rows = accepted(w, w.chair, "draft.focus", ["draft_focused"], draft=draft.pk, clause="2")
    assert rows[0].payload == {"draft": draft.pk, "clause_id": report.pk, "clause": "2"}
    assert _shown(w) == {"draft": draft.pk, "clause_id": report.pk, "clause": "2"}
    # A friendly amendment adds a clause before it: it is clause 3 now, and still the one shown.
    _friendly(w, draft, kind="add", target=urges.pk, phrase="Invites", text="regional bodies to join")
    assert _shown(w) == {"draft": draft.pk, "clause_id": report.pk, "clause": "3"}
    assert _text_at(w, draft, "2") == "regional bodies to join"
    assert _text_at(w, draft, _shown(w)["clause"]) == "a yearly report"
    # A voted amendment deletes clause 1: the report is clause 2 again, still highlighted.
    delete = services.propose_amendment(as_delegate(w, "DK"), None, draft.pk, kind="delete", target=urges.pk)
    services.respond_amendment(as_delegate(w, "AR"), None, delete.pk, response="refuse")
    services.respond_amendment(as_delegate(w, "EG"), None, delete.pk, response="support")
    services.approve_amendment(as_chair(w), w.chair_user, delete.pk)
    w.as_chair("debate.close")
    w.as_chair("draft.vote", draft=draft.pk)
    assert w.state["vote"]["subject"] == "amendment"
    w.vote_all(ALL, [])
    w.as_chair("vote.close")
    assert [x["text"] for x in w.state["drafts"][str(draft.pk)]["operative"]] == [
        "regional bodies to join", "a yearly report",
    ]
    assert _shown(w) == {"draft": draft.pk, "clause_id": report.pk, "clause": "2"}
    assert w.state["focus"] == {"draft": draft.pk, "clause_id": report.pk}
    assert live_services.replay_state(w.refresh()) == w.refresh().live_state


def test_a_clause_an_amendment_added_is_shown_by_its_id(debate: World):
    w = debate
    draft = _draft(w)
    _friendly(w, draft, kind="add", target=None, phrase="Invites", text="donors")
    added = w.state["drafts"][str(draft.pk)]["operative"][-1]
    assert added["id"].startswith("amd")
    accepted(w, w.chair, "draft.focus", ["draft_focused"], draft=draft.pk, clause_id=added["id"])
    assert _shown(w) == {"draft": draft.pk, "clause_id": added["id"], "clause": "3"}


def test_a_removed_clause_is_no_longer_highlighted(debate: World):
    w = debate
    draft = _draft(w)
    sub = Clause.objects.get(paper=draft, text="through I-24/7")
    w.as_chair("draft.focus", draft=draft.pk, clause_id=sub.pk)
    assert _shown(w)["clause"] == "1.a"
    _friendly(w, draft, kind="delete", target=sub.pk)
    assert _shown(w) == {"draft": draft.pk, "clause_id": None, "clause": None}
    # Refused, not silently shown elsewhere: the clause is gone.
    refused(w, w.chair, "draft.focus", "no longer in INTERPOL/DR/A/1", draft=draft.pk, clause_id=sub.pk)


def test_bad_focus_requests_are_refused_and_change_nothing(debate: World):
    w = debate
    draft = _draft(w)
    report = Clause.objects.get(paper=draft, text="a yearly report")
    w.as_chair("draft.focus", draft=draft.pk, clause_id=report.pk)
    before = w.state
    refused(w, w.chair, "draft.focus", "no clause 7", draft=draft.pk, clause="7")
    refused(w, w.chair, "draft.focus", "no longer in", draft=draft.pk, clause_id=10**6)
    refused(w, w.chair, "draft.focus", "no longer in", draft=draft.pk, clause_id="amd999")
    refused(w, w.chair, "draft.focus", "not both", draft=draft.pk, clause="2", clause_id=report.pk)
    refused(w, w.delegate("AR"), "draft.focus", "Only the chair", draft=draft.pk, clause="1")
    assert w.state == before
    # The whole draft, then the session again.
    accepted(w, w.chair, "draft.focus", ["draft_focused"], draft=draft.pk)
    assert _shown(w) == {"draft": draft.pk, "clause_id": None, "clause": None}
    accepted(w, w.chair, "draft.focus", ["draft_focused"])
    assert w.state["focus"] is None and _shown(w) is None


def test_a_journal_that_named_the_clause_by_number_replays_to_the_live_state(debate: World):
    """Journals written before ids: `draft_focused` carried only the number then. Replayed in
    order, the number is read against the text as it stood, not as it is at the end."""
    w = debate
    draft = _draft(w)
    urges = Clause.objects.get(paper=draft, phrase="Urges")
    report = Clause.objects.get(paper=draft, text="a yearly report")
    w.as_chair("draft.focus", draft=draft.pk, clause="2")
    _friendly(w, draft, kind="add", target=urges.pk, phrase="Invites", text="regional bodies to join")
    w.as_chair("draft.focus", draft=draft.pk, clause="1.a")
    w.as_chair("draft.focus", draft=draft.pk, clause="2")
    focused = CommitteeEvent.objects.filter(committee=w.committee, kind="draft_focused").order_by("seq")
    assert [row.payload["clause"] for row in focused] == ["2", "1.a", "2"]
    # The middle and last ones in the old form.
    for row in focused[1:]:
        row.payload = {"draft": row.payload["draft"], "clause": row.payload["clause"]}
        row.save(update_fields=["payload"])
    # The first in the old form: it named the report, then clause 2 (the report became 3).
    first = focused[0]
    first.payload = {"draft": draft.pk, "clause": "2"}
    first.save(update_fields=["payload"])
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state
    added = f"amd{w.state['drafts'][str(draft.pk)]['amendments'][0]['id']}"
    assert committee.live_state["focus"] == {"draft": draft.pk, "clause_id": added}
    # Stopping the replay after the first focus gives the report, not the clause 2 of the end.
    events = [
        {"kind": row.kind, "payload": row.payload, "at": 0}
        for row in CommitteeEvent.objects.filter(committee=committee).order_by("seq")
    ]
    state: dict = {}
    for event in events:
        state = apply_event(state, event)
        if event["kind"] == "draft_focused":
            break
    assert state["focus"] == {"draft": draft.pk, "clause_id": report.pk}


def test_a_state_stored_before_ids_is_shown_by_its_number():
    state = {
        "drafts": {"5": {"operative": [{"id": 11, "ref": "1", "level": 0}, {"id": 12, "ref": "2", "level": 0}]}},
        "focus": {"draft": 5, "clause": "2"},
    }
    assert focus_view(state) == {"draft": 5, "clause_id": 12, "clause": "2"}
    state["focus"] = {"draft": 5, "clause": None}
    assert focus_view(state) == {"draft": 5, "clause_id": None, "clause": None}
    state["focus"] = None
    assert focus_view(state) is None
