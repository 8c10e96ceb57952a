"""The delegate's paper pages (write, autosave, submit, upload, read versions), the public list
of published papers, and file downloads. Thin: access, a service, a response."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committee.access import PUBLIC, access_committee
from committee.models import Topic
from delegates import paper_text, papers
from delegates.paper_access import (
    access_own_topic,
    access_published_paper,
    access_version_file,
)
from delegates.paper_models import PaperVersion, PositionPaper


def _code_gone_message() -> str:
    return _(
        "Your join code is no longer valid (it was revoked or replaced), so this was not saved. "
        "Your text is still here: copy it, ask the chair for the new code, join again and paste it."
    )


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def _not_bound(request: HttpRequest, text: str = "") -> HttpResponse:
    """An expired or missing join code on a write: the text comes back, with the reason."""
    if _wants_json(request):
        return JsonResponse({"error": _code_gone_message(), "code": "seat"}, status=403)
    return render(
        request,
        "delegates/papers/not_saved.html",
        {"text": text, "reason": _code_gone_message()},
        status=403,
    )


def _score_summary(paper: PositionPaper, criteria: list) -> dict[str, Any] | None:
    scores = list(paper.scores.all())
    if not scores:
        return None
    per_criterion = []
    for criterion in criteria:
        marks = [s.marks.get(str(criterion.pk)) for s in scores if str(criterion.pk) in s.marks]
        mean = sum(marks) / len(marks) if marks else None
        per_criterion.append({"criterion": criterion, "mean": mean})
    return {
        "total": papers.mean_total(scores),
        "out_of": papers.rubric_total(criteria),
        "per_criterion": per_criterion,
        "scorers": len(scores),
    }


def my_papers(request: HttpRequest) -> HttpResponse:
    seat = getattr(request, "seat", None)
    if seat is None:
        return redirect("join")
    access = access_committee(seat.committee_id, user=None, seat=seat, need="participant")
    setup = papers.setup_for(access.committee)
    items = []
    for topic in access.committee.topics.all():
        paper = PositionPaper.objects.filter(seat=seat, topic=topic).first()
        due_at = papers.deadline_of(topic)
        items.append(
            {
                "topic": topic,
                "paper": paper,
                "latest": papers.latest_version(paper) if paper else None,
                "due_at": due_at,
                "time_left": papers.time_left(due_at),
            }
        )
    published = PositionPaper.objects.filter(
        topic__committee=access.committee, published=True
    ).select_related("seat", "topic")
    return render(
        request,
        "delegates/papers/my_papers.html",
        {
            "seat": seat,
            "committee": access.committee,
            "setup": setup,
            "items": items,
            "published": published,
            "now": timezone.now(),
        },
    )


def my_paper(request: HttpRequest, topic_id: int) -> HttpResponse:
    seat = getattr(request, "seat", None)
    if seat is None:
        return redirect("join")
    return _editor(request, seat, access_own_topic(seat, topic_id))


def _editor(
    request: HttpRequest, seat, topic: Topic, typed: str | None = None, status: int = 200
) -> HttpResponse:
    """The editor page; `typed` (a refused text) replaces the stored draft in the text box.
    Opening it writes nothing: the paper row is made by the first save."""
    paper = PositionPaper.objects.filter(seat=seat, topic=topic).first() or PositionPaper(
        seat=seat, topic=topic
    )
    setup = papers.setup_for(topic.committee)
    criteria = papers.rubric(topic.committee)
    due_at = papers.deadline_of(topic)
    text = paper.draft if typed is None else typed
    return render(
        request,
        "delegates/papers/editor.html",
        {
            "seat": seat,
            "topic": topic,
            "committee": topic.committee,
            "paper": paper,
            "text": text,
            "setup": setup,
            "versions": list(paper.versions.order_by("-number")) if paper.pk else [],
            "due_at": due_at,
            "time_left": papers.time_left(due_at),
            "now": timezone.now(),
            "preview": paper_text.render_markdown(text),
            "words": paper_text.count_words(text),
            "score": _score_summary(paper, criteria)
            if setup.scores_released and paper.pk
            else None,
            "max_upload_mb": paper_text.MAX_UPLOAD_BYTES // (1024 * 1024),
            "can_submit": paper.status != PositionPaper.Status.ACCEPTED,
        },
        status=status,
    )


@require_POST
def save_draft(request: HttpRequest, topic_id: int) -> HttpResponse:
    seat = getattr(request, "seat", None)
    body = request.POST.get("body", "")
    if seat is None:
        return _not_bound(request, body)
    topic = access_own_topic(seat, topic_id)
    try:
        paper = papers.check_save_draft(seat, topic, body)
    except papers.PaperRefused as refusal:
        if _wants_json(request):
            return JsonResponse({"error": str(refusal)}, status=400)
        return _editor_refusal(request, seat, topic, body, str(refusal))
    if _wants_json(request):
        saved_at = paper.draft_saved_at
        assert saved_at is not None  # check_save_draft has just set it
        return JsonResponse(
            {"saved_at": saved_at.isoformat(), "words": paper_text.count_words(body)}
        )
    messages.success(request, _("Draft saved."))
    return redirect("my_paper", topic_id=topic.pk)


def _editor_refusal(
    request: HttpRequest, seat, topic: Topic, body: str, reason: str
) -> HttpResponse:
    """A refused save or submission: the editor again, with the text as typed and the reason."""
    messages.error(request, reason)
    return _editor(request, seat, topic, typed=body, status=400)


@require_POST
def submit_text(request: HttpRequest, topic_id: int) -> HttpResponse:
    seat = getattr(request, "seat", None)
    body = request.POST.get("body", "")
    if seat is None:
        return _not_bound(request, body)
    topic = access_own_topic(seat, topic_id)
    try:
        version = papers.check_submit_text(seat, topic, body)
    except papers.PaperRefused as refusal:
        return _editor_refusal(request, seat, topic, body, str(refusal))
    _submitted_message(request, version)
    return redirect("my_paper", topic_id=topic.pk)


def _submitted_message(request: HttpRequest, version: PaperVersion) -> None:
    if version.late_by is not None:
        from django.utils.timesince import timesince

        messages.warning(
            request,
            _("Version %(n)d submitted, %(late)s after the deadline: it is marked late.")
            % {
                "n": version.number,
                "late": timesince(version.submitted_at - version.late_by, version.submitted_at),
            },
        )
    else:
        messages.success(request, _("Version %(n)d submitted.") % {"n": version.number})


@require_POST
def submit_upload(request: HttpRequest, topic_id: int) -> HttpResponse:
    seat = getattr(request, "seat", None)
    if seat is None:
        return _not_bound(request)
    topic = access_own_topic(seat, topic_id)
    upload = request.FILES.get("file")
    try:
        version = papers.check_submit_upload(
            seat,
            topic,
            upload,
            name=(upload.name or "") if upload else "",
            size=(upload.size or 0) if upload else 0,
        )
    except papers.PaperRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("my_paper", topic_id=topic.pk)
    _submitted_message(request, version)
    return redirect("my_paper", topic_id=topic.pk)


@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """The rendered (sanitised) Markdown and its word count, for the editor's live preview."""
    if getattr(request, "seat", None) is None and not request.user.is_authenticated:
        return JsonResponse({"error": _code_gone_message(), "code": "seat"}, status=403)
    body = request.POST.get("body", "")[: paper_text.MAX_TEXT_CHARS]
    reason = paper_text.hostile_reason(body)
    return JsonResponse(
        {
            "html": paper_text.render_markdown(body),
            "words": paper_text.count_words(body),
            "warning": reason or "",
        }
    )


