"""Position papers in the browser, the whole flow of issue 10: a delegate on a phone writes with
the preview, saves, reloads, submits; uploads a DOCX for the other topic; the chair scores both and
requests changes on one; the delegate sees the comment and submits a second version; the chair
accepts it and releases scores; the delegate sees the score.

Set DAIS_SCREENSHOTS=<dir> to keep a screenshot of each step."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import LAPTOP, PHONE, committee, join_delegate, login_chair
from tests.paper_helpers import make_docx


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("DAIS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _score(page: Page, marks: list[int]) -> None:
    inputs = page.locator("input.mark-input")
    expect(inputs).to_have_count(len(marks))
    for i, mark in enumerate(marks):
        inputs.nth(i).fill(str(mark))
    page.click("#save-score")
    expect(page.locator(".messages")).to_contain_text(f"({sum(marks)}) was saved")


@pytest.mark.django_db(transaction=True)
def test_position_paper_flow(live_server_url, browser, seeded, tmp_path, settings):
    base = live_server_url
    interpol = committee()
    topic_a, topic_b = list(interpol.topics.all())[:2]

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    delegate = phone.new_page()
    join_delegate(delegate, base, "KE")
    delegate.click("[data-testid=my-papers]")
    expect(delegate.locator("h1")).to_have_text("My position papers")
    _shot(delegate, "01-delegate-papers")

    # Write with the live preview, autosave, reload: the text is still there.
    delegate.click(f"[data-topic={topic_a.letter}] a.button")
    body = "# Kenya on cybercrime\n\nKenya backs **regional** cooperation.\n\n- more training\n- shared data"
    delegate.fill("#paper-body", body)
    expect(delegate.locator("#paper-preview h1")).to_have_text("Kenya on cybercrime")
    expect(delegate.locator("#paper-preview strong")).to_have_text("regional")
    expect(delegate.locator("#word-count")).to_have_text("11 words")
    expect(delegate.locator("#save-state")).to_contain_text("Draft saved", timeout=10_000)
    _shot(delegate, "02-delegate-editor")
    delegate.reload()
    expect(delegate.locator("#paper-body")).to_have_value(body)
    delegate.click("#submit-paper")
    expect(delegate.locator(".messages")).to_contain_text("Version 1 submitted.")
    expect(delegate.locator("[data-testid=version-1]")).to_be_visible()

    # A DOCX for the other topic.
    docx = tmp_path / "kenya-b.docx"
    docx.write_bytes(make_docx("Kenya on money laundering", "Follow the money."))
    delegate.goto(f"{base}/delegate/papers/{topic_b.pk}/")
    delegate.set_input_files("#paper-file", str(docx))
    delegate.click("#upload-paper")
    expect(delegate.locator(".messages")).to_contain_text("Version 1 submitted.")
    expect(delegate.locator("[data-testid=version-1]")).to_contain_text("Word document")

    # The chair, on a laptop: the matrix, then each paper.
    laptop = browser.new_context(viewport=LAPTOP)
    chair = laptop.new_page()
    login_chair(chair, base)
    chair.goto(f"{base}/committees/{interpol.pk}/chair/")
    chair.click("[data-testid=papers-link]")
    kenya_row = chair.locator("[data-testid=row-KE]")
    expect(kenya_row).not_to_have_class(re.compile("row-missing"))
    expect(chair.locator("[data-testid=row-JP]")).to_have_class(re.compile("row-missing"))
    _shot(chair, "03-chair-matrix")
    kenya_row.locator("td a").nth(0).click()
    expect(chair.locator("[data-testid=paper-text] h1")).to_have_text("Kenya on cybercrime")
    _score(chair, [18, 15, 12, 10, 14])
    chair.fill("#comment", "Please cite your sources.")
    chair.click("#request-changes")
    expect(chair.locator(".messages")).to_contain_text("Changes requested")
    chair.goto(f"{base}/committees/{interpol.pk}/papers/")
    chair.locator("[data-testid=row-KE] td a").nth(1).click()
    _score(chair, [16, 16, 16, 16, 16])
    chair.click("#accept")
    expect(chair.locator(".messages")).to_contain_text("Accepted")

    # The delegate sees the comment (no score yet) and submits a second version.
    delegate.goto(f"{base}/delegate/papers/{topic_a.pk}/")
    expect(delegate.locator("[data-testid=dais-comment]")).to_contain_text(
        "Please cite your sources."
    )
    expect(delegate.locator("[data-testid=released-score]")).to_have_count(0)
    _shot(delegate, "04-delegate-changes-requested")
    delegate.fill("#paper-body", body + "\n\nSources: INTERPOL Africa cybercrime report.")
    delegate.click("#submit-paper")
    expect(delegate.locator(".messages")).to_contain_text("Version 2 submitted.")

    # The chair compares the versions side by side, accepts, and releases the scores.
    chair.goto(f"{base}/committees/{interpol.pk}/papers/")
    chair.locator("[data-testid=row-KE] td a").nth(0).click()
    expect(chair.locator("[data-testid=diff] .diff-added").last).to_contain_text(
        "Sources: INTERPOL"
    )
    _shot(chair, "05-chair-paper-diff")
    chair.click("#accept")
    expect(chair.locator(".messages")).to_contain_text("Accepted")
    chair.goto(f"{base}/committees/{interpol.pk}/papers/")
    chair.click("#release-scores")
    expect(chair.locator(".messages")).to_contain_text("Scores released")

    # The delegate sees the score.
    delegate.goto(f"{base}/delegate/papers/{topic_a.pk}/")
    expect(delegate.locator("[data-testid=released-score]")).to_contain_text("69.0")
    expect(delegate.locator("[data-testid=released-score]")).to_contain_text("of 100")
    _shot(delegate, "06-delegate-score")
    phone.close()
    laptop.close()


@pytest.mark.django_db(transaction=True)
def test_text_being_typed_survives_a_reload_and_an_expired_code(live_server_url, browser, seeded):
    from committee import seats as services
    from tests.e2e.helpers import _off_the_loop, seat

    base = live_server_url
    topic = committee().topics.first()
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" on unsaved text
    join_delegate(page, base, "JP")
    page.goto(f"{base}/delegate/papers/{topic.pk}/")
    # The server is out of reach (autosaves fail), then the page is reloaded: the copy kept
    # on the device comes back, and is saved once the server answers again.
    page.route("**/draft/", lambda route: route.abort())
    page.fill("#paper-body", "Japan's first sentence.")
    expect(page.locator("#save-state")).to_contain_text("Offline", timeout=10_000)
    page.reload()
    expect(page.locator("#paper-body")).to_have_value("Japan's first sentence.")
    expect(page.locator("#save-state")).to_contain_text("Restored")
    page.unroute("**/draft/")
    expect(page.locator("#save-state")).to_contain_text("Draft saved", timeout=15_000)
    page.reload()
    expect(page.locator("#paper-body")).to_have_value("Japan's first sentence.")

    # The code is replaced while the delegate types: the text stays, and the page says why.
    _off_the_loop(services.do_reissue_code, seat("JP"))
    page.fill("#paper-body", "Japan's first sentence. And a second one.")
    expect(page.locator("#editor-error")).to_contain_text("no longer valid", timeout=10_000)
    expect(page.locator("#save-state")).to_have_text("Not saved")
    expect(page.locator("#paper-body")).to_have_value("Japan's first sentence. And a second one.")
    _shot(page, "07-delegate-code-expired")
    context.close()
