"""Helpers for the live-session browser tests: the viewport sizes and locales they use, logging a
chair in, joining as a delegate, waiting for the websocket, reading the timers the pages compute,
and acting as other seats."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import Page, ViewportSize, expect

# The sizes UI is checked and photographed at (phone, tablet, laptop, projector on the wall).
PHONE: ViewportSize = {"width": 390, "height": 844}
TABLET: ViewportSize = {"width": 768, "height": 1024}
LAPTOP: ViewportSize = {"width": 1366, "height": 768}
PROJECTOR: ViewportSize = {"width": 1920, "height": 1080}
# A page's language, as the browser's locale.
LOCALES = {"en": "en-GB", "es": "es-ES"}

CHAIR_USERNAME = "ana.garcia"
CHAIR_PASSWORD = "interpol-2026"
COMMITTEE_SLUG = "interpol"


def committee():
    from committee.models import Committee

    return Committee.objects.get(slug=COMMITTEE_SLUG)


def seat(iso: str):
    from committee.models import Seat

    return Seat.objects.get(committee__slug=COMMITTEE_SLUG, iso_code=iso)


def login_chair(
    page: Page, base: str, username: str = CHAIR_USERNAME, password: str = CHAIR_PASSWORD
) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("input[name=password]")).to_have_count(0)


def join_delegate(page: Page, base: str, iso: str) -> None:
    page.goto(f"{base}/join/")
    page.fill("input[name=code]", seat(iso).join_code)
    page.click("main button[type=submit]")
    page.wait_for_url("**/delegate/")


def wait_live(page: Page, timeout: float = 10_000) -> None:
    """The page's websocket is open and the first snapshot is rendered."""
    expect(page.locator("html")).to_have_attribute("data-connection", "open", timeout=timeout)
    expect(page.locator("body")).to_have_attribute(
        "data-rendered", re.compile(r"^\d+$"), timeout=timeout
    )


def remaining_ms(page: Page, timer: str = "caucus") -> tuple[int, float]:
    """The remaining time a page displays (its computed data-remaining-ms) and the moment, in
    seconds of the machine's clock, the page computed it. Every browser runs on this machine,
    so readings from several pages can be brought to one instant however slow the round trips."""
    value, at_ms = page.evaluate(
        """(name) => { window.Dais.tick();  // redraw now, not up to 250 ms ago
            const node = document.querySelector(`[data-timer="${name}"]`);
            return [Number(node.dataset.remainingMs), Date.now()]; }""",
        timer,
    )
    return int(value or 0), at_ms / 1000


def _off_the_loop(function, *args):
    """Run `function` in a worker thread: Playwright keeps an event loop running on this one,
    and the service's broadcast uses async_to_sync. (Its in-memory channel layer does not reach
    the server process: pages catch up from the next event's full state and a resync.)"""
    from django.db import connection

    def run():
        try:
            return function(*args)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def _run_commands(actors_and_commands: list) -> None:
    from committee.services import check_live_command

    committee_id = committee().pk
    for actor, command in actors_and_commands:
        check_live_command(committee_id, actor, command)


def as_chair(*commands: dict) -> None:
    from committee.live.commands import CHAIR, Actor

    _off_the_loop(_run_commands, [(Actor(role=CHAIR), c) for c in commands])


def as_delegates(seat_ids: list[int], command: dict) -> None:
    from committee.live.commands import DELEGATE, Actor

    _off_the_loop(_run_commands, [(Actor(role=DELEGATE, seat=s), command) for s in seat_ids])


def in_debate(*isos: str, others: int = 18) -> list:
    """The roll call opened, the named seats and `others` more (by pk) marked present and
    voting, the roll call closed and Topic A set: formal debate with a quorum. Returns the
    seats present, the named ones first."""
    from committee.models import Seat

    rest = Seat.objects.filter(committee=committee()).exclude(iso_code__in=isos).order_by("pk")
    present = [seat(iso) for iso in isos] + list(rest[:others])
    as_chair({"type": "rollcall.open"})
    as_chair(
        *({"type": "rollcall.mark", "seat": s.pk, "mark": "present_and_voting"} for s in present)
    )
    as_chair({"type": "rollcall.close"}, {"type": "agenda.set", "topic": "A"})
    return present


def other_voting_seats(exclude: set[int], count: int) -> list[int]:
    from committee.models import Seat

    seats = (
        Seat.objects.filter(committee__slug=COMMITTEE_SLUG)
        .exclude(pk__in=exclude)
        .order_by("country")
    )
    return [s.pk for s in seats if s.is_voting][:count]
