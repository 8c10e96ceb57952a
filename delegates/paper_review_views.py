"""The dais's and organizers' paper pages: the matrix, one paper with its versions side by side,
review / notes / scores / publish, releasing scores, the zip, and the rubric & deadlines page."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committee.access import CHAIR, access_committee, access_conference
from delegates import paper_export, paper_text, papers
from delegates.paper_access import access_paper


def _access(request: HttpRequest, committee_id: int):
    return access_committee(
        committee_id, user=request.user, seat=getattr(request, "seat", None), need=CHAIR
    )


def _matrix_context(committee) -> dict:
    topics, rows = papers.paper_matrix(committee)
    criteria = papers.rubric(committee)
    return {
        "committee": committee,
        "topics": topics,
        "rows": rows,
        "missing": sum(row.missing for row in rows),
        "out_of": papers.rubric_total(criteria),
        "setup": papers.setup_for(committee),
    }


@login_required
def matrix(request: HttpRequest, committee_id: int) -> HttpResponse:
    access = _access(request, committee_id)
    context = _matrix_context(access.committee)
    context["deadlines"] = [(topic, papers.deadline_of(topic)) for topic in context["topics"]]
    return render(request, "delegates/papers/matrix.html", context)


def _pick(versions: list, raw: str | None, default):
    try:
        number = int(raw or "")
    except ValueError:
        return default
    return next((v for v in versions if v.number == number), default)


@login_required
def paper_detail(request: HttpRequest, committee_id: int, paper_id: int) -> HttpResponse:
    access = _access(request, committee_id)
    paper = access_paper(access, paper_id)
    versions = list(paper.versions.order_by("number"))
    latest = versions[-1] if versions else None
    right = _pick(versions, request.GET.get("b"), latest)
    left = _pick(versions, request.GET.get("a"), versions[-2] if len(versions) > 1 else None)
    criteria = papers.rubric(access.committee)
    scores = list(paper.scores.select_related("scorer").order_by("scored_at"))
    mine = next((s for s in scores if s.scorer_id == request.user.pk), None)
    rows = [
        {
            "criterion": c,
            "mine": mine.marks.get(str(c.pk), "") if mine else "",
            "marks": [s.marks.get(str(c.pk), "–") for s in scores],
        }
        for c in criteria
    ]
    return render(
        request,
        "delegates/papers/paper_detail.html",
        {
            "committee": access.committee,
            "paper": paper,
            "versions": versions,
            "latest": latest,
            "left": left,
            "right": right,
            "right_body": paper_text.render_markdown(right.text)
            if right and not right.is_upload
            else "",
            "diff": paper_text.side_by_side(left.text, right.text) if left and right else None,
            "criteria": criteria,
            "score_rows": rows,
            "scores": scores,
            "mean": papers.mean_total(scores),
            "out_of": papers.rubric_total(criteria),
            "setup": papers.setup_for(access.committee),
        },
    )


def _back(paper) -> HttpResponse:
    return redirect("paper_detail", committee_id=paper.topic.committee_id, paper_id=paper.pk)


@login_required
@require_POST
def paper_decision(request: HttpRequest, committee_id: int, paper_id: int) -> HttpResponse:
    paper = access_paper(_access(request, committee_id), paper_id)
    try:
        paper = papers.check_review(
            paper, request.user, request.POST.get("decision", ""), request.POST.get("comment", "")
        )
    except papers.PaperRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("%(country)s, %(topic)s: %(status)s.")
            % {
                "country": paper.seat.country,
                "topic": paper.topic.label,
                "status": paper.get_status_display(),
            },
        )
    return _back(paper)


@login_required
@require_POST
def paper_notes(request: HttpRequest, committee_id: int, paper_id: int) -> HttpResponse:
    paper = access_paper(_access(request, committee_id), paper_id)
    try:
        papers.check_save_notes(paper, request.POST.get("notes", ""))
    except papers.PaperRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Private notes saved."))
    return _back(paper)


@login_required
@require_POST
def paper_score(request: HttpRequest, committee_id: int, paper_id: int) -> HttpResponse:
    paper = access_paper(_access(request, committee_id), paper_id)
    marks = {
        key.removeprefix("mark-"): request.POST.get(key, "")
        for key in request.POST
        if key.startswith("mark-")
    }
    try:
        score = papers.check_score(paper, request.user, marks)
    except papers.PaperRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Your score (%(total)d) was saved.") % {"total": score.total})
    return _back(paper)


@login_required
@require_POST
def paper_publish(request: HttpRequest, committee_id: int, paper_id: int) -> HttpResponse:
    paper = access_paper(_access(request, committee_id), paper_id)
    publish = request.POST.get("published") == "1"
    try:
        papers.check_publish(paper, publish)
    except papers.PaperRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Published to the committee.") if publish else _("No longer published."),
        )
    return _back(paper)


@login_required
@require_POST
def release_scores(request: HttpRequest, committee_id: int) -> HttpResponse:
    access = _access(request, committee_id)
    release = request.POST.get("released") == "1"
    papers.do_release_scores(access.committee, release)
    messages.success(
        request,
        _("Scores released: every delegation now sees its score.")
        if release
        else _("Scores hidden from delegations again."),
    )
    return redirect("papers_matrix", committee_id=committee_id)


def _zip_response(committees, name: str) -> FileResponse:
    response = FileResponse(
        paper_export.write_zip(committees),
        as_attachment=True,
        filename=f"{name}-position-papers-{timezone.now():%Y%m%d-%H%M}.zip",
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def committee_zip(request: HttpRequest, committee_id: int) -> FileResponse:
    access = _access(request, committee_id)
    committee = access.committee
    return _zip_response(
        [committee], slugify(committee.abbreviation or committee.name) or "committee"
    )


@login_required
def conference_papers(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = access_conference(conference_id, user=request.user)
    matrices = [_matrix_context(c) for c in conference.committees.all()]
    return render(
        request,
        "delegates/papers/conference.html",
        {"conference": conference, "matrices": matrices},
    )


@login_required
def conference_zip(request: HttpRequest, conference_id: int) -> FileResponse:
    conference = access_conference(conference_id, user=request.user)
    return _zip_response(
        list(conference.committees.all()), slugify(conference.slug) or "conference"
    )


# --- rubric, time zone and deadlines ---------------------------------------------------------


def _local_input(value: dt.datetime | None, zone) -> str:
    return timezone.localtime(value, zone).strftime("%Y-%m-%dT%H:%M") if value else ""


@login_required
def paper_setup(request: HttpRequest, committee_id: int) -> HttpResponse:
    access = _access(request, committee_id)
    committee = access.committee
    if request.method == "POST":
        error = _save_setup(request, committee)
        if error is None:
            messages.success(request, _("Rubric and deadlines saved."))
            return redirect("paper_setup", committee_id=committee_id)
        messages.error(request, error)
    setup = papers.setup_for(committee)
    criteria = papers.rubric(committee)
    topics = list(committee.topics.all())
    posted = request.POST if request.method == "POST" else None
    return render(
        request,
        "delegates/papers/setup.html",
        {
            "committee": committee,
            "setup": setup,
            "time_zone": posted.get("time_zone", setup.time_zone) if posted else setup.time_zone,
            "criteria": [
                {
                    "pk": c.pk,
                    "name": posted.get(f"criterion-{c.pk}-name", c.label) if posted else c.label,
                    "points": posted.get(f"criterion-{c.pk}-points", c.max_points)
                    if posted
                    else c.max_points,
                }
                for c in criteria
            ],
            "deadlines": [
                {
                    "topic": t,
                    "value": posted.get(f"deadline-{t.pk}", "")
                    if posted
                    else _local_input(papers.deadline_of(t), setup.zone),
                }
                for t in topics
            ],
            "status": 400 if posted else 200,
        },
        status=400 if posted else 200,
    )


def _save_setup(request: HttpRequest, committee) -> str | None:
    """Validate everything first, then save: a refusal changes nothing."""
    from django.db import transaction

    post = request.POST
    setup = papers.setup_for(committee)
    rows = [
        papers.CriterionInput(
            pk=c.pk,
            name=post.get(f"criterion-{c.pk}-name", ""),
            points=post.get(f"criterion-{c.pk}-points", ""),
            delete=post.get(f"criterion-{c.pk}-delete") == "on",
        )
        for c in setup.criteria.all()
    ]
    if post.get("new-name", "").strip() or post.get("new-points", "").strip():
        rows.append(
            papers.CriterionInput(
                pk=None, name=post.get("new-name", ""), points=post.get("new-points", "")
            )
        )
    try:
        with transaction.atomic():
            papers.check_set_time_zone(committee, post.get("time_zone", ""))
            papers.check_set_rubric(committee, rows)
            for topic in committee.topics.all():
                papers.check_set_deadline(topic, post.get(f"deadline-{topic.pk}", ""))
    except papers.PaperRefused as refusal:
        return str(refusal)
    return None
