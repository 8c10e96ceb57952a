"""Ballots the chair enters from the console (`vote.enter`) reach every chair page as tally
frames (issue 13): the "Not voted yet" list, its count and "Entered by the chair" update on
another chair's page in another language without a resync. Screenshots of the console during
the vote in /tmp/dais-shots/enter/ (laptop EN and ES, phone EN)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    LAPTOP,
    LOCALES,
    PHONE,
    as_chair,
    as_delegates,
    committee,
    login_chair,
    seat,
    wait_live,
)

SHOTS = Path("/tmp/dais-shots/enter")
ENTERED = {"en": "Entered by the chair: ", "es": "Registrados por la mesa: "}

pytestmark = pytest.mark.usefixtures("patient_expect")


def _frames(page: Any) -> dict[str, list[dict[str, Any]]]:
    """Every websocket frame the page sends and receives, decoded, as they happen."""
    seen: dict[str, list[dict[str, Any]]] = {"sent": [], "received": []}

    def watch(ws: Any) -> None:
        ws.on("framesent", lambda payload: seen["sent"].append(json.loads(payload)))
        ws.on("framereceived", lambda payload: seen["received"].append(json.loads(payload)))

    page.on("websocket", watch)
    return seen


@pytest.mark.django_db(transaction=True)
def test_entered_ballots_update_every_chair_page_without_a_resync(live_server_url, seeded, browser):
    from committee.models import Seat

    base = live_server_url
    c = committee()
    SHOTS.mkdir(parents=True, exist_ok=True)
    others = list(
        Seat.objects.filter(committee=c, status=Seat.Status.VOTING)
        .exclude(iso_code__in=("KE", "JP", "FR"))
        .order_by("country")[:12]
    )
    present = [seat("KE"), seat("JP"), seat("FR"), *others]
    as_chair({"type": "rollcall.open"})
    as_chair(*({"type": "rollcall.mark", "seat": s.pk, "mark": "present"} for s in present))
    as_chair({"type": "rollcall.close"}, {"type": "agenda.set", "topic": "A"})
    as_delegates(
        [seat("JP").pk],
        {"type": "motion.raise", "kind": "unmoderated_caucus", "params": {"total_seconds": 600}},
    )
    as_delegates([seat("FR").pk], {"type": "motion.second", "motion": 1})
    as_chair({"type": "motion.vote", "motion": 1})
    as_delegates([seat("JP").pk], {"type": "vote.cast", "choice": "yes"})

    pages, frames = {}, {}
    for name, viewport, lang in (("en", LAPTOP, "en"), ("es", LAPTOP, "es"), ("phone", PHONE, "en")):
        context = browser.new_context(viewport=viewport, locale=LOCALES[lang], has_touch=name == "phone")
        page = context.new_page()
        frames[name] = _frames(page)
        login_chair(page, base)
        page.goto(f"{base}/committees/{c.pk}/chair/")
        pages[name] = page
    for page in pages.values():
        wait_live(page)
    en, es = pages["en"], pages["es"]
    total = len(present)
    expect(es.locator('[data-testid="not-voted-count"]')).to_have_text(str(total - 1))
    expect(es.locator(".not-voted")).not_to_contain_text(ENTERED["es"])

    # The English chair enters two ballots from its console; the Spanish one only watches.
    for seen in frames.values():  # from here on
        seen["sent"].clear()
        seen["received"].clear()
    entered = [others[0], others[1]]
    for target, choice in zip(entered, ("Yes", "No"), strict=True):
        row = en.locator(f'[data-testid="not-voted"] li[data-seat-id="{target.pk}"]')
        row.locator("button", has_text=choice).click()
        expect(row).to_have_count(0)
    for name in ("en", "es", "phone"):
        page = pages[name]
        expect(page.locator('[data-testid="not-voted-count"]')).to_have_text(str(total - 3))
        for target in entered:
            expect(page.locator(f'[data-testid="not-voted"] li[data-seat-id="{target.pk}"]')).to_have_count(0)
        expect(page.locator('[data-testid="vote-count"]')).to_contain_text("3 ")
    lang_of = {"en": "en", "es": "es", "phone": "en"}
    for name, page in pages.items():
        note = page.locator(".not-voted p", has_text=ENTERED[lang_of[name]])
        expect(note).to_be_visible()
        text = note.inner_text()
        assert text.startswith(ENTERED[lang_of[name]]) and text.count(",") == 1, (name, text)
    # They came as tally frames naming the entries, and no page asked for a snapshot.
    for name in pages:
        tallies = [f for f in frames[name]["received"] if f.get("type") == "tally"]
        assert [seat for f in tallies for seat in f.get("entered", [])] == [s.pk for s in entered], name
        assert not [f for f in frames[name]["received"] if f.get("type") == "event"], name
        assert not [f for f in frames[name]["sent"] if f.get("type") == "sync"], name
        assert not [f for f in frames[name]["received"] if f.get("type") == "snapshot"], name

    for name, page in pages.items():
        # The vote panel's top just below the sticky header (the count, the tally, the lists).
        page.locator("#vote-panel").evaluate(
            "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 110)"
        )
        page.screenshot(path=str(SHOTS / f"chair-entered-{name}.png"))
        page.screenshot(path=str(SHOTS / f"chair-entered-{name}-full.png"), full_page=True)
        page.context.close()
