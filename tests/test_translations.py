"""The Spanish catalogue is complete, compiles without GNU gettext, and Django uses it."""

import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
SPANISH = ROOT / "locale" / "es" / "LC_MESSAGES"
CHECKER = ROOT / "scripts" / "check_translations.py"


def spanish_catalogues():
    return sorted(SPANISH.glob("*.po"))


def test_spanish_catalogue_exists():
    assert (SPANISH / "django.po").is_file()


@pytest.mark.parametrize("path", spanish_catalogues(), ids=lambda p: p.name)
def test_spanish_catalogue_is_complete(path):
    catalogue = polib.pofile(str(path))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


@pytest.fixture
def compiled_catalogues(settings):
    call_command("compile_translations", verbosity=0)
    # A LOCALE_PATHS "change" makes Django drop the catalogues it has loaded so far.
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)


def test_spanish_is_used_when_active(compiled_catalogues):
    with translation.override("es"):
        assert translation.gettext("Spanish") == "Español"
    with translation.override("en"):
        assert translation.gettext("Spanish") == "Spanish"


def test_compile_translations_leaves_out_fuzzy_entries(tmp_path, settings):
    catalogue_dir = tmp_path / "xx" / "LC_MESSAGES"
    catalogue_dir.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Yes", msgstr="Ja"))
    po.append(polib.POEntry(msgid="No", msgstr="Nein", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Maybe", msgstr=""))
    po.save(str(catalogue_dir / "django.po"))
    settings.LOCALE_PATHS = [tmp_path]

    call_command("compile_translations", verbosity=0)

    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(catalogue_dir / "django.mo"))}
    assert compiled == {"Yes": "Ja"}


def test_checker_reports_untranslated_and_fuzzy_entries(tmp_path):
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Done", msgstr="Hecho"))
    po.append(polib.POEntry(msgid="Quorum", msgstr=""))
    po.append(polib.POEntry(msgid="Motion", msgstr="Moción", flags=["fuzzy"]))
    path = tmp_path / "django.po"
    po.save(str(path))

    result = subprocess.run(
        [sys.executable, str(CHECKER), str(path)], capture_output=True, text=True, check=False
    )

    assert result.returncode == 1
    assert "untranslated: msgid 'Quorum'" in result.stdout
    assert "fuzzy: msgid 'Motion'" in result.stdout
    assert "'Done'" not in result.stdout
