"""Compile the project's .po catalogues to .mo with polib, so no GNU gettext is needed.

Django's own `compilemessages` calls msgfmt, which `make run` must not depend on. Like
msgfmt, polib leaves fuzzy and untranslated entries out of the .mo file.
"""

from __future__ import annotations

import os
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogue_dirs() -> list[Path]:
    """LOCALE_PATHS and the locale/ folders of the project's own apps (not site-packages)."""
    base = Path(settings.BASE_DIR).resolve()
    dirs = {Path(p).resolve() for p in settings.LOCALE_PATHS}
    for config in apps.get_app_configs():
        app_locale = Path(config.path).resolve() / "locale"
        if app_locale.is_relative_to(base) and ".venv" not in app_locale.parts:
            dirs.add(app_locale)
    return sorted(d for d in dirs if d.is_dir())


class Command(BaseCommand):
    help = "Compile every locale/*/LC_MESSAGES/*.po to .mo using polib (no GNU gettext needed)."
    requires_system_checks = []  # needs no URLconf, so it works while other code is broken

    def handle(self, *args, **options):
        compiled = 0
        for locale_dir in catalogue_dirs():
            for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                try:
                    catalogue = polib.pofile(str(po_path))
                except (OSError, ValueError) as exc:
                    raise CommandError(f"{po_path}: {exc}") from exc
                # Write beside, then rename: a running server never reads half a file.
                tmp_path = mo_path.with_suffix(".mo.tmp")
                catalogue.save_as_mofile(str(tmp_path))
                os.replace(tmp_path, mo_path)
                compiled += 1
                if options["verbosity"] >= 2:
                    self.stdout.write(
                        f"{po_path} -> {mo_path.name} "
                        f"({len(catalogue.translated_entries())} translated)"
                    )
        if options["verbosity"] >= 1:
            self.stdout.write(f"Compiled {compiled} translation catalogue(s).")
