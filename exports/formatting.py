"""Small formatting helpers shared by the renderers (dates, durations) in the active language."""

from __future__ import annotations

import datetime as dt

from django.utils.dates import MONTHS
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def long_date(day: dt.date | None) -> str:
    """"2 December 2026" / "2 de diciembre de 2026" (UN documents put the day first)."""
    if day is None:
        return ""
    month = str(MONTHS[day.month])
    if (get_language() or "en").startswith("es"):
        return f"{day.day} de {month.lower()} de {day.year}"
    return f"{day.day} {month} {day.year}"


def clock(moment: dt.datetime | None) -> str:
    return moment.strftime("%H:%M") if moment else ""


def duration(seconds: int) -> str:
    minutes, rest = divmod(int(seconds), 60)
    if minutes:
        return _("%(min)d min %(sec)02d s") % {"min": minutes, "sec": rest}
    return _("%(sec)d s") % {"sec": rest}
