"""CSV files from the journal (and, for papers, from plain rows).

Every cell goes through `neutralise()`: a text that starts with =, +, -, @, a tab or a carriage
return is prefixed with an apostrophe, so a spreadsheet shows it as text and never runs it as a
formula (a country or delegate name is user input).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from exports.journal import PRESENT_MARKS, Journal
from exports.stats import seat_stats

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _iso(moment: dt.datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else ""


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise("" if v is None else v) for v in row])
    return out.getvalue()


def attendance_csv(journal: Journal, iso: dict[int, str]) -> str:
    """One row per seat and roll call: what the seat answered (or was marked) at its close."""
    rows = []
    for sitting in journal.sittings:
        for n, rc in enumerate(sitting.roll_calls, start=1):
            for seat in sorted(rc.marks, key=journal.country):
                mark = rc.marks[seat]
                rows.append(
                    (
                        sitting.number,
                        n,
                        _iso(rc.opened_at),
                        _iso(rc.closed_at),
                        journal.country(seat),
                        iso.get(seat, ""),
                        mark,
                        "yes" if mark in PRESENT_MARKS else "no",
                    )
                )
    return to_csv(
        ["sitting", "roll_call", "opened_at", "closed_at", "country", "iso", "mark", "present"], rows
    )


def votes_csv(journal: Journal, iso: dict[int, str]) -> str:
    """One row per vote and eligible seat (choice empty when the chair counted placards)."""
    rows = []
    for vote in journal.votes:
        result = vote.result or {}
        outcome = (
            "cancelled"
            if vote.cancelled
            else "invalid"
            if result and not result.get("valid", True)
            else "passed"
            if result.get("passed")
            else "failed"
            if result
            else "open"
        )
        for seat in sorted(vote.eligible, key=journal.country):
            choice, by = vote.ballots.get(seat, ("", ""))
            rows.append(
                (
                    vote.id,
                    vote.sitting,
                    vote.topic,
                    _iso(vote.opened_at),
                    vote.description,
                    vote.question,
                    result.get("method", ""),
                    result.get("yes", ""),
                    result.get("no", ""),
                    result.get("abstain", ""),
                    outcome,
                    journal.country(seat),
                    iso.get(seat, ""),
                    choice,
                    by,
                )
            )
    return to_csv(
        [
            "vote", "sitting", "topic", "opened_at", "question", "question_kind", "method", "yes",
            "no", "abstain", "result", "country", "iso", "choice", "entered_by",
        ],
        rows,
    )


def speeches_csv(journal: Journal, iso: dict[int, str]) -> str:
    rows = [
        (
            s.sitting,
            s.topic,
            _iso(s.started_at),
            _iso(s.ended_at),
            journal.country(s.seat),
            iso.get(s.seat, ""),
            s.mode,
            s.seconds,
            s.yielded_to,
            journal.country(s.yielded_seat) if s.yielded_seat is not None else "",
        )
        for s in journal.speeches
    ]
    return to_csv(
        [
            "sitting", "topic", "started_at", "ended_at", "country", "iso", "mode", "seconds",
            "yielded_to", "yielded_to_country",
        ],
        rows,
    )


def speaking_time_csv(journal: Journal, iso: dict[int, str]) -> str:
    rows = [
        (
            st.country,
            iso.get(st.seat, ""),
            st.speeches,
            st.seconds,
            st.points,
            st.motions_moved,
            st.motions_passed,
        )
        for st in seat_stats(journal)
    ]
    return to_csv(
        ["country", "iso", "speeches", "seconds", "points", "motions_moved", "motions_passed"], rows
    )


@dataclass(frozen=True)
class PaperRow:
    """A position paper as the CSV lists it (`exports.services.paper_rows` fills these from the
    papers app): its latest version's time, the deadline then, how late, and the dais's mean."""

    country: str
    topic: str
    status: str
    submitted_at: dt.datetime | None = None
    deadline: dt.datetime | None = None
    score: float | None = None
    delegate: str = ""
    late_by: dt.timedelta | None = None
    version: int | None = None
    max_score: int | None = None
    scorers: int = 0

    def _late_by(self) -> dt.timedelta | None:
        """None when there is nothing to compare (no submission or no deadline)."""
        if self.submitted_at is None or self.deadline is None:
            return None
        if self.late_by is not None:
            return self.late_by
        return max(dt.timedelta(0), self.submitted_at - self.deadline)

    @property
    def late(self) -> bool | None:
        late_by = self._late_by()
        return None if late_by is None else late_by > dt.timedelta(0)

    @property
    def late_minutes(self) -> int | None:
        late_by = self._late_by()
        return None if late_by is None else int(late_by.total_seconds() // 60)


def papers_csv(papers: Iterable[PaperRow]) -> str:
    rows = [
        (
            p.country,
            p.delegate,
            p.topic,
            p.status,
            "" if p.version is None else p.version,
            _iso(p.submitted_at),
            _iso(p.deadline),
            "" if p.late is None else ("yes" if p.late else "no"),
            "" if p.late_minutes is None else p.late_minutes,
            "" if p.score is None else p.score,
            "" if p.max_score is None else p.max_score,
            p.scorers,
        )
        for p in papers
    ]
    return to_csv(
        [
            "country", "delegate", "topic", "status", "version", "submitted_at", "deadline",
            "late", "minutes_late", "score", "max_score", "scorers",
        ],
        rows,
    )
