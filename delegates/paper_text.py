"""Paper text: Markdown rendered with markdown-it-py and cleaned with nh3, word counts, the
refusal of scripted Markdown, a side-by-side diff, and reading uploads (PDF / DOCX by content).

Pure functions: nothing here touches the database.
"""

from __future__ import annotations

import difflib
import html
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import IO
from xml.etree import ElementTree

import nh3
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_TEXT_CHARS = 200_000

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "s",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "span": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _image_as_text(self, tokens, idx, options, env) -> str:
    """No images at all (so no remote ones): an image shows as its description."""
    alt = self.renderInlineAsText(tokens[idx].children or [], options, env)
    return f'<span class="paper-image">[{html.escape(alt or _("image"))}]</span>'


_md = (
    MarkdownIt("commonmark", {"html": False, "linkify": False})
    .enable("table")
    .enable("strikethrough")
)
_md.add_render_rule("image", _image_as_text)


def render_markdown(text: str) -> str:
    """Safe HTML for a paper's Markdown. Raw HTML is shown as text by the parser; nh3 then keeps
    only the tags above, http(s)/mailto links (with rel=noopener) and no event handlers."""
    raw = _md.render(text or "")
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
_TAG = re.compile(r"<[^>]+>")


def count_words(text: str) -> int:
    """Words of the text as a reader sees it (Markdown marks are not words)."""
    plain = html.unescape(_TAG.sub(" ", render_markdown(text)))
    return len(_WORD.findall(plain))


def count_plain_words(text: str) -> int:
    return len(_WORD.findall(text or ""))


_SQUEEZE = re.compile(r"[\s\x00-\x1f]+")
_HANDLER = re.compile(r"<[a-z!/][^>]*?\bon[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
_DANGEROUS_TAG = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|base|meta|link|form|svg|math)\b", re.IGNORECASE
)
_DANGEROUS_SCHEME = re.compile(r"(javascript|vbscript|livescript):|data:text/html", re.IGNORECASE)


def hostile_reason(text: str) -> str | None:
    """Why a Markdown text is refused (scripts, event handlers, script links), or None.

    Entities are decoded and whitespace removed first, so `java&#x73;cript:` and `java\\nscript:`
    are caught like the plain spelling."""
    decoded = text or ""
    for _round in range(3):  # &amp;#106; and similar double encodings
        unescaped = html.unescape(decoded)
        if unescaped == decoded:
            break
        decoded = unescaped
    squeezed = _SQUEEZE.sub("", decoded)
    if _DANGEROUS_TAG.search(decoded) or _DANGEROUS_TAG.search(squeezed):
        return _("The text contains a script or embedded page (<script>, <iframe> and the like).")
    if _HANDLER.search(decoded):
        return _("The text contains an event handler (such as onclick= or onerror=).")
    if _DANGEROUS_SCHEME.search(squeezed.replace("\\", "")):
        return _("The text contains a javascript: or similar script link.")
    return None


# --- diff -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffRow:
    kind: str  # "same", "changed", "added", "removed"
    left_number: int | None
    left: str
    right_number: int | None
    right: str


def side_by_side(old: str, new: str) -> list[DiffRow]:
    """Line-by-line diff of two texts, for a two-column table."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(
                DiffRow("same", i + 1, a[i], j + 1, b[j])
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
            continue
        left, right = list(range(i1, i2)), list(range(j1, j2))
        for k in range(max(len(left), len(right))):
            li = left[k] if k < len(left) else None
            rj = right[k] if k < len(right) else None
            if li is not None and rj is not None:
                kind = "changed"
            elif li is not None:
                kind = "removed"
            else:
                kind = "added"
            rows.append(
                DiffRow(
                    kind,
                    li + 1 if li is not None else None,
                    a[li] if li is not None else "",
                    rj + 1 if rj is not None else None,
                    b[rj] if rj is not None else "",
                )
            )
    return rows


# --- uploads --------------------------------------------------------------------------------


class UploadRefused(Exception):
    """An upload that is not accepted, with a message for the delegate."""


@dataclass(frozen=True)
class CheckedUpload:
    kind: str  # "pdf" or "docx"
    data: bytes
    text: str  # the DOCX's text; "" for a PDF


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes) -> str:
    """Paragraph text of a DOCX's main document (for word count and diffs)."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > 50 * 1024 * 1024:  # a zip bomb is not a paper
            raise UploadRefused(_("This Word document is too large once unpacked."))
        root = ElementTree.fromstring(archive.read(info))
    paragraphs = []
    for paragraph in root.iter(f"{_W}p"):
        paragraphs.append("".join(node.text or "" for node in paragraph.iter(f"{_W}t")))
    return "\n".join(paragraphs)


def check_upload(stream: IO[bytes], size: int | None = None) -> CheckedUpload:
    """What the file really is, read from its bytes: a PDF or a DOCX, at most 5 MB."""
    data = stream.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES or (size or 0) > MAX_UPLOAD_BYTES:
        raise UploadRefused(_("The file is larger than 5 MB. Please upload a smaller file."))
    if not data:
        raise UploadRefused(_("The file is empty."))
    if data.startswith(b"%PDF-"):
        return CheckedUpload(kind="pdf", data=data, text="")
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                if sum(info.file_size for info in archive.infolist()) > 100 * 1024 * 1024:
                    raise UploadRefused(_("This Word document is too large once unpacked."))
                names = set(archive.namelist())
                types = (
                    archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
                )
            if "word/document.xml" in names and b"wordprocessingml" in types:
                return CheckedUpload(kind="docx", data=data, text=docx_text(data))
        except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, RuntimeError):
            pass
    raise UploadRefused(
        _(
            "This file is not a PDF or a Word (DOCX) document, whatever its name says. Please upload a PDF or a DOCX file."
        )
    )
