"""Minutes rules for drafts and amendments (the events of `committee/live/drafts.py`).

Registered into `exports.journal.RULES` when that module is imported. The draft's code and title
come from its `draft_registered` event, so the minutes need nothing but the journal.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exports.journal import JournalEvent, Reader, _tally, rule

CHOICE = {"yes": "yes", "yes_rights": "yes", "no": "no", "no_rights": "no", "abstain": "abstain"}
AMENDMENT_KINDS = {
    "add": gettext_lazy("add a clause"),
    "delete": gettext_lazy("delete clause %(ref)s"),
    "replace": gettext_lazy("replace clause %(ref)s"),
}


def _code(r: Reader, draft_id: Any) -> str:
    draft = r.drafts.get(draft_id) if draft_id is not None else None
    return str(draft["code"]) if draft else _("draft #%(id)s") % {"id": draft_id}


def _amendment_code(r: Reader, amendment_id: Any) -> str:
    amendment = r.amendments.get(amendment_id)
    return str(amendment["code"]) if amendment else _("amendment #%(id)s") % {"id": amendment_id}


def _change(r: Reader, a: dict[str, Any]) -> str:
    """"Argentina proposes to replace clause 2: “Requests a report”"."""
    what = str(AMENDMENT_KINDS.get(a.get("kind", ""), a.get("kind", ""))) % {
        "ref": a.get("target_ref") or "?"
    }
    words = " ".join(part for part in (a.get("phrase", ""), a.get("text", "")) if part)
    text = _("%(country)s: %(what)s") % {"country": r.country(a.get("seat")), "what": what}
    return f"{text}: “{words}”" if words else text


def _countries(r: Reader, seats: Any) -> str:
    return ", ".join(r.country(s) for s in seats or []) or "—"


@rule("draft_registered")
def _draft_registered(r: Reader, e: JournalEvent) -> None:
    d = e.payload["draft"]
    r.drafts[d["id"]] = d
    text = _("The chair approved the working paper “%(title)s” as draft resolution %(code)s.") % {
        "title": d.get("title", ""),
        "code": d.get("code", ""),
    }
    details = [
        _("Sponsors: %(countries)s") % {"countries": _countries(r, d.get("sponsors"))},
        _("Signatories: %(countries)s") % {"countries": _countries(r, d.get("signatories"))},
    ]
    r.add(e, "document", text, details=details)


@rule("draft_introduced")
def _draft_introduced(r: Reader, e: JournalEvent) -> None:
    code = _code(r, e.payload.get("draft"))
    if e.payload.get("by") == "motion":
        text = _("Draft resolution %(code)s was introduced on a motion.") % {"code": code}
    else:
        text = _("The chair introduced draft resolution %(code)s.") % {"code": code}
    r.add(e, "document", text)


@rule("draft_focused")
def _draft_focused(r: Reader, e: JournalEvent) -> None:
    draft = e.payload.get("draft")
    if draft is None:
        return  # the screen went back to the session: nothing for the record
    code = _code(r, draft)
    if e.payload.get("clause"):
        text = _("The chair showed clause %(clause)s of %(code)s on the screen.") % {
            "clause": e.payload["clause"],
            "code": code,
        }
    else:
        text = _("The chair showed %(code)s on the screen.") % {"code": code}
    r.add(e, "document", text)


@rule("draft_amended")
def _draft_amended(r: Reader, e: JournalEvent) -> None:
    a = e.payload["amendment"]
    r.amendments[a["id"]] = a
    text = _("Friendly amendment %(amendment)s to %(code)s, accepted by every sponsor, was applied without a vote.") % {
        "amendment": a.get("code", ""),
        "code": _code(r, e.payload.get("draft")),
    }
    r.add(e, "document", text, details=[_change(r, a)])


@rule("amendment_registered")
def _amendment_registered(r: Reader, e: JournalEvent) -> None:
    a = e.payload["amendment"]
    r.amendments[a["id"]] = a
    text = _("The chair approved amendment %(amendment)s to %(code)s; it is voted before the draft.") % {
        "amendment": a.get("code", ""),
        "code": _code(r, e.payload.get("draft")),
    }
    r.add(e, "document", text, details=[_change(r, a)])


@rule("amendment_decided")
def _amendment_decided(r: Reader, e: JournalEvent) -> None:
    p = e.payload
    values = {"amendment": _amendment_code(r, p.get("amendment")), "tally": _tally(p.get("result") or {})}
    if p.get("adopted"):
        text = _("Amendment %(amendment)s was adopted (%(tally)s) and merged into the text.") % values
    else:
        text = _("Amendment %(amendment)s was rejected (%(tally)s).") % values
    r.add(e, "vote", text)


@rule("amendment_moot")
def _amendment_moot(r: Reader, e: JournalEvent) -> None:
    text = _("Amendment %(amendment)s was not voted on: an adopted amendment made it moot.") % {
        "amendment": _amendment_code(r, e.payload.get("amendment"))
    }
    r.add(e, "document", text)


@rule("draft_divided")
def _draft_divided(r: Reader, e: JournalEvent) -> None:
    parts = "; ".join("+".join(str(n) for n in part) for part in e.payload.get("parts", []))
    text = _("The question on %(code)s was divided: operative clauses %(parts)s are voted separately.") % {
        "code": _code(r, e.payload.get("draft")),
        "parts": parts,
    }
    r.add(e, "document", text)


@rule("part_decided")
def _part_decided(r: Reader, e: JournalEvent) -> None:
    p = e.payload
    values = {"part": str(p.get("key", "")).removeprefix("part:"), "code": _code(r, p.get("draft"))}
    if p.get("adopted"):
        text = _("Operative clauses %(part)s of %(code)s were kept.") % values
    else:
        text = _("Operative clauses %(part)s of %(code)s were rejected and leave the text.") % values
    r.add(e, "vote", text)


@rule("roll_call_ordered")
def _roll_call_ordered(r: Reader, e: JournalEvent) -> None:
    text = _("A roll-call vote was ordered on %(code)s.") % {"code": _code(r, e.payload.get("draft"))}
    r.add(e, "document", text)


@rule("drafts_reordered")
def _drafts_reordered(r: Reader, e: JournalEvent) -> None:
    codes = ", ".join(_code(r, d) for d in e.payload.get("order", []))
    r.add(e, "document", _("The drafts will be voted in this order: %(codes)s.") % {"codes": codes})


@rule("roll_call_answered")
def _roll_call_answered(r: Reader, e: JournalEvent) -> None:
    """Part of its vote: each answer becomes a ballot in the vote's table."""
    vote = r.vote
    if vote is None or vote.id != e.payload.get("vote"):
        return
    by = _("own device") if e.seat is not None else (e.actor or _("the chair"))
    choice = CHOICE.get(e.payload.get("answer", ""), "")
    seat = int(e.payload["seat"])
    if choice:
        vote.ballots[seat] = (choice, by)
    else:
        vote.ballots.pop(seat, None)  # passed: called again in the second round


