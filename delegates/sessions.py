"""Binding a browser (HTTP session or websocket scope session) to a seat.

The session stores the seat id and the code version it was joined with. When a chair revokes
or reissues the code, the seat's version moves on and the old binding stops counting.
"""

from __future__ import annotations

from typing import Any

from delegates.models import Seat

SEAT_KEY = "dais_seat_id"
VERSION_KEY = "dais_seat_code_version"


def bind_seat(session: Any, seat: Seat) -> None:
    session[SEAT_KEY] = seat.pk
    session[VERSION_KEY] = seat.code_version


def unbind_seat(session: Any) -> None:
    session.pop(SEAT_KEY, None)
    session.pop(VERSION_KEY, None)


def seat_from_session(session: Any) -> Seat | None:
    """The seat this browser holds, or None. A revoked binding is dropped from the session."""
    if session is None:
        return None
    seat_id = session.get(SEAT_KEY)
    if not seat_id:
        return None
    seat = Seat.objects.select_related("committee").filter(pk=seat_id).first()
    if seat is None or seat.code_version != session.get(VERSION_KEY) or not seat.join_code:
        unbind_seat(session)
        if hasattr(session, "save") and getattr(session, "session_key", None):
            session.save()
        return None
    return seat
