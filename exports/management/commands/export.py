"""`manage.py export`: a committee's resolutions, minutes, CSV files or papers into a directory.

    python manage.py export --committee INTERPOL --what resolutions --format pdf --out out/
    python manage.py export --committee INTERPOL --what minutes --format docx --lang es --out out/
    python manage.py export --committee INTERPOL --what csv --format csv --out out/
    python manage.py export --committee INTERPOL --what papers --format zip --out out/

--committee takes a committee's abbreviation or slug (add --conference <slug> when several
conferences have one of that name). Files are written through the same services as the
downloads, so they are identical.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from committee.models import Committee
from exports import adapters, services

FORMATS = {
    "resolutions": ("pdf", "docx", "zip"),
    "minutes": ("pdf", "docx"),
    "csv": ("csv",),
    "papers": ("zip", "csv"),
}


class Progress:
    """A one-line progress bar on stderr (plain lines when stderr is not a terminal)."""

    def __init__(self, total: int, stream=None, width: int = 30) -> None:
        self.total, self.done, self.width = max(total, 1), 0, width
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def step(self, label: str) -> None:
        self.done += 1
        filled = int(self.width * self.done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"[{bar}] {self.done}/{self.total} {label}"
        if self.tty:
            self.stream.write("\r" + line[:120].ljust(120))
            if self.done >= self.total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Export a committee's resolutions, minutes, CSV files or position papers to a directory."

    def add_arguments(self, parser):
        parser.add_argument("--committee", required=True, help="abbreviation or slug, e.g. INTERPOL")
        parser.add_argument("--conference", help="conference slug, when the committee code is ambiguous")
        parser.add_argument("--what", required=True, help="resolutions, minutes, csv or papers")
        parser.add_argument("--format", dest="fmt", required=True, help="pdf, docx, zip or csv")
        parser.add_argument("--out", required=True, type=Path, help="directory to write into")
        parser.add_argument("--lang", default="en", help="en or es (default en)")
        parser.add_argument(
            "--adopted-only", action="store_true", help="resolutions: skip drafts and rejected ones"
        )

    def _committee(self, code: str, conference: str | None) -> Committee:
        rows = Committee.objects.select_related("conference").filter(
            Q(abbreviation__iexact=code) | Q(slug__iexact=code)
        )
        if conference:
            rows = rows.filter(conference__slug=conference)
        found = list(rows)
        if not found:
            known = ", ".join(
                sorted(f"{c.abbreviation or c.slug} ({c.conference.slug})" for c in Committee.objects.select_related("conference"))
            ) or "none"
            raise CommandError(f"No committee {code!r}. Known committees: {known}.")
        if len(found) > 1:
            slugs = ", ".join(c.conference.slug for c in found)
            raise CommandError(
                f"{len(found)} committees are called {code!r} (conferences: {slugs}); "
                "add --conference <slug>."
            )
        return found[0]

    def handle(self, *args, **options):
        what, fmt = options["what"], options["fmt"]
        if what not in FORMATS:
            raise CommandError(f"Unknown --what {what!r}: choose one of {', '.join(FORMATS)}.")
        if fmt not in FORMATS[what]:
            raise CommandError(
                f"--what {what} exports as {' or '.join(FORMATS[what])}, not {fmt!r}."
            )
        try:
            language = services.check_language(options["lang"])
        except services.ExportError as error:
            raise CommandError(str(error)) from error
        committee = self._committee(options["committee"], options["conference"])
        out = Path(options["out"])
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot create {out}: {error}") from error
        written = getattr(self, f"_export_{what}")(committee, fmt, language, out, options)
        for path in written:
            self.stdout.write(str(path))
        self.stdout.write(self.style.SUCCESS(f"{len(written)} file(s) written to {out}"))

    def _write(self, out: Path, export: services.ExportFile) -> Path:
        path = out / export.name
        path.write_bytes(export.content)
        return path

    def _export_resolutions(self, committee, fmt, language, out, options):
        if fmt == "zip":
            docs = services.adopted_docs([committee], language)
            progress = Progress(len(docs), self.stderr._out)
            return [
                self._write(
                    out,
                    services.bundle_file(
                        docs, "zip", language=language, title=committee.name,
                        stem=f"{committee.abbreviation or committee.slug}-adopted-resolutions",
                        progress=progress.step,
                    ),
                )
            ]
        rows = adapters.resolutions_of(committee, adopted_only=options["adopted_only"])
        progress = Progress(len(rows) + (1 if fmt == "pdf" else 0), self.stderr._out)
        written = []
        for resolution in rows:
            export = services.resolution_file(
                resolution, fmt, language=language, tracked=resolution.status != "adopted"
            )
            written.append(self._write(out, export))
            progress.step(export.name)
        if fmt == "pdf":
            export = services.committee_bundle(committee, "pdf", language=language)
            written.append(self._write(out, export))
            progress.step(export.name)
        return written

    def _export_minutes(self, committee, fmt, language, out, options):
        progress = Progress(1, self.stderr._out)
        export = services.minutes_file(committee, fmt, language=language)
        progress.step(export.name)
        return [self._write(out, export)]

    def _export_csv(self, committee, fmt, language, out, options):
        names = [n for n in services.CSV_NAMES if n != "papers"]
        progress = Progress(len(names), self.stderr._out)
        written = []
        for name in names:
            export = services.csv_file(committee, name)
            written.append(self._write(out, export))
            progress.step(export.name)
        return written

    def _export_papers(self, committee, fmt, language, out, options):
        """zip: every paper's latest version and index.csv (as the dais downloads it);
        csv: one row per delegation and topic."""
        progress = Progress(1, self.stderr._out)
        if fmt == "csv":
            export = services.csv_file(committee, "papers")
            progress.step(export.name)
            return [self._write(out, export)]
        path = out / services.papers_zip_name(committee)
        with path.open("wb") as target:
            services.write_papers_zip(committee, target)
        progress.step(path.name)
        return [path]
