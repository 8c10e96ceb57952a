"""The zip of a committee's (or a conference's) papers: the latest version of each paper as it
came (Markdown rendered to a standalone HTML file, uploads byte for byte) and an index.csv."""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils.text import slugify

from committee.models import Committee
from delegates import paper_text
from delegates.paper_models import PaperVersion
from delegates.papers import mean_total

INDEX_COLUMNS = [
    "committee",
    "topic",
    "country",
    "iso_code",
    "status",
    "version",
    "kind",
    "file",
    "submitted_at_utc",
    "late",
    "late_by_minutes",
    "words",
    "score_mean",
    "scorers",
    "published",
]


def _safe(part: str) -> str:
    return slugify(part) or re.sub(r"[^A-Za-z0-9]+", "-", part).strip("-") or "x"


def _latest_versions(committees: Iterable[Committee]) -> list[PaperVersion]:
    ids = [c.pk for c in committees]
    latest: dict[int, PaperVersion] = {}
    for version in (
        PaperVersion.objects.filter(paper__topic__committee_id__in=ids)
        .select_related("paper__seat", "paper__topic__committee")
        .prefetch_related("paper__scores")
        .order_by("paper_id", "number")
    ):
        latest[version.paper_id] = version
    return sorted(
        latest.values(),
        key=lambda v: (
            v.paper.topic.committee.name,
            v.paper.topic.order,
            v.paper.topic.letter,
            v.paper.seat.country,
        ),
    )


def _file_name(version: PaperVersion) -> str:
    paper = version.paper
    extension = {"markdown": "html", "pdf": "pdf", "docx": "docx"}[version.kind]
    committee = _safe(paper.topic.committee.abbreviation or paper.topic.committee.name)
    return (
        f"{committee}/{_safe(paper.topic.letter)}/"
        f"{paper.seat.iso_code.upper()}-{_safe(paper.seat.country)}-v{version.number}.{extension}"
    )


def _html(version: PaperVersion) -> bytes:
    return render_to_string(
        "delegates/papers/export_paper.html",
        {
            "version": version,
            "paper": version.paper,
            "body": paper_text.render_markdown(version.text),
        },
    ).encode("utf-8")


def write_zip(committees: Iterable[Committee]) -> tempfile.SpooledTemporaryFile:
    """The zip in a temporary file (kept in memory up to 10 MB), rewound for reading."""
    out = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)
    index = io.StringIO()
    writer = csv.writer(index)
    writer.writerow(INDEX_COLUMNS)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for version in _latest_versions(list(committees)):
            paper = version.paper
            name = _file_name(version)
            if version.is_upload:
                with version.file.open("rb") as handle:
                    archive.writestr(name, handle.read())
            else:
                archive.writestr(name, _html(version))
            scores = list(paper.scores.all())
            mean = mean_total(scores)
            writer.writerow(
                [
                    paper.topic.committee.abbreviation or paper.topic.committee.name,
                    paper.topic.letter,
                    paper.seat.country,
                    paper.seat.iso_code.upper(),
                    paper.status,
                    version.number,
                    version.kind,
                    name,
                    version.submitted_at.isoformat(),
                    "yes" if version.is_late else "no",
                    int(version.late_by.total_seconds() // 60) if version.late_by else "",
                    "" if version.word_count is None else version.word_count,
                    "" if mean is None else str(mean),
                    len(scores),
                    "yes" if paper.published else "no",
                ]
            )
        archive.writestr("index.csv", index.getvalue().encode("utf-8"))
    out.seek(0)
    return out
