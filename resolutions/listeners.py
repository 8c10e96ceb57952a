"""The live session's decisions about drafts, mirrored onto the papers (same transaction)."""

from __future__ import annotations

from typing import Any

from resolutions.models import Amendment, Paper

PENDING = (Amendment.Status.PROPOSED, Amendment.Status.UNFRIENDLY, Amendment.Status.APPROVED)


def on_live_events(committee: Any, rows: list[Any], state: dict[str, Any]) -> None:
    from resolutions.services import apply_to_clauses

    for row in rows:
        p = row.payload
        if row.kind == "draft_amended":
            paper = Paper.objects.get(pk=p["draft"], committee=committee)
            apply_to_clauses(paper, p["amendment"])
            continue
        if row.kind == "amendment_decided":
            amendment = Amendment.objects.get(pk=p["amendment"])
            amendment.status = Amendment.Status.ADOPTED if p["adopted"] else Amendment.Status.REJECTED
            amendment.save(update_fields=["status"])
            if p["adopted"] and amendment.parent_id is not None:
                Amendment.objects.filter(pk=amendment.parent_id).update(text=amendment.text)
                if amendment.phrase:
                    Amendment.objects.filter(pk=amendment.parent_id).update(phrase=amendment.phrase)
                continue
            if p["adopted"]:
                draft = state["drafts"][str(p["draft"])]
                entry = next(a for a in draft["amendments"] if a["id"] == p["amendment"])
                apply_to_clauses(amendment.paper, entry)
            continue
        if row.kind == "amendment_moot":
            Amendment.objects.filter(pk=p["amendment"]).update(status=Amendment.Status.MOOT)
            continue
        if row.kind != "draft_decided":
            continue
        if p.get("removed"):
            # Rejected divided parts leave the adopted text (top-level clauses, 1-based).
            from resolutions.models import Clause

            tops = list(
                Clause.objects.filter(paper_id=p["draft"], kind="operative", parent=None).order_by("position", "pk")
            )
            for number in p["removed"]:
                if 0 < number <= len(tops):
                    tops[number - 1].delete()
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
        # Amendments still pending on a decided draft (waiting for its sponsors, for supporters,
        # or registered and never voted) will never be voted: they are moot. The registered ones
        # also have their own `amendment_moot` event in the journal.
        Amendment.objects.filter(
            paper_id__in=[p["draft"], *p.get("lapsed", [])],
            paper__committee=committee,
            status__in=PENDING,
        ).update(status=Amendment.Status.MOOT)
