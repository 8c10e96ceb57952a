"""Amendments end to end through the services: friendly (every sponsor accepts, applied with no
vote), unfriendly (supporters, the chair's approval, voted before the draft, merged into the
adopted text), refusals, and a replay that rebuilds the amended text."""

from __future__ import annotations

import pytest

from committee import services as live_services
from resolutions import services
from resolutions.document import flatten
from resolutions.models import Amendment, Clause, Paper
from tests.live.factory import World, accepted, refused
from tests.resolutions.helpers import as_chair, as_delegate, paper_with_clauses, sign_all

pytestmark = pytest.mark.django_db

ALL = ["AR", "BR", "CA", "DK", "EG", "FR", "GH"]


def _draft(w: World) -> Paper:
    paper = paper_with_clauses(w, "AR")
    sign_all(w, paper, ["AR", "BR"], ["CA"])
    return services.approve(as_chair(w), w.chair_user, paper.pk)


def _texts(paper: Paper) -> list[tuple[str, str]]:
    paper.refresh_from_db()
    return [(line["ref"], line["text"]) for line in flatten(services.document(paper)["operative"])]


def _live_texts(w: World, paper: Paper) -> list[tuple[str, str]]:
    return [(line["ref"], line["text"]) for line in w.state["drafts"][str(paper.pk)]["operative"]]


def test_friendly_amendment_needs_every_sponsor_and_no_vote(debate: World):
    w = debate
    draft = _draft(w)
    report = Clause.objects.get(paper=draft, text="a yearly report")
    amendment = services.propose_amendment(
        as_delegate(w, "AR"), None, draft.pk, kind="replace", target=report.pk, text="a report every six months"
    )
    assert amendment.status == Amendment.Status.PROPOSED  # Argentina accepted by proposing; Brazil has not
    with pytest.raises(services.PaperError, match="sponsors accept or refuse"):
        services.respond_amendment(as_delegate(w, "DK"), None, amendment.pk, response="accept")
    seq = w.seq
    services.respond_amendment(as_delegate(w, "BR"), None, amendment.pk, response="accept")
    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.APPLIED
    assert w.kinds(seq) == ["draft_amended"]
    assert _texts(draft)[-1] == ("2", "a report every six months")
    assert _live_texts(w, draft) == _texts(draft)
    line = w.state["drafts"][str(draft.pk)]["operative"][-1]
    assert line["amended_by"] == ["INTERPOL/DR/A/1/AMD/1"]
    # The paper's own page shows which amendment changed the clause too.
    assert services.document(draft)["operative"][-1]["amended_by"] == ["INTERPOL/DR/A/1/AMD/1"]


