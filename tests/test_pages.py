# ruff: noqa: F811  (the persona fixtures are imported, then named as test arguments)
"""Pages with bad input (404s, not 500s; forms that say what is wrong and keep what was typed)
and the pages of the seeded INTERPOL committee."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.personas import World, seeded_world, world  # noqa: F401

pytestmark = pytest.mark.django_db

MISSING = 987654
HUGE = 10**20  # beyond any database integer


def _unknown_urls(w: World, missing: int) -> list[str]:
    c, b, s = w.interpol.pk, w.briefing.pk, w.kenya.pk
    return [
        f"/committees/{missing}/",
        f"/committees/{missing}/briefings/{b}/",
        f"/committees/{c}/briefings/{missing}/",
        f"/committees/{c}/briefings/{w.unodc_briefing.pk}/",  # a briefing of another committee
        f"/committees/{missing}/chair/",
        f"/committees/{missing}/projector/",
        f"/committees/{missing}/seats/cards/",
        f"/conferences/{missing}/organize/",
    ] + [
        f"/committees/{missing}/seats/{s}/revoke/",
        f"/committees/{c}/seats/{missing}/revoke/",
        f"/committees/{c}/seats/{missing}/reissue/",
    ]


@pytest.mark.parametrize("missing", [MISSING, HUGE])
@pytest.mark.parametrize("persona", ["organizer", "interpol_chair", "outsider"])
def test_it_answers_404_for_unknown_ids(world, persona, missing):
    client = world.client(persona)
    for url in _unknown_urls(world, missing):
        method = client.post if url.endswith(("/revoke/", "/reissue/")) else client.get
        response = method(url)
        if persona == "outsider" and response.status_code == 302:
            continue  # login first (tests/test_permissions.py); never a 500
        if persona == "interpol_chair" and "/organize/" in url:
            assert response.status_code in (403, 404), url
            continue
        assert response.status_code == 404, (persona, url, response.status_code)


def test_it_answers_404_for_ids_that_are_not_numbers(world):
    client = world.client("organizer")
    for url in ("/committees/abc/", f"/committees/{world.interpol.pk}/briefings/x/", "/conferences/-1/organize/"):
        assert client.get(url).status_code == 404, url


def test_it_shows_what_is_wrong_with_a_code_and_keeps_it(world):
    response = Client().post("/join/", {"code": "k7qm 3xpa wrong"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="k7qm 3xpa wrong"' in html
    assert 'role="alert"' in html
    assert "That code is not valid." in html


@pytest.mark.parametrize(
    ("typed", "shown", "message"),
    [
        ("X" * 60, "X" * 60, "Ensure this value has at most 40 characters (it has 60)."),
        ('<b onmouseover="x">', "&lt;b onmouseover=&quot;x&quot;&gt;", "That code is not valid."),
    ],
)
def test_it_keeps_odd_input_escaped_and_says_why(world, typed, shown, message):
    html = Client().post("/join/", {"code": typed}).content.decode()
    assert f'value="{shown}"' in html
    assert message in html
    assert typed not in html or typed == shown


def test_it_asks_for_a_code_when_none_was_typed(world):
    response = Client().post("/join/", {"code": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_it_refuses_a_join_without_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/join/", {"code": world.kenya.join_code})
    assert response.status_code == 403
    assert client.get("/delegate/")["Location"] == "/join/"


def test_it_joins_through_the_form_with_its_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/join/").content.decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, "the join form carries a CSRF token"
    token = found.group(1)
    response = client.post("/join/", {"code": world.kenya.join_code, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.get("/delegate/").status_code == 200


# ---------------------------------------------------------------------------------------------
# The seeded INTERPOL committee


def test_it_keeps_the_username_after_a_wrong_password(seeded_world):
    response = Client().post(
        "/accounts/login/", {"username": "ana.garcia", "password": "not-the-password"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="ana.garcia"' in html
    assert 'role="alert"' in html


def test_it_logs_the_president_in_and_opens_the_console(seeded_world):
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "ana.garcia", "password": "interpol-2026"}
    )
    assert response.status_code == 302
    landing = client.get(response["Location"])
    assert landing.status_code == 302
    assert landing["Location"] == f"/committees/{seeded_world.interpol.pk}/chair/"
    console = client.get(f"/committees/{seeded_world.interpol.pk}/chair/")
    assert console.status_code == 200
    assert 'id="presence"' in console.content.decode()


def test_it_lists_interpol_on_the_landing_page(seeded_world):
    html = Client().get("/").content.decode()
    assert f'href="/committees/{seeded_world.interpol.pk}/"' in html
    assert "INTERPOL" in html


def test_it_shows_the_seeded_committee_home(seeded_world):
    response = Client().get(f"/committees/{seeded_world.interpol.pk}/")
    assert response.status_code == 200
    assert len(response.context["seats"]) == 45
    html = response.content.decode()
    assert "Kenya" in html and "Japan" in html
    # Join codes are for the dais: the public page never shows them.
    assert seeded_world.kenya.join_code not in html


def test_it_shows_a_seeded_briefing(seeded_world):
    briefing = seeded_world.briefing
    response = Client().get(f"/committees/{seeded_world.interpol.pk}/briefings/{briefing.pk}/")
    assert response.status_code == 200
    assert response.context["briefing"] == briefing


def test_it_prints_45_seat_cards_for_the_president(seeded_world):
    response = seeded_world.client("interpol_chair").get(
        f"/committees/{seeded_world.interpol.pk}/seats/cards/"
    )
    assert response.status_code == 200
    assert len(response.context["cards"]) == 45
    html = response.content.decode()
    assert seeded_world.kenya.join_code in html
    assert html.count("<svg") >= 45


def test_it_shows_the_organizer_page_to_the_seeded_organizer(seeded_world):
    response = seeded_world.client("organizer").get(
        f"/conferences/{seeded_world.conference.pk}/organize/"
    )
    assert response.status_code == 200
    assert "INTERPOL" in response.content.decode()


def test_it_shows_the_projector_to_anyone(seeded_world):
    assert Client().get(f"/committees/{seeded_world.interpol.pk}/projector/").status_code == 200


def test_it_greets_the_delegation_after_joining(seeded_world):
    response = seeded_world.client("kenya").get("/delegate/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Welcome, delegation of Kenya." in html
