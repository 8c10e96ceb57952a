"""The documents Dais exports, as plain dataclasses (no Django, no database).

Renderers (`exports.render_pdf`, `exports.render_docx`) only ever read these. Adapters build them:
`exports.adapters.resolution_doc()` from today's `committee.models.Resolution`; the resolutions
app (issue 11) adds its own adapter at merge and the renderers stay as they are.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Literal

Status = Literal["adopted", "draft", "rejected"]
Choice = Literal["yes", "no", "abstain", "absent", ""]
AmendmentKind = Literal["add", "delete", "replace"]
AmendmentStatus = Literal["adopted", "pending", "rejected", "withdrawn"]


@dataclass(frozen=True)
class PreambularClause:
    phrase: str  # "Recalling", shown in italics
    text: str  # the rest of the clause; the renderer adds the closing comma


@dataclass(frozen=True)
class SubClause:
    text: str  # a), b) ... ; nested ones are i., ii. ...
    phrase: str = ""
    subclauses: tuple[SubClause, ...] = ()


@dataclass(frozen=True)
class OperativeClause:
    phrase: str  # "Urges", emphasised
    text: str
    subclauses: tuple[SubClause, ...] = ()


@dataclass(frozen=True)
class RollCallEntry:
    country: str
    choice: Choice


@dataclass(frozen=True)
class VoteResult:
    yes: int
    no: int
    abstain: int
    method: str = "placard"  # "placard", "device" or "roll_call"
    roll_call: tuple[RollCallEntry, ...] = ()  # per country, in the order called


@dataclass(frozen=True)
class Amendment:
    """A change to the operative clauses. `clause` is the 1-based operative clause it targets
    (for "add": the new clause goes after it; 0 puts it first)."""

    kind: AmendmentKind
    clause: int
    text: str = ""  # the new clause's text, "Phrase rest of the clause" (add and replace)
    phrase: str = ""
    status: AmendmentStatus = "pending"
    friendly: bool = False
    sponsor: str = ""
    label: str = ""  # "A/1", shown beside the tracked change


@dataclass(frozen=True)
class ResolutionDoc:
    code: str  # "INTERPOL/RES/1" or a draft's "INTERPOL/DR/1"
    date: dt.date
    committee: str  # "INTERPOL General Assembly"
    body: str  # "The INTERPOL General Assembly"
    topic: str
    title: str = ""
    conference: str = ""
    sponsors: tuple[str, ...] = ()
    signatories: tuple[str, ...] = ()
    preambular: tuple[PreambularClause, ...] = ()
    operative: tuple[OperativeClause, ...] = ()
    status: Status = "draft"
    adopted_on: dt.date | None = None
    vote: VoteResult | None = None
    amendments: tuple[Amendment, ...] = ()
    language: str = "en"

    @property
    def file_stem(self) -> str:
        """A safe file name from the code: INTERPOL/RES/1 -> INTERPOL-RES-1."""
        stem = "".join(c if c.isalnum() else "-" for c in (self.code or self.title or "resolution"))
        return "-".join(part for part in stem.split("-") if part)[:80] or "resolution"


# ---------------------------------------------------------------------------------------------
# Amendments: merged (adopted documents) or tracked (drafts)


@dataclass(frozen=True)
class OperativeRow:
    """One operative clause as a renderer shows it.

    `number` is its number in the text as amended (None for a clause being deleted).
    `mark` is "" (unchanged), "ins" (added by an amendment) or "del" (deleted by one);
    a replacement is a "del" row followed by an "ins" row.
    """

    clause: OperativeClause
    number: int | None
    mark: str = ""
    amendment: Amendment | None = None
    last: bool = False  # the last clause of the text: it ends with a period


def _new_clause(amendment: Amendment) -> OperativeClause:
    return OperativeClause(phrase=amendment.phrase, text=amendment.text)


def operative_rows(doc: ResolutionDoc, *, tracked: bool) -> list[OperativeRow]:
    """The operative clauses to print.

    Not tracked: adopted amendments are merged into the text, others ignored (what an adopted
    resolution shows). Tracked: adopted and pending amendments appear as insertions and deletions
    beside the original clauses (what a draft shows while it is being amended).
    """
    shown = [a for a in doc.amendments if a.status == "adopted" or (tracked and a.status == "pending")]
    rows: list[tuple[OperativeClause, str, Amendment | None]] = []
    additions: dict[int, list[Amendment]] = {}
    for proposed in shown:
        if proposed.kind == "add":
            additions.setdefault(proposed.clause, []).append(proposed)

    def add_after(index: int) -> None:
        for amendment in additions.get(index, []):
            rows.append((_new_clause(amendment), "ins", amendment))

    add_after(0)
    for index, clause in enumerate(doc.operative, start=1):
        change = next(
            (a for a in shown if a.kind in ("delete", "replace") and a.clause == index), None
        )
        if change is None:
            rows.append((clause, "", None))
        else:
            rows.append((clause, "del", change))
            if change.kind == "replace":
                rows.append((_new_clause(change), "ins", change))
        add_after(index)
    # Additions aimed past the end go last.
    for target in sorted(k for k in additions if k > len(doc.operative)):
        add_after(target)
    if not tracked:
        rows = [(clause, "", None) for clause, mark, _a in rows if mark != "del"]
    result: list[OperativeRow] = []
    number = 0
    for clause, mark, amendment in rows:
        if mark == "del":
            result.append(OperativeRow(clause, None, mark, amendment))
        else:
            number += 1
            result.append(OperativeRow(clause, number, mark, amendment))
    live = [i for i, row in enumerate(result) if row.mark != "del"]
    if live:
        result[live[-1]] = replace(result[live[-1]], last=True)
    return result


# ---------------------------------------------------------------------------------------------
# Punctuation of the UN layout


def _strip_end(text: str) -> str:
    return text.rstrip().rstrip(".,;:").rstrip()


def preambular_text(clause: PreambularClause) -> str:
    """The clause's text after its phrase, ending in a comma."""
    return _strip_end(clause.text) + ","


