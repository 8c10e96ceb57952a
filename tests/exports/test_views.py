# ruff: noqa: F811
"""The desk's pages and downloads through HTTP, read back; the writes (ratings, rubric) and
their refusals; the export command."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from exports.models import AwardsRubric, ChairRating
from tests.exports.readback import docx, pdf_text
from tests.personas import World, world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_public_downloads_an_adopted_resolution_as_pdf_in_spanish(world: World):
    url = f"/committees/{world.interpol.pk}/resolutions/{world.resolution('adopted').pk}/pdf/?lang=es"
    response = world.client("outsider").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="INTERPOL-RES-1-es.pdf"'
    text = pdf_text(response.content)
    assert "INTERPOL/RES/1" in text and "RESOLUCIÓN APROBADA" in text
    assert "1. Urges member countries to cooperate." in text


def test_a_chair_downloads_a_draft_as_docx_and_bad_formats_are_refused(world: World):
    client = world.client("interpol_chair")
    base = f"/committees/{world.interpol.pk}/resolutions/{world.resolution('draft').pk}/"
    document = docx(client.get(base + "docx/?tracked=1").content)
    assert [p.text for p in document.paragraphs if p.style.name == "Operative Clause"] == [
        "Requests a report."
    ]
    refused = client.get(base + "odt/")
    assert refused.status_code == 400
    assert "Resolutions export as pdf or docx." in refused.content.decode()
    assert client.get(base + "pdf/?lang=fr").status_code == 400


def test_the_csv_download_is_utf8_with_a_header(world: World):
    response = world.client("organizer").get(f"/committees/{world.interpol.pk}/export/votes.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["vote", "sitting", "topic"]
    missing = world.client("organizer").get(f"/committees/{world.interpol.pk}/export/nope.csv")
    assert missing.status_code == 400


def test_a_chair_rates_delegations_privately(world: World):
    client = world.client("interpol_chair")
    url = f"/committees/{world.interpol.pk}/ratings/"
    client.post(url, {f"seat-{world.kenya.pk}": "8", f"seat-{world.japan.pk}": "6"})
    assert dict(ChairRating.objects.values_list("seat__country", "score")) == {"Kenya": 8, "Japan": 6}
    # Out of range, not a number, or a seat of another committee: refused, nothing changes.
    for data in (
        {f"seat-{world.kenya.pk}": "11"},
        {f"seat-{world.kenya.pk}": "eight"},
        {f"seat-{world.kenya.pk}": "3", f"seat-{world.unodc_seats[0].pk}": "5"},
    ):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert dict(ChairRating.objects.values_list("seat__country", "score")) == {"Kenya": 8, "Japan": 6}
    client.post(url, {f"seat-{world.kenya.pk}": ""})
    assert dict(ChairRating.objects.values_list("seat__country", "score")) == {"Japan": 6}
    page = client.get(f"/committees/{world.interpol.pk}/stats/").content.decode()
    assert '<option value="6" selected>' in page


def test_the_organizer_sets_the_rubric_and_the_awards_sheet_ranks(world: World):
    client = world.client("organizer")
    url = f"/committees/{world.interpol.pk}/awards/rubric/"
    client.post(url, {"papers": "0", "speaking": "0", "rating": "100"})
    rubric = AwardsRubric.objects.get(committee=world.interpol)
    assert (rubric.papers_weight, rubric.speaking_weight, rubric.rating_weight) == (0, 0, 100)
    client.post(url, {"papers": "0", "speaking": "0", "rating": "0"})  # all zero: refused
    client.post(url, {"papers": "x", "speaking": "0", "rating": "1"})
    rubric.refresh_from_db()
    assert rubric.rating_weight == 100
    chair = world.client("interpol_chair")
    chair.post(f"/committees/{world.interpol.pk}/ratings/", {f"seat-{world.japan.pk}": "9", f"seat-{world.kenya.pk}": "4"})
    page = client.get(f"/committees/{world.interpol.pk}/awards/").content.decode()
    assert page.index("Japan") < page.index("Kenya")
    assert "<strong>90.0</strong>" in page and "<strong>40.0</strong>" in page


def test_the_dashboard_json_reports_each_committee(world: World):
    data = world.client("organizer").get(f"/conferences/{world.conference.pk}/desk.json").json()
    by_id = {c["id"]: c for c in data["committees"]}
    assert by_id[world.interpol.pk]["phase"] == "idle"
    assert by_id[world.interpol.pk]["adopted"] == 1 and by_id[world.interpol.pk]["drafts"] == 1
    assert by_id[world.unodc.pk]["seats"] == 2
    page = world.client("organizer").get(f"/conferences/{world.conference.pk}/desk/").content.decode()
    assert "desk.js" in page and f'data-committee="{world.interpol.pk}"' in page


def test_the_export_command_writes_files_and_explains_errors(world: World, tmp_path):
    out = io.StringIO()
    call_command("export", committee="interpol", what="resolutions", fmt="docx", out=str(tmp_path), stdout=out, stderr=io.StringIO())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["INTERPOL-DR-A-2.docx", "INTERPOL-RES-1.docx"]
    call_command("export", committee="INTERPOL", what="csv", fmt="csv", out=str(tmp_path / "csv"), stdout=out, stderr=io.StringIO())
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "INTERPOL-attendance.csv", "INTERPOL-speaking-time.csv", "INTERPOL-speeches.csv", "INTERPOL-votes.csv",
    ]
    progress = io.StringIO()
    call_command("export", committee="unodc", what="minutes", fmt="docx", out=str(tmp_path), stdout=out, stderr=progress)
    assert "[##############################] 1/1 UNODC-minutes.docx" in progress.getvalue()
    with pytest.raises(CommandError, match="No committee 'nope'. Known committees: .*INTERPOL"):
        call_command("export", committee="nope", what="csv", fmt="csv", out=str(tmp_path))
    with pytest.raises(CommandError, match="--what minutes exports as pdf or docx, not 'zip'"):
        call_command("export", committee="interpol", what="minutes", fmt="zip", out=str(tmp_path))
    with pytest.raises(CommandError, match="Unknown --what 'slides'"):
        call_command("export", committee="interpol", what="slides", fmt="pdf", out=str(tmp_path))


def test_the_desk_reaches_the_real_papers_and_a_delegate_downloads_only_their_own(world: World, settings, tmp_path):
    import zipfile

    from delegates import papers
    from tests.paper_helpers import PDF_BYTES, upload

    settings.MEDIA_ROOT = tmp_path / "media"
    topic = world.interpol.topics.get()
    version = papers.check_submit_upload(world.kenya, topic, upload(PDF_BYTES, "kenya.pdf"))
    paper = version.paper
    marks = {str(c.pk): str(c.max_points // 2) for c in papers.rubric(world.interpol)}
    papers.check_score(paper, world.interpol_chair, marks)

    organizer = world.client("organizer")
    desk = organizer.get(f"/conferences/{world.conference.pk}/desk/").content.decode()
    assert f'href="/committees/{world.interpol.pk}/papers/"' in desk
    assert f'href="/conferences/{world.conference.pk}/papers/"' in desk
    page = world.client("interpol_chair").get(f"/committees/{world.interpol.pk}/export/").content.decode()
    zip_url = f"/committees/{world.interpol.pk}/papers/zip/"
    assert f'href="{zip_url}"' in page and f'href="/committees/{world.interpol.pk}/export/papers.csv"' in page

    response = world.client("interpol_chair").get(zip_url)
    with zipfile.ZipFile(io.BytesIO(response.getvalue())) as archive:
        index = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8"))))
        assert [(r["country"], r["kind"], r["score_mean"]) for r in index] == [("Kenya", "pdf", "50.0")]
        assert archive.read(index[0]["file"]) == PDF_BYTES
    call_command("export", committee="INTERPOL", what="papers", fmt="zip", out=str(tmp_path / "out"), stdout=io.StringIO(), stderr=io.StringIO())
    with zipfile.ZipFile(tmp_path / "out" / "INTERPOL-position-papers.zip") as archive:
        assert archive.read(index[0]["file"]) == PDF_BYTES

    rows = list(csv.DictReader(io.StringIO(organizer.get(f"/committees/{world.interpol.pk}/export/papers.csv").content.decode("utf-8-sig"))))
    assert [(r["country"], r["status"], r["version"], r["score"], r["max_score"]) for r in rows] == [
        ("Japan", "not_submitted", "", "", ""), ("Kenya", "submitted", "1", "50.0", "100"),
    ]
    awards = organizer.get(f"/committees/{world.interpol.pk}/awards/").content.decode()
    assert "<td>50.0</td>" in awards

    # The delegation reaches its own file from its papers page; another delegation does not.
    kenya = world.client("kenya")
    own = kenya.get(f"/delegate/papers/{topic.pk}/").content.decode()
    assert f'href="/papers/files/{version.pk}/"' in own
    download = kenya.get(f"/papers/files/{version.pk}/")
    assert download.status_code == 200 and download.getvalue() == PDF_BYTES
    assert world.client("japan").get(f"/papers/files/{version.pk}/").status_code == 404
