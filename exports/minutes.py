"""The minutes of proceedings as people read them: headings and tables over a `MinutesDoc`
(shared by the PDF, the DOCX and the HTML page)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from exports.documents import MinutesDoc, MinutesEntry
from exports.formatting import clock, long_date
from exports.journal import CHOICE_NAMES, MARK_NAMES, PRESENT_MARKS


@dataclass
class ShownRollCall:
    heading: str
    summary: str
    rows: list[tuple[str, str]]


@dataclass
class ShownEntry:
    e: MinutesEntry
    ballots: list[str]  # "In favour (40): ...", then who entered the ballots
    rows: list[tuple[str, str, str]]  # (country, choice in words, entered by)


@dataclass
class ShownSection:
    topic: str
    entries: list[ShownEntry]


@dataclass
class ShownSitting:
    heading: str
    roll_calls: list[ShownRollCall] = field(default_factory=list)
    sections: list[ShownSection] = field(default_factory=list)


def shown_sittings(m: MinutesDoc) -> list[ShownSitting]:
    out = []
    for sitting in m.sittings:
        if sitting.number == 0:
            heading = _("Before the first sitting")
        else:
            heading = _("Sitting %(n)d") % {"n": sitting.number}
        if sitting.opened_at:
            heading += " · " + long_date(sitting.opened_at.date()) + ", " + clock(sitting.opened_at)
            if sitting.closed_at:
                heading += "–" + clock(sitting.closed_at)
        shown = ShownSitting(heading=heading)
        for n, rc in enumerate(sitting.roll_calls, start=1):
            present = [s for s, mark in rc.marks.items() if mark in PRESENT_MARKS]
            rows = sorted(
                ((m.seats.get(seat, f"#{seat}"), str(MARK_NAMES.get(mark, mark))) for seat, mark in rc.marks.items()),
                key=lambda row: row[0],
            )
            when = clock(rc.opened_at)
            if rc.closed_at:
                when += "–" + clock(rc.closed_at)
            shown.roll_calls.append(
                ShownRollCall(
                    heading=_("Roll call %(n)d (%(when)s)") % {"n": n, "when": when},
                    summary=_("%(present)d of %(total)d delegations present.")
                    % {"present": len(present), "total": len(rc.marks)},
                    rows=rows,
                )
            )
        shown.sections = [
            ShownSection(
                topic=section.topic,
                entries=[
                    ShownEntry(
                        e=entry,
                        ballots=ballot_lines(entry.table),
                        rows=[(c, choice_name(ch), by) for c, ch, by in entry.table],
                    )
                    for entry in section.entries
                ],
            )
            for section in sitting.sections
            if section.entries
        ]
        out.append(shown)
    return out


def ballot_lines(table: list[tuple[str, str, str]]) -> list[str]:
    """A vote's ballots as the UN records them: who voted which way, then who entered them."""
    if not table:
        return []
    lines = []
    labels = [
        ("yes", _("In favour")),
        ("no", _("Against")),
        ("abstain", _("Abstaining")),
        ("", _("Did not vote")),
    ]
    for choice, label in labels:
        countries = [country for country, c, _by in table if c == choice]
        if countries:
            lines.append(f"{label} ({len(countries)}): " + ", ".join(countries) + ".")
    entered: dict[str, int] = {}
    for _country, choice, by in table:
        if choice:
            entered[by] = entered.get(by, 0) + 1
    lines.append(
        _("Ballots entered by: %(who)s.")
        % {"who": "; ".join(f"{by} ({n})" for by, n in sorted(entered.items()))}
    )
    return lines


def choice_name(choice: str) -> str:
    return str(CHOICE_NAMES.get(choice, choice))
