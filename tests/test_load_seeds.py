"""The seed loader: cleaning functions (pure), the roster, and `load_seeds` against the database."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from committee import seeding
from committee.models import Briefing, Committee, Conference, DaisMember, Seat, Topic
from committee.seats import normalize_join_code
from committee.seeding import (
    clean_document,
    clean_paragraphs,
    drop_noise_lines,
    drop_photo_gallery,
    drop_title_paragraph,
    drop_trailing_advert,
    extract_dateline,
    extract_reference,
    fallback_title,
    fix_spacing,
    load_seeds,
    make_username,
    normalize_bullet,
    normalize_spaces,
    parse_committee_document,
    parse_dateline,
    split_glued_sentences,
    split_spanish_name,
    start_body_after,
    to_paragraphs,
)

SEEDS = Path(settings.BASE_DIR) / "seeds"
User = get_user_model()

TOPIC_A = (
    "Strategies to combat illicit attacks due to the business and sale of counterfeit medicines "
    "in Africa, with emphasis on improving security measures and regulatory compliance"
)
TOPIC_B = (
    "Actions to counter cybercrime and cyber attacks in the Asia-Pacific region, focusing on the "
    "strength and enhancement of cybersecurity measures"
)
DAIS = [
    ("president", 0, "ana.garcia", "Ana Paula", "García López"),
    ("chair", 1, "christopher.torres", "Christopher Dean", "Torres Cinco"),
    ("chair", 2, "ximena.gonzalez", "Ximena Valeria", "González García"),
    ("chair", 3, "fausto.moreno", "Fausto", "Moreno Hurtado"),
    ("chair", 4, "carmen.casas", "Carmen Alejandra", "Casas Butrón"),
    ("chair", 5, "luis.diaz", "Luis Daniel Apolo", "Díaz Cervantes"),
]
BRIEFINGS = [
    (
        "000_b3b2ef12272cbe1a.txt",
        "82nd INTERPOL General Assembly opens in Cartagena de Indias",
        "INTERPOL press release",
        None,
    ),
    ("001_43b02fb00242df59.txt", "INTERPOL: committee background and faculties", "", None),
    (
        "002_d14e11947c2c4837.txt",
        "Understanding INTERPOL: origins, how it works and today's challenges",
        "",
        None,
    ),
    (
        "003_52aa4a21bc4f8103.txt",
        "INTERPOL brings together international experts in Buenos Aires to stop trafficking",
        "",
        dt.date(2020, 6, 5),
    ),
    (
        "004_c9ae03c9e650516f.txt",
        "OAS promotes efforts to combat organized transnational crime",
        "OAS Press Release E-183/07",
        dt.date(2007, 7, 26),
    ),
]


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def no_password_env(monkeypatch):
    monkeypatch.delenv(seeding.PASSWORD_ENV, raising=False)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- cleaning functions ---------------------------------------------------------------------


def test_normalize_spaces():
    text = "a\u00a0b\tc\u200b  \r\n    indented  \r\nend\u202f"
    assert normalize_spaces(text) == "a b c\n    indented\nend"


def test_drop_photo_gallery_removes_captions_and_counter():
    text = (
        "Lede paragraph.\n"
        "        \n"
        "            Caption one.\n"
        "    \n"
        "            Caption two.\n"
        "                    1 /\n"
        "                    24\n"
        "                \n"
        "Article text."
    )
    assert drop_photo_gallery(text).split() == ["Lede", "paragraph.", "Article", "text."]


def test_drop_photo_gallery_leaves_text_without_counter_alone():
    text = "Intro:\n\n  • an indented bullet\n\n  • another"
    assert drop_photo_gallery(text) == text


def test_drop_noise_lines():
    text = "\n".join(
        [
            "top of page",
            "Media Center",
            "Press Release",
            "Kept line.",
            "policia-interpol-politica-internacional-seguridad-defensa-1.png",
            ". (tagsToTranslate) Interpol (t) international experts",
            "Source link",
            "bottom of page",
        ]
    )
    assert drop_noise_lines(text) == "Kept line."


def test_split_glued_sentences():
    assert split_glued_sentences("and cybercrime.Opening the") == "and cybercrime.\n\nOpening the"
    assert split_glued_sentences("Ballestrazzi.“The idea") == "Ballestrazzi.\n\n“The idea"
    assert split_glued_sentences("safer world’”.INTERPOL") == "safer world’”.\n\nINTERPOL"
    for unchanged in ("Ronald K. Noble", "the U.S.A today", "version 3.5 of", "E-183/07."):
        assert split_glued_sentences(unchanged) == unchanged


def test_fix_spacing():
    assert fix_spacing("to cooperate , regardless") == "to cooperate, regardless"
    assert fix_spacing("said: “ For almost") == "said: “For almost"
    assert fix_spacing("internationally,”said  President") == "internationally,” said President"
    assert fix_spacing("  many   spaces\n inside ") == "many spaces inside"


def test_normalize_bullet():
    assert normalize_bullet("  • Provide training.") == "• Provide training."
    assert normalize_bullet("- Neutrality: text") == "• Neutrality: text"
    assert normalize_bullet("-5 degrees") == "-5 degrees"
    assert normalize_bullet("Plain line") == "Plain line"


def test_to_paragraphs():
    text = (
        "First paragraph.\n\n\nSecond line one.\nThird on its own line.\n"
        "A wrapped line without a stop\ncontinues here.\n"
        "Capacities:\n  • one\n  • two\n- three"
    )
    assert to_paragraphs(text) == [
        "First paragraph.",
        "Second line one.",
        "Third on its own line.",
        "A wrapped line without a stop continues here.",
        "Capacities:",
        "• one",
        "• two",
        "• three",
    ]


def test_drop_trailing_advert():
    paragraphs = [
        "Real text.",
        "If you would like more information, please contact us through our form.",
    ]
    assert drop_trailing_advert(paragraphs) == ["Real text."]
    assert drop_trailing_advert(["Contact us.", "Real text."]) == ["Contact us.", "Real text."]


def test_parse_dateline():
    assert parse_dateline("June 5, 2020") == dt.date(2020, 6, 5)
    assert parse_dateline("     July 26, 2007") == dt.date(2007, 7, 26)
    assert parse_dateline("5 June 2020") == dt.date(2020, 6, 5)
    assert parse_dateline("Sept. 10, 2019") == dt.date(2019, 9, 10)
    assert parse_dateline("21 – 24 October") is None
    assert parse_dateline("in October, 2006 which") is None
    assert parse_dateline("Smarch 5, 2020") is None
    assert parse_dateline("February 30, 2020") is None


def test_extract_dateline_removes_the_line():
    date, text = extract_dateline("June 5, 2020\n\nHeadline\n\nIn November 2018, things.")
    assert date == dt.date(2020, 6, 5)
    assert text == "\nHeadline\n\nIn November 2018, things."
    assert extract_dateline("The four-day conference (21 – 24 October)") == (
        None,
        "The four-day conference (21 – 24 October)",
    )


def test_extract_reference():
    assert extract_reference("Text.\n\nReference: E-183/07") == ("E-183/07", "Text.\n")
    assert extract_reference("No reference here.") == (None, "No reference here.")


def test_titles_and_body_start():
    assert drop_title_paragraph(["OAS PROMOTES EFFORTS", "Body."], "OAS promotes efforts") == [
        "Body."
    ]
    assert drop_title_paragraph(["Body."], "Other") == ["Body."]
    assert start_body_after(["INTERPOL", "Background", "Text."], "background") == ["Text."]
    assert fallback_title(["Short first line", "Body."]) == "Short first line"
    long_title = fallback_title(["word " * 60])
    assert long_title.endswith("…") and len(long_title) <= seeding.FALLBACK_TITLE_LENGTH


def test_unknown_seed_file_falls_back_to_first_line():
    briefing = clean_document("999_new.txt", "A new headline\n\nBody text.\n\nReference: X-1/26")
    assert briefing.title == "A new headline"
    assert briefing.paragraphs == ("Body text.",)
    assert briefing.source == "Reference X-1/26"


def test_split_spanish_name():
    assert split_spanish_name("Ana Paula García López") == ("Ana Paula", "García López")
    assert split_spanish_name("Fausto Moreno Hurtado") == ("Fausto", "Moreno Hurtado")
    assert split_spanish_name("Luis Daniel Apolo Díaz Cervantes") == (
        "Luis Daniel Apolo",
        "Díaz Cervantes",
    )
    assert split_spanish_name("María de la Cruz Pérez") == ("María", "de la Cruz Pérez")
    assert split_spanish_name("Juan Pérez") == ("Juan", "Pérez")
    assert split_spanish_name("Madonna") == ("Madonna", "")


def test_make_username():
    assert make_username("Ximena Valeria", "González García") == "ximena.gonzalez"
    assert make_username("Luis Daniel Apolo", "Díaz Cervantes") == "luis.diaz"
    assert make_username("María", "de la Cruz Pérez") == "maria.cruz"
    assert make_username("José", "Núñez") == "jose.nunez"


def test_parse_committee_document():
    committee = parse_committee_document("001", seed_text("001_43b02fb00242df59.txt"))
    assert committee.president.full_name == "Ana Paula García López"
    assert [c.username for c in committee.chairs] == [row[2] for row in DAIS[1:]]
    assert committee.topics == (("A", TOPIC_A), ("B", TOPIC_B))


def test_clean_paragraphs_of_the_gallery_seed():
    paragraphs = clean_paragraphs(seed_text("000_b3b2ef12272cbe1a.txt"))
    body = "\n\n".join(paragraphs)
    assert paragraphs[0].startswith("CARTAGENA DE INDIAS, Colombia – The need for new strategies")
    assert paragraphs[1].endswith("arms trafficking and cybercrime.")
    assert paragraphs[2].startswith("Opening the INTERPOL General Assembly")
    assert "Colombian dancers perform" not in body  # a photo caption
    assert "1 /" not in body
    assert "cybercrime.Opening" not in body
    assert "” said President Calderón." in body
    assert paragraphs[-1].endswith("designated INTERPOL databases.")


def test_roster():
    rows = seeding.roster()
    codes = [code for code, _name, _region in rows]
    names = {name for _code, name, _region in rows}
    assert 38 <= len(rows) <= 48
    assert len(set(codes)) == len(codes)
    assert {"Kenya", "Japan", "Colombia", "Argentina", "Mexico", "France", "Czechia"} <= names
    assert {"Republic of Korea", "Tanzania", "Viet Nam", "Türkiye", "Côte d'Ivoire"} <= names
    assert not any("," in name for name in names)
    regions = {region for _code, _name, region in rows}
    assert regions == {"Africa", "Americas", "Asia-Pacific", "Europe", "Middle East"}
    assert sum(region == "Africa" for *_x, region in rows) >= 8
    assert sum(region == "Asia-Pacific" for *_x, region in rows) >= 8


def test_country_names_follow_one_rule():
    assert seeding.country_name("BO") == "Bolivia"
    assert seeding.country_name("IR") == "Iran"
    assert seeding.country_name("RU") == "Russian Federation"
    with pytest.raises(seeding.SeedError):
        seeding.country_name("XX")


# --- the loader -----------------------------------------------------------------------------


def snapshot() -> dict:
    """Every row the loader writes, with the fields that matter."""
    return {
        "conferences": list(Conference.objects.values_list("pk", "slug", "name")),
        "committees": list(Committee.objects.values()),
        "users": list(
            User.objects.order_by("pk").values_list(
                "pk", "username", "first_name", "last_name", "password", "is_staff"
            )
        ),
        "dais": list(DaisMember.objects.values_list("pk", "user_id", "role", "order")),
        "topics": list(Topic.objects.values()),
        "briefings": list(Briefing.objects.values()),
        "seats": list(Seat.objects.order_by("pk").values()),
    }


@pytest.mark.django_db
def test_load_seeds_creates_everything():
    report = load_seeds()
    assert report.created["conference"] == 1
    assert report.created["user"] == 7
    assert not report.updated

    conference = Conference.objects.get()
    assert (conference.slug, conference.name) == ("dais-mun-2026", "Dais Model United Nations 2026")
    committee = Committee.objects.get()
    assert committee.conference == conference
    assert committee.slug == "interpol"
    assert committee.abbreviation == "INTERPOL"
    assert committee.name == "INTERPOL General Assembly"
    assert committee.formal_name == "The INTERPOL General Assembly"
    assert committee.rule_profile == "unausa"
    assert committee.voting_members == Seat.objects.filter(status="voting").count() > 0


@pytest.mark.django_db
def test_dais_accounts():
    load_seeds()
    dais = list(DaisMember.objects.select_related("user").order_by("order"))
    assert [
        (m.role, m.order, m.user.username, m.user.first_name, m.user.last_name) for m in dais
    ] == DAIS
    assert dais[0].display_name == "Ana Paula García López"
    generated = seeding.read_generated_passwords()
    for member in dais:
        assert member.user.check_password(generated[member.user.username])
        assert not member.user.is_staff
    organizer = User.objects.get(username="organizer")
    assert organizer.is_staff and organizer.is_superuser
    assert organizer.check_password(generated["organizer"])


@pytest.mark.django_db
def test_every_seed_account_gets_its_own_generated_password(state_dir):
    report = load_seeds()
    generated = seeding.read_generated_passwords()
    assert report.generated_passwords == generated
    assert set(generated) == {username for _role, username, _who in report.logins}
    assert len(set(generated.values())) == len(generated)  # one per account, none shared
    assert all(len(password) >= 12 for password in generated.values())
    assert oct((state_dir / seeding.PASSWORDS_FILE).stat().st_mode & 0o777) == "0o600"
    # A second load creates nothing, generates nothing and keeps the file.
    assert load_seeds().generated_passwords == {}
    assert seeding.read_generated_passwords() == generated


@pytest.mark.django_db
def test_generated_passwords_are_printed_once_and_retrievable():
    out = StringIO()
    call_command("load_seeds", "--show-logins", stdout=out)
    generated = seeding.read_generated_passwords()
    assert generated["ana.garcia"] in out.getvalue()
    out = StringIO()
    call_command("load_seeds", "--show-logins", stdout=out)
    assert generated["ana.garcia"] not in out.getvalue()
    out = StringIO()
    call_command("seed_passwords", stdout=out)
    assert "ana.garcia" in out.getvalue() and generated["ana.garcia"] in out.getvalue()
    user = User.objects.get(username="ana.garcia")
    user.set_password("changed-by-ana")
    user.save()
    out = StringIO()
    call_command("seed_passwords", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if line.startswith("ana.garcia"))
    assert "changed since" in line


@pytest.mark.django_db
def test_no_passwords_are_generated_when_the_environment_sets_one(monkeypatch):
    monkeypatch.setenv(seeding.PASSWORD_ENV, "from-the-env-123")
    assert load_seeds().generated_passwords == {}
    assert seeding.read_generated_passwords() == {}
    out = StringIO()
    call_command("seed_passwords", stdout=out)
    assert "No generated passwords" in out.getvalue()


@pytest.mark.django_db
def test_topics():
    load_seeds()
    topics = list(Topic.objects.order_by("order"))
    assert [(t.letter, t.order, t.title) for t in topics] == [("A", 1, TOPIC_A), ("B", 2, TOPIC_B)]
    assert "Africa" in topics[0].summary and "medicines" in topics[0].summary
    assert "Asia-Pacific" in topics[1].summary and "cyber" in topics[1].summary
    for topic in topics:
        assert 2 <= topic.summary.count(". ") + 1 <= 3


@pytest.mark.django_db
def test_briefings():
    load_seeds()
    briefings = list(Briefing.objects.order_by("order"))
    assert [(b.seed_file, b.title, b.source, b.source_date) for b in briefings] == BRIEFINGS
    assert [b.order for b in briefings] == [1, 2, 3, 4, 5]
    assert all(b.topic is None for b in briefings)
    for briefing in briefings:
        body = briefing.body
        assert body == body.strip()
        assert "\n\n\n" not in body
        assert re.search(r"[ \t\u00a0]{2,}", body) is None, briefing.seed_file
        assert all("\n" not in p for p in briefing.paragraphs)
        for noise in (
            "1 /",
            "Source link",
            "tagsToTranslate",
            "top of page",
            "bottom of page",
            ".png",
            "Media Center",
            "contact us",
            "Reference:",
        ):
            assert noise not in body, (briefing.seed_file, noise)
        assert briefing.title not in body

    gallery, committee_page, explainer, trafficking, oas = briefings
    assert len(gallery.paragraphs) >= 10
    assert "Minister of National Defence of Colombia, took part" not in gallery.body  # a caption
    bullets = [p for p in committee_page.paragraphs if p.startswith("• ")]
    assert len(bullets) == 6
    assert "President:" not in committee_page.body
    assert "• Neutrality: " in explainer.body
    assert explainer.paragraphs[-1].startswith("In this sense, experts affirm")
    assert "June 5, 2020" not in trafficking.body
    assert trafficking.paragraphs[0].startswith('The "business model"')
    assert oas.paragraphs[0].startswith("The first meeting of the Organization of American States")
    assert "OAS PROMOTES" not in oas.body


@pytest.mark.django_db
def test_roster_seats():
    load_seeds()
    seats = list(Seat.objects.all())
    assert 38 <= len(seats) <= 48
    countries = {seat.country for seat in seats}
    assert {"Kenya", "Japan", "Colombia", "Argentina", "Mexico", "France"} <= countries
    assert len({seat.iso_code for seat in seats}) == len(seats)
    codes = [seat.join_code for seat in seats]
    assert all(codes) and len(set(codes)) == len(codes)
    assert all(normalize_join_code(code) == code for code in codes)
    assert all(seat.status == Seat.Status.VOTING for seat in seats)
    assert all(seat.code_issued_at is not None for seat in seats)
    assert Seat.objects.get(iso_code="KE").country == "Kenya"
    assert Seat.objects.get(iso_code="JP").flag == "🇯🇵"


@pytest.mark.django_db
def test_idempotent():
    load_seeds()
    first = snapshot()
    report = load_seeds()
    assert not report.changed
    assert snapshot() == first


@pytest.mark.django_db
def test_idempotent_keeps_edits_and_codes_unless_refresh():
    load_seeds()
    topic = Topic.objects.get(letter="A")
    topic.summary = "Edited by an organizer."
    topic.save()
    seat = Seat.objects.get(iso_code="KE")
    code = seat.join_code
    Seat.objects.filter(iso_code="JP").update(join_code="")  # revoked by a chair
    ana = User.objects.get(username="ana.garcia")
    ana.set_password("her-own-password")
    ana.save()

    assert not load_seeds(password="another").changed
    assert Topic.objects.get(letter="A").summary == "Edited by an organizer."
    assert Seat.objects.get(iso_code="JP").join_code == ""

    report = load_seeds(password="another", refresh=True)
    assert report.updated["topic"] == 1
    assert not report.created
    assert Topic.objects.get(letter="A").summary == seeding.TOPIC_SUMMARIES["A"]
    assert Seat.objects.get(iso_code="KE").join_code == code
    assert Seat.objects.get(iso_code="JP").join_code == ""
    assert User.objects.get(username="ana.garcia").check_password("her-own-password")


@pytest.mark.django_db
def test_missing_rows_are_recreated_without_touching_the_rest():
    load_seeds()
    before = {s.iso_code: s.join_code for s in Seat.objects.all()}
    Seat.objects.filter(iso_code="KE").delete()
    Briefing.objects.filter(seed_file="002_d14e11947c2c4837.txt").delete()
    report = load_seeds()
    assert report.created == {"seat": 1, "briefing": 1}
    after = {s.iso_code: s.join_code for s in Seat.objects.all()}
    assert after.keys() == before.keys()
    assert after["KE"] != before["KE"]
    assert {k: v for k, v in after.items() if k != "KE"} == {
        k: v for k, v in before.items() if k != "KE"
    }


@pytest.mark.django_db
def test_password_option_wins_over_env(monkeypatch):
    monkeypatch.setenv(seeding.PASSWORD_ENV, "from-the-env")
    load_seeds(password="from-the-option")
    assert User.objects.get(username="luis.diaz").check_password("from-the-option")


@pytest.mark.django_db
def test_password_from_env(monkeypatch):
    monkeypatch.setenv(seeding.PASSWORD_ENV, "from-the-env")
    load_seeds()
    assert User.objects.get(username="organizer").check_password("from-the-env")


@pytest.mark.django_db
def test_password_is_never_reset():
    load_seeds()
    hashes = dict(User.objects.values_list("username", "password"))
    load_seeds(password="something-else")
    assert dict(User.objects.values_list("username", "password")) == hashes
    assert User.objects.get(username="ana.garcia").check_password(
        seeding.read_generated_passwords()["ana.garcia"]
    )


@pytest.mark.django_db
def test_command_output_and_password_option():
    out = StringIO()
    call_command("load_seeds", "--password", "s3cret-pass", "--show-logins", stdout=out)
    text = out.getvalue()
    assert "Created: 1 conference, 1 committee, 7 users, 6 dais members, 2 topics" in text
    assert f"{len(seeding.roster())} seats" in text
    for _role, _order, username, *_names in DAIS:
        assert username in text
    assert "organizer" in text
    assert "--password" in text
    assert "s3cret-pass" not in text
    assert User.objects.get(username="carmen.casas").check_password("s3cret-pass")

    out = StringIO()
    call_command("load_seeds", stdout=out)
    assert "Created: nothing. Updated: nothing." in out.getvalue()
    assert "Now: 6 dais members, 2 topics, 5 briefings" in out.getvalue()


@pytest.mark.django_db
def test_command_reports_missing_seeds(tmp_path):
    with pytest.raises(CommandError):
        call_command("load_seeds", "--seeds-dir", str(tmp_path), stdout=StringIO())
    assert not Conference.objects.exists()


@pytest.mark.django_db
def test_a_plain_load_fills_empty_spanish_fields_and_keeps_edits():
    """An older database (English only) gets the seeded Spanish at its next `make run`; what an
    organizer wrote, in either language, is kept."""
    load_seeds()
    Committee.objects.update(name_es="", formal_name_es="")
    Topic.objects.filter(letter="A").update(title_es="", summary_es="")
    # Topic B: an organizer wrote their own Spanish title and edited the English summary.
    Topic.objects.filter(letter="B").update(
        title_es="Título propio", summary="Edited by an organizer.", summary_es=""
    )

    report = load_seeds()
    assert report.updated == {"committee": 1, "topic": 1}  # topic B keeps its edits
    assert not report.created
    committee = Committee.objects.get()
    assert committee.name_es == seeding.COMMITTEE["name_es"]
    assert committee.formal_name_es == seeding.COMMITTEE["formal_name_es"]
    a = Topic.objects.get(letter="A")
    assert (a.title_es, a.summary_es) == (
        seeding.TOPIC_TITLES_ES["A"],
        seeding.TOPIC_SUMMARIES_ES["A"],
    )
    b = Topic.objects.get(letter="B")
    assert b.title_es == "Título propio"
    assert b.summary == "Edited by an organizer."
    assert b.summary_es == ""  # no Spanish for an English text the seeds did not write

    first = snapshot()
    assert not load_seeds().changed
    assert snapshot() == first


@pytest.mark.django_db
def test_a_plain_load_keeps_an_edited_spanish_name():
    load_seeds()
    Committee.objects.update(name_es="Asamblea General (editada)")
    assert not load_seeds().changed
    assert Committee.objects.get().name_es == "Asamblea General (editada)"
