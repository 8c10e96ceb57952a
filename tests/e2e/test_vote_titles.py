"""A vote on a motion is titled by the motion ("Motion for a moderated caucus"), not by what it
would start ("Moderated caucus"), on the delegate's phone, the projector and the console, in
English and Spanish; inside a sentence of the journal the title reads "the motion for a moderated
caucus". Screenshots in /tmp/dais-shots/polish/."""

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
    in_debate,
    join_delegate,
    login_chair,
    seat,
    wait_live,
)

SHOTS = Path("/tmp/dais-shots/polish")
TITLES = {"en": "Motion for a moderated caucus", "es": "Moción para un caucus moderado"}
CLOSED = {
    "en": "Vote closed on the motion for a moderated caucus.",
    "es": "Se cerró la votación sobre la moción para un caucus moderado.",
}
CLOSED_BEFORE = {"en": "Vote closed on Motion", "es": "Se cerró la votación sobre Moción"}
pytestmark = pytest.mark.usefixtures("patient_expect")


@pytest.mark.django_db(transaction=True)
def test_a_vote_on_a_motion_is_titled_by_the_motion(live_server_url, seeded, browser):
    base = live_server_url
    c = committee()
    SHOTS.mkdir(parents=True, exist_ok=True)
    present = in_debate("KE", "JP", "FR")
    as_delegates(
        [seat("JP").pk],
        {"type": "motion.raise", "kind": "moderated_caucus", "params": {"total_seconds": 600, "speaking_seconds": 60}},
    )
    as_delegates([seat("FR").pk], {"type": "motion.second", "motion": 1})

    pages = {}
    for lang in ("en", "es"):
        projector = browser.new_context(viewport=PROJECTOR, locale=LOCALES[lang]).new_page()
        projector.goto(f"{base}/committees/{c.pk}/projector/")
        pages[f"projector-{lang}"] = projector
        phone = browser.new_context(viewport=PHONE, has_touch=True, locale=LOCALES[lang]).new_page()
        join_delegate(phone, base, "KE" if lang == "en" else "JP")
        pages[f"phone-{lang}"] = phone
        chair = browser.new_context(viewport=LAPTOP, locale=LOCALES[lang]).new_page()
        login_chair(chair, base)
        chair.goto(f"{base}/committees/{c.pk}/chair/")
        pages[f"chair-{lang}"] = chair
    for page in pages.values():
        wait_live(page)

    # Before the vote, the projector names the motion on the floor the same way.
    for lang in ("en", "es"):
        expect(pages[f"projector-{lang}"].locator("#motion-now .speaker-name")).to_have_text(TITLES[lang])
    as_chair({"type": "motion.vote", "motion": 1})
    for page in pages.values():  # commands run here reach the pages on their next load
        page.reload()
        wait_live(page)
    for lang in ("en", "es"):
        phone = pages[f"phone-{lang}"]
        expect(phone.locator("#vote-subject")).to_have_text(TITLES[lang])
        phone.locator("#vote-subject").scroll_into_view_if_needed()
        phone.screenshot(path=str(SHOTS / f"vote-title-phone-{lang}.png"))
        projector = pages[f"projector-{lang}"]
        expect(projector.locator("#motion-now .vote-question")).to_have_text(TITLES[lang])
        projector.screenshot(path=str(SHOTS / f"vote-title-projector-{lang}.png"))
        chair = pages[f"chair-{lang}"]
        expect(chair.locator("#vote-now .vote-subject")).to_have_text(TITLES[lang])
        chair.locator("#vote-now").scroll_into_view_if_needed()
        chair.screenshot(path=str(SHOTS / f"vote-title-chair-laptop-{lang}.png"))
    # The journal too: "Voting opened: Motion for a moderated caucus".
    expect(pages["chair-en"].locator("#journal")).to_contain_text("Voting opened: Motion for a moderated caucus")

    # Closed, the vote's title sits inside a sentence of the journal: "the motion for …", not
    # "Motion for …" with a capital in mid-sentence, in both languages.
    as_delegates([s.pk for s in present], {"type": "vote.cast", "choice": "yes"})
    as_chair({"type": "vote.close"})
    for lang in ("en", "es"):
        chair = pages[f"chair-{lang}"]
        chair.reload()
        wait_live(chair)
        journal = chair.locator("#journal")
        expect(journal).to_contain_text(CLOSED[lang])
        expect(journal).not_to_contain_text(CLOSED_BEFORE[lang])
        for size_name, size in (("laptop", LAPTOP), ("phone", PHONE)):
            chair.set_viewport_size(size)
            journal.scroll_into_view_if_needed()
            chair.screenshot(path=str(SHOTS / f"vote-closed-journal-{size_name}-{lang}.png"))
