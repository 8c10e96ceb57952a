"""Changes to a committee's rules and to the seats that hold a veto (organizer pages call these).

Each write runs in `transaction.atomic()` holding the committee row lock (the lock every live
command takes), so a change during a live session applies to the next decision, never to one
being counted. Each change is journalled as a `rules_changed` event and its effect on the
audiences' views is broadcast after commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from committee import services
from committee.live.commands import CHAIR, Actor
from committee.models import Committee, Seat
from committee.procedure import BUILTIN_PROFILES, Profile, get_profile


def do_set_rules(
    committee_id: int, *, base: str, overrides: Mapping[str, Any], user_id: int | None
) -> Profile:
    """Store a committee's base profile and overrides. Raises ValueError naming the setting
    ("<setting>: <what is wrong>") and changes nothing when they do not validate."""
    if base not in BUILTIN_PROFILES:
        raise ValueError(f"rule_profile: unknown rule profile {base!r}")
    profile = get_profile(base, overrides)  # validates; ValueError names the setting
    with transaction.atomic():
        committee = Committee.objects.select_for_update().get(pk=committee_id)
        before = services.profile_for(committee)
        if before == profile and committee.rule_profile == base:
            return profile
        old_ctx = services.live_context(committee)
        changes = [
            {"setting": d.setting, "before": d.base, "after": d.value}
            for d in profile.differences(before)
        ]
        committee.rule_profile = base
        committee.rule_overrides = profile.overrides
        committee.save(update_fields=["rule_profile", "rule_overrides"])
        services.journal_change(
            committee,
            [
                {
                    "kind": "rules_changed",
                    "payload": {
                        "profile": base,
                        "previous_profile": before.name,
                        "changes": changes,
                        "overrides": profile.overrides,
                    },
                }
            ],
            Actor(role=CHAIR, user_id=user_id),
            old_ctx,
        )
    return profile


def do_set_vetoes(committee_id: int, veto_seat_ids: Iterable[int], *, user_id: int | None) -> int:
    """Mark exactly these seats of the committee as holding a veto. Returns how many changed.
    Seat ids of other committees raise ValueError (nothing changes)."""
    wanted = set(veto_seat_ids)
    with transaction.atomic():
        committee = Committee.objects.select_for_update().get(pk=committee_id)
        seats = {seat.pk: seat for seat in Seat.objects.filter(committee=committee)}
        if wanted - set(seats):
            raise ValueError("holds_veto: a seat of another committee")
        changed = [seat for pk, seat in seats.items() if seat.holds_veto != (pk in wanted)]
        if not changed:
            return 0
        old_ctx = services.live_context(committee)
        for seat in changed:
            seat.holds_veto = seat.pk in wanted
        Seat.objects.bulk_update(changed, ["holds_veto"])
        services.journal_change(
            committee,
            [
                {
                    "kind": "rules_changed",
                    "payload": {
                        "profile": committee.rule_profile,
                        "changes": [
                            {
                                "setting": "holds_veto",
                                "seat": seat.pk,
                                "country": seat.country,
                                "after": seat.holds_veto,
                            }
                            for seat in sorted(changed, key=lambda s: s.country)
                        ],
                    },
                }
            ],
            Actor(role=CHAIR, user_id=user_id),
            old_ctx,
        )
    return len(changed)


# ---------------------------------------------------------------------------------------------
# Reading: the presidency this month


@dataclass(frozen=True)
class Presidency:
    country: str  # in the active language
    month: dt.date  # the first day of the month it covers
    first_month: dt.date  # where the rotation was counted from


def presidency_of(committee: Committee, today: dt.date | None = None) -> Presidency | None:
    """Which member holds the presidency this month under the committee's rules, or None where
    it does not rotate (`presidency_rotation` "none", which the organizer may set to ignore it).

    The rotation counts months from the conference's first day (else from this month): the first
    voting member in English alphabetical order holds it that month, the next one the month
    after (Security Council PRoP 18). Country names are ordered by their stored English names."""
    profile = services.profile_for(committee)
    if profile.settings.presidency_rotation == "none":
        return None
    today = today or timezone.localdate()
    start = committee.conference.starts_on or today
    first_month, month = start.replace(day=1), today.replace(day=1)
    months = max(0, (month.year - first_month.year) * 12 + month.month - first_month.month)
    members = {
        seat.country: seat for seat in committee.seats.filter(status=Seat.Status.VOTING)
    }
    holder = profile.presidency(members, months_since_start=months)
    if holder is None:
        return None
    return Presidency(
        country=members[holder].local_country, month=month, first_month=first_month
    )
