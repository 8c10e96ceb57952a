"""The minutes of proceedings as people read them: headings and tables over a `MinutesDoc`
(shared by the PDF, the DOCX and the HTML page)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from exports.documents import MinutesDoc, MinutesSection
from exports.formatting import clock, long_date
from exports.journal import MARK_NAMES, PRESENT_MARKS


@dataclass
class ShownRollCall:
    heading: str
    summary: str
    rows: list[tuple[str, str]]


@dataclass
class ShownSitting:
    heading: str
    roll_calls: list[ShownRollCall] = field(default_factory=list)
    sections: list[MinutesSection] = field(default_factory=list)


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
        shown.sections = [s for s in sitting.sections if s.entries]
        out.append(shown)
    return out
