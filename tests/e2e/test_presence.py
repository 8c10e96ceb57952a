"""Two delegates join by code in their own browsers; the chair's console shows them connected
without a reload, and drops a delegation whose browser goes away.

Run in its own process: `python -m pytest tests/e2e/test_presence.py` (stack notes G5).
"""

import pytest
from playwright.sync_api import expect

from committee.models import Seat

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 10_000  # ms


def _join(browser, base_url: str, code: str):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base_url}/join/")
    # Typed as people do: lower case, spaces instead of dashes.
    page.fill("input[name=code]", code.lower().replace("-", " "))
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{base_url}/delegate/", timeout=TIMEOUT)
    return context, page


def test_chair_sees_delegates_connect_without_reload(live_server_url, seeded, browser):
    committee_id = Seat.objects.get(iso_code="KE").committee_id
    kenya = Seat.objects.get(committee_id=committee_id, iso_code="KE")
    japan = Seat.objects.get(committee_id=committee_id, iso_code="JP")

    chair_context = browser.new_context()
    chair = chair_context.new_page()
    chair.goto(f"{live_server_url}/accounts/login/?next=/committees/{committee_id}/chair/")
    chair.fill("input[name=username]", "ana.garcia")
    chair.fill("input[name=password]", "interpol-2026")
    chair.click("button[type=submit]")
    expect(chair).to_have_url(
        f"{live_server_url}/committees/{committee_id}/chair/", timeout=TIMEOUT
    )
    presence = chair.locator("#presence li")
    expect(presence).to_have_count(0, timeout=TIMEOUT)

    kenya_context, _kenya_page = _join(browser, live_server_url, kenya.join_code)
    japan_context, _japan_page = _join(browser, live_server_url, japan.join_code)
    try:
        for seat in (kenya, japan):
            expect(chair.locator(f'#presence li[data-seat-id="{seat.pk}"]')).to_be_visible(
                timeout=TIMEOUT
            )
        expect(presence).to_have_count(2)
        expect(chair.locator("#presence-count")).to_have_text("2")

        # Kenya's browser goes away: only Japan stays listed, still without a reload.
        kenya_context.close()
        expect(chair.locator(f'#presence li[data-seat-id="{kenya.pk}"]')).to_have_count(
            0, timeout=TIMEOUT
        )
        expect(chair.locator(f'#presence li[data-seat-id="{japan.pk}"]')).to_be_visible()
    finally:
        kenya_context.close()  # closing twice is harmless
        japan_context.close()
        chair_context.close()
