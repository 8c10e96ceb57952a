"""Joining with a code (checked and throttled here; the binding is `committee.seats.bind_seat`;
revoking and reissuing codes are `committee.seats` services)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from committee.models import Committee, Seat
from committee.seats import normalize_join_code

logger = logging.getLogger(__name__)


class JoinRefused(Exception):
    """A join attempt that failed, with a message for the person typing the code."""


class JoinThrottled(JoinRefused):
    pass


@dataclass(frozen=True)
class JoinResult:
    seat: Seat


def _failure_key(address: str) -> str:
    return f"dais:join-failures:{address}"


def wait_seconds(failures: int) -> int:
    """How long an address waits before its next wrong code is checked: nothing up to
    JOIN_CODE_MAX_FAILURES_PER_ADDRESS failures, then 2, 4, 8 ... seconds, at most
    JOIN_CODE_MAX_WAIT_SECONDS."""
    over = failures - settings.JOIN_CODE_MAX_FAILURES_PER_ADDRESS
    if over <= 0:
        return 0
    return min(settings.JOIN_CODE_MAX_WAIT_SECONDS, 2 ** min(over, 30))


def check_join(
    typed_code: str,
    *,
    client: str,
    device: str | None = None,
    committee: Committee | None = None,
    now: float | None = None,
) -> JoinResult:
    """Find the seat a typed code opens. Refuses wrong and revoked codes and, when `committee`
    is given, codes of other committees.

    Throttling (delegates/README.md): wrong codes are counted per client address, whatever the
    browser's cookies (`device` is not used for it). Past JOIN_CODE_MAX_FAILURES_PER_ADDRESS
    failures, the address must wait (exponentially longer, up to JOIN_CODE_MAX_WAIT_SECONDS)
    after each wrong code before a wrong code gets checked again; a right code always works,
    so a room behind one NAT is never locked out by someone guessing from the same address."""
    del device  # kept for callers; the count must not depend on a cookie the guesser drops
    now = time.time() if now is None else now
    key = _failure_key(client)
    failures, last = cache.get(key, (0, 0.0))
    code = normalize_join_code(typed_code)
    seat = (
        Seat.objects.select_related("committee").filter(join_code=code).first() if code else None
    )
    if seat is not None and (committee is None or seat.committee_id == committee.pk):
        return JoinResult(seat=seat)
    wait = wait_seconds(failures) - (now - last)
    if wait > 0:
        # Not counted: waiting out the delay is enough; hammering does not lengthen it.
        seconds = int(wait + 0.999)
        raise JoinThrottled(
            ngettext(
                "Too many wrong codes from this network. Check the code on your seat card and "
                "try again in %(seconds)s second.",
                "Too many wrong codes from this network. Check the code on your seat card and "
                "try again in %(seconds)s seconds.",
                seconds,
            )
            % {"seconds": seconds}
        )
    failures += 1
    cache.set(key, (failures, now), settings.JOIN_CODE_FAILURE_WINDOW_SECONDS)
    if failures == settings.JOIN_CODE_MAX_FAILURES_PER_ADDRESS + 1:
        logger.warning("join codes: address %s passed %s wrong codes", client, failures - 1)
    if committee is not None and seat is not None:
        raise JoinRefused(_("This code belongs to another committee."))
    raise JoinRefused(
        _("That code is not valid. Check it on your seat card; codes that were revoked no longer work.")
    )

