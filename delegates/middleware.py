from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from committee.seats import SEAT_KEY, seat_from_session


class SeatMiddleware:
    """Sets `request.seat`: the seat this browser joined with a code, or None."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        had_seat = bool(request.session.get(SEAT_KEY))
        seat = seat_from_session(request.session)
        # Our own attribute (views read it with getattr); HttpRequest's stub declares no such one.
        request.seat = seat  # type: ignore[attr-defined]
        if had_seat and seat is None:
            messages.warning(
                request,
                _("Your join code was revoked or replaced. Ask the chair for the new code."),
            )
        return self.get_response(request)
