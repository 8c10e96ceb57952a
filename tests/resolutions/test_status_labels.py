"""Status labels agree in gender in Spanish: an adopted paper is a resolution ("aprobada"), a
rejected or lapsed one stays a draft ("el proyecto de resolución": "rechazado"), an amendment
is feminine ("la enmienda": "aprobada", "rechazada"). English is unchanged."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import translation

from resolutions.models import Amendment, Paper


@pytest.fixture
def compiled_catalogues(settings):
    call_command("compile_translations", verbosity=0)
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)  # drop the catalogues loaded so far


def _paper(status: str) -> str:
    return str(Paper(status=status).get_status_display())


def _amendment(status: str) -> str:
    return str(Amendment(status=status).get_status_display())


def test_spanish_labels_agree_with_the_noun(compiled_catalogues):
    with translation.override("es"):
        assert _paper("adopted") == "Aprobada"
        assert _paper("rejected") == "Rechazado"
        assert _paper("lapsed") == "Decaído"
        assert _amendment("adopted") == "Aprobada"
        assert _amendment("rejected") == "Rechazada"
        assert _amendment("moot") == "Sin objeto"


def test_english_labels_are_unchanged(compiled_catalogues):
    with translation.override("en"):
        assert [_paper(s) for s in ("adopted", "rejected", "lapsed")] == ["Adopted", "Rejected", "Lapsed"]
        assert [_amendment(s) for s in ("adopted", "rejected", "moot")] == ["Adopted", "Rejected", "Moot"]
