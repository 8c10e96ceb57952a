"""The chair console's Tab order follows what the eye reads (issue 9 follow-up): from 1200 px
the console is three columns (the floor | the vote and motions | the roll call, the caucus and
the meeting), and Tab goes down each column in turn; below 1200 px, one column, top to bottom,
the roll call first. Resizing across 1200 px rearranges the page. Screenshots in
/tmp/dais-shots/polish/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import LAPTOP, PHONE, committee, login_chair, wait_live

SHOTS = Path("/tmp/dais-shots/polish")

# The panels with an id, in the page's order, and where each is drawn.
PANELS = """() => [...document.querySelectorAll("main section.panel[id]")]
  .filter((s) => s.offsetParent !== null)
  .map((s) => { const r = s.getBoundingClientRect();
                return { id: s.id, left: Math.round(r.left + scrollX), top: Math.round(r.top + scrollY) }; })"""
FOCUSED_PANEL = """() => { const s = document.activeElement && document.activeElement.closest("main section.panel[id]");
  return s ? s.id : null; }"""


def _reading_order(panels: list[dict]) -> list[str]:
    """Column by column (left to right), top to bottom in each."""
    return [p["id"] for p in sorted(panels, key=lambda p: (p["left"], p["top"]))]


def _tab_order(page: Page) -> list[str]:
    """The panels in the order Tab first reaches them, from the status bar to the end."""
    page.locator('[data-testid="papers-link"]').focus()
    seen: list[str] = []
    for _ in range(400):
        page.keyboard.press("Tab")
        panel = page.evaluate(FOCUSED_PANEL)
        if panel is None:
            if seen and page.evaluate("() => !document.activeElement || document.activeElement === document.body"):
                break
            continue
        if not seen or seen[-1] != panel:
            seen.append(panel)
        if panel == "journal-panel":
            break
    return seen


def _check(page: Page, name: str) -> None:
    panels = page.evaluate(PANELS)
    dom = [p["id"] for p in panels]
    assert dom == _reading_order(panels), f"{name}: page order {dom} is not the reading order"
    tabbed = _tab_order(page)
    assert len(tabbed) == len(set(tabbed)), f"{name}: Tab comes back to a panel: {tabbed}"
    assert tabbed == [p for p in _reading_order(panels) if p in tabbed], f"{name}: Tab order {tabbed}"


@pytest.mark.django_db(transaction=True)
def test_tab_follows_the_columns_on_a_laptop_and_the_page_on_a_phone(live_server_url, seeded, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang, locale in (("en", "en-GB"), ("es", "es-ES")):
        page = browser.new_context(viewport=LAPTOP, locale=locale).new_page()
        login_chair(page, live_server_url)
        page.goto(f"{live_server_url}/committees/{committee().pk}/chair/")
        wait_live(page)
        _check(page, f"laptop {lang}")
        tabbed = _tab_order(page)
        # (Before the roll call the floor's buttons are all disabled: Tab starts at the speakers.)
        assert tabbed.index("gsl-panel") < tabbed.index("vote-panel") < tabbed.index("motions-panel")
        assert tabbed.index("motions-panel") < tabbed.index("rollcall-panel") < tabbed.index("caucus-panel")
        assert tabbed.index("caucus-panel") < tabbed.index("session-panel")
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(SHOTS / f"console-order-laptop-{lang}.png"))
        # A phone's width: one column, the roll call first, the vote after the motions.
        page.set_viewport_size(PHONE)
        expect(page.locator(".chair-grid")).not_to_have_class("chair-grid wide-order")
        _check(page, f"phone {lang}")
        tabbed = _tab_order(page)
        assert tabbed[:2] == ["rollcall-panel", "gsl-panel"], tabbed
        assert tabbed.index("caucus-panel") < tabbed.index("motions-panel") < tabbed.index("vote-panel")
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(SHOTS / f"console-order-phone-{lang}.png"))
        # And back.
        page.set_viewport_size(LAPTOP)
        expect(page.locator(".chair-grid")).to_have_class("chair-grid wide-order")
        _check(page, f"laptop again {lang}")
        page.context.close()
