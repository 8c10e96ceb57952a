"""Demo data from the seed documents in `seeds/`: the INTERPOL committee of a Model UN conference.

The seed documents are the delegates' background briefings, copied from web pages with their
layout noise. This module

* cleans them (small pure functions, one job each, unit-tested in tests/test_load_seeds.py),
* reads the committee's dais and topics from the committee document (the one naming the
  President, the Chairs and "Topic A)"),
* and `load_seeds()` writes the conference, committee, dais accounts, topics, briefings and a
  roster of member-country seats.

Loading is idempotent: rows are looked up by natural keys (slugs, usernames, topic letters, seed
file names, ISO codes) and only missing rows are created. Existing rows are left as they are, so
that edits made in the admin survive `make run` restarts; `refresh=True` (`--refresh`) brings the
seeded fields of existing rows back in line with the seeds. One exception without refresh: a
translation the seeds gained later (a field ending in `_es`) is filled in on an existing row when
that field is still empty and the text it translates is still the seeded one, so an older database
gets the Spanish names at its next `make run`; nothing someone wrote is ever replaced. Passwords and join codes are only ever set when
their row is created. Nothing is ever deleted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict, TypeVar

import pycountry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from committee.models import Briefing, Committee, Conference, DaisMember, Seat, Topic
from committee.seats import new_join_code

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"
PASSWORD_ENV = "DAIS_DEMO_PASSWORD"
# Without --password or $DAIS_DEMO_PASSWORD every account gets its own generated password, kept
# (for `manage.py seed_passwords`) in this file of the local state folder, readable by its owner.
PASSWORDS_FILE = "seed-passwords.json"
ORGANIZER_USERNAME = "organizer"

CONFERENCE = {"slug": "dais-mun-2026", "name": "Dais Model United Nations 2026"}
COMMITTEE_SLUG = "interpol"
COMMITTEE = {
    "name": "INTERPOL General Assembly",
    "name_es": "Asamblea General de INTERPOL",
    "abbreviation": "INTERPOL",
    "formal_name": "The INTERPOL General Assembly",
    "formal_name_es": "La Asamblea General de INTERPOL",
    "rule_profile": "unausa",
}

# The seed committee comes from a Spanish-speaking conference: its topics in Spanish too.
TOPIC_TITLES_ES = {
    "A": (
        "Estrategias para combatir los ataques ilícitos derivados del negocio y la venta de "
        "medicamentos falsificados en África, con énfasis en la mejora de las medidas de seguridad "
        "y el cumplimiento normativo"
    ),
    "B": (
        "Acciones para contrarrestar la ciberdelincuencia y los ciberataques en la región de "
        "Asia-Pacífico, con foco en el fortalecimiento y la mejora de las medidas de ciberseguridad"
    ),
}


class SeedError(Exception):
    """The seed documents are missing or do not say what the loader needs."""


TOPIC_SUMMARIES = {
    "A": (
        "Counterfeit and substandard medicines sold through illicit networks endanger patients "
        "across Africa and finance organized crime. Delegates look for strategies to dismantle "
        "this business through police cooperation and INTERPOL's tools, stronger security "
        "measures along the medicine supply chain and better compliance with health regulations."
    ),
    "B": (
        "Cybercrime and cyber attacks cross borders faster than any single police force can "
        "follow them, and the Asia-Pacific region, home to INTERPOL's innovation complex in "
        "Singapore, faces a growing share of them. Delegates discuss actions to counter these "
        "threats by strengthening and enhancing cybersecurity measures, sharing information "
        "through INTERPOL's networks and building the capacity of member countries' police."
    ),
}

TOPIC_SUMMARIES_ES = {
    "A": (
        "Los medicamentos falsificados y de calidad subestándar que venden las redes ilícitas ponen "
        "en peligro a pacientes de toda África y financian al crimen organizado. Las delegaciones "
        "buscan estrategias para desmantelar este negocio mediante la cooperación policial y las "
        "herramientas de INTERPOL, medidas de seguridad más sólidas a lo largo de la cadena de "
        "suministro de medicamentos y un mejor cumplimiento de la normativa sanitaria."
    ),
    "B": (
        "La ciberdelincuencia y los ciberataques cruzan fronteras más rápido de lo que cualquier "
        "policía puede seguirlos, y la región de Asia-Pacífico, sede del complejo de innovación de "
        "INTERPOL en Singapur, enfrenta una parte creciente de ellos. Las delegaciones debaten "
        "acciones para contrarrestar estas amenazas fortaleciendo y mejorando las medidas de "
        "ciberseguridad, compartiendo información a través de las redes de INTERPOL y desarrollando "
        "las capacidades de las policías de los países miembros."
    ),
}

# ---------------------------------------------------------------------------------------------
# The roster
# ---------------------------------------------------------------------------------------------

# About forty INTERPOL member countries, balanced across regions. It holds every country the
# briefings name (Colombia, Argentina, Mexico, and the 1914 Monaco congress participants: France,
# Austria, Denmark, Egypt, Germany, Greece, Hungary, Monaco; Czechoslovakia no longer exists, so
# Czechia sits instead), Singapore (INTERPOL's innovation complex), the African states Topic A is
# about and the Asia-Pacific states Topic B is about.
ROSTER: dict[str, tuple[str, ...]] = {
    "Africa": ("NG", "KE", "GH", "ZA", "EG", "MA", "SN", "CI", "TZ", "ET"),
    "Americas": ("MX", "CO", "AR", "BR", "CL", "PE", "US", "CA"),
    "Asia-Pacific": ("JP", "CN", "IN", "ID", "PH", "AU", "KR", "VN", "MY", "TH", "SG"),
    "Europe": (
        "FR", "AT", "DK", "DE", "GR", "HU", "MC", "CZ", "GB", "ES", "IT", "NL", "RU", "TR",
    ),
    "Middle East": ("SA", "AE"),
}  # fmt: skip

# Country names: pycountry's ISO 3166 short name ("Viet Nam", "Russian Federation", "Türkiye",
# "Czechia", "Côte d'Ivoire"), which is close to what UN documents print. Where that name is an
# inverted catalogue form with a comma ("Korea, Republic of", "Tanzania, United Republic of",
# "Bolivia, Plurinational State of") we use the name people say instead: pycountry's common_name
# ("Tanzania", "Bolivia", "Iran"), except for Korea, whose common name "South Korea" is informal
# on a Model UN placard: it is "Republic of Korea", as the UN and INTERPOL list it.
NAME_OVERRIDES = {"KR": "Republic of Korea"}


def country_name(alpha_2: str) -> str:
    if alpha_2 in NAME_OVERRIDES:
        return NAME_OVERRIDES[alpha_2]
    country = pycountry.countries.get(alpha_2=alpha_2)
    if country is None:
        raise SeedError(f"Unknown ISO 3166 code in the roster: {alpha_2}")
    if "," not in country.name:
        return country.name
    for attribute in ("common_name", "official_name"):
        name = getattr(country, attribute, None)
        if name:
            return str(name)
    return country.name


def roster() -> list[tuple[str, str, str]]:
    """(ISO code, country name, region) for every seat, in roster order."""
    return [
        (code, country_name(code), region) for region, codes in ROSTER.items() for code in codes
    ]


# ---------------------------------------------------------------------------------------------
# Cleaning the seed documents
# ---------------------------------------------------------------------------------------------

_ODD_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLES = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def normalize_spaces(text: str) -> str:
    """Unix newlines; no-break and other odd spaces become plain spaces; zero-width characters
    go; trailing spaces go. Leading indentation is kept (`drop_photo_gallery` reads it)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLES.sub("", _ODD_SPACES.sub(" ", text))
    return "\n".join(line.rstrip() for line in text.split("\n"))


