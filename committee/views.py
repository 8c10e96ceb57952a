"""Committee pages. Thin: an access_* helper, maybe a service, then a response."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from committee import live_views, room, rule_editor, rules_services, seats
from committee.access import (
    CHAIR,
    ORGANIZER,
    PUBLIC,
    access_briefing,
    access_committee,
    access_committee_rules,
    access_conference,
    access_seat,
)
from committee.countries import sorted_by_name
from committee.models import Committee, Conference


def _access(request: HttpRequest, committee_id: int, need: str):
    return access_committee(
        committee_id, user=request.user, seat=getattr(request, "seat", None), need=need
    )


def home(request: HttpRequest) -> HttpResponse:
    conferences = Conference.objects.prefetch_related("committees__topics")
    return render(request, "committee/home.html", {"conferences": conferences})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers that ask for /favicon.ico without reading the page's icon link."""
    return redirect(static("img/favicon.svg"), permanent=True)


@login_required
def after_login(request: HttpRequest) -> HttpResponse:
    """Where logging in lands: the console of the chair's committee; an organizer without a
    committee of their own, the first conference's organizer page; anyone else, the home page."""
    committee = Committee.objects.filter(dais__user=request.user.pk).order_by("pk").first()
    if committee is not None:
        return redirect("chair_console", committee_id=committee.pk)
    conference = Conference.objects.order_by("pk").first()
    if request.user.is_staff and conference is not None:
        return redirect("conference_organize", conference_id=conference.pk)
    return redirect("home")


def committee_home(request: HttpRequest, committee_id: int) -> HttpResponse:
    access = _access(request, committee_id, PUBLIC)
    committee = access.committee
    return render(
        request,
        "committee/committee_home.html",
        {
            "access": access,
            "committee": committee,
            "dais": committee.dais.select_related("user"),
            "topics": committee.topics.all(),
            "briefings": committee.briefings.select_related("topic"),
            "seats": sorted_by_name(committee.seats.all(), lambda seat: seat.local_country),
        },
    )


def briefing_detail(request: HttpRequest, committee_id: int, briefing_id: int) -> HttpResponse:
    access = _access(request, committee_id, PUBLIC)
    briefing = access_briefing(access, briefing_id)
    return render(
        request,
        "committee/briefing_detail.html",
        {"access": access, "committee": access.committee, "briefing": briefing},
    )


@never_cache  # the console can show join codes: no copy in any cache (issue 8, finding 9)
@login_required
def chair_console(request: HttpRequest, committee_id: int) -> HttpResponse:
    access = _access(request, committee_id, CHAIR)
    context = live_views.page_context(access, request.user, request=request)
    context["join_qr"] = room.qr_svg(context["join_url"], title=_("The join page"), scale=4)
    context["presidency"] = rules_services.presidency_of(access.committee)
    return render(request, "committee/chair_console.html", context)


def projector(request: HttpRequest, committee_id: int) -> HttpResponse:
    access = _access(request, committee_id, PUBLIC)
    context = live_views.page_context(access, None, projector=True, request=request)
    return render(request, "committee/projector.html", context)


@never_cache  # join codes: Cache-Control: no-store
@login_required
def seat_cards(request: HttpRequest, committee_id: int) -> HttpResponse:
    access = _access(request, committee_id, CHAIR)
    cards = []
    seats = sorted_by_name(access.committee.seats.all(), lambda seat: seat.local_country)
    for seat in seats:
        qr_svg = ""
        if seat.join_code:
            qr_svg = room.qr_svg(
                room.join_url(request, seat.join_code),
                title=_("Join code for %(country)s") % {"country": seat.local_country},
            )
        cards.append({"seat": seat, "qr_svg": qr_svg})
    join_url = room.join_url(request)
    return render(
        request,
        "committee/seat_cards.html",
        {
            "access": access,
            "committee": access.committee,
            "cards": cards,
            "join_url": join_url,
            "join_qr": room.qr_svg(join_url, title=_("The join page"), scale=4),
        },
    )


@login_required
@require_POST
def seat_revoke(request: HttpRequest, committee_id: int, seat_id: int) -> HttpResponse:
    access = _access(request, committee_id, CHAIR)
    seat = seats.do_revoke_code(access_seat(access, seat_id))
    messages.success(
        request, _("The code of %(country)s was revoked.") % {"country": seat.local_country}
    )
    return redirect("seat_cards", committee_id=committee_id)


@login_required
@require_POST
def seat_reissue(request: HttpRequest, committee_id: int, seat_id: int) -> HttpResponse:
    access = _access(request, committee_id, CHAIR)
    seat = seats.do_reissue_code(access_seat(access, seat_id))
    messages.success(
        request,
        _("%(country)s has a new code: %(code)s")
        % {"country": seat.local_country, "code": seat.join_code},
    )
    return redirect("seat_cards", committee_id=committee_id)


@login_required
def conference_organize(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = access_conference(conference_id, user=request.user)
    committees = conference.committees.prefetch_related("topics", "dais__user", "seats")
    return render(
        request,
        "committee/conference_organize.html",
        {"conference": conference, "committees": committees},
    )


@login_required
def committee_organize(request: HttpRequest, committee_id: int) -> HttpResponse:
    """The organizer page of a committee: its rules and the seats that hold a veto."""
    access = access_committee_rules(committee_id, user=request.user, edit=request.method == "POST")
    return rule_editor.render_page(request, access, can_edit=access.role == ORGANIZER)


@login_required
@require_POST
def committee_vetoes(request: HttpRequest, committee_id: int) -> HttpResponse:
    access = access_committee_rules(committee_id, user=request.user, edit=True)
    try:
        ids = [int(value) for value in request.POST.getlist("holds_veto")]
        changed = rules_services.do_set_vetoes(access.committee.pk, ids, user_id=request.user.pk)
    except ValueError:
        messages.error(request, _("Choose seats of this committee."))
    else:
        messages.success(
            request, _("Seats that hold a veto saved (%(n)d changed).") % {"n": changed}
        )
    return redirect(reverse("committee_organize", args=[committee_id]) + "#seats")
