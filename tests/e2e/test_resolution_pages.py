"""The draft and resolution pages and the projector's draft view, looked at and measured:
- the projector gives a draft the full width when nobody speaks and the speakers' list is empty
  or irrelevant (voting procedure), at 1366x768 and 1920x1080, with text readable across a room;
- the draft and resolution pages have no serious or critical axe-core violation (the status
  badges' contrast among them) in English and Spanish, and nothing overflows at phone width;
- screenshots of every page at phone and laptop sizes (projector: laptop and 1920x1080), in
  English and Spanish, go to /tmp/dais-shots/resui (DAIS_SHOTS to change) for people to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    LAPTOP,
    PHONE,
    PROJECTOR,
    _off_the_loop,
    as_chair,
    as_delegates,
    committee,
    join_delegate,
    login_chair,
    other_voting_seats,
    seat,
    wait_live,
)
from tests.e2e.test_room_layout import axe_violations, overflow

SHOTS = Path(os.environ.get("DAIS_SHOTS", "/tmp/dais-shots/resui"))
LANGUAGES = ("en", "es")
pytestmark = pytest.mark.usefixtures("patient_expect")


PREAMBLE = [
    ("Alarmed by", "the growing trade in falsified and substandard medicines across borders"),
    ("Recalling", "the Medicrime Convention and the work of the World Health Organization"),
]
OPERATIVE = [
    ("Urges", "member countries to share laboratory results on seized medicines within a week"),
    ("Requests", "the General Secretariat to report to the General Assembly twice a year"),
    ("Encourages", "regional police bodies to train customs officers in recognising falsified packaging"),
]


def _build(ke: int, jp: int, others: list[int]) -> dict[str, int]:
    """Two drafts by Kenya and Japan (one with a friendly and an unfriendly amendment) and a
    working paper; returns their ids."""
    from committee.access import CHAIR, DELEGATE, Access
    from committee.models import Seat
    from resolutions import services

    c = committee()

    def delegate(seat_id: int) -> Access:
        return Access(committee=c, role=DELEGATE, seat=Seat.objects.get(pk=seat_id))

    chair = Access(committee=c, role=CHAIR)
    ids = {}
    for key, title in (("draft", "Safe medicines for every patient"), ("second", "Cooperation on cybercrime")):
        paper = services.create_paper(delegate(ke), None, topic="A", title=title)
        for phrase, text in PREAMBLE:
            services.add_clause(delegate(ke), None, paper.pk, kind="preambular", phrase=phrase, text=text)
        first = None
        for phrase, text in OPERATIVE:
            clause = services.add_clause(delegate(ke), None, paper.pk, kind="operative", phrase=phrase, text=text)
            first = first or clause
        assert first is not None
        services.add_clause(delegate(ke), None, paper.pk, kind="operative", parent=first.pk, text="through the I-24/7 network")
        services.add_clause(delegate(ke), None, paper.pk, kind="operative", parent=first.pk, text="with the national health authorities")
        services.invite_author(delegate(ke), None, paper.pk, jp)
        services.sign(delegate(ke), None, paper.pk, role="sponsor")
        services.sign(delegate(jp), None, paper.pk, role="sponsor")
        for s in others[:4]:
            services.sign(delegate(s), None, paper.pk, role="signatory")
        services.approve(chair, None, paper.pk)
        ids[key] = paper.pk
    # Amendments on the first: a friendly one (applied), an unfriendly one (pending).
    from resolutions.models import Clause

    report = Clause.objects.get(paper_id=ids["draft"], phrase="Requests")
    friendly = services.propose_amendment(
        delegate(others[5]), None, ids["draft"], kind="replace", target=report.pk, phrase="Requests",
        text="the General Secretariat to report to the General Assembly every year",
    )
    services.respond_amendment(delegate(ke), None, friendly.pk, response="accept")
    services.respond_amendment(delegate(jp), None, friendly.pk, response="accept")
    urges = Clause.objects.get(paper_id=ids["draft"], phrase="Urges")
    unfriendly = services.propose_amendment(
        delegate(others[6]), None, ids["draft"], kind="add", target=urges.pk, phrase="Invites",
        text="the private sector to report suspicious online pharmacies",
    )
    services.respond_amendment(delegate(ke), None, unfriendly.pk, response="refuse")
    for s in others[7:11]:
        services.respond_amendment(delegate(s), None, unfriendly.pk, response="support")
    services.approve_amendment(chair, None, unfriendly.pk)
    # One more, waiting for the sponsors (its badge on the page).
    services.propose_amendment(
        delegate(others[11]), None, ids["draft"], kind="delete", target=urges.pk,
    )
    # A working paper still being written.
    wp = services.create_paper(delegate(ke), None, topic="A", title="Training for customs officers")
    services.add_clause(delegate(ke), None, wp.pk, kind="preambular", phrase="Noting", text="the lack of trained customs officers")
    services.add_clause(delegate(ke), None, wp.pk, kind="operative", phrase="Calls upon", text="member countries to fund training")
    services.invite_author(delegate(ke), None, wp.pk, jp)
    ids["wp"] = wp.pk
    return ids


def _context(browser, size, language: str, base: str):
    context = browser.new_context(viewport=size)
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    return context.new_page()


def _shoot(page: Page, name: str, full_page: bool = True) -> None:
    page.wait_for_timeout(150)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def _draft_share(page: Page) -> float:
    """The draft block's width as a share of the viewport's."""
    return page.evaluate(
        """() => document.querySelector('#draft-block').getBoundingClientRect().width
                 / document.documentElement.clientWidth"""
    )


def _draft_font_px(page: Page) -> float:
    return page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('#draft-now .draft-text')).fontSize)"
    )


def _projectors(browser, base: str, c_id: int, step: str, check_wide: bool, amendment: str = "") -> None:
    for language in LANGUAGES:
        for size_name, size in (("laptop", LAPTOP), ("wall", PROJECTOR)):
            page = _context(browser, size, language, base)
            page.goto(f"{base}/committees/{c_id}/projector/")
            wait_live(page)
            expect(page.locator('[data-testid="draft-now"]')).to_be_visible()
            _shoot(page, f"projector-{step}-{size_name}-{language}", full_page=False)
            if check_wide:
                share = _draft_share(page)
                assert share >= 0.8, f"{step} {size_name} {language}: the draft has {share:.0%} of the width"
                assert page.locator("#next-block").is_hidden()
                # Read across a room: at least 28 px at 1366 wide, 36 px at 1920.
                assert _draft_font_px(page) >= (28 if size_name == "laptop" else 36)
            if amendment:  # the amendment put to the vote, over the draft with its clause marked
                expect(page.locator('[data-testid="amendment-now"]')).to_contain_text(amendment)
                expect(page.locator("#draft-now li.focus")).to_contain_text("Urges")
                assert _draft_share(page) >= 0.8
            assert overflow(page) == []
            page.context.close()


@pytest.mark.django_db(transaction=True)
def test_draft_pages_and_projector(live_server_url, seeded, browser):
    base = live_server_url
    SHOTS.mkdir(parents=True, exist_ok=True)
    c = committee()
    ke, jp = seat("KE").pk, seat("JP").pk
    others = other_voting_seats({ke, jp}, 21)
    as_chair(
        *({"type": "rollcall.mark", "seat": s, "mark": "present"} for s in [ke, jp, *others]),
        {"type": "agenda.set", "topic": "A"},
    )
    ids = _off_the_loop(_build, ke, jp, others)
    drafts = f"{base}/committees/{c.pk}/drafts/"

    # --- The pages before the vote: as Kenya (author, sponsor) and as the chair.
    for language in LANGUAGES:
        for size_name, size in (("phone", PHONE), ("laptop", LAPTOP)):
            page = _context(browser, size, language, base)
            join_delegate(page, base, "KE")
            for name, url in (("list", drafts), ("wp-editor", f"{drafts}{ids['wp']}/"), ("draft", f"{drafts}{ids['draft']}/")):
                page.goto(url)
                _shoot(page, f"{name}-{size_name}-{language}")
                assert overflow(page) == [], f"{name} {size_name} {language}"
            page.goto(f"{drafts}{ids['draft']}/")
            assert axe_violations(page) == [], f"draft page {language}"
            page.goto(f"{drafts}{ids['wp']}/")
            page.click("#add-operative-button")
            _shoot(page, f"wp-adding-{size_name}-{language}")
            page.context.close()
            page = _context(browser, size, language, base)
            login_chair(page, base)
            page.goto(f"{drafts}{ids['draft']}/")
            _shoot(page, f"draft-chair-{size_name}-{language}")
            page.goto(f"{drafts}{ids['draft']}/history/")
            _shoot(page, f"history-{size_name}-{language}")
            page.context.close()

    # --- Live co-writing across languages: Kenya (English page) signs; Japan's Spanish page
    # shows the new sponsor in Spanish, from the frame.
    japan = _context(browser, LAPTOP, "es", base)
    join_delegate(japan, base, "JP")
    japan.goto(f"{drafts}{ids['wp']}/")
    kenya = _context(browser, LAPTOP, "en", base)
    join_delegate(kenya, base, "KE")
    kenya.goto(f"{drafts}{ids['wp']}/")
    japan.wait_for_timeout(800)  # its socket is open
    kenya.click("#sign-sponsor")
    expect(kenya.locator("#doc-sponsors")).to_have_text("Kenya")
    expect(japan.locator("#doc-sponsors")).to_have_text("Kenia")
    expect(japan.locator("#live-note")).to_contain_text("Kenia")
    expect(japan.locator(".doc-opening")).to_have_text("La Asamblea General de INTERPOL,")
    _shoot(japan, "wp-live-frame-laptop-es")
    japan.context.close()
    kenya.context.close()

    # --- The draft under discussion: introduced, a clause in focus, nobody on the list.
    as_chair({"type": "draft.introduce", "draft": ids["draft"]})
    as_chair({"type": "draft.focus", "draft": ids["draft"], "clause": "2"})
    _projectors(browser, base, c.pk, "debate", check_wide=True)

    # --- Voting procedure: the list is closed; the draft keeps the whole width.
    as_chair({"type": "debate.close"})
    _projectors(browser, base, c.pk, "voting", check_wide=True)

    # --- The vote on the amendment, then on the draft: the resolution.
    as_chair({"type": "draft.vote", "draft": ids["draft"]})
    _projectors(browser, base, c.pk, "vote-amendment", check_wide=False, amendment="the private sector to report")
    as_delegates([ke, jp, *others[:15]], {"type": "vote.cast", "choice": "no"})
    as_chair({"type": "vote.close"})
    as_chair({"type": "draft.vote", "draft": ids["draft"]})
    as_delegates([ke, jp, *others[:5]], {"type": "vote.cast", "choice": "yes"})
    _projectors(browser, base, c.pk, "vote-draft", check_wide=False)
    as_delegates(others[5:15], {"type": "vote.cast", "choice": "yes"})
    as_delegates(others[15:18], {"type": "vote.cast", "choice": "no"})
    as_chair({"type": "vote.close"})
    _projectors(browser, base, c.pk, "adopted", check_wide=False)

    for language in LANGUAGES:
        for size_name, size in (("phone", PHONE), ("laptop", LAPTOP)):
            page = _context(browser, size, language, base)
            join_delegate(page, base, "KE")
            page.goto(f"{drafts}{ids['draft']}/")
            expect(page.locator("#paper-code")).to_have_text("INTERPOL/RES/1")
            _shoot(page, f"resolution-{size_name}-{language}")
            assert overflow(page) == [], f"resolution {size_name} {language}"
            assert axe_violations(page) == [], f"resolution page {language}"
            page.goto(drafts)
            _shoot(page, f"list-after-{size_name}-{language}")
            page.context.close()
