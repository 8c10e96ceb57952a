"""Resolutions rendered to PDF and DOCX, read back: codes, clause order and numbering, italics,
merged and tracked amendments, vote results, page numbers, English and Spanish."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from dataclasses import replace

import pytest
from docx.oxml.ns import qn

from exports.render_docx import resolution_docx
from exports.render_pdf import resolution_pdf, resolutions_pdf
from tests.exports.readback import (
    PAGE,
    docx,
    level_formats,
    numbering,
    order_of,
    pdf_pages,
    pdf_text,
)
from tests.exports.samples import amended_draft, resolution


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return resolution_pdf(resolution(30))


def test_the_pdf_has_code_date_body_and_clauses_in_order(long_pdf):
    pages = pdf_pages(long_pdf)
    text = "\n".join(pages)
    assert "INTERPOL/RES/1" in pages[0] and "2 December 2026" in pages[0]
    assert "Counterfeit medicines in Africa" in text
    assert "Sponsors Kenya, Nigeria" in text and "Signatories France, Japan" in text
    order_of(
        text,
        [
            "The INTERPOL General Assembly,",
            "Recalling its earlier resolutions,",
            "Deeply concerned by falsified medicines,",
            "1. Urges operative text number 1:",
            "a) through I-24/7;",
            "b) through Operation Pangea:",
            "i. every year;",
            "ii. with customs;",
            "2. Encourages operative text number 2;",
            "29. Calls upon operative text number 29;",
            "30. Recommends operative text number 30.",
            "Adopted on 3 December 2026 by a recorded vote of 30 in favour, 5 against, 4 abstentions.",
        ],
    )
    # Every operative number once, in order.
    numbers = [int(n) for n in __import__("re").findall(r"(?:^|\s)(\d+)\. (?:Urges|Encourages|Requests|Decides|Calls upon|Recommends)", text)]
    assert numbers == list(range(1, 31))
    assert "In favour (1) Kenya" in text and "Against (1) Japan" in text and "Abstaining (1) France" in text


def test_the_pdf_numbers_its_pages(long_pdf):
    pages = pdf_pages(long_pdf)
    assert len(pages) >= 2
    for n, page in enumerate(pages, start=1):
        found = PAGE.search(page)
        assert found is not None, page
        assert found.groups() == (str(n), str(len(pages)))


def test_the_pdf_of_a_draft_shows_tracked_amendments_in_spanish():
    text = pdf_text(resolution_pdf(replace(amended_draft(), language="es"), tracked=True))
    assert "PROYECTO DE RESOLUCIÓN" in text and "Patrocinadores Kenya, Nigeria" in text
    assert "Página 1 de 1" in text
    assert "2 de diciembre de 2026" in text
    assert "A/1 · adición · aprobada · amistosa" in text
    assert "A/2 · supresión · pendiente" in text
    # The deleted clause keeps no number; the numbering follows the text as amended.
    order_of(text, ["1. Urges", "2. Encourages customs officers", "Encourages operative text number 2", "Requests operative text number 3", "3. Requests a yearly report", "4. Decides operative text number 4."])


def test_the_combined_pdf_has_a_contents_page_with_page_numbers():
    docs = [resolution(3), resolution(3, code="INTERPOL/RES/2"), resolution(40, code="INTERPOL/RES/3")]
    pages = pdf_pages(resolutions_pdf(docs, language="en", title="Adopted resolutions"))
    contents = pages[0]
    assert "Adopted resolutions" in contents and "3 resolutions" in contents
    found = {}
    for code in ("INTERPOL/RES/1", "INTERPOL/RES/2", "INTERPOL/RES/3"):
        start = next(i for i, p in enumerate(pages) if i and p.find(code) >= 0 and "Sponsors" in p and code in p.split("Sponsors")[0])
        found[code] = start + 1
    # The contents page names each resolution with the page it starts on.
    for code, page in found.items():
        assert __import__("re").search(rf"{code}.*?\.+ ?{page}\b", contents), (code, page, contents)
    assert found["INTERPOL/RES/1"] < found["INTERPOL/RES/2"] < found["INTERPOL/RES/3"]


def test_the_docx_uses_word_styles_italics_and_real_numbering():
    document = docx(resolution_docx(resolution(5)))
    paragraphs = document.paragraphs
    styles = [p.style.name for p in paragraphs]
    assert styles.count("Preambular Clause") == 2
    assert styles.count("Operative Clause") == 5
    assert styles.count("Operative Sub-clause") == 2 and styles.count("Operative Sub-sub-clause") == 2
    pre = [p for p in paragraphs if p.style.name == "Preambular Clause"]
    assert [p.text for p in pre] == ["Recalling its earlier resolutions,", "Deeply concerned by falsified medicines,"]
    for p in pre:
        opening = p.runs[0]
        assert opening.style.name == "Preambular Phrase" and opening.style.font.italic
        assert not p.runs[1].italic and not p.runs[1].style.font.italic
    ops = [p for p in paragraphs if p.style.name.startswith("Operative")]
    nums = [n for n in (numbering(p) for p in ops) if n is not None]
    assert len(nums) == len(ops)
    num_id = nums[0][0]
    assert all(n[0] == num_id for n in nums)
    assert [n[1] for n in nums] == [0, 1, 1, 2, 2, 0, 0, 0, 0]
    assert level_formats(document, num_id) == [("decimal", "%1."), ("lowerLetter", "%2)"), ("lowerRoman", "%3.")]
    assert ops[0].runs[0].style.name == "Operative Phrase" and ops[0].runs[0].text == "Urges"
    assert ops[-1].text.endswith("operative text number 5.")
    assert "Adopted on 3 December 2026" in "\n".join(p.text for p in paragraphs)
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer


def test_the_docx_of_a_draft_tracks_amendments_as_word_revisions():
    document = docx(resolution_docx(amended_draft(), tracked=True))
    ops = [p for p in document.paragraphs if p.style.name == "Operative Clause"]
    def revision(p):
        if p._p.find(qn("w:ins")) is not None:
            return "ins"
        if p._p.find(qn("w:del")) is not None:
            return "del"
        return ""
    assert [revision(p) for p in ops] == ["", "ins", "del", "del", "ins", ""]
    deleted = ops[2]._p.findall(".//" + qn("w:delText"))
    assert "operative text number 2" in "".join(t.text for t in deleted)


def test_the_adopted_docx_merges_amendments():
    document = docx(resolution_docx(replace(amended_draft(), status="adopted")))
    ops = [p.text for p in document.paragraphs if p.style.name == "Operative Clause"]
    assert ops == [
        "Urges operative text number 1:",
        "Encourages customs officers to be trained;",
        "Encourages operative text number 2;",
        "Requests a yearly report;",
        "Decides operative text number 4.",
    ]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_the_first_page_renders_to_an_image(tmp_path, long_pdf):
    (tmp_path / "r.pdf").write_bytes(long_pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(tmp_path / "r.pdf"), str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png")).read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 5000


def test_a_zip_bundle_holds_one_docx_per_resolution():
    from exports.services import bundle_file

    docs = [resolution(2), resolution(2, code="INTERPOL/RES/2"), resolution(2)]
    export = bundle_file(docs, "zip", language="en", title="t", stem="bundle")
    names = zipfile.ZipFile(io.BytesIO(export.content)).namelist()
    assert names == ["INTERPOL-RES-1.docx", "INTERPOL-RES-2.docx", "INTERPOL-RES-1-2.docx"]
