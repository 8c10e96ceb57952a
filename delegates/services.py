"""Changes to seats: joining with a code, revoking and reissuing codes.

Views and consumers call these; they never change a Seat themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committee import broadcast
from committee.models import Committee
from delegates.joincodes import new_join_code, normalize_join_code
from delegates.models import Seat

# Close code a revoked seat's sockets receive: the page shows "your code was revoked".
CLOSE_REVOKED = 4003


class JoinRefused(Exception):
    """A join attempt that failed, with a message for the person typing the code."""


class JoinThrottled(JoinRefused):
    pass


@dataclass(frozen=True)
class JoinResult:
    seat: Seat


def _failure_key(kind: str, who: str) -> str:
    return f"dais:join-failures:{kind}:{who}"


def _count_failure(key: str) -> None:
    cache.set(key, cache.get(key, 0) + 1, settings.JOIN_CODE_FAILURE_WINDOW_SECONDS)


def check_join(
    typed_code: str,
    *,
    client: str,
    device: str | None = None,
    committee: Committee | None = None,
) -> JoinResult:
    """Find the seat a typed code opens. Refuses wrong and revoked codes and, when `committee`
    is given, codes of other committees.

    Failures are limited per device (the browser session; `client` when no device is given)
    and, much more loosely, per client address: a whole conference room often shares one
    address behind a NAT, and one delegate's typos must not lock the others out."""
    device_key = _failure_key("device", device or client)
    address_key = _failure_key("address", client)
    if (
        cache.get(device_key, 0) >= settings.JOIN_CODE_MAX_FAILURES
        or cache.get(address_key, 0) >= settings.JOIN_CODE_MAX_FAILURES_PER_ADDRESS
    ):
        raise JoinThrottled(
            _("Too many wrong codes from this device. Wait ten minutes or ask the chair.")
        )
    code = normalize_join_code(typed_code)
    seat = (
        Seat.objects.select_related("committee").filter(join_code=code).first() if code else None
    )
    if seat is None or (committee is not None and seat.committee_id != committee.pk):
        _count_failure(device_key)
        _count_failure(address_key)
        if committee is not None and seat is not None:
            raise JoinRefused(_("This code belongs to another committee."))
        raise JoinRefused(
            _("That code is not valid. Check it on your seat card; codes that were revoked no longer work.")
        )
    return JoinResult(seat=seat)


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
