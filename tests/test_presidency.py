"""The Security Council's monthly presidency (PRoP 18) on the organizer page and the console:
computed from the setting and the seats, and ignorable (set to none, nothing shows)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from committee import rules_services
from committee.models import Seat
from tests.live.factory import make_committee

pytestmark = pytest.mark.django_db


def _council(starts_on: dt.date | None):
    w = make_committee(profile="security_council")
    w.committee.conference.starts_on = starts_on
    w.committee.conference.save()
    return w


def test_the_presidency_rotates_monthly_from_the_conference_start(db):
    w = _council(dt.date(2026, 11, 20))
    holders = [
        rules_services.presidency_of(w.refresh(), today=dt.date(2026 + (10 + m) // 12, (10 + m) % 12 + 1, 3))
        for m in range(8)
    ]
    # Argentina, Brazil, Canada, Denmark, Egypt, France, Ghana (the observer never presides).
    assert [h.country for h in holders if h] == [
        "Argentina", "Brazil", "Canada", "Denmark", "Egypt", "France", "Ghana", "Argentina",
    ]
    assert holders[1] is not None
    assert holders[1].month == dt.date(2026, 12, 1) and holders[1].first_month == dt.date(2026, 11, 1)


def test_the_presidency_is_ignorable_and_absent_where_the_rules_have_none(db):
    w = _council(None)
    holder = rules_services.presidency_of(w.refresh())
    assert holder is not None and holder.country == "Argentina"  # counted from now
    w.committee.rule_overrides = {"presidency_rotation": "none"}
    w.committee.save()
    assert rules_services.presidency_of(w.refresh()) is None
    assert rules_services.presidency_of(make_committee().committee) is None  # unausa


def test_the_console_and_the_organizer_page_show_it(db):
    w = _council(None)
    Seat.objects.filter(pk=w.seat("AR")).update(status=Seat.Status.OBSERVER)
    client = Client()
    client.force_login(w.chair_user)
    console = client.get(f"/committees/{w.committee.pk}/chair/").content.decode()
    assert 'data-testid="presidency">Brazil<' in console
    organize = client.get(f"/committees/{w.committee.pk}/organize/").content.decode()
    assert 'data-testid="presidency"' in organize and "<strong>Brazil</strong>" in organize
    w.committee.rule_overrides = {"presidency_rotation": "none"}
    w.committee.save()
    assert 'data-testid="presidency"' not in client.get(f"/committees/{w.committee.pk}/chair/").content.decode()
