"""Browser test of explanations of vote (issue 11/14) under the INTERPOL profile: after a
substantive vote a delegate asks from its phone ("Explain my vote"), the chair gives it the
floor from the console, and the projector shows who is explaining, with the timer. Screenshots
at phone, laptop and projector sizes, in English and Spanish, in /tmp/dais-shots/rules/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    LAPTOP,
    LOCALES,
    PHONE,
    PROJECTOR,
    as_chair,
    as_delegates,
    committee,
    join_delegate,
    login_chair,
    other_voting_seats,
    seat,
    wait_live,
)

SHOTS = Path("/tmp/dais-shots/rules")
pytestmark = pytest.mark.usefixtures("patient_expect")


@pytest.mark.django_db(transaction=True)
def test_a_delegate_explains_its_vote_after_the_vote(live_server_url, seeded, browser):
    base = live_server_url
    c = committee()
    c.rule_profile = "interpol"
    c.save(update_fields=["rule_profile"])
    ke, jp = seat("KE"), seat("JP")
    SHOTS.mkdir(parents=True, exist_ok=True)
    others = other_voting_seats({ke.pk, jp.pk}, 21)
    as_chair(
        *({"type": "rollcall.mark", "seat": s, "mark": "present"} for s in [ke.pk, jp.pk, *others]),
        {"type": "agenda.set", "topic": "A"},
        {"type": "proposal.vote", "title": "Draft resolution 1/1 as a whole", "question": "substantive"},
    )
    as_delegates([ke.pk, *others[:12]], {"type": "vote.cast", "choice": "yes"})
    as_delegates([jp.pk, *others[12:]], {"type": "vote.cast", "choice": "no"})
    as_chair({"type": "vote.close"})

    pages = {}
    for lang in ("en", "es"):
        chair = browser.new_context(viewport=LAPTOP, locale=LOCALES[lang]).new_page()
        login_chair(chair, base)
        chair.goto(f"{base}/committees/{c.pk}/chair/")
        pages[f"chair-{lang}"] = chair
    pages["KE"] = browser.new_context(viewport=PHONE, has_touch=True, locale=LOCALES["en"]).new_page()
    pages["JP"] = browser.new_context(viewport=PHONE, has_touch=True, locale=LOCALES["es"]).new_page()
    join_delegate(pages["KE"], base, "KE")
    join_delegate(pages["JP"], base, "JP")
    projector = browser.new_context(viewport=PROJECTOR, locale=LOCALES["en"]).new_page()
    projector.goto(f"{base}/committees/{c.pk}/projector/")
    pages["projector"] = projector
    for page in pages.values():
        wait_live(page)

    chair = pages["chair-en"]
    for iso in ("KE", "JP"):
        expect(pages[iso].locator("#explanations-panel")).to_be_visible()
        expect(pages[iso].locator('[data-testid="explain-vote"]')).to_be_visible()
    pages["KE"].click('[data-testid="explain-vote"]')
    expect(pages["KE"].locator('[data-testid="explanation-withdraw"]')).to_be_visible()
    expect(pages["KE"].locator("#explain-buttons")).to_contain_text("number 1")
    pages["JP"].click('[data-testid="explain-vote"]')
    expect(pages["JP"].locator("#explain-buttons")).to_contain_text("2")
    queue = chair.locator('[data-testid="explanations-queue"]')
    expect(queue).to_contain_text("Kenya")
    expect(queue).to_contain_text("Japan")
    pages["KE"].locator("#explanations-panel").scroll_into_view_if_needed()
    pages["KE"].screenshot(path=str(SHOTS / "explain-phone-en.png"))
    pages["JP"].locator("#explanations-panel").scroll_into_view_if_needed()
    pages["JP"].screenshot(path=str(SHOTS / "explain-phone-es.png"))
    chair.locator("#explanations-now").scroll_into_view_if_needed()
    chair.screenshot(path=str(SHOTS / "explain-chair-laptop-en.png"))

    chair.locator('[data-testid="explanation-start"]').first.click()
    expect(projector.locator('[data-testid="speaker-now"]')).to_have_text("Kenya")
    expect(projector.locator("#floor-now")).to_contain_text("Explaining its vote")
    expect(pages["KE"].locator("#explain-buttons")).to_contain_text("You have the floor")
    expect(queue).not_to_contain_text("Kenya")
    # Kenya is explaining, not finished: nobody is listed as having explained yet.
    expect(chair.locator('[data-testid="explained"]')).to_have_count(0)
    expect(projector.locator('[data-testid="explained"]')).to_have_count(0)
    projector.screenshot(path=str(SHOTS / "explain-projector-1920-en.png"))
    pages["KE"].screenshot(path=str(SHOTS / "explaining-phone-en.png"))
    pages["chair-es"].locator("#explanations-now").scroll_into_view_if_needed()
    expect(pages["chair-es"].locator('[data-testid="explanations"]')).to_contain_text("Japón")
    pages["chair-es"].screenshot(path=str(SHOTS / "explain-chair-laptop-es.png"))
    chair.set_viewport_size(PHONE)
    chair.locator("#explanations-now").scroll_into_view_if_needed()
    chair.screenshot(path=str(SHOTS / "explain-chair-phone-en.png"))

    chair.locator('[data-testid="explanation-start"]').first.click()
    expect(projector.locator('[data-testid="speaker-now"]')).to_have_text("Japan")
    # Kenya has finished, Japan is speaking: only Kenya is listed.
    explained = chair.locator('[data-testid="explained"]')
    expect(explained).to_have_text("Explained: Kenya")
    expect(pages["chair-es"].locator('[data-testid="explained"]')).to_have_text("Ya explicaron: Kenia")
    chair.click('[data-testid="explanations-close"]')
    expect(pages["JP"].locator("#explanations-panel")).to_be_hidden()
    from committee.models import CommitteeEvent

    kinds = list(
        CommitteeEvent.objects.filter(committee=c, kind__startswith="explanation").values_list(
            "kind", flat=True
        )
    )
    assert kinds == [
        "explanation_requested",
        "explanation_requested",
        "explanation_started",
        "explanation_started",
        "explanations_closed",
    ]


@pytest.mark.django_db(transaction=True)
def test_reconsider_from_the_phone_and_the_presidency_in_the_header(live_server_url, seeded, browser):
    from django.utils import timezone

    base = live_server_url
    c = committee()
    c.rule_profile = "interpol"
    c.save(update_fields=["rule_profile"])
    ke, jp = seat("KE"), seat("JP")
    others = other_voting_seats({ke.pk, jp.pk}, 5)
    as_chair(
        *({"type": "rollcall.mark", "seat": s, "mark": "present"} for s in [ke.pk, jp.pk, *others]),
        {"type": "agenda.set", "topic": "A"},
        {"type": "proposal.vote", "title": "Adopt the programme of work", "question": "procedural"},
    )
    as_delegates([ke.pk, jp.pk, *others[:3]], {"type": "vote.cast", "choice": "no"})
    as_delegates(others[3:], {"type": "vote.cast", "choice": "yes"})
    as_chair({"type": "vote.close"})

    phones = {}
    for lang, iso in (("en", "KE"), ("es", "JP")):
        phone = browser.new_context(viewport=PHONE, has_touch=True, locale=LOCALES[lang]).new_page()
        join_delegate(phone, base, iso)
        wait_live(phone)
        phone.locator("#results-panel").scroll_into_view_if_needed()
        expect(phone.locator('[data-testid="reconsider"]')).to_be_visible()
        phone.screenshot(path=str(SHOTS / f"reconsider-phone-{lang}.png"))
        phones[lang] = phone
    phones["en"].click('[data-testid="reconsider"]')
    motions = phones["es"].locator("#motion-list")
    expect(motions).to_contain_text("Reconsiderar una votación")
    expect(motions).to_contain_text("Adopt the programme of work")
    phones["es"].locator("#motions-panel").scroll_into_view_if_needed()
    phones["es"].screenshot(path=str(SHOTS / "reconsider-moved-phone-es.png"))
    # The chair enters one for a delegation's placard: refused, one is already on the floor.
    chair = browser.new_context(viewport=LAPTOP, locale=LOCALES["en"]).new_page()
    login_chair(chair, base)
    chair.goto(f"{base}/committees/{c.pk}/chair/")
    wait_live(chair)
    # One is already on the floor (the server would refuse a second): the console's form gives
    # way to a note, and comes back once that motion is decided.
    expect(chair.locator("#reconsider-form")).to_be_hidden()
    expect(chair.locator("#reconsider-pending")).to_be_visible()
    expect(chair.locator("#reconsider-pending")).to_contain_text("already on the floor")
    chair.locator("#reconsider-pending").scroll_into_view_if_needed()
    chair.screenshot(path=str(SHOTS / "reconsider-chair-laptop-en.png"))
    as_chair({"type": "motion.withdraw", "motion": 1})
    chair.reload()  # commands run here reach the pages on their next load
    wait_live(chair)
    expect(chair.locator("#reconsider-pending")).to_be_hidden()
    expect(chair.locator("#reconsider-form")).to_be_visible()
    chair.select_option("#reconsider-seat", str(jp.pk))
    chair.click("#reconsider-form button")
    expect(phones["es"].locator("#motion-list")).to_contain_text("Reconsiderar una votación")
    expect(chair.locator("#reconsider-pending")).to_be_visible()
    chair.context.close()

    # The Security Council's presidency this month, on the console and the organizer page.
    c.rule_profile = "security_council"
    c.rule_overrides = {}
    c.save(update_fields=["rule_profile", "rule_overrides"])
    c.conference.starts_on = timezone.localdate().replace(day=1)
    c.conference.save(update_fields=["starts_on"])
    for lang in ("en", "es"):
        for viewport, name in ((LAPTOP, "laptop"), (PHONE, "phone")):
            chair = browser.new_context(viewport=viewport, locale=LOCALES[lang]).new_page()
            login_chair(chair, base)
            chair.goto(f"{base}/committees/{c.pk}/chair/")
            expect(chair.locator('[data-testid="presidency"]')).not_to_be_empty()
            chair.screenshot(path=str(SHOTS / f"presidency-chair-{name}-{lang}.png"))
            chair.goto(f"{base}/committees/{c.pk}/organize/")
            expect(chair.locator('[data-testid="presidency"]')).to_be_visible()
            chair.screenshot(path=str(SHOTS / f"presidency-organize-{name}-{lang}.png"))
            chair.context.close()

    # Before the vote, where the rules hear explanations then (the Council), from the phone.
    as_chair({"type": "debate.close"})
    phone = phones["es"]
    phone.reload()
    wait_live(phone)
    ask = phone.locator('[data-testid="explain-vote"]')
    expect(ask).to_have_text("Explicar mi voto antes de la votación")
    phone.locator("#explanations-panel").scroll_into_view_if_needed()
    phone.screenshot(path=str(SHOTS / "explain-before-phone-es.png"))
    ask.click()
    expect(phone.locator("#explain-buttons")).to_contain_text("número 1")
    expect(phone.locator('[data-testid="explanations"]')).to_contain_text("Explicaciones antes de la votación")
