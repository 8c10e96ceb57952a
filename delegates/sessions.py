"""Moved to `committee.seats` (issue 15). Re-exported for code that still imports it from here."""

from committee.seats import SEAT_KEY, VERSION_KEY, bind_seat, seat_from_session, unbind_seat

__all__ = ["SEAT_KEY", "VERSION_KEY", "bind_seat", "seat_from_session", "unbind_seat"]
