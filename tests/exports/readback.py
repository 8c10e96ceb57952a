"""Reading exports back: PDF text (pypdf), DOCX paragraphs and numbering (python-docx)."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader


def pdf_pages(content: bytes) -> list[str]:
    assert content.startswith(b"%PDF")
    return [" ".join((page.extract_text(extraction_mode="layout") or "").split()) for page in PdfReader(io.BytesIO(content)).pages]


def pdf_text(content: bytes) -> str:
    return "\n".join(pdf_pages(content))


def docx(content: bytes):
    assert content.startswith(b"PK")
    return Document(io.BytesIO(content))


def numbering(paragraph) -> tuple[int, int] | None:
    """(numId, ilvl) of a paragraph's list numbering, or None."""
    numpr = paragraph._p.find(qn("w:pPr") + "/" + qn("w:numPr"))
    if numpr is None:
        return None
    return (
        int(numpr.find(qn("w:numId")).get(qn("w:val"))),
        int(numpr.find(qn("w:ilvl")).get(qn("w:val"))),
    )


def level_formats(document, num_id: int) -> list[tuple[str, str]]:
    """(numFmt, lvlText) of each level of the abstractNum behind `num_id`."""
    root = document.part.numbering_part.element
    num = next(n for n in root.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a for a in root.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id
    )
    return [
        (lvl.find(qn("w:numFmt")).get(qn("w:val")), lvl.find(qn("w:lvlText")).get(qn("w:val")))
        for lvl in abstract.findall(qn("w:lvl"))
    ]


def order_of(text: str, needles: list[str]) -> list[int]:
    positions = [text.find(n) for n in needles]
    assert all(p >= 0 for p in positions), [n for n, p in zip(needles, positions, strict=True) if p < 0]
    assert positions == sorted(positions), "out of order"
    return positions


PAGE = re.compile(r"Page (\d+) of (\d+)")
