"""Helpers for the position paper tests: files to upload, a frozen clock, a private MEDIA_ROOT."""

from __future__ import annotations

import datetime as dt
import io
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
T0 = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def make_docx(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(data: bytes, name: str = "paper.docx", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@contextmanager
def frozen(moment: dt.datetime):
    """`timezone.now()` returns `moment` (services read the clock through it)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
