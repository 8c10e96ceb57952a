"""The organizer's desk: downloads, minutes, statistics, awards and the conference dashboard.

Thin: an access_* helper, a service or a pure reader, then a response.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committee.access import access_conference
from committee.models import Conference, DaisMember
from exports import adapters, services
from exports.access import access_exports, access_resolution, require_dais_member
from exports.awards import chair_ratings, paper_score_source, rank, weights_for
from exports.minutes import shown_sittings
from exports.models import ChairRating
from exports.stats import bar_chart_rows, not_spoken_today, seat_stats
from resolutions.models import Paper


def _access(request: HttpRequest, committee_id: int, *, private: bool):
    return access_exports(
        committee_id, user=request.user, seat=getattr(request, "seat", None), private=private
    )


def _language(request: HttpRequest) -> str:
    return services.check_language(request.GET.get("lang") or translation.get_language())


def _send(export: services.ExportFile) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _bad(error: services.ExportError) -> HttpResponse:
    return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")


# ---------------------------------------------------------------------------------------------
# Resolutions (adopted ones are public)


def resolutions_index(request: HttpRequest, committee_id: int) -> HttpResponse:
    access = _access(request, committee_id, private=False)
    committee = access.committee
    rows = adapters.resolutions_of(committee, adopted_only=not access.runs_committee)
    return render(
        request,
        "exports/resolutions.html",
        {"access": access, "committee": committee, "resolutions": rows},
    )


def resolution_download(
    request: HttpRequest, committee_id: int, resolution_id: int, fmt: str
) -> HttpResponse:
    access = _access(request, committee_id, private=False)
    resolution = access_resolution(access, resolution_id)
    try:
        export = services.resolution_file(
            resolution, fmt, language=_language(request), tracked=request.GET.get("tracked") == "1"
        )
    except services.ExportError as error:
        return _bad(error)
    return _send(export)


def committee_bundle(request: HttpRequest, committee_id: int, fmt: str) -> HttpResponse:
    access = _access(request, committee_id, private=False)
    try:
        return _send(services.committee_bundle(access.committee, fmt, language=_language(request)))
    except services.ExportError as error:
        return _bad(error)


def conference_bundle(request: HttpRequest, conference_id: int, fmt: str) -> HttpResponse:
    conference = Conference.objects.filter(pk=conference_id).first()
    if conference is None:
        raise Http404("No such conference.")
    try:
        return _send(services.conference_bundle(conference, fmt, language=_language(request)))
    except services.ExportError as error:
        return _bad(error)


# ---------------------------------------------------------------------------------------------
# Minutes, CSV and the export page (organizers and the committee's chairs)


@login_required
def minutes_page(request: HttpRequest, committee_id: int) -> HttpResponse:
    access = _access(request, committee_id, private=True)
    minutes = adapters.minutes_doc(access.committee, language=translation.get_language())
    return render(
        request,
        "exports/minutes.html",
        {
            "access": access,
            "committee": access.committee,
            "m": minutes,
            "sittings": shown_sittings(minutes),
        },
    )


@login_required
def minutes_download(request: HttpRequest, committee_id: int, fmt: str) -> HttpResponse:
    access = _access(request, committee_id, private=True)
    try:
        return _send(services.minutes_file(access.committee, fmt, language=_language(request)))
    except services.ExportError as error:
        return _bad(error)


@login_required
def csv_download(request: HttpRequest, committee_id: int, name: str) -> HttpResponse:
    access = _access(request, committee_id, private=True)
    try:
        return _send(services.csv_file(access.committee, name))
    except services.ExportError as error:
        return _bad(error)


@login_required
def export_page(request: HttpRequest, committee_id: int) -> HttpResponse:
    access = _access(request, committee_id, private=True)
    committee = access.committee
    return render(
        request,
        "exports/export.html",
        {
            "access": access,
            "committee": committee,
            "resolutions": adapters.resolutions_of(committee, adopted_only=False),
            "csv_names": services.CSV_NAMES,
        },
    )


# ---------------------------------------------------------------------------------------------
# Statistics, ratings and awards


def _stats_context(request: HttpRequest, access) -> dict:
    committee = access.committee
    journal = adapters.committee_journal(committee)
    stats = seat_stats(journal)
    user = request.user
    is_dais = False
    mine = {}
    if user.is_authenticated and DaisMember.objects.filter(committee=committee, user=user).exists():
        is_dais = True
        mine = dict(
            ChairRating.objects.filter(committee=committee, chair=user).values_list(
                "seat_id", "score"
            )
        )
    chart = bar_chart_rows(stats)
    return {
            "access": access,
            "committee": committee,
            "stats": stats,
            "chart": chart,
            "chart_height": len(chart) * 22 + 4,
            "quiet": not_spoken_today(journal, timezone.localdate()),
            "is_dais": is_dais,
            "seats": [(seat, mine.get(seat.pk)) for seat in committee.seats.order_by("country")],
            "scores": range(1, 11),
    }


@login_required
def stats_page(request: HttpRequest, committee_id: int) -> HttpResponse:
    access = _access(request, committee_id, private=True)
    return render(request, "exports/stats.html", _stats_context(request, access))


@login_required
def stats_panel(request: HttpRequest, committee_id: int) -> HttpResponse:
    """The same statistics and rating form as a fragment, loaded into the chair console."""
    access = _access(request, committee_id, private=True)
    return render(request, "exports/_stats_panel.html", _stats_context(request, access))


@login_required
@require_POST
def rate(request: HttpRequest, committee_id: int) -> HttpResponse:
    access = _access(request, committee_id, private=True)
    require_dais_member(access, request.user)
    scores: dict[int, int | None] = {}
    try:
        for key in request.POST:
            if not key.startswith("seat-"):
                continue
            value = request.POST.get(key, "")
            seat_id = int(key.removeprefix("seat-"))
            scores[seat_id] = int(value) if value.strip() else None
        changed = services.do_rate_seats(access.committee, request.user, scores)
    except (ValueError, services.ExportError) as error:
        message = str(error) if isinstance(error, services.ExportError) else _("Ratings go from 1 to 10.")
        messages.error(request, message)
        return redirect("exports_stats", committee_id=committee_id)
    messages.success(request, _("Your ratings were saved (%(n)d changed).") % {"n": changed})
    return redirect("exports_stats", committee_id=committee_id)


@login_required
def awards_page(request: HttpRequest, committee_id: int) -> HttpResponse:
    access = _access(request, committee_id, private=True)
    committee = access.committee
    journal = adapters.committee_journal(committee)
    weights = weights_for(committee)
    rows = rank(
        seat_stats(journal), paper_score_source()(committee), chair_ratings(committee), weights
    )
    return render(
        request,
        "exports/awards.html",
        {"access": access, "committee": committee, "rows": rows, "weights": weights},
    )


@login_required
@require_POST
def set_rubric(request: HttpRequest, committee_id: int) -> HttpResponse:
    access = _access(request, committee_id, private=True)
    if access.role != "organizer":
        return HttpResponse(status=403)
    try:
        services.do_set_rubric(
            access.committee,
            papers=int(request.POST.get("papers", "")),
            speaking=int(request.POST.get("speaking", "")),
            rating=int(request.POST.get("rating", "")),
        )
    except (ValueError, services.ExportError) as error:
        message = str(error) if isinstance(error, services.ExportError) else _("Weights are whole numbers.")
        messages.error(request, message)
    else:
        messages.success(request, _("The rubric was saved."))
    return redirect("exports_awards", committee_id=committee_id)


# ---------------------------------------------------------------------------------------------
# The organizer's dashboard


def committee_summary(committee) -> dict:
    state = committee.live_state or {}
    attendance = state.get("attendance", {})
    present = sum(1 for mark in attendance.values() if mark in ("present", "present_and_voting"))
    statuses = dict.fromkeys(Paper.Status.values, 0)
    for status in Paper.objects.filter(committee=committee).values_list("status", flat=True):
        statuses[status] += 1
    from delegates.models import PositionPaper

    papers = PositionPaper.objects.filter(
        seat__committee=committee, status__in=("submitted", "accepted", "changes_requested")
    ).count()
    return {
        "id": committee.pk,
        "phase": state.get("phase", "idle"),
        "sitting": state.get("sitting", 0),
        "topic": state.get("topic") or "",
        "present": present,
        "seats": committee.seats.count(),
        "seq": committee.event_seq,
        "papers": papers,
        "working_papers": statuses["working_paper"],
        "drafts": statuses["draft"],
        "rejected": statuses["rejected"] + statuses["lapsed"],
        "adopted": statuses["adopted"],
    }


@login_required
def desk(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = access_conference(conference_id, user=request.user)
    committees = list(conference.committees.order_by("name"))
    return render(
        request,
        "exports/desk.html",
        {
            "conference": conference,
            "rows": [(c, committee_summary(c)) for c in committees],
        },
    )


@login_required
def desk_json(request: HttpRequest, conference_id: int) -> JsonResponse:
    """Polled by the dashboard every few seconds: one small read per committee."""
    conference = access_conference(conference_id, user=request.user)
    return JsonResponse(
        {"committees": [committee_summary(c) for c in conference.committees.order_by("name")]}
    )
