#!/usr/bin/env python3
"""Fail when a Spanish catalogue has an untranslated (empty msgstr) or fuzzy entry.

Usage: scripts/check_translations.py [PO_FILE ...]
Without arguments it checks locale/es/LC_MESSAGES/django.po (which must exist) and
djangojs.po (when it exists). Run `make messages` first so the catalogues list every string.
Prints each offending msgid with its file and line; exits 1 if there is any, else 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_DIR = ROOT / "locale" / "es" / "LC_MESSAGES"
REQUIRED = ["django.po"]
OPTIONAL = ["djangojs.po"]


def default_catalogues() -> tuple[list[Path], list[str]]:
    paths, problems = [], []
    for name in REQUIRED:
        path = CATALOGUE_DIR / name
        if path.exists():
            paths.append(path)
        else:
            problems.append(f"{path.relative_to(ROOT)}: missing (run `make messages`)")
    paths += [CATALOGUE_DIR / name for name in OPTIONAL if (CATALOGUE_DIR / name).exists()]
    return paths, problems


def check(path: Path) -> list[str]:
    """One line per untranslated or fuzzy entry of the catalogue at `path`."""
    catalogue = polib.pofile(str(path))
    problems = []
    for kind, entries in (
        ("untranslated", catalogue.untranslated_entries()),
        ("fuzzy", catalogue.fuzzy_entries()),
    ):
        for entry in entries:
            context = f" (context {entry.msgctxt!r})" if entry.msgctxt else ""
            problems.append(f"{path}:{entry.linenum}: {kind}: msgid {entry.msgid!r}{context}")
    return problems


def main(argv: list[str]) -> int:
    problems: list[str]
    if argv:
        paths, problems = [Path(a) for a in argv], []
    else:
        paths, problems = default_catalogues()
    for path in paths:
        problems += check(path)
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} translation problem(s) in {len(paths)} catalogue(s).")
        return 1
    print(f"Translations complete: {len(paths)} catalogue(s), no untranslated or fuzzy entries.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
