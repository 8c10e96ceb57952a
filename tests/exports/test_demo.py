# ruff: noqa: F811
"""`load_seeds --demo`: two sittings played through the services, then a sitting of drafts
(`exports.demo_resolutions`); idempotent, and minutes that list every speech and every vote of
the journal."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command

from committee.models import Committee, CommitteeEvent
from committee.services import replay_state
from exports import services
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

    again = io.StringIO()
    call_command("load_seeds", demo=True, stdout=again)
    assert "already played" in again.getvalue()
    committee.refresh_from_db()
    assert committee.event_seq == seq
    assert dict(Paper.objects.filter(committee=committee).values_list("status", "draft_number")) == {
        "adopted": 1, "rejected": 1,
    }
    from delegates.models import PositionPaper

    assert PositionPaper.objects.filter(seat__committee=committee).count() == 24

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
