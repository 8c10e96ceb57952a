"""A live session across five browsers: a chair, a projector and three delegates' phones.

Roll call answered from the devices, the agenda, a GSL speech yielded to questions, a moderated
caucus moved, seconded and voted from the phones, its timer in step on every page (also after a
reload), screenshots of the three pages, and closure moving the committee into voting procedure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import ViewportSize, expect

from tests.e2e.helpers import (
    as_chair,
    as_delegates,
    committee,
    join_delegate,
    login_chair,
    other_voting_seats,
    remaining_ms,
    seat,
    wait_live,
)

SHOTS = Path("/tmp/dais-shots")
# Sizes of their own on purpose, not helpers.PHONE/LAPTOP/PROJECTOR: a smaller phone, a larger
# laptop and a 1600x900 projector.
SMALL_PHONE: ViewportSize = {"width": 375, "height": 740}
DESKTOP: ViewportSize = {"width": 1440, "height": 1000}
PROJECTOR_1600: ViewportSize = {"width": 1600, "height": 900}

# Five browsers and a server share two cores (with other suites running): wait longer.
pytestmark = pytest.mark.usefixtures("patient_expect")


def _in_step(readings: list[tuple[int, float]]) -> list[float]:
    """Each page's remaining time, brought to the moment of the first reading."""
    t0 = readings[0][1]
    return [ms + (read_at - t0) * 1000 for ms, read_at in readings]


