# ruff: noqa: F811  (the persona fixtures are imported, then named as test arguments)
"""Ready for a room (issue 9): the join address and its QR code, the app's own error pages in the
page's language, flags and country names in the page's language, the bilingual committee,
landing on the console after logging in, the favicon, and what `make run` prints."""

from __future__ import annotations

import json
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path

from tests.personas import seeded_world  # noqa: F401

pytestmark = pytest.mark.django_db

SPANISH: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "es"}


def _boom(request) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", _boom), path("", include("config.urls"))]


def _directory(html: str) -> dict:
    match = re.search(r'<script id="dais-directory" type="application/json">(.*?)</script>', html, re.S)
    assert match, "no directory on the page"
    return json.loads(match.group(1))


# --- the join address ---------------------------------------------------------------------


def test_seat_cards_show_the_public_join_url_and_a_qr_code_per_card(seeded_world, settings):
    settings.DAIS_PUBLIC_URL = "https://dais.example.org"
    client = seeded_world.client("interpol_chair")
    html = client.get(f"/committees/{seeded_world.interpol.pk}/seats/cards/").content.decode()
    assert '<strong class="join-url">https://dais.example.org/join/</strong>' in html
    assert html.count('<span class="join-url">https://dais.example.org/join/</span>') == 45
    assert html.count('<svg viewBox="0 0') == 46  # the join page, and one QR per card
    # A code never wraps in the middle.
    assert '<code class="join-code">' in html
    assert "white-space: nowrap" in open("static/css/dais.css").read()
    # Revoking asks first.
    assert 'data-confirm="Revoke the code of Kenya?' in html


def test_the_network_address_of_make_run_is_the_join_url(seeded_world, settings):
    settings.DAIS_PUBLIC_URL = ""
    settings.DAIS_BIND = "192.168.7.20"
    settings.DAIS_PORT = "8000"
    html = Client().get("/join/").content.decode()
    assert "http://192.168.7.20:8000/join/" in html
    assert '<svg viewBox="0 0' in html
    settings.DAIS_BIND = "127.0.0.1"  # make dev: the address the browser used
    html = Client().get("/join/").content.decode()
    assert "http://testserver/join/" in html


def test_the_chair_console_shows_the_join_url(seeded_world, settings):
    settings.DAIS_PUBLIC_URL = "http://10.0.0.5:8000"
    client = seeded_world.client("interpol_chair")
    html = client.get(f"/committees/{seeded_world.interpol.pk}/chair/").content.decode()
    assert "http://10.0.0.5:8000/join/" in html
    assert '<svg viewBox="0 0' in html


def test_the_room_banner_prints_the_join_url_and_a_terminal_qr_code(seeded_world, settings):
    settings.DAIS_PUBLIC_URL = ""
    settings.DAIS_BIND = "0.0.0.0"
    settings.DAIS_PORT = "8123"
    out = StringIO()
    call_command("room_banner", stdout=out)
    text = out.getvalue()
    found = re.search(r"Delegates open:\s+(\S+)", text)
    assert found is not None, text
    join = found.group(1)
    assert join.endswith(":8123/join/") and "127.0.0.1" not in join
    assert "make run HOST=127.0.0.1" in text
    assert "█" in text or "▀" in text  # the QR code, in block characters
    settings.DAIS_BIND = "127.0.0.1"
    out = StringIO()
    call_command("room_banner", stdout=out)
    assert "http://127.0.0.1:8123/join/" in out.getvalue()
    assert "this machine only" in out.getvalue()


# --- error pages ----------------------------------------------------------------------------


def test_a_wrong_url_shows_our_own_404_in_the_page_language():
    response = Client().get("/no/such/page/", **SPANISH)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Página no encontrada" in html
    assert 'lang="es"' in html
    assert "URLconf" not in html and "urlpatterns" not in html
    english = Client().get("/no/such/page/").content.decode()
    assert "Page not found" in english


def test_a_forbidden_page_shows_our_own_403(seeded_world):
    client = seeded_world.client("unodc_chair")
    response = client.get(f"/committees/{seeded_world.interpol.pk}/chair/", **SPANISH)
    assert response.status_code == 403
    assert "No permitido" in response.content.decode()


@pytest.mark.urls("tests.test_room")
def test_a_server_error_shows_our_own_500_in_the_page_language():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", **SPANISH)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Algo salió mal" in html
    assert "a bug" not in html and "Traceback" not in html


# --- countries, flags, the committee in both languages --------------------------------------


