# WeasyPrint ships no type information; only what Dais uses (exports/render_pdf.py,
# scripts/bench_exports.py), after weasyprint/__init__.py.
from typing import Any

class HTML:
    def __init__(
        self,
        guess: Any = None,
        filename: str | None = None,
        url: str | None = None,
        file_obj: Any = None,
        string: str | None = None,
        encoding: str | None = None,
        base_url: str | None = None,
        url_fetcher: Any = None,
        media_type: str = "print",
    ) -> None: ...
    def write_pdf(self, target: None = None, **options: Any) -> bytes: ...
