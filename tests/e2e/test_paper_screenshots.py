"""Screenshots of every position paper page at phone and laptop sizes, in English and Spanish.
Not a check: runs only with DAIS_SCREENSHOTS=<dir> (for looking at the pages)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone

from tests.e2e.helpers import (
    CHAIR_PASSWORD,
    LAPTOP,
    PHONE,
    committee,
    join_delegate,
    login_chair,
    seat,
)
from tests.paper_helpers import PDF_BYTES, make_docx, upload

FOLDER = os.environ.get("DAIS_SCREENSHOTS")
SIZES = {"phone": PHONE, "laptop": LAPTOP}

pytestmark = pytest.mark.skipif(not FOLDER, reason="set DAIS_SCREENSHOTS=<dir> to take them")


def _data():
    from django.contrib.auth import get_user_model

    from delegates import papers

    interpol = committee()
    topic_a, topic_b = list(interpol.topics.all())[:2]
    papers.check_set_time_zone(interpol, "Europe/Madrid")
    papers.check_set_deadline(
        topic_a, (timezone.now() + dt.timedelta(days=2, hours=5)).strftime("%Y-%m-%dT%H:%M")
    )
    papers.check_set_deadline(
        topic_b, (timezone.now() - dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    )
    kenya, japan, chile = seat("KE"), seat("JP"), seat("CL")
    text = "# Kenya on counterfeit medicines\n\nKenya backs **regional** cooperation.\n\n- training for customs\n- a shared register of licensed sellers"
    papers.check_submit_text(kenya, topic_a, text)
    v2 = papers.check_submit_text(kenya, topic_a, text + "\n\nSources: [WHO](https://www.who.int).")
    papers.check_submit_upload(
        kenya, topic_b, upload(make_docx("Kenya on topic B", "Follow the money."))
    )
    japan_paper = papers.check_submit_upload(japan, topic_b, upload(PDF_BYTES)).paper
    papers.check_submit_text(chile, topic_a, "Chile's *short* paper.")
    chair = get_user_model().objects.get(username="ana.garcia")
    papers.check_score(v2.paper, chair, {str(c.pk): "15" for c in papers.rubric(interpol)})
    papers.check_review(v2.paper, chair, "request_changes", "Please add a section on enforcement.")
    papers.check_publish(japan_paper, True)
    papers.do_release_scores(interpol)
    return interpol, topic_a, v2.paper, japan_paper


@pytest.mark.django_db(transaction=True)
def test_screenshots(live_server_url, browser, seeded):
    from django.contrib.auth import get_user_model

    interpol, topic_a, kenya_paper, japan_paper = _data()
    get_user_model().objects.filter(username="organizer").update(is_staff=True)
    base = live_server_url
    delegate_pages = {
        "d1-my-papers": "/delegate/papers/",
        "d2-editor": f"/delegate/papers/{topic_a.pk}/",
        "d3-version": f"/delegate/papers/{topic_a.pk}/versions/1/",
        "p1-published": f"/committees/{interpol.pk}/papers/published/",
        "p2-published-paper": f"/committees/{interpol.pk}/papers/published/{japan_paper.pk}/",
    }
    chair_pages = {
        "c1-matrix": f"/committees/{interpol.pk}/papers/",
        "c2-paper": f"/committees/{interpol.pk}/papers/{kenya_paper.pk}/?a=1&b=2",
        "c3-setup": f"/committees/{interpol.pk}/papers/setup/",
    }
    organizer_pages = {"o1-conference": f"/conferences/{interpol.conference_id}/papers/"}
    for language in ("en", "es"):
        for size_name, size in SIZES.items():
            context = browser.new_context(viewport=size)
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            page = context.new_page()
            join_delegate(page, base, "KE")
            for name, url in delegate_pages.items():
                page.goto(base + url)
                page.screenshot(path=f"{FOLDER}/{name}-{language}-{size_name}.png", full_page=True)
            # A submission after the join code was replaced: the text stays, with the reason.
            page.goto(base + f"/delegate/papers/{topic_a.pk}/")
            from committee import seats as services

            services.do_reissue_code(seat("KE"))
            page.fill("#paper-body", "Text typed while the code changed.")
            page.click("#submit-paper")
            page.screenshot(
                path=f"{FOLDER}/d4-not-saved-{language}-{size_name}.png", full_page=True
            )
            context.close()
            context = browser.new_context(viewport=size)
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            page = context.new_page()
            login_chair(page, base)
            for name, url in chair_pages.items():
                page.goto(base + url)
                page.screenshot(path=f"{FOLDER}/{name}-{language}-{size_name}.png", full_page=True)
            context.close()
            context = browser.new_context(viewport=size)
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            page = context.new_page()
            login_chair(page, base, "organizer", CHAIR_PASSWORD)
            for name, url in organizer_pages.items():
                page.goto(base + url)
                page.screenshot(path=f"{FOLDER}/{name}-{language}-{size_name}.png", full_page=True)
            context.close()
