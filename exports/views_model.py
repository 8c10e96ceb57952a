"""What the renderers show, computed once from the pure documents (shared by PDF and DOCX)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exports.documents import (
    OperativeRow,
    ResolutionDoc,
    SubRow,
    VoteResult,
    operative_rows,
    operative_text,
    preambular_text,
    sub_rows,
)
from exports.formatting import long_date


@dataclass
class ShownOperative:
    row: OperativeRow
    text: str
    subs: list[SubRow]
    amendment_note: str = ""


@dataclass
class ShownResolution:
    doc: ResolutionDoc
    anchor: str
    status_label: str
    date: str
    preambular: list[tuple[str, str]]
    operative: list[ShownOperative]
    vote_sentence: str = ""
    roll_call: list[tuple[str, list[str]]] = field(default_factory=list)
    tracked: bool = False


def status_label(doc: ResolutionDoc) -> str:
    return {
        "adopted": _("Adopted resolution"),
        "rejected": _("Rejected draft resolution"),
    }.get(doc.status, _("Draft resolution"))


def amendment_note(row: OperativeRow) -> str:
    a = row.amendment
    if a is None:
        return ""
    kind = {"add": _("addition"), "delete": _("deletion"), "replace": _("replacement")}[a.kind]
    status = {"adopted": _("adopted"), "pending": _("pending")}.get(a.status, a.status)
    parts = [a.label or _("Amendment"), kind, status]
    if a.friendly:
        parts.append(_("friendly"))
    if a.sponsor:
        parts.append(a.sponsor)
    return " · ".join(str(p) for p in parts)


def vote_sentence(doc: ResolutionDoc) -> str:
    vote: VoteResult | None = doc.vote
    date = long_date(doc.adopted_on)
    if doc.status == "adopted":
        if vote is None:
            return _("Adopted on %(date)s.") % {"date": date} if date else _("Adopted.")
        how = _("by a recorded vote") if vote.method == "roll_call" else _("by a vote")
        tally = _("%(yes)d in favour, %(no)d against, %(abstain)d abstentions") % {
            "yes": vote.yes,
            "no": vote.no,
            "abstain": vote.abstain,
        }
        return _("Adopted on %(date)s %(how)s of %(tally)s.") % {
            "date": date,
            "how": how,
            "tally": tally,
        }
    if doc.status == "rejected" and vote is not None:
        return _("Rejected by a vote of %(yes)d in favour, %(no)d against, %(abstain)d abstentions.") % {
            "yes": vote.yes,
            "no": vote.no,
            "abstain": vote.abstain,
        }
    return ""


def roll_call_groups(vote: VoteResult | None) -> list[tuple[str, list[str]]]:
    if vote is None or not vote.roll_call:
        return []
    labels = [
        ("yes", _("In favour")),
        ("no", _("Against")),
        ("abstain", _("Abstaining")),
        ("absent", _("Absent or not voting")),
    ]
    groups = []
    for choice, label in labels:
        countries = [e.country for e in vote.roll_call if (e.choice or "absent") == choice]
        if countries:
            groups.append((f"{label} ({len(countries)})", countries))
    return groups


def shown(doc: ResolutionDoc, *, tracked: bool = False, anchor: str = "res") -> ShownResolution:
    # A draft may show its amendments tracked; an adopted text always shows them merged.
    tracked = tracked and doc.status != "adopted"
    operative = []
    for row in operative_rows(doc, tracked=tracked):
        operative.append(
            ShownOperative(
                row=row,
                text=operative_text(row.clause, last=row.last),
                subs=sub_rows(row.clause, last=row.last),
                amendment_note=amendment_note(row) if tracked else "",
            )
        )
    return ShownResolution(
        doc=doc,
        anchor=anchor,
        status_label=status_label(doc),
        date=long_date(doc.date),
        preambular=[(c.phrase, preambular_text(c)) for c in doc.preambular],
        operative=operative,
        vote_sentence=vote_sentence(doc),
        roll_call=roll_call_groups(doc.vote),
        tracked=tracked,
    )


def count_label(n: int) -> str:
    return ngettext("%(n)d resolution", "%(n)d resolutions", n) % {"n": n}
