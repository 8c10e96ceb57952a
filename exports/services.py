"""Building export files, and the two writes of the desk (a chair's rating, the rubric).

Views, the `export` command and the benchmark all call these, so a file is the same whichever
way it was asked for.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from committee.models import Committee, Conference
from exports import adapters, tables
from exports.documents import ResolutionDoc
from exports.models import AwardsRubric, ChairRating
from resolutions.models import Paper

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"
CSV = "text/csv; charset=utf-8"
LANGUAGES = ("en", "es")
CSV_NAMES = ("attendance", "votes", "speeches", "speaking-time", "papers")


class ExportError(ValueError):
    """A request for an export that cannot be made (unknown format, language or file)."""


@dataclass(frozen=True)
class ExportFile:
    name: str
    content: bytes
    content_type: str


def check_language(language: str | None) -> str:
    language = (language or "en")[:2]
    if language not in LANGUAGES:
        raise ExportError(_("Choose English (en) or Spanish (es)."))
    return language


# ---------------------------------------------------------------------------------------------
# Resolutions


def resolution_file(
    resolution: Paper, fmt: str, *, language: str = "en", tracked: bool = False
) -> ExportFile:
    doc = adapters.resolution_doc(resolution, language=language)
    return doc_file(doc, fmt, tracked=tracked)


def doc_file(doc: ResolutionDoc, fmt: str, *, tracked: bool = False) -> ExportFile:
    suffix = f"-{doc.language}" if doc.language != "en" else ""
    if fmt == "pdf":
        from exports.render_pdf import resolution_pdf

        return ExportFile(f"{doc.file_stem}{suffix}.pdf", resolution_pdf(doc, tracked=tracked), PDF)
    if fmt == "docx":
        from exports.render_docx import resolution_docx

        return ExportFile(
            f"{doc.file_stem}{suffix}.docx", resolution_docx(doc, tracked=tracked), DOCX
        )
    raise ExportError(_("Resolutions export as pdf or docx."))


def adopted_docs(committees: Sequence[Committee], language: str) -> list[ResolutionDoc]:
    docs = []
    for committee in committees:
        for resolution in adapters.resolutions_of(committee, adopted_only=True):
            docs.append(adapters.resolution_doc(resolution, language=language))
    return docs


def bundle_file(
    docs: Sequence[ResolutionDoc],
    fmt: str,
    *,
    language: str,
    title: str,
    stem: str,
    progress: Callable[[str], None] | None = None,
) -> ExportFile:
    """All `docs` in one PDF with a contents page, or a zip of one DOCX each."""
    if fmt == "pdf":
        from exports.render_pdf import resolutions_pdf

        return ExportFile(f"{stem}.pdf", resolutions_pdf(docs, language=language, title=title), PDF)
    if fmt == "zip":
        from exports.render_docx import resolution_docx

        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            names: set[str] = set()
            for doc in docs:
                name = f"{doc.file_stem}.docx"
                n = 2
                while name in names:  # two committees may number alike
                    name, n = f"{doc.file_stem}-{n}.docx", n + 1
                names.add(name)
                archive.writestr(name, resolution_docx(doc))
                if progress:
                    progress(name)
        return ExportFile(f"{stem}.zip", out.getvalue(), ZIP)
    raise ExportError(_("Bundles export as pdf or zip."))


def committee_bundle(committee: Committee, fmt: str, *, language: str) -> ExportFile:
    with translation.override(language):
        title = _("Adopted resolutions of the %(committee)s") % {"committee": committee.name}
    return bundle_file(
        adopted_docs([committee], language), fmt, language=language, title=title,
        stem=f"{committee.abbreviation or committee.slug}-adopted-resolutions{_lang(language)}",
    )


def conference_bundle(conference: Conference, fmt: str, *, language: str) -> ExportFile:
    committees = list(conference.committees.order_by("name"))
    with translation.override(language):
        title = _("Adopted resolutions of %(conference)s") % {"conference": conference.name}
    return bundle_file(
        adopted_docs(committees, language), fmt, language=language, title=title,
        stem=f"{conference.slug}-adopted-resolutions{_lang(language)}",
    )


def _lang(language: str) -> str:
    return "" if language == "en" else f"-{language}"


# ---------------------------------------------------------------------------------------------
# Minutes and CSV


def minutes_file(committee: Committee, fmt: str, *, language: str = "en") -> ExportFile:
    stem = f"{committee.abbreviation or committee.slug}-minutes{_lang(language)}"
    if fmt not in ("pdf", "docx"):
        raise ExportError(_("Minutes export as pdf or docx."))
    with translation.override(language):
        minutes = adapters.minutes_doc(committee, language=language)
    if fmt == "pdf":
        from exports.render_pdf import minutes_pdf

        return ExportFile(f"{stem}.pdf", minutes_pdf(minutes), PDF)
    from exports.render_docx import minutes_docx

    return ExportFile(f"{stem}.docx", minutes_docx(minutes), DOCX)


def paper_rows(committee: Committee) -> list[tables.PaperRow]:
    """One row per seat and topic, as the dais's matrix shows them: the latest version (its
    time, the deadline at that moment and its lateness) and the mean of the dais's totals.
    A seat that sent nothing on a topic is listed as "not_submitted"."""
    from delegates import papers

    _topics, matrix = papers.paper_matrix(committee)
    full = papers.rubric_total(papers.rubric(committee))
    rows = []
    for row in sorted(matrix, key=lambda r: (r.seat.country, r.seat.pk)):
        for cell in row.cells:
            latest = cell.latest
            rows.append(
                tables.PaperRow(
                    country=row.seat.country,
                    delegate=row.seat.delegate_name,
                    topic=cell.topic.letter,
                    status=cell.status if latest else "not_submitted",
                    version=latest.number if latest else None,
                    submitted_at=latest.submitted_at if latest else None,
                    deadline=latest.due_at if latest else None,
                    late_by=latest.late_by if latest else None,
                    score=None if cell.score is None else float(cell.score),
                    max_score=full if latest else None,
                    scorers=cell.scorers,
                )
            )
    return rows


def papers_zip_name(committee: Committee) -> str:
    return f"{committee.abbreviation or committee.slug}-position-papers.zip"


def write_papers_zip(committee: Committee, target: IO[bytes]) -> None:
    """The papers app's zip of the committee (latest version of each paper and index.csv, the
    same as the dais's download), copied into `target` without holding it all in memory."""
    from delegates.paper_export import write_zip

    with write_zip([committee]) as archive:
        shutil.copyfileobj(archive, target)


