"""From working paper to resolution across browsers: two delegates co-write a paper from two
phones and see each other's saves; a clash on one clause shows both versions; signatories sign;
the chair approves, introduces and shows the draft on the projector; the vote runs on devices
with two seats entered by the chair; the projector shows the resolution's number.
Screenshots (phone 390x844, laptop 1366x768, English and Spanish) go to /tmp/dais-shots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import ViewportSize, expect

from tests.e2e.helpers import (
    LAPTOP,
    PHONE,
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

SHOTS = Path("/tmp/dais-shots")
# Not helpers.PROJECTOR (1920x1080) on purpose: this test has always used a 1600x900 projector.
PROJECTOR_1600: ViewportSize = {"width": 1600, "height": 900}
pytestmark = pytest.mark.usefixtures("patient_expect")


def _sign(paper_id: int, seat_ids: list[int]) -> None:
    from committee.access import DELEGATE, Access
    from committee.models import Seat
    from resolutions import services

    for seat_id in seat_ids:
        s = Seat.objects.select_related("committee").get(pk=seat_id)
        services.sign(Access(committee=s.committee, role=DELEGATE, seat=s), None, paper_id, role="signatory")


def _support(paper_id: int, seat_ids: list[int]) -> None:
    from committee.access import DELEGATE, Access
    from committee.models import Seat
    from resolutions import services
    from resolutions.models import Amendment

    amendment = Amendment.objects.filter(paper_id=paper_id).order_by("-number").first()
    assert amendment is not None
    for seat_id in seat_ids:
        s = Seat.objects.select_related("committee").get(pk=seat_id)
        services.respond_amendment(Access(committee=s.committee, role=DELEGATE, seat=s), None, amendment.pk, response="support")


def _current() -> int | None:
    from committee.live.votes import roll_call_view
    from committee.models import Committee

    vote = Committee.objects.get(slug="interpol").live_state["vote"]
    view = roll_call_view(vote)
    assert view is not None, "the vote is not a roll call"
    current: int | None = view["current"]
    return current


def _answer_until(stop: set[int]) -> None:
    """The chair records "yes" for each seat called until one of `stop` is called (or the end)."""
    from committee.live.commands import CHAIR, Actor
    from committee.models import Committee
    from committee.services import check_live_command

    committee_id = Committee.objects.get(slug="interpol").pk
    while True:
        current = _current()
        if current is None or current in stop:
            return
        check_live_command(committee_id, Actor(role=CHAIR), {"type": "vote.answer", "answer": "yes"})


def _paper_id() -> int:
    from resolutions.models import Paper

    return Paper.objects.get().pk


def _shoot(page, name: str, size: ViewportSize) -> None:
    page.set_viewport_size(size)
    page.wait_for_timeout(200)
    page.screenshot(path=str(SHOTS / name), full_page=False)


@pytest.mark.django_db(transaction=True)
def test_working_paper_to_resolution(live_server_url, seeded, browser):
    base = live_server_url
    c = committee()
    ke, jp = seat("KE"), seat("JP")
    SHOTS.mkdir(parents=True, exist_ok=True)
    others = other_voting_seats({ke.pk, jp.pk}, 21)
    as_chair(
        *({"type": "rollcall.mark", "seat": s, "mark": "present"} for s in [ke.pk, jp.pk, *others]),
        {"type": "agenda.set", "topic": "A"},
    )

    chair = browser.new_context(viewport=LAPTOP).new_page()
    projector = browser.new_context(viewport=PROJECTOR_1600).new_page()
    kenya = browser.new_context(viewport=PHONE, has_touch=True).new_page()
    japan = browser.new_context(viewport=PHONE, has_touch=True).new_page()
    login_chair(chair, base)
    join_delegate(kenya, base, "KE")
    join_delegate(japan, base, "JP")

    # --- Kenya starts a working paper and writes clauses with the structured editor.
    kenya.goto(f"{base}/committees/{c.pk}/drafts/")
    kenya.fill("#new-title-input", "Safe medicines for every patient")
    kenya.click("#new-title + form button[type=submit], main form button[type=submit]")
    expect(kenya.locator("#paper-code")).to_have_text("INTERPOL/WP/A/1")
    kenya.click("#add-preambular-button")
    kenya.fill(".clause-form .phrase-input", "Alarmed by")
    kenya.fill(".clause-form .text-input", "the trade in <b>falsified</b> medicines")
    kenya.click(".clause-form button[type=submit]")
    expect(kenya.locator(".preambular .clause-line")).to_have_text("Alarmed by the trade in <b>falsified</b> medicines,")
    kenya.click("#add-operative-button")
    kenya.fill(".clause-form .phrase-input", "Urgess")  # a typo: a warning the author may override
    kenya.fill(".clause-form .text-input", "member countries to share laboratory results")
    kenya.click(".clause-form button[type=submit]")
    expect(kenya.locator(".clause-form .warning")).to_contain_text("Urgess")
    kenya.locator(".clause-form .warning").get_by_role("button", name="Urges", exact=True).click()
    expect(kenya.locator(".operative .clause-line").first).to_have_text("1. Urges member countries to share laboratory results.")
    kenya.click("#add-operative-button")
    kenya.fill(".clause-form .phrase-input", "Requests")
    kenya.fill(".clause-form .text-input", "the General Secretariat to report every year")
    kenya.click(".clause-form button[type=submit]")
    expect(kenya.locator(".operative > li")).to_have_count(2)
    kenya.select_option("#invite-seat", str(jp.pk))
    kenya.click("#invite-button")
    expect(kenya.locator("#doc-authors")).to_contain_text("Japan")

    # --- Japan co-writes from its own phone and sees Kenya's saves live.
    japan.goto(kenya.url)
    wait_socket = japan.locator(".operative > li")
    expect(wait_socket).to_have_count(2)
    japan.wait_for_timeout(500)  # its socket is open
    first = kenya.locator(".operative > li").first
    first.locator("button", has_text="Edit").click()
    kenya.fill(".clause-form .text-input", "member countries to share laboratory results within a week")
    kenya.click(".clause-form button[type=submit]")
    expect(japan.locator(".operative .clause-line").first).to_contain_text("within a week")
    expect(japan.locator(".operative > li.changed")).to_have_count(1)
    expect(japan.locator("#live-note")).to_contain_text("Kenya")

    # --- Both edit the same clause: the later save is refused with both versions shown.
    japan.locator(".operative > li").nth(1).locator("button", has_text="Edit").click()
    kenya.locator(".operative > li").nth(1).locator("button", has_text="Edit").click()
    japan.fill(".clause-form .text-input", "the General Secretariat to report twice a year")
    kenya.fill(".clause-form .text-input", "the General Secretariat to report each session")
    kenya.click(".clause-form button[type=submit]")
    expect(kenya.locator(".clause-form")).to_have_count(0)
    # Japan's form survived Kenya's broadcast with its text
    expect(japan.locator(".clause-form .text-input")).to_have_value("the General Secretariat to report twice a year")
    japan.click(".clause-form button[type=submit]")
    conflict = japan.locator('[data-testid="conflict"]')
    expect(conflict).to_contain_text("each session")
    expect(conflict).to_contain_text("twice a year")
    SHOTS.mkdir(parents=True, exist_ok=True)
    _shoot(japan, "paper-conflict-phone-en.png", PHONE)
    japan.click('[data-testid="keep-mine"]')
    expect(kenya.locator(".operative .clause-line").nth(1)).to_contain_text("twice a year")
    _shoot(kenya, "paper-editor-phone-en.png", PHONE)
    _shoot(kenya, "paper-editor-laptop-en.png", LAPTOP)

    # --- Signatures from the devices; the chair approves once there are enough.
    kenya.reload()
    kenya.click("#sign-sponsor")
    expect(kenya.locator("#unsign")).to_be_visible()
    japan.reload()
    japan.click("#sign-signatory")
    expect(japan.locator("#unsign")).to_be_visible()
    chair.goto(kenya.url)
    expect(chair.locator("#support-line")).to_contain_text("5 needed, 2 have signed")
    chair.click("#approve-button")
    expect(chair.locator(".messages")).to_contain_text("5 needed, 2 have signed")
    _off_the_loop(_sign, _paper_id(), others[:3])
    chair.click("#approve-button")
    expect(chair.locator("#paper-code")).to_have_text("INTERPOL/DR/A/1")

    # --- Amendments: a friendly one (the sponsor accepts from its phone), an unfriendly one.
    paper_url = chair.url
    japan.goto(paper_url)
    japan.select_option("#amend-kind", "add")
    japan.fill("#amend-phrase", "Invites")
    japan.fill("#amend-text", "regional police bodies to join the effort")
    japan.click('#amend-form button[value="propose"]')
    expect(japan.locator('[data-testid="amendment-list"]')).to_contain_text("INTERPOL/DR/A/1/AMD/1")
    kenya.goto(paper_url)
    kenya.locator('[data-amendment] button[value="accept"]').click()
    expect(kenya.locator(".messages")).to_contain_text("recorded")
    expect(kenya.locator("#paper-document")).to_contain_text("regional police bodies")
    japan.select_option("#amend-kind", "delete")
    target = japan.locator("#amend-target option", has_text="Requests").get_attribute("value")
    japan.select_option("#amend-target", target)
    japan.click('#amend-form button[value="propose"]')
    kenya.reload()
    kenya.locator('[data-amendment] button[value="refuse"]').click()
    _off_the_loop(_support, _paper_id(), others[3:5])
    chair.goto(paper_url)
    chair.locator('[data-amendment] button[value="approve"]').click()
    expect(chair.locator(".messages")).to_contain_text("voted before the draft")
    _shoot(kenya, "paper-amendments-phone-en.png", PHONE)

    # --- Introduction, the projector shows the text, voting procedure.
    chair.goto(f"{base}/committees/{c.pk}/chair/")
    projector.goto(f"{base}/committees/{c.pk}/projector/")
    kenya.goto(f"{base}/delegate/")
    japan.goto(f"{base}/delegate/")
    for page in (chair, projector, kenya, japan):
        wait_live(page)
    draft = chair.locator("#draft-list li").first
    draft.locator("button", has_text="Introduce").click()
    expect(projector.locator('[data-testid="draft-now"]')).to_contain_text("INTERPOL/DR/A/1")
    chair.locator("#draft-list button", has_text=re.compile(r"^2\.$")).click()
    expect(projector.locator("#draft-now li.focus")).to_contain_text("twice a year")
    projector.screenshot(path=str(SHOTS / "projector-draft-en.png"))
    chair.click("#debate-close")

    # --- The unfriendly amendment first: devices, and two seats entered by the chair.
    chair.locator("#draft-list button", has_text="Put to the vote").click()
    expect(kenya.locator("#vote-subject")).to_contain_text("AMD/2")
    kenya.click('#vote-buttons [data-args*="no"]')
    for s in others[:2]:
        chair.locator(f'[data-testid="not-voted"] li[data-seat-id="{s}"] button', has_text="No").click()
        expect(chair.locator(f'[data-testid="not-voted"] li[data-seat-id="{s}"]')).to_have_count(0)
    expect(chair.locator('[data-testid="vote-count"]')).to_contain_text("3 of 23")
    _shoot(chair, "chair-vote-laptop-en.png", LAPTOP)
    as_delegates([jp.pk, *others[2:6]], {"type": "vote.cast", "choice": "yes"})
    as_delegates(others[6:], {"type": "vote.cast", "choice": "no"})
    chair.reload()
    wait_live(chair)
    expect(chair.locator('[data-testid="not-voted-count"]')).to_have_text("0")
    chair.click("#vote-close")
    expect(chair.locator('#vote-results [data-testid="result"]')).to_contain_text("Fails")
    expect(chair.locator('[data-testid="result-method"]')).to_contain_text("entered by the chair")

    # --- The draft by roll call: Kenya passes, Japan votes yes with rights, Kenya yes in round 2.
    chair.locator("#draft-list button", has_text="Roll-call vote").click()
    expect(projector.locator('[data-testid="rc-current"]')).to_be_visible()
    _off_the_loop(_answer_until, {ke.pk, jp.pk})
    for page in (chair, projector, kenya, japan):
        page.reload()
        wait_live(page)
    current = _off_the_loop(_current)
    first, second = (kenya, japan) if current == ke.pk else (japan, kenya)
    expect(projector.locator('[data-testid="rc-current"]')).to_have_text(seat("KE" if current == ke.pk else "JP").country)
    if first is kenya:
        kenya.locator("#rc-vote button.rc-pass").click()
    else:
        japan.locator("#rc-vote button.rc-yes_rights").click()
    _off_the_loop(_answer_until, {ke.pk, jp.pk})
    for page in (chair, projector, kenya, japan):
        page.reload()
        wait_live(page)
    if second is kenya:
        kenya.locator("#rc-vote button.rc-pass").click()
    else:
        japan.locator("#rc-vote button.rc-yes_rights").click()
    expect(projector.locator('[data-testid="roll-call"]')).to_contain_text("with rights")
    _off_the_loop(_answer_until, {ke.pk})
    kenya.reload()
    wait_live(kenya)
    expect(kenya.locator("#rc-vote")).to_contain_text("Second round")
    kenya.locator("#rc-vote button.rc-yes").click()
    expect(projector.locator('[data-testid="roll-call"]')).to_contain_text("Every seat has answered")
    projector.screenshot(path=str(SHOTS / "projector-roll-call-en.png"))
    _shoot(kenya, "delegate-roll-call-phone-en.png", PHONE)
    chair.reload()
    wait_live(chair)
    chair.click("#vote-close")
    expect(projector.locator('[data-testid="draft-now"]')).to_contain_text("INTERPOL/RES/1")
    expect(projector.locator('[data-testid="result-method"]')).to_contain_text("Roll-call")
    projector.screenshot(path=str(SHOTS / "projector-resolution-en.png"))

    # --- Spanish pages, phone and laptop.
    for page in (kenya, chair):
        page.context.add_cookies([{"name": "django_language", "value": "es", "url": base}])
    kenya.goto(f"{base}/committees/{c.pk}/drafts/{_paper_id()}/")
    _shoot(kenya, "paper-phone-es.png", PHONE)
    _shoot(kenya, "paper-laptop-es.png", LAPTOP)
    chair.goto(f"{base}/committees/{c.pk}/chair/")
    wait_live(chair)
    _shoot(chair, "chair-laptop-es.png", LAPTOP)
    _shoot(chair, "chair-phone-es.png", PHONE)