_SLIDESHOW_COUNTER = re.compile(r"^\s*\d+\s*/\s*(\d+\s*)?$")


def _is_indented_or_blank(line: str) -> bool:
    return not line.strip() or line[0].isspace()


def drop_photo_gallery(text: str) -> str:
    """Remove a photo gallery copied with an article: the block of indented caption lines ending
    in a slideshow counter ("1 /" "24"), and the indented leftovers of its controls after it.
    Text without a slideshow counter is returned unchanged."""
    lines = text.split("\n")
    counter = next((i for i, line in enumerate(lines) if _SLIDESHOW_COUNTER.match(line)), None)
    if counter is None:
        return text
    start = counter
    while start > 0 and _is_indented_or_blank(lines[start - 1]):
        start -= 1
    end = counter + 1
    while end < len(lines) and _is_indented_or_blank(lines[end]):
        end += 1
    return "\n".join([*lines[:start], "", *lines[end:]])


_NOISE_LINES = [
    re.compile(r"^(top|bottom) of page$", re.IGNORECASE),  # website anchors
    re.compile(r"^source link$", re.IGNORECASE),  # a news aggregator's link text
    re.compile(r"\(tagsToTranslate\)", re.IGNORECASE),  # a WordPress tag dump
    re.compile(r"^(media cent(er|re)|press releases?)$", re.IGNORECASE),  # site navigation
    re.compile(r"^[\w.-]+\.(png|jpe?g|gif|webp|svg|bmp|tiff?)$", re.IGNORECASE),  # image names
    _SLIDESHOW_COUNTER,
]


