"""What a delegate's phone and the chair console do in a real room (issue 9), in a browser.

The delegate: the main button follows the phase, the speaker raises no placard, yielding offers
only present delegations other than the speaker, a long point is counted down and never cut, the
welcome banner goes away, the seat can be left. The chair: no "Resume" on an idle timer, the roll
call button stops being the highlighted one, the journal names motions and seats and tells the
time in the page's language, a vote where nobody may abstain shows no "Abstain".
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    LAPTOP,
    PHONE,
    as_chair,
    as_delegates,
    committee,
    in_debate,
    join_delegate,
    login_chair,
    seat,
    wait_live,
)

pytestmark = pytest.mark.usefixtures("patient_expect")


def _present(*isos: str) -> list[str]:
    """The named seats and enough others for quorum answer the roll call; the agenda is set.
    Returns the English names of the delegations present."""
    return [s.country for s in in_debate(*isos)]


@pytest.mark.django_db(transaction=True)
def test_the_delegate_phone_follows_the_room(live_server_url, seeded, browser):
    base = live_server_url
    present = _present("KE", "BR", "JP", "FR", "MX", "AR")
    phone = browser.new_context(viewport=PHONE, locale="en-GB").new_page()
    join_delegate(phone, base, "KE")
    wait_live(phone)
    # The welcome banner goes away by itself.
    banner = phone.locator(".messages .message")
    expect(banner).to_contain_text("Welcome")
    expect(banner).to_be_hidden(timeout=12_000)

    # Formal debate, somebody else speaking: "Join the list" is the main button.
    as_chair({"type": "speakers.add", "seat": seat("BR").pk}, {"type": "speech.next"})
    phone.reload()
    wait_live(phone)
    expect(phone.locator("#gsl-join")).to_be_visible()

    # Kenya has the floor: no "Join the list", no placard; yielding offers present delegations
    # other than Kenya only.
    as_chair({"type": "speech.end"}, {"type": "speakers.add", "seat": seat("KE").pk})
    as_chair({"type": "speech.next"})
    phone.reload()
    wait_live(phone)
    expect(phone.locator('[data-testid="speaker-now"]')).to_have_text("Kenya")
    expect(phone.locator("#gsl-join")).to_be_hidden()
    expect(phone.locator("#hand-raise")).to_be_hidden()
    options = phone.locator("#yield-seat option[value]:not([value=''])")
    expect(phone.locator("#yield-delegate-form")).to_be_visible()  # the unausa rules allow it
    names = sorted(options.all_text_contents())
    assert names == sorted(name for name in present if name != "Kenya")

    # A moderated caucus with Brazil speaking: Kenya raises a placard, does not join a list.
    as_chair(
        {"type": "caucus.start", "kind": "moderated_caucus", "total_seconds": 600, "speaking_seconds": 60},
        {"type": "speech.recognise", "seat": seat("BR").pk},
    )
    phone.reload()
    wait_live(phone)
    expect(phone.locator("#hand-raise")).to_be_visible()
    expect(phone.locator("#gsl-join")).to_be_hidden()
    # ... and Brazil's own phone offers Brazil no placard.
    brazil = browser.new_context(viewport=PHONE).new_page()
    join_delegate(brazil, base, "BR")
    wait_live(brazil)
    expect(brazil.locator('[data-testid="speaker-now"]')).to_have_text("Brazil")
    expect(brazil.locator("#hand-raise")).to_be_hidden()

    # A long point is counted down, never cut: 600 characters stay, the button waits.
    text = ("word " * 120).strip() + " end"
    phone.fill("#point-text", text)
    assert phone.input_value("#point-text") == text
    expect(phone.locator("#point-text-count")).to_contain_text("too many")
    expect(phone.locator("#point-form button[type=submit]")).to_be_disabled()
    phone.fill("#point-text", "Could the chair repeat the speaking time?")
    expect(phone.locator("#point-text-count")).to_contain_text(re.compile(r"\b45\d characters left"))
    expect(phone.locator("#point-form button[type=submit]")).to_be_enabled()

    # Leaving the seat, after a confirmation.
    phone.click("#leave-seat")
    phone.click(".confirm-dialog [data-confirm-ok]")
    phone.wait_for_url(re.compile(r"^https?://[^/]+/$"))
    phone.goto(f"{base}/delegate/")
    phone.wait_for_url("**/join/")


@pytest.mark.django_db(transaction=True)
def test_the_chair_console_reads_right(live_server_url, seeded, browser):
    base = live_server_url
    page = browser.new_context(viewport=LAPTOP, locale="es-ES").new_page()
    login_chair(page, base)
    # Logging in lands on the committee's console.
    expect(page).to_have_url(re.compile(rf"/committees/{committee().pk}/chair/$"))
    wait_live(page)
    expect(page.locator("#rollcall-open")).to_have_class(re.compile(r"\bprimary\b"))
    expect(page.locator("#speaker-toggle")).not_to_contain_text("Reanudar")

    _present("KE", "BR", "JP", "FR")
    as_delegates(
        [seat("JP").pk],
        {"type": "motion.raise", "kind": "unmoderated_caucus", "params": {"total_seconds": 300}},
    )
    as_delegates([seat("FR").pk], {"type": "motion.second", "motion": 1})
    as_chair({"type": "motion.vote", "motion": 1})
    as_delegates([seat("KE").pk, seat("BR").pk], {"type": "vote.cast", "choice": "yes"})
    as_chair({"type": "vote.reveal"})
    page.reload()
    wait_live(page)
    # After the roll call, "Open the roll call" is no longer the highlighted button.
    expect(page.locator("#rollcall-open")).not_to_have_class(re.compile(r"\bprimary\b"))
    # A procedural vote where nobody may abstain: no "Abstención 0" anywhere in the vote.
    expect(page.locator("#vote-now .tally")).to_be_visible()
    expect(page.locator("#vote-now .tally")).not_to_contain_text("Abstención")
    expect(page.locator("#placard-abstain")).to_be_hidden()
    # The journal names the motion and the seats, in Spanish, with a 24-hour time.
    journal = page.locator("#journal")
    expect(journal).to_contain_text("Francia secundó la moción: Caucus no moderado")
    expect(journal).not_to_contain_text("moción 1")
    times = page.locator("#journal time").all_text_contents()
    assert times and all(re.fullmatch(r"\d{2}:\d{2}", t) for t in times), times
