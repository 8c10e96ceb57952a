"""The draft pages and exports in the page's language: the committee's body name, the topic and
the countries are localised when the page renders (they are stored in English), and sponsors and
signatories are sorted in that language's order. Live frames stay in the site's language and
each page shows its own (paper.js reads the config's `names`)."""

from __future__ import annotations

import json
import re

import pytest
from django.utils import translation

from committee.models import Seat
from exports import adapters
from exports import services as export_services
from resolutions import services
from tests.exports.readback import pdf_text
from tests.live.factory import World
from tests.resolutions.helpers import as_chair, as_delegate, paper_with_clauses, sign_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_afterwards():
    """The test client leaves the last request's language active in this thread."""
    yield
    translation.activate("en")


def _spanish_world(w: World) -> World:
    c = w.committee
    c.name_es = "Asamblea General de INTERPOL"
    c.formal_name_es = "La Asamblea General de INTERPOL"
    c.save()
    c.topics.filter(letter="A").update(title_es="Medicamentos falsificados")
    for country, iso in (("Republic of Korea", "KR"), ("Germany", "DE")):
        w.seats[iso] = Seat.objects.create(committee=c, country=country, iso_code=iso, join_code=f"J{iso}2345")
    return w


def _join(client, seat: Seat, language: str) -> None:
    session = client.session
    session["dais_seat_id"] = seat.pk
    session["dais_seat_code_version"] = seat.code_version
    session.save()
    client.cookies["django_language"] = language


def _dd(page: str, element_id: str) -> str:
    match = re.search(rf'<dd id="{element_id}">(.*?)</dd>', page, re.S)
    assert match, element_id
    return match.group(1)


def _paper(w: World):
    paper = paper_with_clauses(w, "KR")
    paper.title = "Safe medicines"  # the paper's own title: text, never translated
    paper.save(update_fields=["title"])
    sign_all(w, paper, ["KR", "BR"], ["DE", "EG"])
    return paper


def test_the_draft_page_shows_names_in_the_pages_language(world, client):
    w = _spanish_world(world)
    paper = _paper(w)
    url = f"/committees/{w.committee.pk}/drafts/{paper.pk}/"

    _join(client, w.seats["KR"], "es")
    page = client.get(url).content.decode()
    assert "La Asamblea General de INTERPOL" in page and "The INTERPOL General Assembly" not in page
    assert "Medicamentos falsificados" in page and "Counterfeit medicines" not in page
    assert _dd(page, "doc-authors") == "República de Corea"
    assert _dd(page, "doc-sponsors") == "Brasil, República de Corea"
    assert _dd(page, "doc-signatories") == "Alemania, Egipto"  # Spanish order: A before E
    assert '<p class="doc-opening">La Asamblea General de INTERPOL,</p>' in page
    assert "Republic of Korea" not in page and "Brazil" not in page
    found = re.search(r'id="paper-config" type="application/json">(.*?)</script>', page)
    assert found is not None
    config = json.loads(found.group(1))
    assert config["language"] == "es" and config["committee_name"] == "La Asamblea General de INTERPOL"
    assert config["names"][str(w.seats["KR"].pk)] == "República de Corea"
    options = re.findall(r'<option value="\d+">([^<]*)</option>', page.split('id="invite-seat"')[1].split("</select>")[0])
    assert options[:3] == ["Alemania", "Argentina", "Brasil"]
    # The JSON a reconnecting page fetches speaks its language too.
    doc = client.get(url + "document/").json()["document"]
    assert doc["committee"] == "La Asamblea General de INTERPOL" and doc["topic"]["title"] == "Medicamentos falsificados"
    assert [s["country"] for s in doc["signatories"]] == ["Alemania", "Egipto"]

    _join(client, w.seats["KR"], "en")
    page = client.get(url).content.decode()
    assert "The INTERPOL General Assembly" in page and "La Asamblea General" not in page
    assert "Counterfeit medicines" in page and "Medicamentos" not in page
    assert _dd(page, "doc-sponsors") == "Brazil, Republic of Korea"
    assert _dd(page, "doc-signatories") == "Egypt, Germany"  # English order
    assert "Brasil" not in page and "Alemania" not in page


def test_a_spanish_committee_without_a_formal_spanish_name_uses_its_spanish_name(world):
    w = _spanish_world(world)
    w.committee.formal_name_es = ""
    assert services.body_name(w.committee, "es") == "Asamblea General de INTERPOL"
    assert services.body_name(w.committee, "en") == "The INTERPOL General Assembly"
    w.committee.name_es = ""
    assert services.body_name(w.committee, "es") == "The INTERPOL General Assembly"


def test_the_paper_list_localises_committee_and_topics(world, client):
    w = _spanish_world(world)
    _join(client, w.seats["KR"], "es")
    page = client.get(f"/committees/{w.committee.pk}/drafts/").content.decode()
    assert "Asamblea General de INTERPOL" in page and "Medicamentos falsificados" in page
    assert "Counterfeit medicines" not in page


def test_frames_carry_the_site_language_whatever_the_actors_page(world, capture):
    w = _spanish_world(world)
    paper = _paper(w)
    with translation.override("es"):
        frames = capture(services.sign, as_delegate(w, "CA"), None, paper.pk, role="signatory")
    doc = frames[0][1]["document"]
    assert doc["language"] == "en" and doc["committee"] == "The INTERPOL General Assembly"
    assert [s["country"] for s in doc["signatories"]] == ["Canada", "Egypt", "Germany"]


def test_the_spanish_export_names_the_body_topic_and_countries_in_spanish(world):
    w = _spanish_world(world)
    w.open_debate("A")
    paper = _paper(w)
    draft = services.approve(as_chair(w), w.chair_user, paper.pk)
    spanish = adapters.resolution_doc(draft, language="es")
    assert spanish.body == "La Asamblea General de INTERPOL"
    assert spanish.committee == "Asamblea General de INTERPOL"
    assert spanish.topic == "Medicamentos falsificados"
    assert spanish.sponsors == ("Brasil", "República de Corea")
    assert spanish.signatories == ("Alemania", "Egipto")
    text = " ".join(pdf_text(export_services.resolution_file(draft, "pdf", language="es").content).split())
    assert "La Asamblea General de INTERPOL," in text and "Medicamentos falsificados" in text
    assert "Brasil, República de Corea" in text and "Alemania, Egipto" in text
    english = adapters.resolution_doc(draft, language="en")
    assert english.body == "The INTERPOL General Assembly" and english.topic == "Counterfeit medicines"
    assert english.signatories == ("Egypt", "Germany")