def test_unfriendly_amendment_is_supported_approved_voted_first_and_merged(debate: World):
    w = debate  # 7 present: an unfriendly amendment needs ceil(10 % of 7) = 1 supporter... plus
    type(w.committee).objects.filter(pk=w.committee.pk).update(rule_overrides={"amendment_minimum": 3})
    draft = _draft(w)
    urges = Clause.objects.get(paper=draft, phrase="Urges")
    add = services.propose_amendment(
        as_delegate(w, "DK"), None, draft.pk, kind="add", target=urges.pk, phrase="Invites", text="regional bodies to join"
    )
    services.respond_amendment(as_delegate(w, "AR"), None, add.pk, response="refuse")
    add.refresh_from_db()
    assert add.status == Amendment.Status.UNFRIENDLY
    with pytest.raises(services.PaperError, match="already answered"):
        services.respond_amendment(as_delegate(w, "BR"), None, add.pk, response="accept")
    with pytest.raises(services.PaperError, match="3 supporters needed, 1 have"):
        services.approve_amendment(as_chair(w), w.chair_user, add.pk)
    services.respond_amendment(as_delegate(w, "EG"), None, add.pk, response="support")
    services.respond_amendment(as_delegate(w, "FR"), None, add.pk, response="support")
    with pytest.raises(services.PaperError, match="chair"):
        services.approve_amendment(as_delegate(w, "AR"), None, add.pk)
    services.approve_amendment(as_chair(w), w.chair_user, add.pk)
    # A second unfriendly amendment deletes clause 1; it is voted down.
    delete = services.propose_amendment(as_delegate(w, "GH"), None, draft.pk, kind="delete", target=urges.pk)
    services.respond_amendment(as_delegate(w, "BR"), None, delete.pk, response="refuse")
    for iso in ("EG", "FR"):
        services.respond_amendment(as_delegate(w, iso), None, delete.pk, response="support")
    services.approve_amendment(as_chair(w), w.chair_user, delete.pk)
    w.as_chair("draft.introduce", draft=draft.pk)
    w.as_chair("debate.close")
    # Submission order (unausa): the addition first, then the deletion, then the draft.
    accepted(w, w.chair, "draft.vote", ["vote_opened"], draft=draft.pk)
    assert w.state["vote"]["subject"] == "amendment" and w.state["vote"]["amendment"] == add.pk
    assert w.state["vote"]["question"] == "amendment"
    w.vote_all(ALL[:5], ALL[5:])
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "amendment_decided"])
    assert rows[1].payload["adopted"] is True
    w.as_chair("draft.vote", draft=draft.pk)
    assert w.state["vote"]["amendment"] == delete.pk
    w.vote_all(ALL[:2], ALL[2:])
    w.as_chair("vote.close")
    w.as_chair("draft.vote", draft=draft.pk)
    assert w.state["vote"]["subject"] == "draft"
    w.vote_all(ALL, [])
    w.as_chair("vote.close")
    draft.refresh_from_db()
    assert draft.status == Paper.Status.ADOPTED and draft.code == "INTERPOL/RES/1"
    assert [t for _r, t in _texts(draft)] == [
        "member countries to share data", "through I-24/7", "regional bodies to join", "a yearly report",
    ]
    assert [r for r, _t in _texts(draft)] == ["1", "1.a", "2", "3"]
    assert [t for _r, t in _live_texts(w, draft)] == [t for _r, t in _texts(draft)]
    statuses = dict(Amendment.objects.values_list("pk", "status"))
    assert statuses == {add.pk: "adopted", delete.pk: "rejected"}
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state


def test_amendment_refusals(debate: World):
    w = debate
    paper = paper_with_clauses(w)
    urges = Clause.objects.get(paper=paper, phrase="Urges")
    with pytest.raises(services.PaperError, match="draft resolution on the floor"):
        services.propose_amendment(as_delegate(w, "AR"), None, paper.pk, kind="delete", target=urges.pk)
    sign_all(w, paper, ["AR", "BR"], ["CA"])
    services.approve(as_chair(w), w.chair_user, paper.pk)
    with pytest.raises(services.PaperError, match="not in the draft"):
        services.propose_amendment(as_delegate(w, "DK"), None, paper.pk, kind="delete", target=999999)
    with pytest.raises(services.PaperError, match="adds, deletes or replaces"):
        services.propose_amendment(as_delegate(w, "DK"), None, paper.pk, kind="rewrite", target=urges.pk)
    with pytest.raises(services.PaperError, match="Write the clause"):
        services.propose_amendment(as_delegate(w, "DK"), None, paper.pk, kind="replace", target=urges.pk, text=" ")
    with pytest.raises(services.PaperError, match="delegate"):
        services.propose_amendment(as_chair(w), w.chair_user, paper.pk, kind="delete", target=urges.pk)
    # Two amendments to one clause: the first (friendly) deletes it; the second is then refused.
    first = services.propose_amendment(as_delegate(w, "AR"), None, paper.pk, kind="delete", target=urges.pk)
    second = services.propose_amendment(as_delegate(w, "DK"), None, paper.pk, kind="replace", target=urges.pk, text="x")
    services.respond_amendment(as_delegate(w, "BR"), None, first.pk, response="accept")
    assert not Clause.objects.filter(pk=urges.pk).exists()
    services.respond_amendment(as_delegate(w, "AR"), None, second.pk, response="refuse")
    services.respond_amendment(as_delegate(w, "EG"), None, second.pk, response="support")
    with pytest.raises(services.PaperError, match="no longer in"):
        services.approve_amendment(as_chair(w), w.chair_user, second.pk)
    with pytest.raises(services.PaperError, match="not in the draft"):
        services.propose_amendment(as_delegate(w, "FR"), None, paper.pk, kind="delete", target=urges.pk)
    refused(w, w.chair, "draft.vote", "voting procedure", draft=paper.pk)


