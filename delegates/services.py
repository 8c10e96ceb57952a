"""Joining with a code (checked and throttled here; the binding is `committee.seats.bind_seat`).

Revoking and reissuing codes moved to `committee.seats` (issue 15); the names are re-exported
here for code that still imports them from `delegates.services`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from committee.models import Committee, Seat
from committee.seats import (
    CLOSE_REVOKED,
    do_count_voting_members,
    do_reissue_code,
    do_revoke_code,
    normalize_join_code,
)

__all__ = [
    "CLOSE_REVOKED",
    "JoinRefused",
    "JoinResult",
    "JoinThrottled",
    "check_join",
    "do_count_voting_members",
    "do_reissue_code",
    "do_revoke_code",
]


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