def is_noise_line(line: str) -> bool:
    stripped = line.strip()
    return any(pattern.search(stripped) for pattern in _NOISE_LINES)


def drop_noise_lines(text: str) -> str:
    """Remove lines that are web-page furniture, not text: "top of page", "Source link",
    "(tagsToTranslate)" tag dumps, "Media Center"/"Press Release" headers, image file names."""
    return "\n".join(line for line in text.split("\n") if not is_noise_line(line))


# A sentence end glued to the next sentence: "cybercrime.Opening", "Ballestrazzi.“The",
# "world’”.INTERPOL". The character before the stop must be lower case, a digit or a closing
# bracket/quote, so that "U.S.A" stays whole; an opening quote only counts in its curly form,
# since a straight quote after a stop is as likely to close a quotation.
_GLUED_SENTENCE = re.compile(r"(?<=[a-z0-9)\]”’][.!?])(?=[A-Z“])")


def split_glued_sentences(text: str) -> str:
    """Put a paragraph break where a sentence end runs straight into the next sentence. These are
    the places where a web page's paragraph tags were dropped on copying."""
    return _GLUED_SENTENCE.sub("\n\n", text)


def fix_spacing(paragraph: str) -> str:
    """Collapse runs of whitespace; no space before a comma or semicolon or after an opening
    curly quote; a space after a closing curly quote glued to the next word (”said)."""
    text = " ".join(paragraph.split())
    text = re.sub(r"\s+([,;])", r"\1", text)
    text = re.sub(r"([“‘])\s+", r"\1", text)
    text = re.sub(r"”(?=[A-Za-z0-9])", "” ", text)
    return text


_BULLET = re.compile(r"^\s*[•·▪●◦*\-–—]\s+")


def normalize_bullet(line: str) -> str:
    """A bullet line in any of its copied forms ("  • x", "- x", "* x") becomes "• x"."""
    match = _BULLET.match(line)
    if match is None:
        return line
    return "• " + line[match.end() :].strip()


def is_bullet(line: str) -> bool:
    return _BULLET.match(line) is not None


_TERMINAL = (".", "!", "?", ":", ";", "”", '"', "’", ")", "…")


def to_paragraphs(text: str) -> list[str]:
    """Split text into clean paragraphs. Blank lines separate paragraphs; so do line breaks, since
    none of the copied pages hard-wraps its lines, except that a line starting in lower case after
    a line without a final stop continues it (a wrapped line). Every bullet is its own paragraph,
    written "• ...". Whitespace inside a paragraph is collapsed."""
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraph = fix_spacing(" ".join(current))
            if paragraph:
                paragraphs.append(paragraph)
            current.clear()

    for raw_line in text.split("\n"):
        line = raw_line.strip()
        if not line:
            flush()
        elif is_bullet(line):
            flush()
            current.append(normalize_bullet(line))
        elif current and not current[-1].endswith(_TERMINAL) and line[0].islower():
            current.append(line)
        else:
            flush()
            current.append(line)
    flush()
    return paragraphs


