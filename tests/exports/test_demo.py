# ruff: noqa: F811
"""`load_seeds --demo`: two sittings played through the services, then a sitting of drafts
(`exports.demo_resolutions`); idempotent, and minutes that list every speech and every vote of
the journal."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter

import pytest
from django.core.management import call_command

from committee.models import Committee, CommitteeEvent
from committee.services import replay_state
from delegates import papers
from delegates.paper_models import PaperScore, PaperVersion, PositionPaper
from exports import demo_papers, services
from exports.demo_resolutions import play_drafting
from resolutions.models import Amendment, Paper
from tests.exports.readback import docx, pdf_text

pytestmark = pytest.mark.django_db


def test_the_demo_plays_once_and_its_minutes_list_every_speech_and_vote(tmp_path):
    out = io.StringIO()
    call_command("load_seeds", demo=True, password="pw-demo-123", stdout=out)
    assert "Demo: two sittings played" in out.getvalue()
    committee = Committee.objects.get(slug="interpol")
    seq = committee.event_seq
    kinds = Counter(CommitteeEvent.objects.filter(committee=committee).values_list("kind", flat=True))
    assert kinds["sitting_opened"] == 3 and kinds["roll_call_closed"] == 3
    assert kinds["caucus_started"] == 2 and kinds["corrected"] == 1
    # The journal is real: replaying it gives the stored state.
    assert replay_state(committee) == committee.live_state

    assert "24 position papers submitted, reviewed and scored" in out.getvalue()
    versions = PaperVersion.objects.count()
    scores = PaperScore.objects.count()

    again = io.StringIO()
    call_command("load_seeds", demo=True, stdout=again)
    assert "already played" in again.getvalue()
    assert "position papers already there" in again.getvalue()
    committee.refresh_from_db()
    assert committee.event_seq == seq
    assert dict(Paper.objects.filter(committee=committee).values_list("status", "draft_number")) == {
        "adopted": 1, "rejected": 1,
    }
    from delegates.models import PositionPaper

    assert PositionPaper.objects.filter(seat__committee=committee).count() == 24
    assert PaperVersion.objects.count() == versions and PaperScore.objects.count() == scores

    document = docx(services.minutes_file(committee, "docx").content)
    text = "\n".join(p.text for p in document.paragraphs)
    spoke = text.count(" spoke (")
    speeches = kinds["speech_started"] + sum(
        1 for e in CommitteeEvent.objects.filter(committee=committee, kind="speech_yielded") if e.payload["to"] == "delegate"
    )
    assert spoke == speeches
    closed = kinds["vote_closed"]
    # Each motion's entry says its vote ("Vote: ..."), other votes have their own entry.
    assert text.count("Vote: ") + text.count("Vote on ") == closed
    assert text.count("Ballots entered by: own device") == closed
    assert "Sitting 1" in text and "Sitting 2" in text and "Sitting 3" in text
    assert "not yet described" not in text

    bundle = pdf_text(services.committee_bundle(committee, "pdf", language="en").content)
    assert "INTERPOL/RES/1" in bundle and "1 resolution" in bundle
    assert "by a recorded vote of" in bundle and "In favour (" in bundle
    assert "INTERPOL/DR/B/1" not in bundle  # rejected: not in the adopted bundle


def test_the_demo_papers_go_through_the_services_and_the_exports_read_them(tmp_path):
    call_command("load_seeds", demo=True, password="pw-demo-123", stdout=io.StringIO())
    committee = Committee.objects.get(slug="interpol")
    topic = committee.topics.get(letter="A")
    paper_rows = PositionPaper.objects.filter(topic=topic)
    assert paper_rows.count() == 24
    assert papers.deadline_of(topic) == demo_papers.DEADLINE
    assert papers.setup_for(committee).scores_released
    statuses = Counter(paper_rows.values_list("status", flat=True))
    assert statuses == {"accepted": 21, "submitted": 2, "changes_requested": 1}
    late = PaperVersion.objects.filter(paper__topic=topic, late_by__isnull=False)
    # Three delegations after the deadline, and the two second versions sent after it.
    assert late.filter(number=1).count() == 3 and late.filter(number=2).count() == 2
    for version in PaperVersion.objects.filter(paper__topic=topic):
        assert version.due_at == demo_papers.DEADLINE
        assert (version.late_by is not None) == (version.submitted_at > version.due_at)
        if version.late_by is not None:
            assert version.late_by == version.submitted_at - version.due_at
    dais = {m.user_id for m in committee.dais.all()}
    scored = PositionPaper.objects.filter(topic=topic, scores__isnull=False).distinct()
    assert scored.count() == 21
    for paper in scored:
        totals = [s.total for s in paper.scores.all()]
        assert len(totals) == len(demo_papers.dais_of(committee))
        assert all(50 <= t <= 100 for t in totals)
        assert {s.scorer_id for s in paper.scores.all()} <= dais

    # The papers CSV says what the database holds.
    text = services.csv_file(committee, "papers").content.decode("utf-8-sig")
    rows = {(r["country"], r["topic"]): r for r in csv.DictReader(io.StringIO(text))}
    assert len(rows) == committee.seats.count() * committee.topics.count()
    for paper in PositionPaper.objects.filter(topic__committee=committee).select_related("seat", "topic"):
        row = rows[(paper.seat.country, paper.topic.letter)]
        latest = papers.latest_version(paper)
        assert latest is not None
        assert row["status"] == paper.status and row["version"] == str(latest.number)
        assert row["submitted_at"] == latest.submitted_at.isoformat(timespec="seconds")
        assert row["late"] == ("yes" if latest.late_by else "no")
        assert row["minutes_late"] == str(int(latest.late_by.total_seconds() // 60) if latest.late_by else 0)
        mean = papers.mean_total(list(paper.scores.all()))
        assert row["score"] == ("" if mean is None else str(float(mean)))
        assert row["scorers"] == str(paper.scores.count())
    missing = [r for r in rows.values() if r["status"] == "not_submitted"]
    assert len(missing) == len(rows) - 24 and all(r["score"] == "" for r in missing)

    # The awards sheet's paper part is the mean of the dais's totals, as a share of the rubric.
    from exports.awards import paper_score_source

    shares = paper_score_source()(committee)
    assert len(shares) == 21
    for paper in scored:
        mean = papers.mean_total(list(paper.scores.all()))
        assert mean is not None
        assert shares[paper.seat_id] == pytest.approx(float(mean) / 100)

    # `export --what papers --format zip`: the latest version of each paper and its index.
    call_command(
        "export", committee="INTERPOL", what="papers", fmt="zip", out=str(tmp_path),
        stdout=io.StringIO(), stderr=io.StringIO(),
    )
    with zipfile.ZipFile(tmp_path / "INTERPOL-position-papers.zip") as archive:
        index = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8"))))
        assert len(index) == 24
        for entry in index:
            paper = PositionPaper.objects.get(seat__country=entry["country"], topic__letter=entry["topic"], topic__committee=committee)
            assert entry["version"] == str(paper.version_count)
            body = archive.read(entry["file"]).decode("utf-8")
            assert paper.seat.country in body
            assert ("Revision" in body) == (paper.version_count == 2)


def test_the_drafting_sitting_plays_once_through_the_services():
    call_command("load_seeds", stdout=io.StringIO())
    committee = Committee.objects.get(slug="interpol")
    assert play_drafting(committee) is True
    committee.refresh_from_db()
    seq = committee.event_seq
    assert replay_state(committee) == committee.live_state
    adopted = Paper.objects.get(committee=committee, status=Paper.Status.ADOPTED)
    assert adopted.code == "INTERPOL/RES/1" and adopted.draft_code == "INTERPOL/DR/A/1"
    rejected = Paper.objects.get(committee=committee, status=Paper.Status.REJECTED)
    assert rejected.code == "INTERPOL/DR/B/1"
    assert sorted(Amendment.objects.values_list("status", flat=True)) == ["applied", "rejected"]
    kinds = set(CommitteeEvent.objects.filter(committee=committee).values_list("kind", flat=True))
    assert {"draft_registered", "draft_introduced", "draft_amended", "amendment_registered",
            "amendment_decided", "roll_call_answered", "draft_decided"} <= kinds
    assert play_drafting(committee) is False
    committee.refresh_from_db()
    assert committee.event_seq == seq

    document = docx(services.resolution_file(adopted, "docx").content)
    ops = [p.text for p in document.paragraphs if p.style.name == "Operative Clause"]
    assert "Further requests the Secretary General to report on progress at the next session;" in ops
    assert any(t.startswith("Encourages joint operations") for t in ops)  # the deletion failed
    votes = [p.text for p in document.paragraphs if p.style.name == "Vote Result"]
    assert votes[0].startswith("Adopted on") and "by a recorded vote of" in votes[0]
    assert any(v.startswith("Against (3): ") for v in votes)
    minutes = "\n".join(p.text for p in docx(services.minutes_file(committee, "docx").content).paragraphs)
    assert "Draft resolution INTERPOL/DR/B/1 was rejected." in minutes
    assert "not yet described" not in minutes
