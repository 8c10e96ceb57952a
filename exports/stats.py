"""Speaking statistics per seat, and who has not spoken yet today (pure, from a `Journal`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from exports.journal import PRESENT_MARKS, Journal


@dataclass
class SeatStats:
    seat: int
    country: str
    speeches: int = 0
    seconds: int = 0
    points: int = 0
    motions_moved: int = 0
    motions_passed: int = 0


PASSED = ("carried", "granted")


def seat_stats(journal: Journal) -> list[SeatStats]:
    """Every seat of the committee, most speaking time first (then by country)."""
    stats = {seat: SeatStats(seat, country) for seat, country in journal.seats.items()}

    def of(seat: int) -> SeatStats:
        return stats.setdefault(seat, SeatStats(seat, journal.country(seat)))

    for speech in journal.speeches:
        row = of(speech.seat)
        row.speeches += 1
        row.seconds += speech.seconds
    for point in journal.points:
        of(point.seat).points += 1
    for motion in journal.motions:
        row = of(motion.seat)
        row.motions_moved += 1
        if motion.outcome in PASSED:
            row.motions_passed += 1
    return sorted(stats.values(), key=lambda s: (-s.seconds, -s.speeches, s.country))


def not_spoken_today(journal: Journal, today: dt.date) -> list[str]:
    """Countries marked present now that have not had the floor today, alphabetically."""
    spoke = {s.seat for s in journal.speeches if s.started_at.date() == today}
    present = [seat for seat, mark in journal.attendance.items() if mark in PRESENT_MARKS]
    return sorted(journal.country(seat) for seat in present if seat not in spoke)


def bar_chart_rows(stats: list[SeatStats], *, limit: int = 60) -> list[dict]:
    """Rows for the server-side SVG chart: label, value, bar width in % of the longest."""
    shown = [s for s in stats if s.seconds or s.speeches][:limit]
    longest = max((s.seconds for s in shown), default=0) or 1
    return [
        {
            "country": s.country,
            "seconds": s.seconds,
            "speeches": s.speeches,
            "width": round(100 * s.seconds / longest, 1),
            "y": i * 22,
        }
        for i, s in enumerate(shown)
    ]