def test_the_adopted_text_marks_amended_and_added_clauses(debate: World):
    w = debate
    draft = _draft(w)
    report = Clause.objects.get(paper=draft, text="a yearly report")
    add = services.propose_amendment(as_delegate(w, "AR"), None, draft.pk, kind="add", target=report.pk, phrase="Invites", text="donors")
    services.respond_amendment(as_delegate(w, "BR"), None, add.pk, response="accept")
    doc = services.document(Paper.objects.get(pk=draft.pk))
    assert [(c["label"], c["text"], c["amended_by"]) for c in doc["operative"]] == [
        ("1.", "member countries to share data", []),
        ("2.", "a yearly report", []),
        ("3.", "donors", ["INTERPOL/DR/A/1/AMD/1"]),
    ]


def test_second_degree_amendment_is_voted_before_its_parent(db, clock):
    from tests.live.factory import make_committee

    w = make_committee(profile="thimun", rule_overrides={"draft_minimum": 1})
    w.open_debate("A")
    paper = paper_with_clauses(w, "AR")
    sign_all(w, paper, ["AR"], ["CA"])
    draft = services.approve(as_chair(w), w.chair_user, paper.pk)
    report = Clause.objects.get(paper=draft, text="a yearly report")
    first = services.propose_amendment(as_delegate(w, "DK"), None, draft.pk, kind="replace", target=report.pk, text="a report every month")
    services.respond_amendment(as_delegate(w, "AR"), None, first.pk, response="refuse")
    with pytest.raises(services.PaperError, match="on the floor"):
        services.propose_amendment(as_delegate(w, "EG"), None, draft.pk, kind="replace", target=None, text="x", parent=999999)
    second = services.propose_amendment(as_delegate(w, "EG"), None, draft.pk, kind="replace", target=None, text="a report every quarter", parent=first.pk)
    assert second.status == Amendment.Status.UNFRIENDLY and second.target_id == report.pk
    with pytest.raises(services.PaperError, match="cannot be amended again"):
        services.propose_amendment(as_delegate(w, "FR"), None, draft.pk, kind="replace", target=None, text="y", parent=second.pk)
    with pytest.raises(services.PaperError, match="amends it first|Approve the amendment"):
        services.approve_amendment(as_chair(w), w.chair_user, second.pk)
    services.approve_amendment(as_chair(w), w.chair_user, first.pk)
    services.approve_amendment(as_chair(w), w.chair_user, second.pk)
    w.as_chair("draft.introduce", draft=draft.pk)
    w.as_chair("debate.close")
    w.as_chair("draft.vote", draft=draft.pk)
    assert w.state["vote"]["amendment"] == second.pk  # the second degree first
    w.vote_all(ALL, [])
    w.as_chair("vote.close")
    first.refresh_from_db()
    assert first.text == "a report every quarter"
    w.as_chair("draft.vote", draft=draft.pk)
    assert w.state["vote"]["amendment"] == first.pk
    w.vote_all(ALL, [])
    w.as_chair("vote.close")
    w.as_chair("draft.vote", draft=draft.pk)
    w.vote_all(ALL, [])
    w.as_chair("vote.close")
    assert _texts(draft)[-1] == ("2", "a report every quarter")
    assert _live_texts(w, draft) == _texts(draft)
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state


