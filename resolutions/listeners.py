"""The live session's decisions about drafts, mirrored onto the papers (same transaction)."""

from __future__ import annotations

from typing import Any

from resolutions.models import Paper


def on_live_events(committee: Any, rows: list[Any], state: dict[str, Any]) -> None:
    for row in rows:
        if row.kind != "draft_decided":
            continue
        p = row.payload
        if p["adopted"]:
            Paper.objects.filter(pk=p["draft"], committee=committee).update(
                status=Paper.Status.ADOPTED, resolution_number=p["number"]
            )
        else:
            Paper.objects.filter(pk=p["draft"], committee=committee).update(
                status=Paper.Status.REJECTED
            )
        if p.get("lapsed"):
            Paper.objects.filter(pk__in=p["lapsed"], committee=committee).update(
                status=Paper.Status.LAPSED
            )
