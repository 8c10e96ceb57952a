# ruff: noqa: F811  (the fixtures are imported, then named as test arguments)
"""The papers zip: read back and compared with the database (per committee and per conference)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest

from delegates import papers
from delegates.paper_models import PaperVersion, TopicDeadline
from tests.paper_helpers import PDF_BYTES, T0, frozen, make_docx, media, upload  # noqa: F401
from tests.personas import make_topic, world  # noqa: F401

pytestmark = pytest.mark.django_db


def _read_zip(response) -> tuple[zipfile.ZipFile, list[dict[str, str]]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8"))))
    return archive, rows


@pytest.fixture
def submitted(world, media):
    topic_a = world.interpol.topics.get()
    topic_b = make_topic(world.interpol, letter="B", title="Money laundering", order=1)
    TopicDeadline.objects.create(topic=topic_a, due_at=T0)
    docx = make_docx("Japan on money laundering")
    with frozen(T0 - dt.timedelta(hours=1)):
        papers.check_submit_text(world.kenya, topic_a, "# Kenya\n\nFirst <words> & more.")
    with frozen(T0 + dt.timedelta(minutes=90)):
        latest = papers.check_submit_text(world.kenya, topic_a, "# Kenya\n\nSecond **version**.")
        papers.check_submit_upload(world.japan, topic_b, upload(docx))
        papers.check_submit_upload(world.japan, topic_a, upload(PDF_BYTES))
    papers.check_score(
        latest.paper, world.interpol_chair, {str(c.pk): "10" for c in papers.rubric(world.interpol)}
    )
    unodc_topic = make_topic(world.unodc, letter="A", title="Drugs")
    papers.check_submit_text(world.unodc_seats[0], unodc_topic, "Brazil's paper")
    return {"docx": docx}


def test_committee_zip_holds_the_latest_version_of_each_paper(world, submitted):
    archive, rows = _read_zip(
        world.client("interpol_chair").get(f"/committees/{world.interpol.pk}/papers/zip/")
    )
    # One row per paper of this committee, none of the other committee's.
    latest = {
        (v.paper.seat.country, v.paper.topic.letter): v
        for v in PaperVersion.objects.filter(paper__topic__committee=world.interpol).order_by(
            "number"
        )
    }
    assert {(r["country"], r["topic"]) for r in rows} == set(latest)
    assert sorted(archive.namelist()) == sorted([r["file"] for r in rows] + ["index.csv"])
    for row in rows:
        version = latest[(row["country"], row["topic"])]
        assert int(row["version"]) == version.number
        assert row["kind"] == version.kind
        assert row["status"] == version.paper.status
        assert row["late"] == ("yes" if version.is_late else "no")
        assert dt.datetime.fromisoformat(row["submitted_at_utc"]) == version.submitted_at
        data = archive.read(row["file"])
        if version.is_upload:
            with version.file.open("rb") as handle:
                assert data == handle.read()  # as it came, byte for byte
        else:
            html = data.decode("utf-8")
            assert "<strong>version</strong>" in html and "<script" not in html
    kenya_a = next(r for r in rows if r["country"] == "Kenya")
    assert (kenya_a["version"], kenya_a["late"], kenya_a["late_by_minutes"]) == ("2", "yes", "90")
    assert kenya_a["score_mean"] == "50.0" and kenya_a["scorers"] == "1"
    assert kenya_a["file"].endswith("KE-kenya-v2.html")
    japan_b = next(r for r in rows if r["country"] == "Japan" and r["topic"] == "B")
    assert archive.read(japan_b["file"]) == submitted["docx"] and japan_b["words"] == "4"


def test_conference_zip_holds_every_committee(world, submitted):
    archive, rows = _read_zip(
        world.client("organizer").get(f"/conferences/{world.conference.pk}/papers/zip/")
    )
    assert {r["committee"] for r in rows} == {"INTERPOL", "UNODC"}
    assert len(rows) == PaperVersion.objects.values("paper").distinct().count() == 4
    assert any(name.startswith("unodc/") for name in archive.namelist())


def test_an_empty_committee_gives_an_index_with_only_the_header(world, media):
    archive, rows = _read_zip(
        world.client("organizer").get(f"/committees/{world.unodc.pk}/papers/zip/")
    )
    assert rows == [] and archive.namelist() == ["index.csv"]