def test_second_degree_is_refused_where_the_profile_has_none(debate: World):
    w = debate
    draft = _draft(w)
    report = Clause.objects.get(paper=draft, text="a yearly report")
    first = services.propose_amendment(as_delegate(w, "DK"), None, draft.pk, kind="replace", target=report.pk, text="monthly")
    with pytest.raises(services.PaperError, match="out of order"):
        services.propose_amendment(as_delegate(w, "EG"), None, draft.pk, kind="replace", target=None, text="x", parent=first.pk)


def _unfriendly(w: World, draft: Paper, iso: str, **fields) -> Amendment:
    amendment = services.propose_amendment(as_delegate(w, iso), None, draft.pk, **fields)
    services.respond_amendment(as_delegate(w, "AR"), None, amendment.pk, response="refuse")
    services.respond_amendment(as_delegate(w, "EG"), None, amendment.pk, response="support")
    services.approve_amendment(as_chair(w), w.chair_user, amendment.pk)
    return amendment


def test_a_clause_a_friendly_amendment_added_takes_a_voted_amendment(debate: World):
    w = debate
    draft = _draft(w)
    urges = Clause.objects.get(paper=draft, phrase="Urges")
    add = services.propose_amendment(
        as_delegate(w, "AR"), None, draft.pk, kind="add", target=urges.pk, phrase="Invites", text="regional bodies to join"
    )
    services.respond_amendment(as_delegate(w, "BR"), None, add.pk, response="accept")
    add.refresh_from_db()
    added = add.result_clause
    assert added is not None and added.text == "regional bodies to join"
    # The live text knows the new clause by a stable id, not None.
    line = next(x for x in w.state["drafts"][str(draft.pk)]["operative"] if x["text"] == "regional bodies to join")
    assert (line["id"], line["ref"]) == (f"amd{add.pk}", "2")
    # A later amendment to it is approved (not "no longer in the draft") and voted, not moot.
    replace = _unfriendly(w, draft, "DK", kind="replace", target=added.pk, phrase="Invites", text="regional and global bodies to join")
    assert w.state["drafts"][str(draft.pk)]["amendments"][-1]["target"] == f"amd{add.pk}"
    w.as_chair("draft.introduce", draft=draft.pk)
    w.as_chair("draft.focus", draft=draft.pk, clause="2")  # the projector follows the added clause
    assert w.state["focus"] == {"draft": draft.pk, "clause_id": f"amd{add.pk}"}
    w.as_chair("debate.close")
    rows = accepted(w, w.chair, "draft.vote", ["vote_opened"], draft=draft.pk)
    assert w.state["vote"]["amendment"] == replace.pk
    w.vote_all(ALL, [])
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "amendment_decided"])
    assert rows[1].payload["adopted"] is True
    w.as_chair("draft.vote", draft=draft.pk)
    assert w.state["vote"]["subject"] == "draft"
    w.vote_all(ALL, [])
    w.as_chair("vote.close")
    draft.refresh_from_db()
    assert draft.status == Paper.Status.ADOPTED
    assert _texts(draft) == [
        ("1", "member countries to share data"), ("1.a", "through I-24/7"),
        ("2", "regional and global bodies to join"), ("3", "a yearly report"),
    ]
    assert _live_texts(w, draft) == _texts(draft)
    # Both amendments are marked on the clause, on the paper and in the live text.
    codes = ["INTERPOL/DR/A/1/AMD/1", "INTERPOL/DR/A/1/AMD/2"]
    assert services.document(draft)["operative"][1]["amended_by"] == codes
    assert w.state["drafts"][str(draft.pk)]["operative"][2]["amended_by"] == codes
    statuses = dict(Amendment.objects.values_list("pk", "status"))
    assert statuses == {add.pk: "applied", replace.pk: "adopted"}
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state