def test_country_names_and_order_follow_the_page_language(seeded_world):
    client = seeded_world.client("interpol_chair")
    url = f"/committees/{seeded_world.interpol.pk}/chair/"
    spanish = _directory(client.get(url, **SPANISH).content.decode())
    names = [s["country"] for s in spanish["seats"]]
    assert "Brasil" in names and "Brazil" not in names
    assert "República de Corea" in names and "Alemania" in names
    assert names.index("Egipto") < names.index("Emiratos Árabes Unidos") < names.index("España")
    assert names[0] == "Alemania"
    english = _directory(client.get(url).content.decode())
    names = [s["country"] for s in english["seats"]]
    assert names[0] == "Argentina" and "Republic of Korea" in names
    brazil = next(s for s in english["seats"] if s["iso"] == "BR")
    assert brazil["flag_url"] == "/static/flags/4x3/br.svg"
    assert "flag" not in brazil  # no emoji flags any more
    assert spanish["committee"]["name"] == "Asamblea General de INTERPOL"
    assert spanish["topics"][0]["title"].startswith("Estrategias para combatir")


def test_pages_show_flag_images_with_the_country_name(seeded_world):
    html = Client().get(f"/committees/{seeded_world.interpol.pk}/", **SPANISH).content.decode()
    assert re.search(r'<img class="flag" src="/static/flags/4x3/br.svg" alt="" [^>]*> Brasil', html)
    assert "Asamblea General de INTERPOL" in html
    assert "Estrategias para combatir" in html
    assert "Los medicamentos falsificados" in html
    assert "En inglés" in html  # briefings say their language
    assert html.index("Alemania") < html.index("Brasil") < html.index("Chequia")


def test_the_delegate_page_names_the_seat_in_the_page_language(seeded_world):
    client = seeded_world.client("japan")
    html = client.get("/delegate/", **SPANISH).content.decode()
    assert "<h1 id=\"me-title\">Japón</h1>" in html
    assert 'src="/static/flags/4x3/jp.svg"' in html


def test_every_seat_has_a_vendored_flag(seeded_world):
    from django.contrib.staticfiles import finders

    for seat in seeded_world.interpol.seats.all():
        assert finders.find(f"flags/4x3/{seat.iso_code.lower()}.svg"), seat.iso_code
    assert finders.find("flags/LICENSE")


def test_the_home_page_names_the_committee_once(seeded_world):
    html = Client().get("/").content.decode()
    assert "INTERPOL INTERPOL" not in re.sub(r"<[^>]+>", "", html).replace("\n", " ")
    assert "INTERPOL General Assembly" in html


# --- landing, favicon -----------------------------------------------------------------------


def test_a_chair_lands_on_the_console_and_an_organizer_on_the_organizer_page(seeded_world):
    chair = seeded_world.client("interpol_chair")
    assert chair.get("/accounts/start/")["Location"] == (
        f"/committees/{seeded_world.interpol.pk}/chair/"
    )
    organizer = seeded_world.client("organizer")
    assert organizer.get("/accounts/start/")["Location"] == (
        f"/conferences/{seeded_world.conference.pk}/organize/"
    )


def test_pages_have_a_favicon():
    html = Client().get("/").content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    response = Client().get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/img/favicon.svg"


def test_templates_have_no_inline_scripts_or_style_attributes():
    from pathlib import Path

    for template in Path("templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template
        assert " style=" not in text, template
        assert not re.search(r"\son[a-z]+=", text), template


def test_join_codes_never_wrap_in_the_middle(seeded_world):
    html = Client().get("/join/").content.decode()
    assert '<span class="join-code">K7QM-3XPA-RT9D</span>' in html
    client = seeded_world.client("interpol_chair")
    kenya = seeded_world.kenya
    response = client.post(
        f"/committees/{seeded_world.interpol.pk}/seats/{kenya.pk}/reissue/", follow=True
    )
    kenya.refresh_from_db()
    assert f'<span class="join-code">{kenya.join_code}</span>' in response.content.decode()


def test_the_nowrap_filter_escapes_what_it_is_given():
    from committee.templatetags.dais import nowrap_codes

    assert nowrap_codes("<b>ABCD-EFGH-JKMN</b>") == (
        '&lt;b&gt;<span class="join-code">ABCD-EFGH-JKMN</span>&lt;/b&gt;'
    )


def test_refusals_name_countries_in_the_language_of_the_socket(seeded_world):
    from django.utils import translation

    from committee.services import live_context

    brazil = seeded_world.interpol.seats.get(iso_code="BR")
    with translation.override("es"):
        assert live_context(seeded_world.interpol).country(brazil.pk) == "Brasil"
    with translation.override("en"):
        assert live_context(seeded_world.interpol).country(brazil.pk) == "Brazil"