def csv_file(committee: Committee, name: str) -> ExportFile:
    if name not in CSV_NAMES:
        raise ExportError(
            _("Unknown CSV file “%(name)s”: choose one of %(names)s.")
            % {"name": name, "names": ", ".join(CSV_NAMES)}
        )
    stem = f"{committee.abbreviation or committee.slug}-{name}"
    if name == "papers":
        text = tables.papers_csv(paper_rows(committee))
    else:
        journal = adapters.committee_journal(committee)
        iso = dict(committee.seats.values_list("pk", "iso_code"))
        builder = {
            "attendance": tables.attendance_csv,
            "votes": tables.votes_csv,
            "speeches": tables.speeches_csv,
            "speaking-time": tables.speaking_time_csv,
        }[name]
        text = builder(journal, iso)
    # A byte-order mark, so that spreadsheet programs read the file as UTF-8.
    return ExportFile(f"{stem}.csv", ("\ufeff" + text).encode("utf-8"), CSV)


# ---------------------------------------------------------------------------------------------
# Writes


def do_rate_seats(committee: Committee, chair, scores: dict[int, int | None]) -> int:
    """Store one chair's ratings (1-10; None clears). Seats of other committees are refused
    by the caller's form; this checks again. Returns how many ratings changed."""
    seats = set(committee.seats.values_list("pk", flat=True))
    changed = 0
    with transaction.atomic():
        for seat_id, score in scores.items():
            if seat_id not in seats:
                raise ExportError(_("That delegation is not in this committee."))
            if score is None:
                changed += ChairRating.objects.filter(seat_id=seat_id, chair=chair).delete()[0]
                continue
            if not 1 <= int(score) <= 10:
                raise ExportError(_("Ratings go from 1 to 10."))
            rating, created = ChairRating.objects.get_or_create(
                seat_id=seat_id, chair=chair, defaults={"committee": committee, "score": score}
            )
            if not created and rating.score != score:
                rating.score = score
                rating.save(update_fields=["score", "updated_at"])
                changed += 1
            changed += created
    return changed


def do_set_rubric(committee: Committee, *, papers: int, speaking: int, rating: int) -> AwardsRubric:
    if min(papers, speaking, rating) < 0 or max(papers, speaking, rating) > 100:
        raise ExportError(_("Each weight is between 0 and 100."))
    if papers + speaking + rating == 0:
        raise ExportError(_("At least one weight must be above zero."))
    with transaction.atomic():
        rubric, _created = AwardsRubric.objects.select_for_update().get_or_create(
            committee=committee
        )
        rubric.papers_weight, rubric.speaking_weight, rubric.rating_weight = papers, speaking, rating
        rubric.save()
    return rubric