def test_a_clause_a_voted_amendment_added_is_amended_divided_and_deleted(debate: World):
    w = debate
    draft = _draft(w)
    report = Clause.objects.get(paper=draft, text="a yearly report")
    add = _unfriendly(w, draft, "DK", kind="add", target=report.pk, phrase="Invites", text="donors")
    w.as_chair("draft.introduce", draft=draft.pk)
    w.as_chair("debate.close")
    w.as_chair("draft.vote", draft=draft.pk)
    w.vote_all(ALL, [])
    w.as_chair("vote.close")
    add.refresh_from_db()
    added = add.result_clause
    assert added is not None
    assert w.state["drafts"][str(draft.pk)]["operative"][-1]["id"] == f"amd{add.pk}"
    # Amendments to the new clause: a replacement of it, then a clause added after it.
    sub = _unfriendly(w, draft, "FR", kind="replace", target=added.pk, phrase="Invites", text="donors and banks")
    more = _unfriendly(w, draft, "GH", kind="add", target=added.pk, phrase="Invites", text="foundations")
    w.as_chair("draft.vote", draft=draft.pk)
    assert w.state["vote"]["amendment"] == sub.pk
    w.vote_all(ALL, [])
    w.as_chair("vote.close")
    w.as_chair("draft.vote", draft=draft.pk)
    assert w.state["vote"]["amendment"] == more.pk
    w.vote_all(ALL, [])
    w.as_chair("vote.close")
    assert [t for _r, t in _live_texts(w, draft)][-2:] == ["donors and banks", "foundations"]
    assert [line["id"] for line in w.state["drafts"][str(draft.pk)]["operative"]][-2:] == [f"amd{add.pk}", f"amd{more.pk}"]
    # Divided: the clause added last is a part of its own, rejected; the rest is adopted.
    motion = w.raise_motion("CA", "divide_question", "DK", draft=draft.pk, parts="4")
    w.as_chair("motion.vote", motion=motion)
    w.vote_all(ALL, [])
    w.as_chair("vote.close")
    w.as_chair("draft.vote", draft=draft.pk)
    assert w.state["vote"]["clauses"] == [4]
    w.vote_all(ALL[:1], ALL[1:])
    w.as_chair("vote.close")
    w.as_chair("draft.vote", draft=draft.pk)
    w.vote_all(ALL, [])
    w.as_chair("vote.close")
    draft.refresh_from_db()
    assert draft.status == Paper.Status.ADOPTED
    assert [t for _r, t in _texts(draft)] == [
        "member countries to share data", "through I-24/7", "a yearly report", "donors and banks",
    ]
    assert _live_texts(w, draft) == _texts(draft)
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state


def test_a_second_degree_amendment_on_an_amendment_to_an_added_clause(db, clock):
    from tests.live.factory import make_committee

    w = make_committee(profile="thimun", rule_overrides={"draft_minimum": 1})
    w.open_debate("A")
    paper = paper_with_clauses(w, "AR")
    sign_all(w, paper, ["AR"], ["CA"])
    draft = services.approve(as_chair(w), w.chair_user, paper.pk)
    add = services.propose_amendment(as_delegate(w, "AR"), None, draft.pk, kind="add", target=None, phrase="Invites", text="donors")
    add.refresh_from_db()
    assert add.status == Amendment.Status.APPLIED  # the only sponsor proposed it: friendly
    added = add.result_clause
    assert added is not None
    first = services.propose_amendment(as_delegate(w, "DK"), None, draft.pk, kind="replace", target=added.pk, text="donors and banks")
    services.respond_amendment(as_delegate(w, "AR"), None, first.pk, response="refuse")
    second = services.propose_amendment(as_delegate(w, "EG"), None, draft.pk, kind="replace", target=None, text="donors, banks and funds", parent=first.pk)
    services.approve_amendment(as_chair(w), w.chair_user, first.pk)
    services.approve_amendment(as_chair(w), w.chair_user, second.pk)
    w.as_chair("draft.introduce", draft=draft.pk)
    w.as_chair("debate.close")
    for expected in (second.pk, first.pk):
        w.as_chair("draft.vote", draft=draft.pk)
        assert w.state["vote"]["amendment"] == expected
        w.vote_all(ALL, [])
        w.as_chair("vote.close")
    w.as_chair("draft.vote", draft=draft.pk)
    w.vote_all(ALL, [])
    w.as_chair("vote.close")
    assert _texts(draft)[-1] == ("3", "donors, banks and funds")
    assert _live_texts(w, draft) == _texts(draft)
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state