def operative_text(clause: OperativeClause | SubClause, *, last: bool) -> str:
    """The text after the phrase: ";" between clauses, "." after the last, ":" before sub-clauses."""
    if clause.subclauses:
        return _strip_end(clause.text) + ":"
    return _strip_end(clause.text) + ("." if last else ";")


@dataclass(frozen=True)
class SubRow:
    depth: int  # 1: a), b); 2: i., ii.
    marker: str
    clause: SubClause
    text: str


def _letter(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


def roman(n: int) -> str:
    numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, numeral in numerals:
        while n >= value:
            out += numeral
            n -= value
    return out


def sub_rows(clause: OperativeClause, *, last: bool) -> list[SubRow]:
    """The clause's sub-clauses flattened in reading order, with their markers and punctuation."""
    rows: list[SubRow] = []
    subs = clause.subclauses
    for i, sub in enumerate(subs, start=1):
        sub_last = last and i == len(subs)
        rows.append(SubRow(1, f"{_letter(i)})", sub, operative_text(sub, last=sub_last)))
        for j, subsub in enumerate(sub.subclauses, start=1):
            rows.append(
                SubRow(
                    2,
                    f"{roman(j)}.",
                    subsub,
                    operative_text(subsub, last=sub_last and j == len(sub.subclauses)),
                )
            )
    return rows


# ---------------------------------------------------------------------------------------------
# Minutes of proceedings


@dataclass
class MinutesEntry:
    at: dt.datetime
    seq: int
    category: str  # procedure, attendance, speech, caucus, motion, vote, point, correction, document, other
    text: str
    details: list[str] = field(default_factory=list)
    # The ballots of a vote taken on devices: (country, choice, who entered it).
    table: list[tuple[str, str, str]] = field(default_factory=list)
    corrected_by: int | None = None  # the seq of a later correction of this entry


@dataclass
class MinutesSection:
    topic: str  # "" before the agenda is set
    entries: list[MinutesEntry] = field(default_factory=list)


@dataclass
class RollCallRecord:
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    marks: dict[int, str]  # seat id -> mark at the close (or at the end of the sitting)
    present: int | None = None
    can_debate: bool | None = None
    can_vote: bool | None = None


@dataclass
class MinutesSitting:
    number: int
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None = None
    roll_calls: list[RollCallRecord] = field(default_factory=list)
    sections: list[MinutesSection] = field(default_factory=list)


@dataclass
class MinutesDoc:
    committee: str
    body: str
    conference: str
    seats: dict[int, str]  # seat id -> country
    sittings: list[MinutesSitting]
    documents: list[tuple[str, str, str]] = field(default_factory=list)  # code, title, fate
    language: str = "en"
    generated_at: dt.datetime | None = None


# ---------------------------------------------------------------------------------------------
# Text any user typed, made safe for XML (DOCX) and HTML (PDF)

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def scrub(value):
    """The same document with control characters that XML cannot hold removed from every
    string (a delegate's point may carry anything; Word files must still open)."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: scrub(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(scrub(v) for v in value)
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    return value
