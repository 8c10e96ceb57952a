"""The organizer dashboard follows a committee's live state without a reload (it polls
desk.json), and the chair console's statistics panel loads its server-drawn chart."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import as_chair, committee, login_chair


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_updates_when_a_committee_moves(live_server_url, page, seeded):
    login_chair(page, live_server_url, username="organizer")
    conference_id = committee().conference_id
    page.goto(f"{live_server_url}/conferences/{conference_id}/desk/")
    card = page.locator(f'[data-committee="{committee().pk}"]')
    expect(card.locator('[data-field="phase"]')).to_have_text("Not in session")
    as_chair({"type": "rollcall.open"})
    seats = list(committee().seats.values_list("pk", flat=True))
    as_chair(*[{"type": "rollcall.mark", "seat": s, "mark": "present"} for s in seats])
    as_chair({"type": "rollcall.close"}, {"type": "agenda.set", "topic": "A"})
    expect(card.locator('[data-field="phase"]')).to_have_text("In session: formal debate", timeout=12_000)
    expect(card.locator('[data-field="present"]')).to_have_text(str(len(seats)))

    page.goto(f"{live_server_url}/committees/{committee().pk}/chair/")
    page.click("#desk-panel summary")
    expect(page.locator("#desk-panel [data-testid=not-spoken] li")).to_have_count(len(seats))
    expect(page.locator("#desk-panel")).to_contain_text(re.compile("Speaking time"))
