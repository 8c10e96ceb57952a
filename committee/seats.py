"""Seats: join codes, binding a browser to a seat, and the changes to a seat's code.

The seat belongs to the committee's core (issue 15: `committee` imports no other app), so
everything the live session needs about seats lives here; `delegates` builds the joining pages
on top of it.

Join codes are what a delegate types (or scans) to bind a browser to a seat: twelve characters
from a 31-letter alphabet without look-alikes (no 0/O, 1/I/L), about 59 bits; with guessing
throttled to a handful of tries per address (`delegates.services.check_join`), a code cannot be
guessed.

A browser's session (HTTP session or websocket scope session) stores the seat id and the code
version it was joined with. When a chair revokes or reissues the code, the seat's version moves
on and the old binding stops counting.

Views and consumers call the `do_*` functions; they never change a Seat themselves.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from committee import broadcast
from committee.models import Committee, Seat

# --- join codes ------------------------------------------------------------------------------

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUPS = 3
GROUP_LENGTH = 4


def new_join_code() -> str:
    groups = (
        "".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS)
    )
    return "-".join(groups)


def normalize_join_code(typed: str) -> str:
    """Accept what people type: lower case, spaces, missing or extra dashes, O for 0 and so on."""
    cleaned = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    # Look-alikes never occur in real codes, so a code containing them cannot match anything.
    if len(cleaned) != GROUPS * GROUP_LENGTH:
        return ""
    return "-".join(
        cleaned[i : i + GROUP_LENGTH] for i in range(0, GROUPS * GROUP_LENGTH, GROUP_LENGTH)
    )


# --- a browser bound to a seat ---------------------------------------------------------------

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


# --- services: changes to seats ----------------------------------------------------------------

# Close code a revoked seat's sockets receive: the page shows "your code was revoked".
CLOSE_REVOKED = 4003


def _replace_code(seat: Seat, *, reissue: bool) -> Seat:
    with transaction.atomic():
        seat = Seat.objects.select_for_update().get(pk=seat.pk)
        seat.code_version += 1
        seat.code_issued_at = timezone.now() if reissue else None
        for _attempt in range(5):
            seat.join_code = new_join_code() if reissue else ""
            try:
                with transaction.atomic():
                    seat.save(update_fields=["join_code", "code_version", "code_issued_at"])
                break
            except IntegrityError:  # a code collision: astronomically rare, draw again
                continue
        committee_id, seat_id = seat.committee_id, seat.pk
        transaction.on_commit(
            lambda: broadcast.close_seat_sockets(committee_id, seat_id, CLOSE_REVOKED)
        )
    return seat


def do_revoke_code(seat: Seat) -> Seat:
    """The seat gets no code; every browser bound to it is logged out (sockets closed now)."""
    return _replace_code(seat, reissue=False)


def do_reissue_code(seat: Seat) -> Seat:
    """A fresh code; the old one stops working and its browsers are logged out."""
    return _replace_code(seat, reissue=True)


def do_count_voting_members(committee: Committee) -> int:
    """Keep `Committee.voting_members` equal to the committee's voting seats."""
    count = committee.seats.filter(status=Seat.Status.VOTING).count()
    Committee.objects.filter(pk=committee.pk).update(voting_members=count)
    committee.voting_members = count
    return count