@pytest.mark.django_db(transaction=True)
def test_live_session_across_five_pages(live_server_url, seeded, browser):
    base = live_server_url
    c = committee()
    ke, jp, fr = seat("KE"), seat("JP"), seat("FR")
    SHOTS.mkdir(parents=True, exist_ok=True)

    chair = browser.new_context(viewport=DESKTOP).new_page()
    projector = browser.new_context(viewport=PROJECTOR_1600).new_page()
    phones = {
        iso: browser.new_context(viewport=SMALL_PHONE, has_touch=True).new_page()
        for iso in ("KE", "JP", "FR")
    }
    pages = [chair, projector, *phones.values()]

    login_chair(chair, base)
    chair.goto(f"{base}/committees/{c.pk}/chair/")
    projector.goto(f"{base}/committees/{c.pk}/projector/")
    for iso, phone in phones.items():
        join_delegate(phone, base, iso)
    for page in pages:
        wait_live(page)
    # The chair sees the three devices connected (the presence list keeps its markup).
    expect(chair.locator("#presence li[data-seat-id]")).to_have_count(3)
    expect(chair.locator(f'#presence li[data-seat-id="{ke.pk}"]')).to_be_visible()

    # --- Roll call: the chair opens it, the devices answer, the chair sees the marks.
    chair.click("#rollcall-open")
    for phone in phones.values():
        expect(phone.locator("#rollcall-panel")).to_be_visible()
    phones["KE"].click('#rollcall-buttons [data-mark="present_and_voting"]')
    phones["JP"].click('#rollcall-buttons [data-mark="present_and_voting"]')
    phones["FR"].click('#rollcall-buttons [data-mark="present"]')
    expect(phones["FR"].locator('#rollcall-buttons [data-mark="present"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    for s, mark in ((ke, "present_and_voting"), (jp, "present_and_voting"), (fr, "present")):
        expect(chair.locator(f'#rollcall-grid li[data-seat-id="{s.pk}"]')).to_have_attribute(
            "data-mark", mark
        )
    # The connected-device dot shows on the roll-call grid.
    expect(chair.locator(f'#rollcall-grid li[data-seat-id="{ke.pk}"] .dot.on')).to_have_count(1)
    # Most of a quorum marked by the service (in-process: the pages learn of it from the next
    # event's full state and resync), the last seat from the chair's grid.
    others = other_voting_seats({ke.pk, jp.pk, fr.pk}, 20)
    as_chair(
        *({"type": "rollcall.mark", "seat": s, "mark": "present_and_voting"} for s in others[1:])
    )
    chair.click(f'#rollcall-grid li[data-seat-id="{others[0]}"] [data-mark="present_and_voting"]')
    expect(chair.locator(f'#rollcall-grid li[data-seat-id="{others[-1]}"]')).to_have_attribute(
        "data-mark", "present_and_voting"
    )
    expect(projector.locator('[data-bind="present-count"]')).to_contain_text(
        re.compile(r"\b23 of 45\b")
    )
    expect(chair.locator('[data-bind="quorum"]')).to_contain_text(re.compile(r"\b23 of 45\b"))
    chair.click("#rollcall-close")
    for phone in phones.values():
        expect(phone.locator("#rollcall-panel")).to_be_hidden()

    # --- Agenda.
    chair.locator("#agenda-buttons button").first.click()
    for page in pages:
        expect(page.locator('[data-bind="phase"]').first).to_have_attribute("data-phase", "formal")

    # A refused command shows its error next to the control, not in an alert.
    chair.locator("body").press("n")
    expect(chair.locator("#floor-panel .errors")).to_contain_text(re.compile("empty", re.I))

    # France starts writing a point while the room moves on: no broadcast may wipe it.
    draft_point = "Could the chair clarify how long the caucus may last?"
    phones["FR"].fill("#point-text", draft_point)

    # --- A GSL speech yielded to questions.
    phones["KE"].click("#gsl-join")
    expect(chair.locator(f'#gsl-queue li[data-seat-id="{ke.pk}"]')).to_be_visible()
    expect(phones["KE"].locator("#my-position")).to_contain_text("1")
    chair.locator("body").press("n")  # keyboard shortcut: next speaker
    expect(projector.locator('[data-testid="speaker-now"]')).to_have_text(ke.country)
    expect(chair.locator('[data-timer="speaker"]')).to_have_attribute("data-running", "true")
    phones["KE"].locator("#yield-buttons button", has_text=re.compile("question", re.I)).click()
    expect(phones["JP"].locator("#placard-box")).to_be_visible()
    phones["JP"].click("#hand-raise")
    recognise = chair.locator("#question-hands button")
    expect(recognise).to_have_count(1)
    recognise.click()
    expect(chair.locator("#questions-hint")).to_contain_text(jp.country)
    chair.screenshot(path=str(SHOTS / "chair-questions.png"))
    chair.click("#answer-start")
    expect(chair.locator('[data-timer="speaker"]')).to_have_attribute("data-running", "true")
    expect(phones["KE"].locator('[data-timer="speaker"]')).to_have_attribute("data-running", "true")

    # A dozen events reached France's phone meanwhile; the draft is untouched.
    expect(phones["FR"].locator("#point-text")).to_have_value(draft_point)

    # --- A moderated caucus: moved by Japan, seconded by France, voted from the phones.
    jp_phone = phones["JP"]
    jp_phone.click("#motion-details summary")
    jp_phone.select_option("#motion-kind", "moderated_caucus")
    jp_phone.fill("#dm-minutes", "5")
    jp_phone.fill("#dm-seconds", "0")
    jp_phone.fill("#dm-speaking", "45")
    jp_phone.fill("#dm-topic", "Financing of cybercrime")
    jp_phone.click("#motion-submit")
    second = phones["FR"].locator("#motion-list button", has_text=re.compile("second", re.I))
    expect(second).to_be_visible()
    expect(
        phones["JP"].locator("#motion-list button", has_text=re.compile("second", re.I))
    ).to_have_count(0)
    expect(projector.locator("#motion-block")).to_be_visible()
    second.click()
    vote_button = chair.locator("#motion-list li.motion.ready button.primary")
    expect(vote_button).to_be_enabled()
    vote_button.click()
    expect(projector.locator('[data-testid="vote-count"]')).to_contain_text(
        re.compile(r"\b0 of 23\b")
    )
    as_delegates(others, {"type": "vote.cast", "choice": "yes"})
    expect(phones["FR"].locator("#vote-panel")).to_be_visible()
    phones["FR"].screenshot(path=str(SHOTS / "delegate-vote.png"))
    for phone in phones.values():
        expect(phone.locator("#vote-panel")).to_be_visible()
        expect(phone.locator("#vote-abstain")).to_be_hidden()  # nobody abstains on procedure
        phone.click("#vote-buttons .vote-yes")
        expect(phone.locator("#my-ballot")).to_be_visible()
    expect(projector.locator('[data-testid="vote-count"]')).to_contain_text(
        re.compile(r"\b23 of 23\b")
    )
    expect(chair.locator('[data-testid="vote-count"]')).to_contain_text(re.compile(r"\b23 of 23\b"))
    chair.locator("body").press("v")  # keyboard shortcut: close the vote
    expect(projector.locator("#vote-results .result-passed")).to_be_visible()
    expect(phones["FR"].locator("#vote-results .result-reason")).not_to_be_empty()

    # --- The caucus timer runs on all five pages, in step within a second.
    for page in pages:
        expect(page.locator('[data-bind="phase"]').first).to_have_attribute(
            "data-phase", "moderated"
        )
        expect(page.locator('[data-timer="caucus"]').first).to_have_attribute(
            "data-running", "true"
        )
    chair.wait_for_timeout(600)
    readings = [remaining_ms(page) for page in pages]
    aligned = _in_step(readings)
    assert all(0 < ms <= 300_000 for ms, _ in readings), readings
    assert max(aligned) - min(aligned) < 1000, aligned
    expect(projector.locator("#caucus-info")).to_contain_text("0")

    # Mid-caucus screenshots (looked at by eye while building the pages).
    phones["KE"].click("#hand-raise")
    expect(chair.locator("#caucus-hands button")).to_have_count(1)
    chair.screenshot(path=str(SHOTS / "chair-console.png"))
    chair.screenshot(path=str(SHOTS / "chair-console-full.png"), full_page=True)
    phones["KE"].screenshot(path=str(SHOTS / "delegate-phone.png"), full_page=False)
    phones["KE"].screenshot(path=str(SHOTS / "delegate-phone-full.png"), full_page=True)
    projector.screenshot(path=str(SHOTS / "projector.png"))

    # A reloaded page shows the same remaining time (within a second).
    jp_phone.reload()
    wait_live(jp_phone)
    expect(jp_phone.locator('[data-timer="caucus"]')).to_have_attribute("data-running", "true")
    chair.wait_for_timeout(300)
    after = _in_step([remaining_ms(chair), remaining_ms(jp_phone)])
    assert abs(after[0] - after[1]) < 1000, after

    # --- Closure: France moves to close debate, Kenya seconds, the committee votes.
    fr_phone = phones["FR"]
    fr_phone.click("#motion-details summary")
    fr_phone.select_option("#motion-kind", "close_debate")
    fr_phone.click("#motion-submit")
    second = phones["KE"].locator("#motion-list button", has_text=re.compile("second", re.I))
    expect(second).to_be_visible()
    second.click()
    vote_button = chair.locator("#motion-list li.motion.ready button.primary")
    expect(vote_button).to_be_enabled()
    vote_button.click()
    expect(chair.locator('[data-testid="vote-count"]')).to_contain_text(re.compile(r"\b0 of 23\b"))
    as_delegates(others, {"type": "vote.cast", "choice": "yes"})
    for phone in phones.values():
        expect(phone.locator("#vote-panel")).to_be_visible()
        phone.click("#vote-buttons .vote-yes")
    expect(chair.locator('[data-testid="vote-count"]')).to_contain_text(re.compile(r"\b23 of 23\b"))
    chair.click("#vote-close")
    for page in pages:
        expect(page.locator('[data-bind="phase"]').first).to_have_attribute(
            "data-phase", "voting_procedure"
        )
    # The journal tells the story in sentences, newest first.
    expect(chair.locator("#journal li").first).to_contain_text(re.compile("voting procedure", re.I))
