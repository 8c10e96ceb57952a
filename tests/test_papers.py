# ruff: noqa: F811  (the fixtures are imported, then named as test arguments)
"""Position papers: services and views for every step and refusal, persona by persona, with
frozen clocks for versions and lateness. (Who may open which URL: tests/test_permissions.py.)"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from delegates import papers
from delegates.paper_models import PaperScore, PaperVersion, PositionPaper, TopicDeadline
from tests.paper_helpers import PDF_BYTES, T0, frozen, make_docx, media, upload  # noqa: F401
from tests.personas import make_chair, make_topic, world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(world):
    return world.interpol.topics.get()


@pytest.fixture
def topic_b(world):
    return make_topic(world.interpol, letter="B", title="Money laundering", order=1)


def _state(paper_id: int) -> tuple:
    paper = PositionPaper.objects.get(pk=paper_id)
    return (
        paper.status,
        paper.draft,
        paper.version_count,
        paper.comment,
        paper.private_notes,
        paper.published,
        PaperVersion.objects.filter(paper=paper).count(),
        PaperScore.objects.filter(paper=paper).count(),
    )


# --- delegate services ------------------------------------------------------------------------


def test_versions_are_numbered_and_never_overwritten(world, topic):
    with frozen(T0):
        v1 = papers.check_submit_text(world.kenya, topic, "# Kenya\n\nFirst text.")
    with frozen(T0 + dt.timedelta(hours=1)):
        v2 = papers.check_submit_text(world.kenya, topic, "# Kenya\n\nSecond, longer text here.")
    assert (v1.number, v2.number) == (1, 2)
    v1.refresh_from_db()
    assert v1.text == "# Kenya\n\nFirst text." and v1.submitted_at == T0
    assert v2.submitted_at == T0 + dt.timedelta(hours=1)
    assert v2.word_count == 5
    paper = v2.paper
    paper.refresh_from_db()
    assert paper.version_count == 2 and paper.status == "submitted"
    assert list(paper.versions.values_list("number", flat=True)) == [1, 2]


def test_lateness_is_measured_against_the_deadline_of_the_moment(world, topic):
    TopicDeadline.objects.create(topic=topic, due_at=T0)
    with frozen(T0 - dt.timedelta(minutes=1)):
        on_time = papers.check_submit_text(world.kenya, topic, "On time.")
    with frozen(T0 + dt.timedelta(hours=2, minutes=5)):
        late = papers.check_submit_text(world.kenya, topic, "Late.")
    with frozen(T0):
        exactly = papers.check_submit_text(world.japan, topic, "At the deadline.")
    assert on_time.late_by is None and not on_time.is_late
    assert late.late_by == dt.timedelta(hours=2, minutes=5) and late.due_at == T0
    assert exactly.late_by is None
    # Moving the deadline later does not rewrite history.
    TopicDeadline.objects.filter(topic=topic).update(due_at=T0 + dt.timedelta(days=1))
    late.refresh_from_db()
    assert late.is_late


def test_draft_autosave_keeps_text_without_a_version(world, topic):
    paper = papers.check_save_draft(world.kenya, topic, "Half a thought")
    assert paper.draft == "Half a thought" and paper.version_count == 0
    assert paper.status == "draft"


@pytest.mark.parametrize("body", ["", "   \n\t "])
def test_an_empty_submission_is_refused(world, topic, body):
    with pytest.raises(papers.PaperRefused, match="empty"):
        papers.check_submit_text(world.kenya, topic, body)
    assert not PaperVersion.objects.exists()


@pytest.mark.parametrize(
    "body", ["Hi <script>alert(1)</script>", "[x](javascript:alert(1))", "<b onclick=x()>b</b>"]
)
def test_scripted_markdown_is_refused_for_drafts_and_submissions(world, topic, body):
    papers.check_save_draft(world.kenya, topic, "kept")
    with pytest.raises(papers.PaperRefused, match="Not saved"):
        papers.check_submit_text(world.kenya, topic, body)
    with pytest.raises(papers.PaperRefused, match="Not saved"):
        papers.check_save_draft(world.kenya, topic, body)
    paper = PositionPaper.objects.get(seat=world.kenya, topic=topic)
    assert paper.draft == "kept" and paper.version_count == 0


def test_a_topic_of_another_committee_is_refused(world):
    other_topic = make_topic(world.unodc, letter="A", title="Drugs")
    for action in (
        lambda: papers.check_submit_text(world.kenya, other_topic, "Text"),
        lambda: papers.check_save_draft(world.kenya, other_topic, "Text"),
        lambda: papers.check_submit_upload(world.kenya, other_topic, upload(PDF_BYTES)),
    ):
        with pytest.raises(papers.PaperRefused, match="not one of your committee"):
            action()
    assert not PositionPaper.objects.exists()


def test_uploads_are_stored_under_generated_names(world, topic, media):
    version = papers.check_submit_upload(
        world.kenya,
        topic,
        upload(make_docx("Kenya supports", "regional cooperation")),
        name="../../etc/passwd.docx",
    )
    assert version.kind == "docx" and version.word_count == 4
    stored = version.file.name
    assert stored is not None and stored.startswith("papers/") and "passwd" not in stored
    assert (media / stored).read_bytes()[:2] == b"PK"
    assert version.original_name == "../../etc/passwd.docx"
    pdf = papers.check_submit_upload(world.kenya, topic, upload(PDF_BYTES, "x.docx"))
    assert pdf.kind == "pdf" and str(pdf.file.name).endswith(".pdf") and pdf.word_count is None


def test_a_file_of_the_wrong_kind_or_too_big_is_refused(world, topic, media):
    for data, message in (
        (b"<html>not a paper</html>", "not a PDF or a Word"),
        (PDF_BYTES + b"0" * (5 * 1024 * 1024), "5 MB"),
    ):
        with pytest.raises(papers.PaperRefused, match=message):
            papers.check_submit_upload(world.kenya, topic, upload(data, "paper.pdf"))
    with pytest.raises(papers.PaperRefused, match="Choose"):
        papers.check_submit_upload(world.kenya, topic, None)
    assert not PaperVersion.objects.exists()
    assert not media.exists() or not any(media.rglob("*.*"))


def test_an_accepted_paper_cannot_be_submitted_again(world, topic):
    version = papers.check_submit_text(world.kenya, topic, "Text")
    papers.check_review(version.paper, world.interpol_chair, "accept", "")
    with pytest.raises(papers.PaperRefused, match="accepted"):
        papers.check_submit_text(world.kenya, topic, "Another")
    assert PaperVersion.objects.count() == 1


# --- dais services ----------------------------------------------------------------------------


def test_review_flow_request_changes_then_accept(world, topic):
    paper = papers.check_submit_text(world.kenya, topic, "v1").paper
    with pytest.raises(papers.PaperRefused, match="needs a comment"):
        papers.check_review(paper, world.interpol_chair, "request_changes", " ")
    with pytest.raises(papers.PaperRefused, match="accept or request"):
        papers.check_review(paper, world.interpol_chair, "reject", "x")
    paper = papers.check_review(paper, world.interpol_chair, "request_changes", "Add sources.")
    assert paper.status == "changes_requested" and paper.comment == "Add sources."
    papers.check_submit_text(world.kenya, topic, "v2 with sources")
    paper.refresh_from_db()
    assert paper.status == "submitted" and paper.version_count == 2
    paper = papers.check_review(paper, world.interpol_chair, "accept", "Thank you.")
    assert paper.status == "accepted" and paper.reviewed_by == world.interpol_chair


def test_nothing_to_review_or_score_before_a_submission(world, topic):
    paper = papers.check_save_draft(world.kenya, topic, "draft only")
    with pytest.raises(papers.PaperRefused, match="Nothing was submitted"):
        papers.check_review(paper, world.interpol_chair, "accept", "")
    with pytest.raises(papers.PaperRefused, match="Nothing was submitted"):
        papers.check_score(paper, world.interpol_chair, {})
    with pytest.raises(papers.PaperRefused, match="submitted paper"):
        papers.check_publish(paper, True)
    assert _state(paper.pk)[0] == "draft"


def _marks(committee, points):
    return {str(c.pk): str(p) for c, p in zip(papers.rubric(committee), points, strict=True)}


def test_scores_from_several_chairs_give_a_mean(world, topic):
    paper = papers.check_submit_text(world.kenya, topic, "Text").paper
    second = make_chair(world.interpol).user
    papers.check_score(paper, world.interpol_chair, _marks(world.interpol, [20, 15, 10, 5, 0]))
    papers.check_score(paper, second, _marks(world.interpol, [10, 10, 10, 10, 1]))
    # A chair scoring again replaces their own marks only.
    papers.check_score(paper, world.interpol_chair, _marks(world.interpol, [20, 15, 10, 5, 1]))
    scores = list(paper.scores.all())
    assert sorted(s.total for s in scores) == [41, 51]
    assert papers.mean_total(scores) == papers.Decimal("46.0")


@pytest.mark.parametrize(
    ("points", "message"),
    [
        ([21, 0, 0, 0, 0], "between 0 and 20"),
        ([-1, 0, 0, 0, 0], "between 0 and 20"),
        (["x", 0, 0, 0, 0], "whole number"),
        (["1.5", 0, 0, 0, 0], "whole number"),
        (["", 0, 0, 0, 0], "Give a mark"),
    ],
)
def test_a_score_outside_the_rubric_is_refused(world, topic, points, message):
    paper = papers.check_submit_text(world.kenya, topic, "Text").paper
    with pytest.raises(papers.PaperRefused, match=message):
        papers.check_score(paper, world.interpol_chair, _marks(world.interpol, points))
    assert not PaperScore.objects.exists()


def test_default_rubric_follows_the_language(world):
    from django.utils import translation

    criteria = papers.rubric(world.interpol)
    assert [c.max_points for c in criteria] == [20] * 5
    with translation.override("es"):
        assert criteria[0].label == "Comprensión del tema"
    assert criteria[0].label == "Understanding of the topic"


def test_rubric_editing_validates_and_changes_nothing_on_refusal(world):
    criteria = papers.rubric(world.interpol)
    rows = [papers.CriterionInput(c.pk, c.label, str(c.max_points)) for c in criteria]
    for bad, message in (
        (
            [papers.CriterionInput(c.pk, c.label, "5", delete=True) for c in criteria],
            "at least one",
        ),
        ([papers.CriterionInput(criteria[0].pk, "Understanding", "0")] + rows[1:], "between 1"),
        ([papers.CriterionInput(criteria[0].pk, "Understanding", "-3")] + rows[1:], "between 1"),
        (
            [papers.CriterionInput(criteria[0].pk, "Understanding", "ten")] + rows[1:],
            "whole number",
        ),
        ([papers.CriterionInput(criteria[0].pk, " ", "10")] + rows[1:], "needs a name"),
    ):
        with pytest.raises(papers.PaperRefused, match=message):
            papers.check_set_rubric(world.interpol, bad)
        assert [(c.pk, c.max_points) for c in papers.rubric(world.interpol)] == [
            (c.pk, c.max_points) for c in criteria
        ]
    result = papers.check_set_rubric(
        world.interpol,
        [papers.CriterionInput(criteria[0].pk, "Understanding of the topic", "30")]
        + [papers.CriterionInput(c.pk, c.label, "5", delete=True) for c in criteria[1:]]
        + [papers.CriterionInput(None, "Oral defence", "10")],
    )
    assert [(c.label, c.max_points) for c in result] == [
        ("Understanding of the topic", 30),
        ("Oral defence", 10),
    ]
    assert result[0].key == "understanding"  # unchanged name: still the translated default


def test_deadlines_are_read_in_the_conference_time_zone(world, topic):
    papers.check_set_time_zone(world.interpol, "America/Mexico_City")
    deadline = papers.check_set_deadline(topic, "2026-03-14T18:00")
    assert deadline is not None
    assert deadline.due_at == dt.datetime(2026, 3, 15, 0, 0, tzinfo=dt.UTC)
    for bad in ("14/03/2026", "2026-13-01 10:00", "tomorrow", "2026-03-14T25:00"):
        with pytest.raises(papers.PaperRefused, match="not a date and time"):
            papers.check_set_deadline(topic, bad)
    assert TopicDeadline.objects.get(topic=topic).due_at == deadline.due_at
    with pytest.raises(papers.PaperRefused, match="not a time zone"):
        papers.check_set_time_zone(world.interpol, "Mars/Olympus")
    assert papers.setup_for(world.interpol).time_zone == "America/Mexico_City"
    assert papers.check_set_deadline(topic, "") is None
    assert not TopicDeadline.objects.exists()


def test_matrix_shows_every_seat_and_topic(world, topic, topic_b):
    with frozen(T0):
        papers.check_submit_text(world.kenya, topic, "one two three")
    topics, rows = papers.paper_matrix(world.interpol)
    assert [t.letter for t in topics] == ["A", "B"]
    by_country = {row.seat.country: row for row in rows}
    assert by_country["Kenya"].missing == 1 and by_country["Japan"].missing == 2
    cell = by_country["Kenya"].cells[0]
    assert cell.submitted and cell.latest is not None
    assert cell.latest.word_count == 3 and cell.status_rank == 2


# --- views: the delegate ----------------------------------------------------------------------


def test_delegate_writes_saves_reloads_and_submits(world, topic):
    kenya = world.client("kenya")
    page = kenya.get(f"/delegate/papers/{topic.pk}/")
    assert page.status_code == 200 and "Save draft" in page.content.decode()
    saved = kenya.post(
        f"/delegate/papers/{topic.pk}/draft/",
        {"body": "# Draft\n\nKenya"},
        HTTP_ACCEPT="application/json",
    )
    assert saved.status_code == 200 and saved.json()["words"] == 2
    reloaded = kenya.get(f"/delegate/papers/{topic.pk}/").content.decode()
    assert "# Draft\n\nKenya</textarea>" in reloaded
    response = kenya.post(
        f"/delegate/papers/{topic.pk}/submit/", {"body": "# Final\n\nKenya"}, follow=True
    )
    assert "Version 1 submitted." in response.content.decode()
    assert PaperVersion.objects.get().text == "# Final\n\nKenya"


def test_preview_is_sanitised_and_counts_words(world):
    response = world.client("kenya").post(
        "/papers/preview/", {"body": "**Hi** there <script>alert(1)</script>"}
    )
    data = json.loads(response.content)
    assert "<strong>Hi</strong>" in data["html"] and "<script" not in data["html"]
    assert data["warning"] and data["words"] >= 2


def test_an_expired_code_keeps_the_text_and_says_why(world, topic):
    from committee import seats as services

    kenya = world.client("kenya")
    services.do_revoke_code(world.kenya)
    json_refusal = kenya.post(
        f"/delegate/papers/{topic.pk}/draft/",
        {"body": "precious words"},
        HTTP_ACCEPT="application/json",
    )
    assert json_refusal.status_code == 403 and "join code" in json_refusal.json()["error"]
    page = kenya.post(f"/delegate/papers/{topic.pk}/submit/", {"body": "precious <words>"})
    assert page.status_code == 403
    html = page.content.decode()
    assert "precious &lt;words&gt;</textarea>" in html and "no longer valid" in html
    assert not PositionPaper.objects.exists()


def test_a_refused_submission_keeps_the_typed_text_in_the_editor(world, topic):
    kenya = world.client("kenya")
    papers.check_save_draft(world.kenya, topic, "older draft")
    response = kenya.post(
        f"/delegate/papers/{topic.pk}/submit/", {"body": "new <script>x</script>"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "new &lt;script&gt;x&lt;/script&gt;</textarea>" in html and "Not saved" in html
    assert PositionPaper.objects.get().draft == "older draft"


def test_delegate_uploads_and_downloads_own_file(world, topic, media):
    kenya = world.client("kenya")
    data = make_docx("Kenya", "on cybercrime")
    response = kenya.post(
        f"/delegate/papers/{topic.pk}/upload/", {"file": upload(data)}, follow=True
    )
    assert "Version 1 submitted." in response.content.decode()
    version = PaperVersion.objects.get()
    download = kenya.get(f"/papers/files/{version.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == data
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    refused = kenya.post(
        f"/delegate/papers/{topic.pk}/upload/",
        {"file": upload(b"plain text", "p.pdf")},
        follow=True,
    )
    assert "not a PDF or a Word" in refused.content.decode()
    assert PaperVersion.objects.count() == 1


def test_another_delegation_never_sees_a_paper_until_published(world, topic, media):
    version = papers.check_submit_upload(world.kenya, topic, upload(PDF_BYTES))
    japan, outsider = world.client("japan"), world.client("outsider")
    published_url = f"/committees/{world.interpol.pk}/papers/published/{version.paper.pk}/"
    assert japan.get(f"/papers/files/{version.pk}/").status_code == 404
    assert outsider.get(published_url).status_code == 404
    assert "Kenya" not in japan.get("/delegate/papers/").content.decode()
    papers.check_publish(version.paper, True)
    assert japan.get(f"/papers/files/{version.pk}/").status_code == 200
    assert outsider.get(published_url).status_code == 200
    assert (
        "Kenya"
        in outsider.get(f"/committees/{world.interpol.pk}/papers/published/").content.decode()
    )


def test_delegate_sees_comment_and_score_only_when_released(world, topic):
    paper = papers.check_submit_text(world.kenya, topic, "Text").paper
    papers.check_score(paper, world.interpol_chair, _marks(world.interpol, [20, 20, 20, 20, 10]))
    papers.check_review(paper, world.interpol_chair, "request_changes", "Cite your sources.")
    papers.check_save_notes(paper, "Weak on policy, do not tell them")
    kenya = world.client("kenya")
    html = kenya.get(f"/delegate/papers/{topic.pk}/").content.decode()
    assert "Cite your sources." in html
    # Not a bare "90": the page carries timestamps and a CSRF token, which hold "90" at random.
    assert "do not tell them" not in html and "90.0" not in html and " of 100" not in html
    papers.do_release_scores(world.interpol)
    html = kenya.get(f"/delegate/papers/{topic.pk}/").content.decode()
    assert "<strong>90.0</strong> of 100" in html
    assert "do not tell them" not in html


def test_deadline_shows_time_left_in_the_delegates_language(world, topic):
    papers.check_set_time_zone(world.interpol, "Europe/Madrid")
    with frozen(T0):
        TopicDeadline.objects.create(topic=topic, due_at=T0 + dt.timedelta(days=2, hours=3))
        kenya = world.client("kenya")
        html = kenya.get(f"/delegate/papers/{topic.pk}/").content.decode()
        assert "2\xa0days, 3\xa0hours left" in html and "Europe/Madrid" in html
        kenya.post("/i18n/setlang/", {"language": "es"})
        html = kenya.get(f"/delegate/papers/{topic.pk}/").content.decode()
        assert "Quedan 2\xa0días, 3\xa0horas" in html


# --- views: the dais ----------------------------------------------------------------------------


def test_chair_reviews_scores_publishes_and_releases(world, topic):
    with frozen(T0):
        papers.check_submit_text(world.kenya, topic, "line one\nline two")
    with frozen(T0 + dt.timedelta(minutes=5)):
        paper = papers.check_submit_text(world.kenya, topic, "line one\nline 2").paper
    chair = world.client("interpol_chair")
    base = f"/committees/{world.interpol.pk}/papers/{paper.pk}"
    detail = chair.get(f"{base}/?a=1&b=2").content.decode()
    assert 'class="diff-changed"' in detail and "line two" in detail and "line 2" in detail
    marks = {f"mark-{k}": v for k, v in _marks(world.interpol, [1, 2, 3, 4, 5]).items()}
    assert chair.post(f"{base}/score/", marks).status_code == 302
    chair.post(f"{base}/decision/", {"decision": "accept", "comment": "Good."})
    chair.post(f"{base}/notes/", {"notes": "solid"})
    chair.post(f"{base}/publish/", {"published": "1"})
    chair.post(f"/committees/{world.interpol.pk}/papers/release/", {"released": "1"})
    paper.refresh_from_db()
    assert (paper.status, paper.comment, paper.private_notes, paper.published) == (
        "accepted",
        "Good.",
        "solid",
        True,
    )
    assert PaperScore.objects.get().total == 15
    assert papers.setup_for(world.interpol).scores_released
    matrix = chair.get(f"/committees/{world.interpol.pk}/papers/").content.decode()
    assert "15.0" in matrix and "Not submitted" in matrix  # Japan stands out


def test_refusals_in_views_show_a_message_and_change_nothing(world, topic):
    paper = papers.check_submit_text(world.kenya, topic, "Text").paper
    before = _state(paper.pk)
    chair = world.client("interpol_chair")
    base = f"/committees/{world.interpol.pk}/papers/{paper.pk}"
    for url, data, message in (
        (f"{base}/decision/", {"decision": "request_changes", "comment": ""}, "needs a comment"),
        (f"{base}/score/", {"mark-0": "5"}, "Give a mark"),
        (
            f"{base}/score/",
            {f"mark-{k}": "99" for k in _marks(world.interpol, [0] * 5)},
            "between 0 and",
        ),
    ):
        response = chair.post(url, data, follow=True)
        assert message in response.content.decode(), url
    assert _state(paper.pk) == before


def test_a_delegate_cannot_review(world, topic):
    paper = papers.check_submit_text(world.kenya, topic, "Text").paper
    before = _state(paper.pk)
    kenya = world.client("kenya")
    base = f"/committees/{world.interpol.pk}/papers/{paper.pk}"
    for url in ("decision/", "score/", "notes/", "publish/"):
        response = kenya.post(base + "/" + url, {"decision": "accept", "published": "1"})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert _state(paper.pk) == before


def test_setup_page_saves_and_refuses_a_malformed_deadline(world, topic):
    chair = world.client("interpol_chair")
    url = f"/committees/{world.interpol.pk}/papers/setup/"
    criteria = papers.rubric(world.interpol)
    data = {"time_zone": "Europe/Madrid", f"deadline-{topic.pk}": "2026-03-14T18:00"}
    data.update({f"criterion-{c.pk}-name": c.label for c in criteria})
    data.update({f"criterion-{c.pk}-points": "10" for c in criteria})
    assert chair.post(url, data).status_code == 302
    assert TopicDeadline.objects.get().due_at == dt.datetime(2026, 3, 14, 17, 0, tzinfo=dt.UTC)
    assert [c.max_points for c in papers.rubric(world.interpol)] == [10] * 5
    bad = dict(
        data, **{f"deadline-{topic.pk}": "14 March", f"criterion-{criteria[0].pk}-points": "50"}
    )
    response = chair.post(url, bad)
    assert response.status_code == 400 and "not a date and time" in response.content.decode()
    assert 'value="14 March"' in response.content.decode()  # the typed value stays
    assert [c.max_points for c in papers.rubric(world.interpol)] == [10] * 5
    assert TopicDeadline.objects.get().due_at == dt.datetime(2026, 3, 14, 17, 0, tzinfo=dt.UTC)
    zero = dict(data, **{f"criterion-{criteria[0].pk}-points": "0"})
    assert "between 1" in chair.post(url, zero).content.decode()


def test_a_submission_always_goes_to_the_seat_of_the_browser(world, topic):
    """There is no seat in the URL or the form: a posted seat id is ignored."""
    kenya = world.client("kenya")
    kenya.post(
        f"/delegate/papers/{topic.pk}/submit/",
        {"body": "Kenya's text", "seat": world.japan.pk, "seat_id": world.japan.pk},
    )
    assert PositionPaper.objects.get().seat == world.kenya
    assert not PositionPaper.objects.filter(seat=world.japan).exists()
