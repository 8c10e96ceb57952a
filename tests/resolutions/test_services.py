"""Working papers through the services: clauses, revisions, conflicts, signatures, approval."""

from __future__ import annotations

from typing import Any

import pytest

from committee.models import CommitteeEvent
from resolutions import services
from resolutions.models import Clause, DraftingSettings, Paper, Revision
from tests.resolutions.helpers import as_chair, as_delegate, paper_with_clauses


def _edit_row(revision: Any) -> tuple[str, str, str]:
    assert revision.seat is not None and revision.before and revision.after
    return revision.seat.iso_code, revision.before["text"], revision.after["text"]

def _doc(paper):
    paper.refresh_from_db()
    return services.document(paper)


def test_a_paper_is_numbered_punctuated_and_keeps_every_save(world):
    paper = paper_with_clauses(world)
    doc = _doc(paper)
    assert doc["code"] == "INTERPOL/WP/A/1"
    assert [c["end"] for c in doc["preambular"]] == [","]
    ops = doc["operative"]
    assert [(c["label"], c["phrase"], c["end"]) for c in ops] == [("1.", "Urges", ":"), ("2.", "Requests", ".")]
    assert [(c["label"], c["text"], c["end"]) for c in ops[0]["children"]] == [("a)", "through I-24/7", ";")]
    # create + 4 clauses: five saves, each with who and what
    revisions = list(Revision.objects.filter(paper=paper).order_by("number"))
    assert [r.action for r in revisions] == ["create", "add", "add", "add", "add"]
    assert all(r.seat is not None and r.seat.iso_code == "AR" for r in revisions)
    last = revisions[-1].after
    assert last is not None and last["text"] == "through I-24/7"
    second = services.create_paper(as_delegate(world, "BR"), None, topic="A", title="Another")
    assert second.wp_code == "INTERPOL/WP/A/2"


def test_sub_sub_clauses_and_no_deeper(world):
    paper = paper_with_clauses(world)
    access = as_delegate(world, "AR")
    a = Clause.objects.get(paper=paper, text="through I-24/7")
    i = services.add_clause(access, None, paper.pk, kind="operative", parent=a.pk, text="within a week")
    doc = _doc(paper)
    assert doc["operative"][0]["children"][0]["children"][0]["label"] == "i."
    with pytest.raises(services.PaperError, match="two levels"):
        services.add_clause(access, None, paper.pk, kind="operative", parent=i.pk, text="too deep")
    pre = Clause.objects.get(paper=paper, kind="preambular")
    with pytest.raises(services.PaperError, match="no sub-clauses"):
        services.add_clause(access, None, paper.pk, kind="operative", parent=pre.pk, text="x")


@pytest.mark.parametrize(
    "fields, match",
    [
        ({"kind": "operative", "phrase": "Urges", "text": ""}, "Write the clause"),
        ({"kind": "operative", "phrase": "Urges", "text": 12}, "Write the clause"),
        ({"kind": "footnote", "phrase": "Urges", "text": "x"}, "preambular or operative"),
        ({"kind": "operative", "phrase": "Urges", "text": "x" * 2001}, "at most 2000"),
        ({"kind": "operative", "phrase": "Urges", "text": "x", "position": 9}, "position"),
        ({"kind": "operative", "phrase": "Urges", "text": "x", "parent": 999999}, "not in this paper"),
    ],
)
def test_malformed_clauses_are_refused_and_change_nothing(world, fields, match):
    paper = paper_with_clauses(world)
    before = (_doc(paper), Revision.objects.count())
    with pytest.raises(services.PaperError, match=match):
        services.add_clause(as_delegate(world, "AR"), None, paper.pk, **fields)
    assert (_doc(paper), Revision.objects.count()) == before