def test_live_ids_and_paper_clauses_map_both_ways(debate: World):
    from resolutions.amendments import clause_for_live_id, live_clause_id

    w = debate
    draft = _draft(w)
    urges = Clause.objects.get(paper=draft, phrase="Urges")
    add = services.propose_amendment(as_delegate(w, "AR"), None, draft.pk, kind="add", target=None, phrase="Invites", text="donors")
    services.respond_amendment(as_delegate(w, "BR"), None, add.pk, response="accept")
    add.refresh_from_db()
    assert live_clause_id(urges) == urges.pk and clause_for_live_id(draft, urges.pk) == urges
    assert live_clause_id(add.result_clause) == f"amd{add.pk}"
    assert clause_for_live_id(draft, f"amd{add.pk}") == add.result_clause
    for bogus in ("amd", "amdx", f"amd0{add.pk}", f"AMD{add.pk}", "amd999999", 999999):
        assert clause_for_live_id(draft, bogus) is None
    other = paper_with_clauses(w, "CA")  # another paper's amendment ids are not this paper's
    assert clause_for_live_id(other, f"amd{add.pk}") is None
    assert live_clause_id(None) is None


def test_the_text_does_not_change_under_a_vote(debate: World):
    """While a vote on the draft (here on one of its amendments) is open, a friendly amendment is
    not applied and an unfriendly one is not approved: a clear message, nothing changes."""
    w = debate
    draft = _draft(w)
    report = Clause.objects.get(paper=draft, text="a yearly report")
    urges = Clause.objects.get(paper=draft, phrase="Urges")
    first = _unfriendly(w, draft, "DK", kind="replace", target=report.pk, text="a monthly report")
    w.as_chair("draft.introduce", draft=draft.pk)
    w.as_chair("debate.close")
    w.as_chair("draft.vote", draft=draft.pk)
    assert w.state["vote"]["amendment"] == first.pk
    state, seq = w.state, w.seq
    # Brazil, the other sponsor, would make Argentina's amendment friendly: refused for now.
    friendly = services.propose_amendment(as_delegate(w, "AR"), None, draft.pk, kind="delete", target=urges.pk)
    with pytest.raises(services.PaperError, match="A vote on INTERPOL/DR/A/1 is open"):
        services.respond_amendment(as_delegate(w, "BR"), None, friendly.pk, response="accept")
    late = services.propose_amendment(as_delegate(w, "GH"), None, draft.pk, kind="delete", target=urges.pk)
    services.respond_amendment(as_delegate(w, "AR"), None, late.pk, response="refuse")
    services.respond_amendment(as_delegate(w, "EG"), None, late.pk, response="support")
    with pytest.raises(services.PaperError, match="its text cannot change"):
        services.approve_amendment(as_chair(w), w.chair_user, late.pk)
    assert (w.state, w.seq) == (state, seq)
    friendly.refresh_from_db()
    late.refresh_from_db()
    assert (friendly.status, late.status) == (Amendment.Status.PROPOSED, Amendment.Status.UNFRIENDLY)
    assert _live_texts(w, draft) == _texts(draft)
    # Brazil's answer was not kept: once the vote closes, it accepts and the amendment applies.
    w.vote_all(ALL[:1], ALL[1:])
    w.as_chair("vote.close")
    services.respond_amendment(as_delegate(w, "BR"), None, friendly.pk, response="accept")
    friendly.refresh_from_db()
    assert friendly.status == Amendment.Status.APPLIED
    assert [t for _r, t in _live_texts(w, draft)] == ["a yearly report"]