_ADVERT = re.compile(
    r"\b(contact us|if you would like more information|follow us on|our social networks"
    r"|subscribe to our newsletter)\b",
    re.IGNORECASE,
)


def drop_trailing_advert(paragraphs: list[str]) -> list[str]:
    """Drop the publisher's closing advertisement ("If you would like more information ... contact
    us ...") from the end of a document. Only trailing paragraphs are looked at."""
    paragraphs = list(paragraphs)
    while paragraphs and _ADVERT.search(paragraphs[-1]):
        paragraphs.pop()
    return paragraphs


_MONTHS = {
    name.lower(): number
    for number, names in enumerate(
        [
            ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"),
            ("May",), ("June", "Jun"), ("July", "Jul"), ("August", "Aug"),
            ("September", "Sep", "Sept"), ("October", "Oct"), ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATELINES = [
    re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})$"),  # June 5, 2020
    re.compile(rf"^(?P<day>\d{{1,2}})\s+{_MONTH},?\s+(?P<year>\d{{4}})$"),  # 5 June 2020
]


def parse_dateline(line: str) -> dt.date | None:
    """The date of a line that is nothing but a full date with a year, else None."""
    stripped = line.strip()
    for pattern in _DATELINES:
        match = pattern.match(stripped)
        if match is None:
            continue
        month = _MONTHS.get(match["month"].lower())
        if month is None:
            return None
        try:
            return dt.date(int(match["year"]), month, int(match["day"]))
        except ValueError:
            return None
    return None


def extract_dateline(text: str) -> tuple[dt.date | None, str]:
    """The first standalone date line's date, and the text without that line. A date without a
    year ("21 – 24 October") is no dateline: the year would be a guess."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        date = parse_dateline(line)
        if date is not None:
            return date, "\n".join(lines[:index] + lines[index + 1 :])
    return None, text


_REFERENCE = re.compile(r"^\s*Reference:\s*(?P<reference>\S.*?)\s*$", re.IGNORECASE)


def extract_reference(text: str) -> tuple[str | None, str]:
    """A press release's "Reference: E-183/07" line: the reference, and the text without it."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        match = _REFERENCE.match(line)
        if match:
            return match["reference"], "\n".join(lines[:index] + lines[index + 1 :])
    return None, text


def clean_paragraphs(text: str, corrections: Iterable[tuple[str, str]] = ()) -> list[str]:
    """The whole cleaning pipeline for one document's text, as a list of paragraphs."""
    text = normalize_spaces(text)
    for wrong, right in corrections:
        text = text.replace(wrong, right)
    text = drop_photo_gallery(text)
    text = drop_noise_lines(text)
    text = split_glued_sentences(text)
    return drop_trailing_advert(to_paragraphs(text))


# ---------------------------------------------------------------------------------------------
# Briefings
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BriefingProfile:
    """What the text does not say cleanly: a headline, the source, where the body starts."""

    title: str
    # May use {reference}: the document's "Reference:" line.
    source: str = ""
    topic: str | None = None  # a topic letter, when the briefing is about one topic only
    # The body starts after this paragraph (it and everything before it is header).
    body_starts_after: str | None = None
    corrections: tuple[tuple[str, str], ...] = ()


BRIEFING_PROFILES: dict[str, BriefingProfile] = {
    # INTERPOL's news release on the opening of its 82nd General Assembly (Cartagena, 2013); the
    # text gives "21 – 24 October" but no year, so source_date stays empty.
    "000_b3b2ef12272cbe1a.txt": BriefingProfile(
        title="82nd INTERPOL General Assembly opens in Cartagena de Indias",
        source="INTERPOL press release",
    ),
    # The conference's committee page. Its header (dais, topic titles) is stored as the dais and
    # the topics; the briefing is the background section.
    "001_43b02fb00242df59.txt": BriefingProfile(
        title="INTERPOL: committee background and faculties",
        body_starts_after="Background and faculties",
    ),
    # A law firm's explainer; the firm is not named in the text.
    "002_d14e11947c2c4837.txt": BriefingProfile(
        title="Understanding INTERPOL: origins, how it works and today's challenges",
        corrections=(("Horizon Worldswhose", "Horizon Worlds, whose"),),
    ),
    # A news report; the outlet is not named ("Source link" is all that is left of it). The page
    # is dated June 5, 2020, although the conference it reports on was earlier.
    "003_52aa4a21bc4f8103.txt": BriefingProfile(
        title="INTERPOL brings together international experts in Buenos Aires to stop trafficking",
    ),
    "004_c9ae03c9e650516f.txt": BriefingProfile(
        title="OAS promotes efforts to combat organized transnational crime",
        source="OAS Press Release {reference}",
    ),
}

FALLBACK_TITLE_LENGTH = 120


@dataclass(frozen=True)
class BriefingSeed:
    seed_file: str
    title: str
    source: str
    source_date: dt.date | None
    topic: str | None
    paragraphs: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def fallback_title(paragraphs: list[str]) -> str:
    """The first paragraph (a document's first line), shortened at a word if it is long."""
    first = paragraphs[0] if paragraphs else ""
    if len(first) <= FALLBACK_TITLE_LENGTH:
        return first
    return first[: FALLBACK_TITLE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def drop_title_paragraph(paragraphs: list[str], title: str, within: int = 3) -> list[str]:
    """Remove the document's own headline when it repeats the title (ignoring case: "OAS PROMOTES
    EFFORTS ..."), looking only at the first few paragraphs."""
    wanted = title.casefold().rstrip(".")
    for index, paragraph in enumerate(paragraphs[:within]):
        if paragraph.casefold().rstrip(".") == wanted:
            return paragraphs[:index] + paragraphs[index + 1 :]
    return paragraphs


def start_body_after(paragraphs: list[str], marker: str | None) -> list[str]:
    if marker is None:
        return paragraphs
    for index, paragraph in enumerate(paragraphs):
        if paragraph.casefold() == marker.casefold():
            return paragraphs[index + 1 :]
    return paragraphs


def clean_document(seed_file: str, raw: str) -> BriefingSeed:
    """One seed document as a briefing: title, source, date, topic and clean paragraphs."""
    profile = BRIEFING_PROFILES.get(seed_file)
    date, text = extract_dateline(normalize_spaces(raw))
    reference, text = extract_reference(text)
    paragraphs = clean_paragraphs(text, profile.corrections if profile else ())
    if profile is None:
        title = fallback_title(paragraphs)
        source = f"Reference {reference}" if reference else ""
        topic = None
    else:
        paragraphs = start_body_after(paragraphs, profile.body_starts_after)
        title = profile.title
        source = profile.source.format(reference=reference or "").strip()
        topic = profile.topic
    paragraphs = drop_title_paragraph(paragraphs, title)
    return BriefingSeed(
        seed_file=seed_file,
        title=title,
        source=source,
        source_date=date,
        topic=topic,
        paragraphs=tuple(paragraphs),
    )


# ---------------------------------------------------------------------------------------------
# The committee document: dais and topics
# ---------------------------------------------------------------------------------------------

# Lower-case words that belong to a Spanish (or Portuguese, Dutch, German) surname.
_SURNAME_PARTICLES = {"de", "del", "la", "las", "los", "y", "da", "das", "do", "dos", "van", "von"}


def split_spanish_name(full_name: str) -> tuple[str, str]:
    """(given names, surnames) of a Spanish-style name: the last two words are the paternal and
    maternal surnames, with their particles ("de la Cruz"); at least one given name is kept.
    "Luis Daniel Apolo Díaz Cervantes" -> ("Luis Daniel Apolo", "Díaz Cervantes")."""
    words = full_name.split()
    if len(words) < 2:
        return full_name.strip(), ""
    surnames: list[str] = []
    rest = list(words)
    for _surname in range(2):
        if len(rest) < 2:
            break
        taken = [rest.pop()]
        while len(rest) > 1 and rest[-1].lower() in _SURNAME_PARTICLES:
            taken.insert(0, rest.pop())
        surnames = taken + surnames
    return " ".join(rest), " ".join(surnames)


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits only: "González" -> "gonzalez", "Núñez" -> "nunez"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed.lower() if ch.isascii() and ch.isalnum())


def make_username(first_name: str, last_name: str) -> str:
    """first given name + "." + first surname, in lower-case ASCII: "ana.garcia"."""
    given = ascii_slug(first_name.split()[0]) if first_name.split() else ""
    surname_words = [w for w in last_name.split() if w.lower() not in _SURNAME_PARTICLES]
    surname = ascii_slug(surname_words[0]) if surname_words else ""
    return ".".join(part for part in (given, surname) if part)


@dataclass(frozen=True)
class Person:
    full_name: str
    first_name: str
    last_name: str
    username: str

    @classmethod
    def from_full_name(cls, full_name: str) -> Person:
        full_name = " ".join(full_name.split())
        first, last = split_spanish_name(full_name)
        return cls(full_name, first, last, make_username(first, last))


@dataclass(frozen=True)
class CommitteeSeed:
    seed_file: str
    president: Person
    chairs: tuple[Person, ...]
    topics: tuple[tuple[str, str], ...]  # (letter, title)


_PRESIDENT = re.compile(r"^President:\s*(?P<names>.+)$", re.IGNORECASE | re.MULTILINE)
_CHAIRS = re.compile(r"^Chairs?:\s*(?P<names>.+)$", re.IGNORECASE | re.MULTILINE)
_TOPIC = re.compile(r"^Topic\s+(?P<letter>[A-Z])\)\s*(?P<title>\S.*)$", re.MULTILINE)


def is_committee_document(text: str) -> bool:
    return bool(_PRESIDENT.search(text) and _TOPIC.search(text))


def parse_committee_document(seed_file: str, raw: str) -> CommitteeSeed:
    """The President, the Chairs (comma-separated) and the topics ("Topic A) title")."""
    text = normalize_spaces(raw)
    president = _PRESIDENT.search(text)
    if president is None:
        raise SeedError(f"{seed_file}: no 'President:' line")
    chairs = _CHAIRS.search(text)
    chair_names = [n.strip() for n in chairs["names"].split(",") if n.strip()] if chairs else []
    topics = tuple(
        (match["letter"], " ".join(match["title"].split())) for match in _TOPIC.finditer(text)
    )
    if not topics:
        raise SeedError(f"{seed_file}: no 'Topic A)' lines")
    return CommitteeSeed(
        seed_file=seed_file,
        president=Person.from_full_name(president["names"]),
        chairs=tuple(Person.from_full_name(name) for name in chair_names),
        topics=topics,
    )


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeedDocument:
    seed_file: str
    text: str


def read_seed_documents(seeds_dir: Path) -> list[SeedDocument]:
    if not seeds_dir.is_dir():
        raise SeedError(f"No seeds directory at {seeds_dir}")
    documents = [
        SeedDocument(path.name, path.read_text(encoding="utf-8"))
        for path in sorted(seeds_dir.glob("*.txt"))
    ]
    if not documents:
        raise SeedError(f"No seed documents (*.txt) in {seeds_dir}")
    return documents


def resolve_password(password: str | None = None) -> tuple[str | None, str]:
    """(password, where it came from): the option, else the environment, else None: one
    generated per account."""
    if password:
        return password, "the --password option"
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env, f"${PASSWORD_ENV}"
    return None, "generated per account"


def generate_password() -> str:
    """Twelve characters from an unambiguous alphabet, in three groups: easy to type from paper."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def passwords_path() -> Path:
    return Path(settings.DAIS_STATE_DIR) / PASSWORDS_FILE


def read_generated_passwords() -> dict[str, str]:
    """username -> the password generated for it at its first load (empty if none)."""
    path = passwords_path()
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _keep_generated_passwords(new: dict[str, str]) -> None:
    if not new:
        return
    known = {**read_generated_passwords(), **new}
    path = passwords_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(known, handle, indent=1, sort_keys=True)
    os.replace(temporary, path)


@dataclass
class SeedReport:
    """What a load did: rows created and rows updated (with refresh, or empty translations
    filled in), per kind."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    # (role, username, full name) of the accounts the seeds define, for --show-logins.
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    password_source: str = ""
    # username -> password generated by this run (printed once; see `manage.py seed_passwords`).
    generated_passwords: dict[str, str] = field(default_factory=dict)
    committee_id: int | None = None
    # The seeded committee's rows after the load (what exists, whoever created it).
    totals: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(+self.created or +self.updated)

    def summary(self) -> str:
        def counts(counter: Counter[str]) -> str:
            return ", ".join(_count(n, kind) for kind, n in _in_kind_order(counter)) or "nothing"

        lines = [f"Seeds loaded. Created: {counts(self.created)}. Updated: {counts(self.updated)}."]
        if self.totals:
            lines.append(f"Now: {counts(self.totals)}.")
        return "\n".join(lines)


KINDS = ("conference", "committee", "user", "dais member", "topic", "briefing", "seat")


def _in_kind_order(counter: Counter[str]) -> list[tuple[str, int]]:
    order = {kind: index for index, kind in enumerate(KINDS)}
    return sorted(
        ((kind, n) for kind, n in counter.items() if n), key=lambda item: order.get(item[0], 99)
    )


def _count(n: int, kind: str) -> str:
    return f"{n} {kind}" if n == 1 else f"{n} {kind}s"


ModelT = TypeVar("ModelT", bound=models.Model)

# Seeded translations: filled in on existing rows whose field is still empty (module docstring).
TRANSLATION_SUFFIX = "_es"


def _blank_translations(obj: models.Model, values: dict[str, Any]) -> list[str]:
    """The translation fields of `values` that the seeds fill and `obj` still has empty, when
    the text they translate is still the seeded one (an edited English name keeps no stale
    Spanish one)."""
    blank = []
    for name, value in values.items():
        if not name.endswith(TRANSLATION_SUFFIX) or not value or getattr(obj, name):
            continue
        original = name.removesuffix(TRANSLATION_SUFFIX)
        if original in values and getattr(obj, original) != values[original]:
            continue
        blank.append(name)
    return blank


class _Common(TypedDict):
    """What every `_ensure` call of one load shares."""

    report: SeedReport
    refresh: bool


def _ensure(
    model: type[ModelT],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    kind: str,
    report: SeedReport,
    refresh: bool,
    create_only: dict[str, Any] | None = None,
) -> tuple[ModelT, bool]:
    """The row matching `lookup`: created with `values` and `create_only` (callables are called)
    when missing; with `refresh`, its `values` fields are brought back to the seeded ones;
    without, only its empty translation fields are filled in. Returns (row, created)."""
    manager = model._default_manager
    obj = manager.filter(**lookup).first()
    if obj is None:
        extra = {k: v() if callable(v) else v for k, v in (create_only or {}).items()}
        obj = manager.create(**lookup, **values, **extra)
        report.created[kind] += 1
        return obj, True
    if refresh:
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
    else:
        changed = _blank_translations(obj, values)
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.updated[kind] += 1
    return obj, False


def _unused_join_code() -> str:
    while True:
        code = new_join_code()
        if not Seat.objects.filter(join_code=code).exists():
            return code


def _ensure_user(
    person: Person | None,
    username: str,
    password: str | None,
    *,
    report: SeedReport,
    refresh: bool,
    staff: bool = False,
):
    User = get_user_model()
    values: dict = {}
    if person is not None:
        values.update(first_name=person.first_name, last_name=person.last_name)
    if staff:
        values.update(is_staff=True, is_superuser=True)
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, **values)
        if password is None:
            password = report.generated_passwords[username] = generate_password()
        user.set_password(password)  # only here: an existing account keeps its password
        user.save()
        report.created["user"] += 1
    elif refresh:
        changed = [name for name, value in values.items() if getattr(user, name) != value]
        if changed:
            for name in changed:
                setattr(user, name, values[name])
            user.save(update_fields=changed)
            report.updated["user"] += 1
    return user


