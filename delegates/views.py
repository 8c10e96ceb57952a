"""The delegate's pages: joining with a code, the delegate home, leaving."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from committee import live_views, room
from committee.access import CHAIR, DELEGATE, ORGANIZER, access_committee, committee_role
from committee.seats import bind_seat, unbind_seat
from delegates import services


class JoinForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Join code"),
        max_length=40,
        help_text=gettext_lazy("It is on your seat card, for example K7QM-3XPA-RT9D."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


@never_cache  # ?code= pre-fills a join code
def join(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            try:
                if not request.session.session_key:
                    request.session.save()  # a session key identifies this device
                result = services.check_join(
                    form.cleaned_data["code"],
                    client=_client_address(request),
                    device=request.session.session_key,
                )
            except services.JoinThrottled as refusal:
                form.add_error("code", str(refusal))
                return render(request, "delegates/join.html", _join_context(request, form), status=429)
            except services.JoinRefused as refusal:
                form.add_error("code", str(refusal))
            else:
                request.session.cycle_key()  # a fresh session id for a new identity
                bind_seat(request.session, result.seat)
                messages.success(
                    request,
                    _("Welcome, delegation of %(country)s.") % {"country": result.seat.local_country},
                )
                return redirect("delegate_home")
        return render(request, "delegates/join.html", _join_context(request, form), status=400)
    form = JoinForm(initial={"code": request.GET.get("code", "")})
    return render(request, "delegates/join.html", _join_context(request, form))


def _join_context(request: HttpRequest, form: JoinForm) -> dict:
    """The form, and the address delegates open, with its QR code (the join page may be shown
    on a projector for the room to scan)."""
    url = room.join_url(request)
    return {"form": form, "join_url": url, "join_qr": room.qr_svg(url, title=_("The join page"))}


def delegate_home(request: HttpRequest) -> HttpResponse:
    seat = getattr(request, "seat", None)
    if seat is None:
        return redirect("join")
    if committee_role(seat.committee, request.user, seat) in (ORGANIZER, CHAIR):
        # A chair or organizer who also typed a code stays what they are on this committee
        # (the socket treats them so too): their page is the console, not a 403.
        return redirect("chair_console", committee_id=seat.committee_id)
    access = access_committee(seat.committee_id, user=request.user, seat=seat, need=DELEGATE)
    context = live_views.page_context(access, None, request=request)
    context.update(
        {
            "topics": access.committee.topics.all(),
            "briefings": access.committee.briefings.select_related("topic"),
        }
    )
    return render(request, "delegates/delegate_home.html", context)


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    unbind_seat(request.session)
    messages.info(request, _("You left your seat on this device."))
    return redirect("home")
