"""The clause under discussion stays on its clause when a friendly amendment renumbers the text
(the chair's console and the projector), and a draft whose amendments deleted every operative
clause shows as failed for that reason on the console, the projector and the paper page. HTML in
a clause is shown as text on the projector.
Screenshots (phone 390x844, laptop 1366x768, projector also 1920x1080; English and Spanish) go
to /tmp/dais-shots/focus."""

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

SHOTS = Path("/tmp/dais-shots/focus")
SIZES = {"phone": PHONE, "laptop": LAPTOP}
EVIL = '<script>window.pwned = 1</script> & <b>bold</b> trade'


def _draft(title: str) -> int:
    """Through the services: the roll call, Topic A, a draft by Kenya (its only sponsor) with two
    operative clauses, introduced."""
    from committee.access import CHAIR, DELEGATE, Access
    from committee.live.commands import CHAIR as CHAIR_ROLE
    from committee.live.commands import Actor
    from committee.models import Seat
    from committee.services import check_live_command
    from resolutions import services

    c = committee()
    ke = seat("KE")
    chair = Actor(role=CHAIR_ROLE)
    if not any(v == "present" for v in (c.live_state or {}).get("attendance", {}).values()):
        for s in [ke.pk, *other_voting_seats({ke.pk}, 21)]:
            check_live_command(c.pk, chair, {"type": "rollcall.mark", "seat": s, "mark": "present"})
        check_live_command(c.pk, chair, {"type": "agenda.set", "topic": "A"})
    kenya = Access(committee=c, role=DELEGATE, seat=ke)
    paper = services.create_paper(kenya, None, topic="A", title=title)
    services.add_clause(kenya, None, paper.pk, kind="preambular", phrase="Alarmed by", text=EVIL)
    services.add_clause(kenya, None, paper.pk, kind="operative", phrase="Urges", text="member countries to share laboratory results")
    services.add_clause(kenya, None, paper.pk, kind="operative", phrase="Requests", text="the General Secretariat to report every year")
    services.sign(kenya, None, paper.pk, role="sponsor")
    for s in other_voting_seats({ke.pk}, 5):
        services.sign(Access(committee=c, role=DELEGATE, seat=Seat.objects.get(pk=s)), None, paper.pk, role="signatory")
    services.approve(Access(committee=c, role=CHAIR), None, paper.pk)
    check_live_command(c.pk, chair, {"type": "draft.introduce", "draft": paper.pk})
    return paper.pk


def _kenya_amends(paper_id: int, kind: str) -> None:
    """Kenya, the only sponsor, proposes: friendly, applied at once. "add" puts a clause after
    clause 1; "empty" deletes every operative clause."""
    from committee.access import DELEGATE, Access
    from resolutions import services
    from resolutions.models import Clause

    kenya = Access(committee=committee(), role=DELEGATE, seat=seat("KE"))
    tops = list(Clause.objects.filter(paper_id=paper_id, kind="operative", parent=None).order_by("position", "pk"))
    if kind == "add":
        services.propose_amendment(kenya, None, paper_id, kind="add", target=tops[0].pk, phrase="Invites", text="regional bodies to join")
    else:
        for clause in tops:
            services.propose_amendment(kenya, None, paper_id, kind="delete", target=clause.pk)


def _shoot(pages: dict, name: str, language: str, row=None) -> None:
    for size, viewport in SIZES.items():
        for who, page in pages.items():
            page.set_viewport_size(viewport)
            if who == "chair" and row is not None:
                row.evaluate("el => el.scrollIntoView({block: 'center'})")
            page.wait_for_timeout(200)
            page.screenshot(path=str(SHOTS / f"{name}-{who}-{size}-{language}.png"))
    if "projector" in pages:
        pages["projector"].set_viewport_size(PROJECTOR)
        pages["projector"].wait_for_timeout(200)
        pages["projector"].screenshot(path=str(SHOTS / f"{name}-projector-wall-{language}.png"))


@pytest.mark.django_db(transaction=True)
def test_the_focus_follows_its_clause_and_an_emptied_draft_fails(live_server_url, seeded, browser):
    base = live_server_url
    SHOTS.mkdir(parents=True, exist_ok=True)
    c = committee()
    words = {
        "en": ("no operative clause left after amendments", "Draft resolution failed: no operative clause left after amendments", "no operative clause was left after amendments"),
        "es": ("tras las enmiendas no quedó ninguna cláusula dispositiva", "Proyecto de resolución fallido: tras las enmiendas no quedó ninguna cláusula dispositiva", "no quedó ninguna cláusula dispositiva"),
    }
    for number, language in enumerate(("en", "es"), start=1):
        paper_id = _off_the_loop(_draft, f"Safe medicines {number}")
        chair = browser.new_context(viewport=SIZES["laptop"], locale=language).new_page()
        projector = browser.new_context(viewport=PROJECTOR, locale=language).new_page()
        kenya = browser.new_context(viewport=SIZES["phone"], has_touch=True, locale=language).new_page()
        for page in (chair, projector, kenya):
            page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
        login_chair(chair, base)
        join_delegate(kenya, base, "KE")
        chair.goto(f"{base}/committees/{c.pk}/chair/")
        projector.goto(f"{base}/committees/{c.pk}/projector/")
        wait_live(chair)
        wait_live(projector)
        row = chair.locator(f'#draft-list li[data-draft-id="{paper_id}"]')
        row.locator("button", has_text="2.").click()
        expect(projector.locator("#draft-now li.focus")).to_contain_text("report every year")
        expect(projector.locator("#draft-now li.focus .label")).to_have_text("2.")
        # HTML in a clause is shown as the text it is, never run or rendered.
        expect(projector.locator("#draft-now .draft-pre li")).to_have_text(f"Alarmed by {EVIL},")
        expect(projector.locator("#draft-now script, #draft-now b")).to_have_count(0)
        assert projector.evaluate("window.pwned") is None
        # A friendly amendment puts a clause before it: it is clause 3 now, and still the one shown.
        _off_the_loop(_kenya_amends, paper_id, "add")
        for page in (chair, projector):
            page.reload()
            wait_live(page)
        expect(projector.locator("#draft-now li.focus")).to_contain_text("report every year")
        expect(projector.locator("#draft-now li.focus .label")).to_have_text("3.")
        expect(projector.locator("#draft-now li.focus")).to_have_count(1)
        expect(row.locator('button[aria-pressed="true"]', has_text="3.")).to_have_count(1)
        _shoot({"chair": chair, "projector": projector}, "focus", language, row)
        # Amendments delete every operative clause: the draft fails, no vote.
        _off_the_loop(_kenya_amends, paper_id, "empty")
        for page in (chair, projector):
            page.reload()
            wait_live(page)
        kenya.goto(f"{base}/committees/{c.pk}/drafts/{paper_id}/")
        expect(row).to_contain_text(words[language][0])
        expect(row.locator("button", has_text="Put to the vote")).to_have_count(0)
        expect(row.locator(".actions.small")).to_have_count(0)  # no clause left to show
        expect(projector.locator("#p-draft")).to_have_text(words[language][1])
        expect(kenya.locator('[data-testid="paper-reason"]')).to_contain_text(words[language][2])
        _shoot({"chair": chair, "projector": projector, "paper": kenya}, "emptied", language, row)
        for page in (chair, projector, kenya):
            page.context.close()
