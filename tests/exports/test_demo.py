# ruff: noqa: F811
"""`load_seeds --demo`: two sittings played through the services, idempotent, and minutes that
list every speech and every vote of the journal."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command

from committee.models import Committee, CommitteeEvent, Resolution
from committee.services import replay_state
from exports import services
from tests.exports.readback import docx, pdf_text

pytestmark = pytest.mark.django_db


def test_the_demo_plays_once_and_its_minutes_list_every_speech_and_vote(tmp_path):
    out = io.StringIO()
    call_command("load_seeds", demo=True, password="pw-demo-123", stdout=out)
    assert "Demo: two sittings played" in out.getvalue()
    committee = Committee.objects.get(slug="interpol")
    seq = committee.event_seq
    kinds = Counter(CommitteeEvent.objects.filter(committee=committee).values_list("kind", flat=True))
    assert kinds["sitting_opened"] == 2 and kinds["roll_call_closed"] == 2
    assert kinds["caucus_started"] == 2 and kinds["corrected"] == 1
    # The journal is real: replaying it gives the stored state.
    assert replay_state(committee) == committee.live_state

    again = io.StringIO()
    call_command("load_seeds", demo=True, stdout=again)
    assert "already played" in again.getvalue()
    committee.refresh_from_db()
    assert committee.event_seq == seq
    assert Resolution.objects.filter(committee=committee).count() == 2
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
    assert "Sitting 1" in text and "Sitting 2" in text

    bundle = pdf_text(services.committee_bundle(committee, "pdf", language="en").content)
    assert "INTERPOL/RES/1" in bundle and "1 resolution" in bundle
    assert "INTERPOL/DR/2" not in bundle  # rejected: not in the adopted bundle
