"""DOCX with python-docx: real Word styles and real list numbering, so the file stays editable.

- Paragraph styles: "Resolution Heading", "Resolution Meta", "Body Name", "Preambular Clause",
  "Operative Clause", "Operative Sub-clause", "Operative Sub-sub-clause", "Vote Result";
  character styles "Preambular Phrase" (italic) and "Operative Phrase" (italic, underlined).
- Numbering: one abstractNum in numbering.xml with three levels, "1." / "a)" / "i."; operative
  clauses are level 0 and sub-clauses levels 1 and 2, so Word renumbers them when a clause is
  added or deleted.
- A draft's amendments can be shown as Word tracked changes (w:ins / w:del), which the reader
  accepts or rejects in Word.
- Page numbers are PAGE / NUMPAGES fields in the footer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from exports.documents import MinutesDoc, ResolutionDoc, scrub
from exports.formatting import long_date
from exports.minutes import shown_sittings
from exports.views_model import shown

NUM_FORMATS = (("decimal", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "%3."))
TRACK_AUTHOR = "Dais"


# ---------------------------------------------------------------------------------------------
# Styles and numbering


def _style(doc, name: str, kind=WD_STYLE_TYPE.PARAGRAPH, base: str | None = "Normal"):
    styles = doc.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, kind)
        if base and kind == WD_STYLE_TYPE.PARAGRAPH:
            style.base_style = styles[base]
        return style


def _add_numbering(doc) -> int:
    """Add the clause numbering (abstractNum + num) to numbering.xml; return the numId."""
    numbering = doc.part.numbering_part.element
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id = max(abstract_ids, default=0) + 1
    num_id = max(num_ids, default=0) + 1

    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    multi = OxmlElement("w:multiLevelType")
    multi.set(qn("w:val"), "multilevel")
    abstract.append(multi)
    name = OxmlElement("w:name")
    name.set(qn("w:val"), "Operative clauses")
    abstract.append(name)
    for level, (fmt, text) in enumerate(NUM_FORMATS):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text), ("w:lvlJc", "left")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), value)
            lvl.append(el)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        left = 567 * (level + 1) + (283 * level)
        ind.set(qn("w:left"), str(left))
        ind.set(qn("w:hanging"), "567")
        ppr.append(ind)
        lvl.append(ppr)
        abstract.append(lvl)
    # abstractNum elements must come before num elements.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(abstract_id))
    num.append(ref)
    numbering.append(num)
    return num_id


def _number(paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    numpr.append(ilvl)
    numpr.append(nid)
    ppr.append(numpr)


def _setup_styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    heading = _style(doc, "Resolution Heading")
    heading.font.bold = True
    heading.font.size = Pt(14)
    heading.paragraph_format.space_after = Pt(6)
    meta = _style(doc, "Resolution Meta")
    meta.font.size = Pt(10)
    meta.paragraph_format.space_after = Pt(0)
    body = _style(doc, "Body Name")
    body.paragraph_format.space_before = Pt(12)
    body.paragraph_format.space_after = Pt(6)
    pre = _style(doc, "Preambular Clause")
    pre.paragraph_format.first_line_indent = Mm(12)
    pre.paragraph_format.space_after = Pt(6)
    for name in ("Operative Clause", "Operative Sub-clause", "Operative Sub-sub-clause"):
        _style(doc, name).paragraph_format.space_after = Pt(4)
    vote = _style(doc, "Vote Result")
    vote.font.size = Pt(10)
    vote.paragraph_format.space_before = Pt(12)
    phrase = _style(doc, "Preambular Phrase", WD_STYLE_TYPE.CHARACTER, None)
    phrase.font.italic = True
    op_phrase = _style(doc, "Operative Phrase", WD_STYLE_TYPE.CHARACTER, None)
    op_phrase.font.italic = True
    op_phrase.font.underline = True
    entry = _style(doc, "Minutes Entry")
    entry.font.size = Pt(10)
    entry.paragraph_format.space_after = Pt(2)
    entry.paragraph_format.left_indent = Mm(14)
    entry.paragraph_format.first_line_indent = Mm(-14)
    detail = _style(doc, "Minutes Detail")
    detail.font.size = Pt(9)
    detail.paragraph_format.left_indent = Mm(14)
    detail.paragraph_format.space_after = Pt(2)


def _field(paragraph, instruction: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _page_footer(doc, header_text: str) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(24)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(_("Page") + " ")
    _field(footer, "PAGE")
    footer.add_run(" " + _("of") + " ")
    _field(footer, "NUMPAGES")
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.add_run(header_text).font.size = Pt(9)


def _new_document(header_text: str):
    doc = Document()
    _setup_styles(doc)
    _page_footer(doc, header_text)
    return doc


def _bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Tracked changes


_revision = iter(range(1, 10**9))


def _track(paragraph, mark: str) -> None:
    """Wrap the paragraph's runs in w:ins or w:del and mark its paragraph mark the same way."""
    if not mark:
        return
    tag = "w:ins" if mark == "ins" else "w:del"
    wrapper = OxmlElement(tag)
    wrapper.set(qn("w:id"), str(next(_revision)))
    wrapper.set(qn("w:author"), TRACK_AUTHOR)
    runs = paragraph._p.findall(qn("w:r"))
    for run in runs:
        if mark == "del":
            for t in run.findall(qn("w:t")):
                t.tag = qn("w:delText")
        wrapper.append(run)
    paragraph._p.append(wrapper)
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    flag = OxmlElement(tag)
    flag.set(qn("w:id"), str(next(_revision)))
    flag.set(qn("w:author"), TRACK_AUTHOR)
    rpr.append(flag)


