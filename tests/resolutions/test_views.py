"""The paper pages and their JSON actions: roles, refusals with their status codes."""

from __future__ import annotations

import json

from resolutions.models import Clause, Paper
from tests.resolutions.helpers import paper_with_clauses


def _join(client, seat):
    session = client.session
    session["dais_seat_id"] = seat.pk
    session["dais_seat_code_version"] = seat.code_version
    session.save()


def _post(client, world, paper, **body):
    url = f"/committees/{world.committee.pk}/drafts/{paper.pk}/action/"
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_a_delegate_starts_a_paper_and_edits_it(world, client):
    _join(client, world.seats["AR"])
    url = f"/committees/{world.committee.pk}/drafts/"
    assert client.post(url, {"topic": "A", "title": ""}).status_code == 400
    response = client.post(url, {"topic": "A", "title": "Fake medicines"})
    paper = Paper.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/drafts/{paper.pk}/")
    r = _post(client, world, paper, action="add", kind="operative", phrase="Urges", text="states to act")
    assert r.status_code == 200 and r.json()["document"]["operative"][0]["text"] == "states to act"
    r = _post(client, world, paper, action="add", kind="operative", phrase="Wishes", text="x")
    assert r.status_code == 422 and r.json()["error"] == "unknown_phrase"
    r = _post(client, world, paper, action="add", kind="operative", phrase="Wishes", text="x", override_phrase=True)
    assert r.status_code == 200
    clause = Clause.objects.get(phrase="Urges")
    assert _post(client, world, paper, action="edit", clause=clause.pk, version=1, text="a").status_code == 200
    r = _post(client, world, paper, action="edit", clause=clause.pk, version=1, text="b")
    assert r.status_code == 409 and r.json()["theirs"]["text"] == "a" and r.json()["mine"]["text"] == "b"
    assert _post(client, world, paper, action="explode").status_code == 400
    bad = client.post(f"/committees/{world.committee.pk}/drafts/{paper.pk}/action/", data="{nope", content_type="application/json")
    assert bad.status_code == 400
    page = client.get(f"/committees/{world.committee.pk}/drafts/{paper.pk}/")
    assert page.status_code == 200 and b"INTERPOL/WP/A/1" in page.content
    doc = client.get(f"/committees/{world.committee.pk}/drafts/{paper.pk}/document/").json()["document"]
    assert doc["revision"] == paper.revisions.count()


def test_outsiders_and_other_delegates(world, client):
    paper = paper_with_clauses(world)
    base = f"/committees/{world.committee.pk}/drafts/{paper.pk}/"
    assert client.get(base).status_code in (302, 403)
    _join(client, world.seats["BR"])
    assert client.get(base).status_code == 200  # a delegate of the committee reads it (to sign)
    clause = Clause.objects.get(phrase="Urges")
    r = _post(client, world, paper, action="edit", clause=clause.pk, version=1, text="x")
    assert r.status_code == 400 and "authors" in r.json()["message"]
    r = _post(client, world, paper, action="sign", role="signatory")
    assert r.status_code == 200 and r.json()["document"]["signatories"] == [{"id": world.seats["BR"].pk, "country": "Brazil"}]
    r = _post(client, world, paper, action="approve")
    assert r.status_code == 400
    # the approve form is the chair's
    assert client.post(base + "approve/").status_code == 302
    paper.refresh_from_db()
    assert paper.status == Paper.Status.WORKING_PAPER


def test_history_shows_every_save(world, client):
    paper = paper_with_clauses(world)
    client.force_login(world.chair_user)
    page = client.get(f"/committees/{world.committee.pk}/drafts/{paper.pk}/history/").content.decode()
    assert page.count("Argentina") >= 5 and "added a clause" in page


def test_amendment_forms(debate, client):
    from resolutions import services
    from resolutions.models import Amendment
    from tests.resolutions.helpers import as_chair, sign_all

    w = debate
    paper = paper_with_clauses(w)
    sign_all(w, paper, ["AR"], ["BR"])
    services.approve(as_chair(w), w.chair_user, paper.pk)
    _join(client, w.seats["DK"])
    url = f"/committees/{w.committee.pk}/drafts/{paper.pk}/amendments/"
    clause = Clause.objects.get(phrase="Urges")
    page = client.get(f"/committees/{w.committee.pk}/drafts/{paper.pk}/").content.decode()
    assert 'id="amend-form"' in page
    response = client.post(url, {"action": "propose", "kind": "replace", "target": clause.pk, "text": "<i>all</i> states"}, follow=True)
    assert "Amendment proposed" in response.content.decode()
    amendment = Amendment.objects.get()
    assert "&lt;i&gt;all&lt;/i&gt; states" in response.content.decode()
    response = client.post(url, {"action": "approve", "amendment": amendment.pk}, follow=True)
    assert "Only the chair" in response.content.decode()
    _join(client, w.seats["AR"])
    client.post(url, {"action": "refuse", "amendment": amendment.pk})
    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.UNFRIENDLY


def test_bad_input_through_the_paper_actions_changes_nothing(debate, client):
    """Issue 11's bad input where papers are written and signed (HTTP, the transport of the
    paper page): malformed clauses, a signature by a non-delegate or for another seat, approval
    below the threshold. Each gets a clear message; the paper and its history do not change."""
    from resolutions import services
    from tests.resolutions.helpers import as_delegate

    w = debate  # 7 present: unausa needs ceil(20 % of 7) = 2 sponsors plus signatories
    paper = paper_with_clauses(w)
    urges = Clause.objects.get(paper=paper, phrase="Urges")

    def snapshot():
        paper.refresh_from_db()
        return (services.document(paper), paper.revisions.count(), paper.signatures.count(), paper.status)

    before = snapshot()
    _join(client, w.seats["AR"])
    for body, words in (
        ({"action": "add", "kind": "operative", "phrase": "Urges", "text": ""}, "Write the clause"),
        ({"action": "add", "kind": "operative", "phrase": "Urges", "text": ["x"]}, "Write the clause"),
        ({"action": "add", "kind": "footnote", "phrase": "Urges", "text": "x"}, "preambular or operative"),
        ({"action": "add", "kind": "operative", "phrase": "Urges", "text": "x" * 2001}, "at most 2000"),
        ({"action": "add", "kind": "operative", "phrase": "Urges", "text": "x", "parent": "1; drop"}, "not in this paper"),
        ({"action": "edit", "clause": urges.pk, "version": "one", "text": "y"}, "version of the clause is missing"),
        ({"action": "sign", "role": "sponsor", "seat": w.seats["BR"].pk}, "for itself"),
        ({"action": "sign", "role": "friend"}, "sponsor or"),
    ):
        r = _post(client, w, paper, **body)
        assert r.status_code in (400, 409), (body, r.status_code)
        assert words in r.json()["message"]
        assert snapshot() == before, body
    # The chair is not a delegate: cannot sign.
    client.logout()
    client.force_login(w.chair_user)
    r = _post(client, w, paper, action="sign", role="signatory")
    assert r.status_code == 400 and "Only a delegate" in r.json()["message"]
    assert snapshot() == before
    # One sponsor of 2 needed: the approve form says the numbers and the paper stays a working paper.
    services.sign(as_delegate(w, "AR"), None, paper.pk, role="sponsor")
    signed = snapshot()
    response = client.post(f"/committees/{w.committee.pk}/drafts/{paper.pk}/approve/", follow=True)
    assert "2 needed, 1 have signed" in response.content.decode()
    assert snapshot() == signed and signed[3] == Paper.Status.WORKING_PAPER
