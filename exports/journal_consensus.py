"""Minutes rules for adoption without a vote (`committee/live/consensus.py`) and for changes of
the rules (`committee/rules_services.py`). Registered into `exports.journal.RULES` on import."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from exports.journal import MOTION_NAMES, JournalEvent, Reader, rule


def _what(r: Reader, proposal: dict[str, Any] | None) -> str:
    if not proposal:
        return _("the question")
    if proposal.get("subject") == "motion" and proposal.get("kind"):
        return _("the motion %(name)s") % {"name": MOTION_NAMES.get(proposal["kind"], proposal["kind"])}
    return f"“{proposal.get('title', '')}”"


@rule("consensus_proposed")
def _consensus_proposed(r: Reader, e: JournalEvent) -> None:
    proposal = e.payload["consensus"]
    r.consensus[proposal["id"]] = proposal
    text = _("The chair proposed to adopt %(what)s without a vote (%(seconds)s seconds for objections).") % {
        "what": _what(r, proposal),
        "seconds": proposal.get("seconds", "?"),
    }
    r.add(e, "vote", text)


@rule("consensus_objected")
def _consensus_objected(r: Reader, e: JournalEvent) -> None:
    text = _("%(country)s objected to adopting %(what)s without a vote; it goes to a vote.") % {
        "country": r.country(e.payload.get("seat")),
        "what": _what(r, r.consensus.get(e.payload.get("consensus", 0))),
    }
    r.add(e, "vote", text)


@rule("consensus_adopted")
def _consensus_adopted(r: Reader, e: JournalEvent) -> None:
    text = _("With no objection, %(what)s was adopted without a vote.") % {
        "what": _what(r, r.consensus.get(e.payload.get("consensus", 0)))
    }
    r.add(e, "vote", text)


@rule("consensus_withdrawn")
def _consensus_withdrawn(r: Reader, e: JournalEvent) -> None:
    text = _("The chair withdrew the proposal to adopt %(what)s without a vote.") % {
        "what": _what(r, r.consensus.get(e.payload.get("consensus", 0)))
    }
    r.add(e, "vote", text)


@rule("rules_changed")
def _rules_changed(r: Reader, e: JournalEvent) -> None:
    p = e.payload
    details = []
    for change in p.get("changes", []):
        if change.get("setting") == "holds_veto":
            details.append(
                (_("%(country)s now holds a veto") if change.get("after") else _("%(country)s no longer holds a veto"))
                % {"country": change.get("country") or r.country(change.get("seat"))}
            )
        else:
            details.append(
                _("%(setting)s: %(before)s → %(after)s")
                % {"setting": change.get("setting"), "before": change.get("before"), "after": change.get("after")}
            )
    text = _("The rules of procedure were changed (profile: %(profile)s).") % {"profile": p.get("profile", "")}
    r.add(e, "procedure", text, details=details)