def test_html_in_a_clause_is_kept_as_text(world, client):
    paper = paper_with_clauses(world)
    evil = '<script>alert("x")</script> & <b>bold</b>'
    services.add_clause(as_delegate(world, "AR"), None, paper.pk, kind="operative", phrase="Urges", text=evil)
    assert Clause.objects.filter(text=evil).exists()
    session = client.session
    session["dais_seat_id"] = world.seats["AR"].pk
    session["dais_seat_code_version"] = world.seats["AR"].code_version
    session.save()
    page = client.get(f"/committees/{world.committee.pk}/drafts/{paper.pk}/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page or "\\u003Cscript\\u003Ealert" in page


def test_unknown_phrase_is_a_warning_the_author_overrides(world):
    paper = paper_with_clauses(world)
    access = as_delegate(world, "AR")
    with pytest.raises(services.UnknownPhrase) as info:
        services.add_clause(access, None, paper.pk, kind="operative", phrase="Urgess", text="x")
    assert "Urges" in info.value.suggestions
    services.add_clause(access, None, paper.pk, kind="operative", phrase="Urgess", text="x", override_phrase=True)
    # Spanish phrases and case/accents are known; restricted ones only where the committee allows
    services.add_clause(access, None, paper.pk, kind="preambular", phrase="observando con PREOCUPACIÓN profunda".replace("PREOCUPACIÓN profunda", "profunda preocupacion"), text="y")
    with pytest.raises(services.UnknownPhrase):
        services.add_clause(access, None, paper.pk, kind="operative", phrase="Decides", text="z")
    DraftingSettings.objects.create(committee=world.committee, extra_operative=["Decides", "Instructs the General Secretariat"])
    services.add_clause(access, None, paper.pk, kind="operative", phrase="decides", text="z")


def test_concurrent_edit_of_one_clause_is_refused_with_both_versions(world):
    paper = paper_with_clauses(world)
    services.invite_author(as_delegate(world, "AR"), None, paper.pk, world.seats["BR"].pk)
    clause = Clause.objects.get(paper=paper, phrase="Urges")
    base = clause.version
    services.edit_clause(as_delegate(world, "AR"), None, paper.pk, clause.pk, base_version=base, text="member countries to share lab data")
    with pytest.raises(services.EditConflict) as info:
        services.edit_clause(as_delegate(world, "BR"), None, paper.pk, clause.pk, base_version=base, text="all countries to share data")
    mine, theirs = info.value.mine, info.value.theirs
    assert mine is not None and theirs is not None
    assert mine["text"] == "all countries to share data"
    assert theirs["text"] == "member countries to share lab data"
    clause.refresh_from_db()
    assert clause.text == "member countries to share lab data"
    # The author chooses theirs or keeps mine by saving on top of the current version
    services.edit_clause(as_delegate(world, "BR"), None, paper.pk, clause.pk, base_version=theirs["version"], text="all countries to share data")
    clause.refresh_from_db()
    assert clause.text == "all countries to share data" and clause.version == base + 2
    edits = Revision.objects.filter(paper=paper, action="edit").order_by("number")
    assert [_edit_row(r) for r in edits] == [
        ("AR", "member countries to share data", "member countries to share lab data"),
        ("BR", "member countries to share lab data", "all countries to share data"),
    ]


def test_move_split_delete(world):
    paper = paper_with_clauses(world)
    access = as_delegate(world, "AR")
    second = Clause.objects.get(paper=paper, phrase="Requests")
    services.move_clause(access, None, paper.pk, second.pk, position=0)
    assert [c["phrase"] for c in _doc(paper)["operative"]] == ["Requests", "Urges"]
    second.refresh_from_db()
    new = services.split_clause(access, None, paper.pk, second.pk, base_version=second.version, at=8)
    doc = _doc(paper)
    assert [(c["label"], c["text"]) for c in doc["operative"]][:2] == [("1.", "a yearly"), ("2.", "report")]
    assert new.phrase == ""
    urges = Clause.objects.get(paper=paper, phrase="Urges")
    services.delete_clause(access, None, paper.pk, urges.pk, base_version=urges.version)
    doc = _doc(paper)
    assert [c["text"] for c in doc["operative"]] == ["a yearly", "report"]
    assert not Clause.objects.filter(text="through I-24/7").exists()  # its sub-clause went with it
    actions = list(Revision.objects.filter(paper=paper).values_list("action", flat=True).order_by("number"))
    assert actions[-3:] == ["move", "split", "delete"]
    with pytest.raises(services.PaperError, match="inside its text"):
        services.split_clause(access, None, paper.pk, new.pk, base_version=new.version, at=0)
    with pytest.raises(services.PaperError, match="position"):
        services.move_clause(access, None, paper.pk, new.pk, position=7)


def test_only_authors_edit(world):
    paper = paper_with_clauses(world)
    clause = Clause.objects.get(paper=paper, phrase="Urges")
    with pytest.raises(services.PaperError, match="authors"):
        services.edit_clause(as_delegate(world, "BR"), None, paper.pk, clause.pk, base_version=1, text="x")
    with pytest.raises(services.PaperError, match="authors"):
        services.add_clause(as_chair(world), None, paper.pk, kind="operative", phrase="Urges", text="x")
    with pytest.raises(services.PaperError, match="delegate"):
        services.create_paper(as_chair(world), None, topic="A", title="x")
    with pytest.raises(services.PaperError, match="topics"):
        services.create_paper(as_delegate(world, "AR"), None, topic="Z", title="x")


def test_coauthors_get_each_change_live(world, capture):
    paper = paper_with_clauses(world)
    services.invite_author(as_delegate(world, "AR"), None, paper.pk, world.seats["BR"].pk)
    clause = Clause.objects.get(paper=paper, phrase="Urges")
    frames = capture(
        services.edit_clause, as_delegate(world, "BR"), None, paper.pk, clause.pk,
        base_version=clause.version, text="<i>new</i> text",
    )
    groups = sorted(g for g, _f in frames)
    c = world.committee.pk
    assert groups == sorted([f"dais.c{c}.seat{world.seats['AR'].pk}", f"dais.c{c}.seat{world.seats['BR'].pk}"])
    frame = frames[0][1]
    assert frame["type"] == "paper" and frame["change"] == {"action": "edit", "clause": clause.pk, "by": "Brazil", "seat": world.seats["BR"].pk}
    assert frame["document"]["operative"][0]["text"] == "<i>new</i> text"
    assert frame["revision"] == paper.revisions.count()


def test_signing_withdrawing_and_approval_threshold(debate):
    w = debate  # 7 members present: unausa needs ceil(20 % of 7) = 2
    paper = paper_with_clauses(w)
    w.as_chair("rollcall.mark", seat=w.seat("GH"), mark="absent")
    services.sign(as_delegate(w, "AR"), None, paper.pk, role="sponsor")
    with pytest.raises(services.PaperError, match="2 needed, 1 have signed"):
        services.approve(as_chair(w), w.chair_user, paper.pk)
    with pytest.raises(services.PaperError, match="already signed"):
        services.sign(as_delegate(w, "AR"), None, paper.pk, role="signatory")
    with pytest.raises(services.PaperError, match="for itself"):
        services.sign(as_delegate(w, "BR"), None, paper.pk, role="signatory", seat_id=w.seat("CA"))
    with pytest.raises(services.PaperError, match="delegate"):
        services.sign(as_chair(w), w.chair_user, paper.pk, role="signatory")
    with pytest.raises(services.PaperError, match="sponsor or"):
        services.sign(as_delegate(w, "BR"), None, paper.pk, role="friend")
    services.sign(as_delegate(w, "BR"), None, paper.pk, role="signatory")
    services.withdraw_signature(as_delegate(w, "BR"), None, paper.pk)
    with pytest.raises(services.PaperError, match="1 have signed"):
        services.approve(as_chair(w), w.chair_user, paper.pk)
    services.sign(as_delegate(w, "BR"), None, paper.pk, role="signatory")
    with pytest.raises(services.PaperError, match="chair"):
        services.approve(as_delegate(w, "AR"), None, paper.pk)
    seq = w.seq
    services.approve(as_chair(w), w.chair_user, paper.pk)
    paper.refresh_from_db()
    assert paper.status == Paper.Status.DRAFT and paper.code == "INTERPOL/DR/A/1"
    row = CommitteeEvent.objects.get(committee=w.committee, seq=seq + 1)
    assert row.kind == "draft_registered"
    draft = w.state["drafts"][str(paper.pk)]
    assert draft["code"] == "INTERPOL/DR/A/1" and draft["sponsors"] == [w.seat("AR")]
    assert [line["ref"] for line in draft["operative"]] == ["1", "1.a", "2"]
    # Approved: signatures closed, text changes only by amendments
    with pytest.raises(services.PaperError, match="withdrawn"):
        services.withdraw_signature(as_delegate(w, "BR"), None, paper.pk)
    with pytest.raises(services.PaperError, match="closed"):
        services.sign(as_delegate(w, "CA"), None, paper.pk, role="signatory")
    clause = Clause.objects.get(paper=paper, phrase="Urges")
    with pytest.raises(services.PaperError, match="amendments"):
        services.edit_clause(as_delegate(w, "AR"), None, paper.pk, clause.pk, base_version=clause.version, text="x")
    with pytest.raises(services.PaperError, match="already approved"):
        services.approve(as_chair(w), w.chair_user, paper.pk)


def test_sponsor_cap(world):
    world.committee.rule_overrides = {"sponsor_cap": 1}
    world.committee.save()
    paper = paper_with_clauses(world)
    services.sign(as_delegate(world, "AR"), None, paper.pk, role="sponsor")
    with pytest.raises(services.PaperError, match="1 sponsors"):
        services.sign(as_delegate(world, "BR"), None, paper.pk, role="sponsor")


def test_approval_needs_a_roll_call_and_an_operative_clause(world):
    access = as_delegate(world, "AR")
    paper = services.create_paper(access, None, topic="A", title="Empty")
    with pytest.raises(services.PaperError, match="operative"):
        services.approve(as_chair(world), world.chair_user, paper.pk)
    services.add_clause(access, None, paper.pk, kind="operative", phrase="Urges", text="x")
    services.sign(access, None, paper.pk, role="sponsor")
    with pytest.raises(services.PaperError, match="roll call"):
        services.approve(as_chair(world), world.chair_user, paper.pk)
