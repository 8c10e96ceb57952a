"""A divided draft whose every operative part is rejected fails at once: the chair's console,
the projector and the delegates' paper pages show it as rejected without another press.
Screenshots (phone 390x844, laptop 1366x768, projector also 1920x1080; English and Spanish) go
to /tmp/dais-shots/division."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    LAPTOP,
    PHONE,
    PROJECTOR,
    _off_the_loop,
    committee,
    join_delegate,
    login_chair,
    other_voting_seats,
    seat,
    wait_live,
)

SHOTS = Path("/tmp/dais-shots/division")
SIZES = {"phone": PHONE, "laptop": LAPTOP}


def _play() -> int:
    """Through the services: a draft with two operative clauses, divided clause by clause,
    both parts voted down."""
    from committee.access import CHAIR, DELEGATE, Access
    from committee.live.commands import CHAIR as CHAIR_ROLE
    from committee.live.commands import DELEGATE as DELEGATE_ROLE
    from committee.live.commands import Actor
    from committee.models import Seat
    from committee.services import check_live_command
    from resolutions import services

    c = committee()
    ke, jp = seat("KE"), seat("JP")
    present = [ke.pk, jp.pk, *other_voting_seats({ke.pk, jp.pk}, 21)]

    def run(actor: Actor, **command) -> None:
        check_live_command(c.pk, actor, command)

    chair = Actor(role=CHAIR_ROLE)
    for s in present:
        run(chair, type="rollcall.mark", seat=s, mark="present")
    run(chair, type="agenda.set", topic="A")
    kenya = Access(committee=c, role=DELEGATE, seat=ke)
    paper = services.create_paper(kenya, None, topic="A", title="Safe medicines for every patient")
    services.add_clause(kenya, None, paper.pk, kind="preambular", phrase="Alarmed by", text="the trade in falsified medicines")
    services.add_clause(kenya, None, paper.pk, kind="operative", phrase="Urges", text="member countries to share laboratory results")
    services.add_clause(kenya, None, paper.pk, kind="operative", phrase="Requests", text="the General Secretariat to report every year")
    services.sign(kenya, None, paper.pk, role="sponsor")
    for s in present[1:5]:
        services.sign(Access(committee=c, role=DELEGATE, seat=Seat.objects.get(pk=s)), None, paper.pk, role="signatory")
    services.approve(Access(committee=c, role=CHAIR), None, paper.pk)
    run(chair, type="draft.introduce", draft=paper.pk)
    run(chair, type="debate.close")
    outcome = check_live_command(
        c.pk, Actor(role=DELEGATE_ROLE, seat=ke.pk),
        {"type": "motion.raise", "kind": "divide_question", "params": {"draft": paper.pk, "parts": "1, 2"}},
    )
    motion = outcome.events[0].payload["motion"]["id"]
    run(Actor(role=DELEGATE_ROLE, seat=jp.pk), type="motion.second", motion=motion)
    run(chair, type="motion.vote", motion=motion)
    for s in present:
        run(Actor(role=DELEGATE_ROLE, seat=s), type="vote.cast", choice="yes")
    run(chair, type="vote.close")
    for _part in range(2):
        run(chair, type="draft.vote", draft=paper.pk)
        for i, s in enumerate(present):
            run(Actor(role=DELEGATE_ROLE, seat=s), type="vote.cast", choice="yes" if i < 3 else "no")
        run(chair, type="vote.close")
    return paper.pk


@pytest.mark.django_db(transaction=True)
def test_a_draft_whose_every_part_failed_shows_as_rejected(live_server_url, seeded, browser):
    base = live_server_url
    SHOTS.mkdir(parents=True, exist_ok=True)
    paper_id = _off_the_loop(_play)
    c = committee()
    state = c.live_state
    assert state["drafts"][str(paper_id)]["status"] == "rejected"
    for language in ("en", "es"):
        chair = browser.new_context(viewport=SIZES["laptop"], locale=language).new_page()
        projector = browser.new_context(viewport=PROJECTOR, locale=language).new_page()
        kenya = browser.new_context(viewport=SIZES["phone"], has_touch=True, locale=language).new_page()
        for page in (chair, projector, kenya):
            page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
        login_chair(chair, base)
        join_delegate(kenya, base, "KE")
        chair.goto(f"{base}/committees/{c.pk}/chair/")
        projector.goto(f"{base}/committees/{c.pk}/projector/")
        kenya.goto(f"{base}/committees/{c.pk}/drafts/{paper_id}/")
        wait_live(chair)
        wait_live(projector)
        words = {
            "en": ("rejected", "every operative part was rejected", "Draft resolution rejected: every operative part was rejected", "Rejected"),
            "es": ("rechazado", "se rechazaron todas las partes dispositivas", "Proyecto de resolución rechazado: se rechazaron todas sus partes dispositivas", "Rechazad"),
        }[language]
        row = chair.locator(f'#draft-list li[data-draft-id="{paper_id}"]')
        expect(row).to_contain_text(words[0])
        expect(row).to_contain_text(words[1])
        expect(row.locator("button", has_text="Put to the vote")).to_have_count(0)
        expect(projector.locator("#p-draft")).to_have_text(words[2])
        expect(kenya.locator("main")).to_contain_text(words[3])
        for size, viewport in SIZES.items():
            for name, page in (("chair", chair), ("projector", projector), ("delegate-paper", kenya)):
                page.set_viewport_size(viewport)
                if page is chair:
                    row.evaluate("el => el.scrollIntoView({block: 'center'})")
                page.wait_for_timeout(200)
                page.screenshot(path=str(SHOTS / f"{name}-{size}-{language}.png"))
                if page is chair:  # the phone's sticky header can cover the row: the row alone
                    row.screenshot(path=str(SHOTS / f"chair-draft-row-{size}-{language}.png"))
        projector.set_viewport_size(PROJECTOR)
        projector.wait_for_timeout(200)
        projector.screenshot(path=str(SHOTS / f"projector-wall-{language}.png"))
        for page in (chair, projector, kenya):
            page.context.close()