def test_amendments_left_pending_become_moot_when_their_draft_is_decided(db, clock):
    """Adopting a draft settles every amendment still waiting on it and on the drafts that lapse
    with it: registered but never voted (in the journal, `amendment_moot`), waiting for the
    sponsors, or waiting for supporters. Journal, live state and database agree."""
    from tests.live.factory import make_committee

    w = make_committee(profile="thimun", rule_overrides={"draft_minimum": 1, "amendment_minimum": 2, "sponsor_cap": 3})
    w.open_debate("A")
    first = paper_with_clauses(w, "AR")
    sign_all(w, first, ["AR", "BR"], [])
    first = services.approve(as_chair(w), w.chair_user, first.pk)
    second = paper_with_clauses(w, "CA")
    sign_all(w, second, ["CA"], [])
    second = services.approve(as_chair(w), w.chair_user, second.pk)
    report1 = Clause.objects.get(paper=first, text="a yearly report")
    report2 = Clause.objects.get(paper=second, text="a yearly report")
    # On the draft to be adopted: one waits for Brazil (a sponsor) to answer.
    waiting = services.propose_amendment(as_delegate(w, "AR"), None, first.pk, kind="replace", target=report1.pk, text="monthly")
    # On the draft that lapses: one registered, one unfriendly without enough supporters.
    registered = services.propose_amendment(as_delegate(w, "DK"), None, second.pk, kind="replace", target=report2.pk, text="weekly")
    services.respond_amendment(as_delegate(w, "CA"), None, registered.pk, response="refuse")
    services.respond_amendment(as_delegate(w, "EG"), None, registered.pk, response="support")
    services.approve_amendment(as_chair(w), w.chair_user, registered.pk)
    unsupported = services.propose_amendment(as_delegate(w, "FR"), None, second.pk, kind="delete", target=report2.pk)
    services.respond_amendment(as_delegate(w, "CA"), None, unsupported.pk, response="refuse")
    statuses = dict(Amendment.objects.values_list("pk", "status"))
    assert statuses == {waiting.pk: "proposed", registered.pk: "approved", unsupported.pk: "unfriendly"}

    w.as_chair("draft.introduce", draft=first.pk)
    w.as_chair("draft.introduce", draft=second.pk)
    w.as_chair("debate.close")
    w.as_chair("draft.vote", draft=first.pk)
    w.vote_all(ALL, [])
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "draft_decided", "amendment_moot"])
    assert rows[1].payload["lapsed"] == [second.pk]
    assert rows[2].payload == {"draft": second.pk, "amendment": registered.pk}
    statuses = dict(Amendment.objects.values_list("pk", "status"))
    assert statuses == {waiting.pk: "moot", registered.pk: "moot", unsupported.pk: "moot"}
    assert [a["status"] for a in w.state["drafts"][str(second.pk)]["amendments"]] == ["moot"]
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state


def test_an_amendment_waiting_for_sponsors_becomes_moot_when_the_draft_is_rejected(debate: World):
    """Proposed during voting procedure and never answered: the rejection settles it."""
    w = debate
    draft = _draft(w)
    w.as_chair("draft.introduce", draft=draft.pk)
    w.as_chair("debate.close")
    report = Clause.objects.get(paper=draft, text="a yearly report")
    pending = services.propose_amendment(as_delegate(w, "DK"), None, draft.pk, kind="replace", target=report.pk, text="weekly")
    assert pending.status == Amendment.Status.PROPOSED
    w.as_chair("draft.vote", draft=draft.pk)
    w.vote_all([], ALL)
    rows = accepted(w, w.chair, "vote.close", ["vote_closed", "draft_decided"])
    assert rows[1].payload["adopted"] is False
    pending.refresh_from_db()
    assert pending.status == Amendment.Status.MOOT
    committee = w.refresh()
    assert live_services.replay_state(committee) == committee.live_state
