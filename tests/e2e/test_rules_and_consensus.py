"""Browser tests of issue 14: the rules editor on a committee's organizer page (a setting changed,
an invalid value refused with the setting's name, the summary shown) and an adoption without a
vote, first with an objection (a recorded vote follows) and then without (adopted "without a
vote"). Screenshots at phone and laptop sizes, in English and Spanish, in /tmp/dais-shots/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import ViewportSize, expect

from tests.e2e.helpers import (
    CHAIR_PASSWORD,
    LAPTOP,
    LOCALES,
    PHONE,
    as_chair,
    committee,
    join_delegate,
    login_chair,
    other_voting_seats,
    seat,
    wait_live,
)

SHOTS = Path("/tmp/dais-shots")
pytestmark = pytest.mark.usefixtures("patient_expect")


def _organizer(browser, base: str, *, viewport: ViewportSize, lang: str):
    from committee.seeding import ORGANIZER_USERNAME

    page = browser.new_context(viewport=viewport, locale=LOCALES[lang]).new_page()
    login_chair(page, base, ORGANIZER_USERNAME, CHAIR_PASSWORD)
    return page


@pytest.mark.django_db(transaction=True)
def test_the_rules_editor(live_server_url, seeded, browser):
    base = live_server_url
    c = committee()
    SHOTS.mkdir(parents=True, exist_ok=True)
    url = f"{base}/committees/{c.pk}/organize/"

    page = _organizer(browser, base, viewport=LAPTOP, lang="en")
    page.goto(url)
    expect(page.locator('[data-testid="base-title"]')).to_have_text("UNA-USA / Global Classrooms")
    expect(page.locator('[data-testid="rules-summary"]')).to_contain_text("Nothing")
    # Every setting shows its documentation and the base value.
    row = page.locator("#field-quorum_to_debate")
    expect(row).to_contain_text("Fraction of the voting members who must be present")
    expect(row).to_contain_text("Base: 1/3")

    # A setting changed: closure by a simple majority instead of two-thirds.
    page.locator("details.rules-group > summary").click()
    page.select_option('[id="input-motions.close_debate.threshold"]', "simple_majority")
    page.click("#rules-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Rules saved")
    summary = page.locator('[data-testid="rules-summary"]')
    expect(summary).to_contain_text("Closure needs a simple majority instead of two-thirds.")
    c.refresh_from_db()
    assert c.rule_overrides == {"motions": {"close_debate": {"threshold": "simple_majority"}}}

    # An invalid value is refused with the setting's name; nothing changes, the typing stays.
    page.fill("#input-quorum_to_debate", "3/2")
    page.click("#rules-form button[type=submit]")
    error = page.locator('[data-testid="rules-error"]')
    expect(error).to_contain_text("Quorum to debate: enter a fraction between 0 and 1")
    expect(page.locator("#field-quorum_to_debate .field-error")).to_be_visible()
    expect(page.locator("#input-quorum_to_debate")).to_have_value("3/2")
    expect(page.locator("#input-quorum_to_debate")).to_have_attribute("aria-invalid", "true")
    c.refresh_from_db()
    assert c.rule_overrides == {"motions": {"close_debate": {"threshold": "simple_majority"}}}
    page.screenshot(path=str(SHOTS / "rules-error-laptop-en.png"), full_page=False)
    page.goto(url + "#rules")
    page.screenshot(path=str(SHOTS / "rules-laptop-en.png"))

    # Phone size, and Spanish.
    for lang, viewport, name in (
        ("en", PHONE, "phone-en"),
        ("es", PHONE, "phone-es"),
        ("es", LAPTOP, "laptop-es"),
    ):
        other = _organizer(browser, base, viewport=viewport, lang=lang)
        other.goto(url)
        if lang == "es":
            expect(other.locator('[data-testid="rules-summary"]')).to_contain_text(
                "El cierre del debate requiere mayoría simple en lugar de dos tercios."
            )
        other.screenshot(path=str(SHOTS / f"rules-{name}.png"))
        other.fill("#input-default_speaking_seconds", "noventa")
        other.click("#rules-form button[type=submit]")
        expect(other.locator('[data-testid="rules-error"]')).to_be_visible()
        other.locator("#field-default_speaking_seconds").scroll_into_view_if_needed()
        other.screenshot(path=str(SHOTS / f"rules-error-{name}.png"))
        if lang == "es":
            expect(other.locator('[data-testid="rules-error"]')).to_contain_text(
                "Tiempo de palabra por defecto (segundos): escriba un número entero"
            )
        other.context.close()
    page.context.close()


@pytest.mark.django_db(transaction=True)
def test_adoption_without_a_vote_with_and_then_without_an_objection(
    live_server_url, seeded, browser
):
    base = live_server_url
    c = committee()
    c.rule_overrides = {"objection_seconds": 4}
    c.save(update_fields=["rule_overrides"])
    ke, jp = seat("KE"), seat("JP")
    SHOTS.mkdir(parents=True, exist_ok=True)
    others = other_voting_seats({ke.pk, jp.pk}, 21)
    as_chair(
        *({"type": "rollcall.mark", "seat": s, "mark": "present"} for s in [ke.pk, jp.pk, *others]),
        {"type": "agenda.set", "topic": "A"},
    )

    chair = browser.new_context(viewport=LAPTOP, locale=LOCALES["en"]).new_page()
    login_chair(chair, base)
    chair.goto(f"{base}/committees/{c.pk}/chair/")
    phones = {
        "KE": browser.new_context(viewport=PHONE, has_touch=True, locale=LOCALES["en"]).new_page(),
        "JP": browser.new_context(viewport=PHONE, has_touch=True, locale=LOCALES["es"]).new_page(),
    }
    for iso, phone in phones.items():
        join_delegate(phone, base, iso)
    for page in (chair, *phones.values()):
        wait_live(page)

    # --- With an objection: Japan objects from its phone and a recorded vote opens.
    chair.locator("#question-details > summary").click()
    chair.fill("#question-title", "Draft resolution 1/1 as a whole")
    chair.select_option("#question-kind", "substantive")
    chair.click("#question-consensus")
    for phone in phones.values():
        expect(phone.locator("#consensus-panel")).to_be_visible()
        expect(phone.locator('[data-testid="consensus"]')).to_contain_text("Draft resolution 1/1")
    expect(chair.locator('[data-testid="consensus-close"]')).to_be_disabled()
    phones["KE"].screenshot(path=str(SHOTS / "consensus-phone-en.png"))
    phones["JP"].screenshot(path=str(SHOTS / "consensus-phone-es.png"))
    chair.screenshot(path=str(SHOTS / "consensus-chair-laptop-en.png"))
    phones["JP"].click('[data-testid="consensus-object"]')
    for phone in phones.values():
        expect(phone.locator("#vote-panel")).to_be_visible()
        expect(phone.locator("#consensus-panel")).to_be_hidden()
    expect(chair.locator("#vote-now")).to_contain_text("Draft resolution 1/1")
    expect(chair.locator("#journal")).to_contain_text(re.compile("Japan objected"))
    phones["KE"].click('#vote-buttons [data-args*="yes"]')
    phones["JP"].click('#vote-buttons [data-args*="no"]')
    expect(chair.locator('[data-testid="vote-count"]')).to_contain_text("2 of")
    # Two of the room have voted: closing asks the chair to confirm (an incomplete count).
    chair.click("#vote-close")
    chair.click(".confirm-dialog [data-confirm-ok]")
    expect(chair.locator("#vote-results [data-testid=result]")).to_contain_text("a tie fails")

    # --- Without an objection: the moment passes and the server adopts it without a vote, by
    # itself, at the deadline (nobody clicks anything).
    expect(chair.locator("#question-details")).to_have_attribute("open", "")
    chair.fill("#question-title", "Draft resolution 1/2 as a whole")
    chair.click("#question-consensus")
    expect(phones["KE"].locator('[data-testid="consensus-object"]')).to_be_enabled()
    for page in (chair, *phones.values()):
        result = page.locator("#vote-results [data-testid=result]")
        expect(result).to_contain_text(re.compile("Adopted without a vote|Aprobado sin votación"))
        expect(result.locator(".tally")).to_have_count(0)
    expect(chair.locator("#journal")).to_contain_text("Adopted without a vote")
    phones["KE"].locator("#results-panel").scroll_into_view_if_needed()
    phones["KE"].screenshot(path=str(SHOTS / "adopted-phone-en.png"))
    phones["JP"].locator("#results-panel").scroll_into_view_if_needed()
    phones["JP"].screenshot(path=str(SHOTS / "adopted-phone-es.png"))
    chair.screenshot(path=str(SHOTS / "adopted-chair-laptop-en.png"))

    from committee.models import CommitteeEvent

    kinds = list(
        CommitteeEvent.objects.filter(committee=c, kind__startswith="consensus").values_list(
            "kind", flat=True
        )
    )
    assert kinds == [
        "consensus_proposed",
        "consensus_objected",
        "consensus_proposed",
        "consensus_adopted",
    ]


@pytest.mark.django_db(transaction=True)
def test_the_console_says_no_quorum_and_shows_a_veto(live_server_url, browser):
    """A small Security Council (France holds a veto) and an INTERPOL committee, set up through
    the services; the chair console and the projector show what the rules say."""
    from committee.models import Seat
    from tests.e2e.helpers import _off_the_loop
    from tests.live.factory import make_committee

    base = live_server_url

    def build():
        council = make_committee(
            profile="security_council", rule_overrides={"affirmative_votes": 4}
        )
        Seat.objects.filter(pk=council.seat("FR")).update(holds_veto=True)
        council.open_debate("A")
        council.as_chair("proposal.vote", title="Draft S/2026/7", question="substantive")
        council.vote_all(["AR", "BR", "CA", "DK", "EG"], ["FR"], ["GH"])
        council.as_chair("vote.close")
        interpol = make_committee(profile="interpol")
        interpol.open_debate("A", "AR", "BR")
        return council, interpol

    council, interpol = _off_the_loop(build)
    for lang in ("en", "es"):
        page = browser.new_context(viewport=LAPTOP, locale=LOCALES[lang]).new_page()
        login_chair(page, base, council.chair_user.username, "pw-chair-123")
        page.goto(f"{base}/committees/{council.committee.pk}/chair/")
        wait_live(page)
        result = page.locator("#vote-results [data-testid=result]")
        expect(result).to_contain_text("France")
        expect(result).to_contain_text("Vetoed by France" if lang == "en" else "Vetado por France")
        expect(page.locator('[data-bind="quorum"]')).to_contain_text(
            "No quorum required" if lang == "en" else "no exige quórum"
        )
        page.locator("#vote-panel").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"veto-chair-laptop-{lang}.png"))
        page.context.close()
    projector = browser.new_context(viewport=PHONE, locale=LOCALES["en"]).new_page()
    projector.goto(f"{base}/committees/{council.committee.pk}/projector/")
    wait_live(projector)
    projector.screenshot(path=str(SHOTS / "veto-projector-phone-en.png"))

    page = browser.new_context(viewport=PHONE, locale=LOCALES["es"]).new_page()
    login_chair(page, base, interpol.chair_user.username, "pw-chair-123")
    page.goto(f"{base}/committees/{interpol.committee.pk}/chair/")
    wait_live(page)
    expect(page.locator('[data-bind="quorum"]')).to_contain_text("Este reglamento no exige quórum")
    expect(page.locator('[data-testid="discretion"]')).to_contain_text(
        "A criterio de la presidencia"
    )
    page.screenshot(path=str(SHOTS / "interpol-chair-phone-es.png"))