# ---------------------------------------------------------------------------------------------
# Resolutions


def _write_resolution(doc, resolution: ResolutionDoc, *, tracked: bool, num_id: int) -> None:
    r = shown(resolution, tracked=tracked)
    d = r.doc
    doc.add_paragraph(f"{d.code}", style="Resolution Heading")
    doc.add_paragraph(f"{r.status_label} · {r.date}", style="Resolution Meta")
    for label, value in (
        (_("Conference"), d.conference),
        (_("Committee"), d.committee),
        (_("Topic"), d.topic),
        (_("Sponsors"), ", ".join(d.sponsors) or "—"),
        (_("Signatories"), ", ".join(d.signatories) or "—"),
    ):
        if value:
            p = doc.add_paragraph(style="Resolution Meta")
            p.add_run(f"{label}: ").bold = True
            p.add_run(value)
    if d.title:
        doc.add_paragraph(d.title, style="Resolution Heading")
    doc.add_paragraph(f"{d.body},", style="Body Name")
    for phrase, text in r.preambular:
        p = doc.add_paragraph(style="Preambular Clause")
        p.add_run(phrase, style="Preambular Phrase")
        p.add_run(" " + text)
    for op in r.operative:
        p = doc.add_paragraph(style="Operative Clause")
        _number(p, num_id, 0)
        p.add_run(op.row.clause.phrase, style="Operative Phrase")
        p.add_run(" " + op.text)
        if op.amendment_note:
            note = p.add_run(f"  [{op.amendment_note}]")
            note.font.size = Pt(8)
            note.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        _track(p, op.row.mark)
        for sub in op.subs:
            style = "Operative Sub-clause" if sub.depth == 1 else "Operative Sub-sub-clause"
            sp = doc.add_paragraph(style=style)
            _number(sp, num_id, sub.depth)
            if sub.clause.phrase:
                sp.add_run(sub.clause.phrase, style="Preambular Phrase")
                sp.add_run(" ")
            sp.add_run(sub.text)
            _track(sp, op.row.mark)
    if r.vote_sentence:
        doc.add_paragraph(r.vote_sentence, style="Vote Result")
    for label, countries in r.roll_call:
        p = doc.add_paragraph(style="Vote Result")
        p.paragraph_format.space_before = Pt(2)
        p.add_run(f"{label}: ").bold = True
        p.add_run(", ".join(countries))


def resolution_docx(resolution: ResolutionDoc, *, tracked: bool = False) -> bytes:
    resolution = scrub(resolution)
    with translation.override(resolution.language):
        doc = _new_document(f"{resolution.code} · {long_date(resolution.date)}")
        num_id = _add_numbering(doc)
        _write_resolution(doc, resolution, tracked=tracked, num_id=num_id)
        return _bytes(doc)


def resolutions_docx(docs: Sequence[ResolutionDoc], *, language: str, title: str) -> bytes:
    """Several resolutions in one DOCX, each on its own page with its own numbering."""
    docs = scrub(list(docs))
    with translation.override(language):
        doc = _new_document(scrub(title))
        for i, resolution in enumerate(docs):
            if i:
                doc.add_page_break()
            _write_resolution(doc, resolution, tracked=False, num_id=_add_numbering(doc))
        return _bytes(doc)


# ---------------------------------------------------------------------------------------------
# Minutes


def minutes_docx(m: MinutesDoc) -> bytes:
    m = scrub(m)
    with translation.override(m.language):
        doc = _new_document(f"{m.committee} · {_('Minutes of proceedings')}")
        doc.add_heading(_("Minutes of proceedings"), level=0)
        doc.add_paragraph(f"{m.body} · {m.conference}")
        for sitting in shown_sittings(m):
            doc.add_heading(sitting.heading, level=1)
            for rc in sitting.roll_calls:
                doc.add_heading(rc.heading, level=3)
                doc.add_paragraph(rc.summary)
                # Two delegations per row keeps a 45-seat roll call on one page.
                table = doc.add_table(rows=1, cols=4)
                table.style = "Table Grid"
                for cell, label in zip(
                    table.rows[0].cells,
                    (_("Delegation"), _("Attendance")) * 2,
                    strict=True,
                ):
                    cell.text = label
                half = (len(rc.rows) + 1) // 2
                for left, right in zip(rc.rows[:half], [*rc.rows[half:], ("", "")], strict=False):
                    cells = table.add_row().cells
                    cells[0].text, cells[1].text = left
                    cells[2].text, cells[3].text = right
            for section in sitting.sections:
                if section.topic:
                    doc.add_heading(section.topic, level=2)
                for shown_entry in section.entries:
                    e = shown_entry.e
                    p = doc.add_paragraph(style="Minutes Entry")
                    p.add_run(e.at.strftime("%H:%M") + "\t")
                    run = p.add_run(e.text)
                    if e.category == "correction":
                        run.italic = True
                    if e.corrected_by:
                        p.add_run(
                            " (" + _("corrected by entry %(seq)s") % {"seq": e.corrected_by} + ")"
                        ).italic = True
                    for detail in [*e.details, *shown_entry.ballots]:
                        doc.add_paragraph(detail, style="Minutes Detail")
        if not m.sittings:
            doc.add_paragraph(_("Nothing has happened in this committee yet."))
        if m.documents:
            doc.add_heading(_("Documents"), level=1)
            for code, title, fate in m.documents:
                doc.add_paragraph(f"{code} · {title} · {fate}", style="List Bullet")
        return _bytes(doc)