def load_seeds(
    seeds_dir: Path | None = None, password: str | None = None, *, refresh: bool = False
) -> SeedReport:
    """Create the demo conference, the INTERPOL committee, its dais accounts, topics, briefings
    and seats from the seed documents. Idempotent; see the module docstring."""
    documents = read_seed_documents(Path(seeds_dir) if seeds_dir is not None else SEEDS_DIR)
    committee_docs = [doc for doc in documents if is_committee_document(doc.text)]
    if not committee_docs:
        raise SeedError("No seed document names the President and the topics ('Topic A)').")
    committee_seed = parse_committee_document(committee_docs[0].seed_file, committee_docs[0].text)
    briefings = [clean_document(doc.seed_file, doc.text) for doc in documents]
    seats = roster()
    password, password_source = resolve_password(password)
    report = SeedReport(password_source=password_source)
    common: _Common = {"report": report, "refresh": refresh}

    with transaction.atomic():
        conference, _ = _ensure(
            Conference,
            {"slug": CONFERENCE["slug"]},
            {"name": CONFERENCE["name"]},
            kind="conference",
            **common,
        )
        committee, committee_created = _ensure(
            Committee,
            {"conference": conference, "slug": COMMITTEE_SLUG},
            dict(COMMITTEE),
            kind="committee",
            create_only={"voting_members": len(seats)},
            **common,
        )
        report.committee_id = committee.pk

        dais = [(DaisMember.Role.PRESIDENT, committee_seed.president)] + [
            (DaisMember.Role.CHAIR, chair) for chair in committee_seed.chairs
        ]
        for order, (role, person) in enumerate(dais):
            user = _ensure_user(person, person.username, password, **common)
            _ensure(
                DaisMember,
                {"committee": committee, "user": user},
                {"role": role, "order": order},
                kind="dais member",
                **common,
            )
            report.logins.append((str(role.label), person.username, person.full_name))
        _ensure_user(None, ORGANIZER_USERNAME, password, staff=True, **common)
        report.logins.append(("Organizer", ORGANIZER_USERNAME, "staff, superuser"))

        topics: dict[str, Topic] = {}
        for order, (letter, title) in enumerate(committee_seed.topics, start=1):
            topics[letter], _ = _ensure(
                Topic,
                {"committee": committee, "letter": letter},
                {
                    "title": title,
                    "title_es": TOPIC_TITLES_ES.get(letter, ""),
                    "summary": TOPIC_SUMMARIES.get(letter, ""),
                    "summary_es": TOPIC_SUMMARIES_ES.get(letter, ""),
                    "order": order,
                },
                kind="topic",
                **common,
            )

        for order, briefing in enumerate(briefings, start=1):
            _ensure(
                Briefing,
                {"committee": committee, "seed_file": briefing.seed_file},
                {
                    "title": briefing.title[:300],
                    "source": briefing.source[:200],
                    "source_date": briefing.source_date,
                    "body": briefing.body,
                    "language": "en",  # every seed document is in English
                    "order": order,
                    "topic": topics.get(briefing.topic) if briefing.topic else None,
                },
                kind="briefing",
                **common,
            )

        seats_created = 0
        for iso_code, country, _region in seats:
            _, created = _ensure(
                Seat,
                {"committee": committee, "iso_code": iso_code},
                {"country": country, "status": Seat.Status.VOTING},
                kind="seat",
                # A join code is handed out once; a revoked (empty) code stays revoked.
                create_only={"join_code": _unused_join_code, "code_issued_at": timezone.now()},
                **common,
            )
            seats_created += created

        if not committee_created and (seats_created or refresh):
            voting = committee.seats.filter(status=Seat.Status.VOTING).count()
            if committee.voting_members != voting:
                committee.voting_members = voting
                committee.save(update_fields=["voting_members"])
                report.updated["committee"] += 1

        _keep_generated_passwords(report.generated_passwords)
        report.totals.update(
            {
                "dais member": committee.dais.count(),
                "topic": committee.topics.count(),
                "briefing": committee.briefings.count(),
                "seat": committee.seats.count(),
            }
        )
    return report