def my_version(request: HttpRequest, topic_id: int, number: int) -> HttpResponse:
    seat = getattr(request, "seat", None)
    if seat is None:
        return redirect("join")
    topic = access_own_topic(seat, topic_id)
    paper = get_object_or_404(PositionPaper, seat=seat, topic=topic)
    version = get_object_or_404(PaperVersion, paper=paper, number=number)
    return render(
        request,
        "delegates/papers/version.html",
        {
            "paper": paper,
            "version": version,
            "topic": topic,
            "body": paper_text.render_markdown(version.text) if not version.is_upload else "",
            "back_url": f"/delegate/papers/{topic.pk}/",
        },
    )


def version_file(request: HttpRequest, version_id: int) -> FileResponse:
    version = access_version_file(
        version_id, user=request.user, seat=getattr(request, "seat", None)
    )
    paper = version.paper
    name = (
        f"{paper.seat.iso_code.upper()}-{slugify(paper.seat.country) or 'paper'}-"
        f"{slugify(paper.topic.letter) or 'topic'}-v{version.number}.{version.kind}"
    )
    content_type = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }[version.kind]
    response = FileResponse(
        version.file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def published_papers(request: HttpRequest, committee_id: int) -> HttpResponse:
    access = access_committee(
        committee_id, user=request.user, seat=getattr(request, "seat", None), need=PUBLIC
    )
    items = PositionPaper.objects.filter(
        topic__committee=access.committee, published=True, version_count__gt=0
    ).select_related("seat", "topic")
    return render(
        request,
        "delegates/papers/published.html",
        {"committee": access.committee, "papers": items},
    )


def published_paper(request: HttpRequest, committee_id: int, paper_id: int) -> HttpResponse:
    paper = access_published_paper(committee_id, paper_id)
    version = papers.latest_version(paper)
    if version is None:
        raise Http404("No such published paper.")
    return render(
        request,
        "delegates/papers/version.html",
        {
            "paper": paper,
            "version": version,
            "topic": paper.topic,
            "public": True,
            "body": paper_text.render_markdown(version.text) if not version.is_upload else "",
            "back_url": f"/committees/{committee_id}/papers/published/",
        },
    )
