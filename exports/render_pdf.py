"""PDF with WeasyPrint, from Django templates in templates/exports/print/.

WeasyPrint takes over a second to import and needs Debian's pango and harfbuzz (stack notes
G16): it is imported here, inside the functions, never at module level.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from exports.documents import MinutesDoc, ResolutionDoc, scrub
from exports.formatting import long_date
from exports.minutes import shown_sittings
from exports.views_model import count_label, shown


def _page_labels() -> dict[str, str]:
    return {"page_label": _("Page"), "of_label": _("of")}


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # lazy: slow import, system libraries

    return HTML(string=html, base_url=None).write_pdf()


def resolutions_html(
    docs: Sequence[ResolutionDoc], *, language: str, tracked: bool = False, contents: bool = False,
    title: str = "",
) -> str:
    docs = scrub(list(docs))
    with translation.override(language):
        items = [shown(doc, tracked=tracked, anchor=f"res-{i}") for i, doc in enumerate(docs)]
        return render_to_string(
            "exports/print/resolutions.html",
            {
                "language": language,
                "title": title or (docs[0].code if docs else _("Resolutions")),
                "resolutions": items,
                "contents": contents,
                "count": count_label(len(items)),
                **_page_labels(),
            },
        )


def resolution_pdf(doc: ResolutionDoc, *, tracked: bool = False) -> bytes:
    return html_to_pdf(resolutions_html([doc], language=doc.language, tracked=tracked))


def resolutions_pdf(docs: Sequence[ResolutionDoc], *, language: str, title: str) -> bytes:
    """Several resolutions in one PDF, after a contents page with their page numbers."""
    return html_to_pdf(resolutions_html(docs, language=language, contents=True, title=title))


def minutes_html(m: MinutesDoc) -> str:
    m = scrub(m)
    with translation.override(m.language):
        return render_to_string(
            "exports/print/minutes.html",
            {
                "language": m.language,
                "title": _("Minutes of proceedings"),
                "m": m,
                "sittings": shown_sittings(m),
                "generated": long_date(m.generated_at.date()) if m.generated_at else "",
                **_page_labels(),
            },
        )


def minutes_pdf(m: MinutesDoc) -> bytes:
    return html_to_pdf(minutes_html(m))