@rule("draft_decided")
def _draft_decided(r: Reader, e: JournalEvent) -> None:
    p = e.payload
    draft_code = _code(r, p.get("draft"))
    details = []
    if p.get("adopted"):
        text = _("Draft resolution %(draft)s was adopted as resolution %(code)s.") % {
            "draft": draft_code,
            "code": p.get("code", ""),
        }
        if p.get("removed"):
            details.append(
                _("Operative clauses %(clauses)s were rejected and are not in the resolution.")
                % {"clauses": ", ".join(str(n) for n in p["removed"])}
            )
    elif p.get("reason") == "all_parts_rejected":
        text = _("Draft resolution %(draft)s failed: every operative part was rejected.") % {"draft": draft_code}
    elif p.get("reason") == "no_operative_clause":
        text = _("Draft resolution %(draft)s failed: no operative clause was left after amendments.") % {
            "draft": draft_code
        }
    else:
        text = _("Draft resolution %(draft)s was rejected.") % {"draft": draft_code}
    if p.get("result"):
        details.append(_tally(p["result"]))
    if p.get("lapsed"):
        details.append(
            _("Lapsed, since only one draft may pass on a topic: %(codes)s")
            % {"codes": ", ".join(_code(r, d) for d in p["lapsed"])}
        )
    r.add(e, "vote", text, details=details)
