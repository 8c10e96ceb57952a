"""What the live pages (chair console, delegate device, projector) need in their HTML: the
static directory of seats and topics, and the rule profile's vocabulary. The live state itself
arrives over the websocket as a snapshot."""

from __future__ import annotations

from typing import Any

from committee.access import Access
from committee.live.commands import LIVE_MOTIONS, motion_rule
from committee.services import live_context


def page_context(access: Access, user: Any, *, projector: bool = False) -> dict[str, Any]:
    committee = access.committee
    ctx = live_context(committee)
    seats = [
        {
            "id": seat.pk,
            "country": seat.country,
            "iso": seat.iso_code,
            "flag": seat.flag,
            "voting": seat.is_voting,
        }
        for seat in committee.seats.order_by("country")
    ]
    motions = []
    for kind in LIVE_MOTIONS:
        rule = motion_rule(ctx, kind)
        if rule.in_profile:
            motions.append(
                {
                    "kind": kind,
                    "needs_second": rule.needs_second,
                    "threshold": rule.threshold,
                    "question": rule.question,
                }
            )
    directory = {
        "committee": {
            "id": committee.pk,
            "name": committee.name,
            "abbreviation": committee.abbreviation,
            "profile": committee.rule_profile,
        },
        "seats": seats,
        "topics": [
            {"letter": t.letter, "title": t.title} for t in committee.topics.order_by("order")
        ],
        "motions": motions,
        "roll_call_answers": list(ctx.profile.roll_call_answers),
        "yields": sorted(ctx.profile.yields),
        "roll_call_pass": ctx.profile.settings.roll_call_pass,
        "roll_call_rights": ctx.profile.settings.roll_call_rights,
        "default_speaking_seconds": ctx.profile.default_speaking_seconds,
        "closure_drops_item": ctx.profile.closure_drops_item,
        "observers_may_move": ctx.profile.settings.observers_may_move,
        "role": "public" if projector else ("chair" if access.runs_committee else "delegate"),
        "seat": access.seat.pk if access.seat else None,
        "socket": (
            f"/ws/committees/{committee.pk}/projector/"
            if projector
            else f"/ws/committees/{committee.pk}/"
        ),
    }
    return {
        "access": access,
        "committee": committee,
        "directory": directory,
        "seat": access.seat,
        # The Security Council has no general speakers' list: the President calls speakers in
        # the order they ask (PRoP 27); the same list works, under that name.
        "general_speakers_list": ctx.profile.settings.general_speakers_list,
    }
