"""Country names in the page's language, their flags, and sorting by the page's language.

Names come from pycountry's ISO 3166 catalogues (`iso3166-1` gettext domain). A seat stores its
English name (what the seeds or the organizer typed); the page shows it translated when the
catalogue knows it, or the translation of the ISO name for its code when the seat still has the
seeded English name, else the stored name as typed. Flags are the vendored flag-icons SVGs
(static/flags/4x3/, MIT licence beside them).
"""

from __future__ import annotations

import functools
import gettext
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

import pycountry
from django.templatetags.static import static
from django.utils import translation

T = TypeVar("T")

# Where the catalogue's name is not the one a Model UN room uses (see committee/seeding.py for the
# English ones): the UN's Spanish short names.
NAME_OVERRIDES: dict[str, dict[str, str]] = {
    "es": {"KR": "República de Corea", "CI": "Côte d'Ivoire", "TZ": "Tanzania"},
}


@functools.lru_cache(maxsize=8)
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "en").split("-")[0].lower()


def country_name(iso_code: str, name: str, language: str | None = None) -> str:
    """The seat's country `name` in `language` (default: the active one)."""
    language = _language(language)
    if language == "en":
        return name
    return _translated_name(iso_code, name, language)


@functools.lru_cache(maxsize=8192)
def _translated_name(iso_code: str, name: str, language: str) -> str:
    """Cached: every command names every seat of its committee (a context holds them all)."""
    iso = (iso_code or "").upper()
    override = NAME_OVERRIDES.get(language, {}).get(iso)
    if override:
        return override
    catalogue = _catalogue(language)
    translated = catalogue.gettext(name)
    if translated != name:
        return translated
    country = pycountry.countries.get(alpha_2=iso) if iso else None
    if country is not None and name in {
        country.name,
        getattr(country, "common_name", None),
        getattr(country, "official_name", None),
    }:
        return catalogue.gettext(getattr(country, "common_name", None) or country.name)
    return name


def flag_url(iso_code: str) -> str:
    """URL of the country's flag image, or "" when the code is no two-letter code."""
    code = (iso_code or "").lower()
    if len(code) != 2 or not code.isalpha() or not code.isascii():
        return ""
    try:
        return static(f"flags/4x3/{code}.svg")
    except ValueError:  # not in the collected files (DEBUG off): no flag rather than an error
        return ""


def collation_key(text: str) -> tuple[str, str]:
    """Sort key close to the language's dictionary order for Latin scripts: accents and case are
    second-level differences ("Égypte" next to "Egipto", "Österreich" with the O's)."""
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    ).casefold()
    return folded, text


def sorted_by_name(items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    return sorted(items, key=lambda item: collation_key(name(item)))
