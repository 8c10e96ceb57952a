"""Minutes rules for explanations of vote (`committee/live/explanations.py`): "Brazil explained
its vote (after the vote on ...) for 1 min 05 s." Registered into `exports.journal.RULES` on
import."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from exports.journal import JournalEvent, Reader, Speech, _start_speech, rule


def _on(r: Reader, p: dict[str, Any]) -> str:
    """ " on “INTERPOL/DR/A/1”" (the draft's code or the question's words) when known."""
    vote = p.get("vote")
    record = next((v for v in reversed(r.journal.votes) if v.id == vote), None) if vote else None
    title = record.code if record is not None else ""
    return " " + _("on “%(title)s”") % {"title": title} if title else ""


@rule("explanation_requested")
def _explanation_requested(r: Reader, e: JournalEvent) -> None:
    p = e.payload
    text = (
        _("%(country)s asked to explain its vote before the vote.")
        if p.get("when") == "before"
        else _("%(country)s asked to explain its vote.")
    ) % {"country": r.country(p.get("seat"))}
    r.add(e, "vote", text)


@rule("explanation_withdrawn")
def _explanation_withdrawn(r: Reader, e: JournalEvent) -> None:
    text = _("%(country)s no longer asks to explain its vote.") % {
        "country": r.country(e.payload.get("seat"))
    }
    r.add(e, "vote", text)


@rule("explanation_started")
def _explanation_started(r: Reader, e: JournalEvent) -> None:
    p = e.payload
    r.end_speech(e.at)
    speech = Speech(
        seq=e.seq,
        sitting=r.sitting_number,
        topic=r.topic,
        seat=int(p["seat"]),
        mode="explanation",
        started_at=e.at,
    )
    _start_speech(r, e, speech)
    entry = r.entries[e.seq]
    before = p.get("when") == "before"
    on = _on(r, p)

    def describe() -> None:
        minutes, seconds = divmod(speech.seconds, 60)
        text = (
            _("%(country)s explained its vote before the vote%(on)s (%(min)d min %(sec)02d s).")
            if before
            else _("%(country)s explained its vote%(on)s (%(min)d min %(sec)02d s).")
        ) % {"country": r.country(speech.seat), "on": on, "min": minutes, "sec": seconds}
        entry.text = text

    r.later(describe)


@rule("explanations_closed")
def _explanations_closed(r: Reader, e: JournalEvent) -> None:
    waiting = e.payload.get("waiting") or []
    text = _("The chair closed the explanations of vote.")
    details = (
        [_("Still waiting: %(countries)s.") % {"countries": ", ".join(r.country(s) for s in waiting)}]
        if waiting
        else []
    )
    r.add(e, "vote", text, details=details)
