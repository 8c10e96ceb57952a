"""The demo's position papers, written, reviewed and scored through `delegates.papers` exactly as
the delegations' editors and the dais's review pages call it.

The story happens in the days before the first sitting (`exports.demo.START`): topic A gets a
deadline two days before it; 24 delegations submit, the last three after the deadline; the dais
accepts most papers, asks three delegations for changes (one sends a second version, late) and
scores every paper it accepted, each dais member with their own marks; then the scores are
released. The services read `django.utils.timezone.now`, which is simulated for the duration.

`papers_step` is a `DAIS_DEMO_STEPS` entry. It is idempotent: a delegation that already has a
version on topic A is left alone, and so is a deadline or a release already set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import transaction

from committee.models import Committee, DaisMember, Seat, Topic
from delegates import papers
from delegates.paper_models import PositionPaper
from exports.demo import START

DEADLINE = START - dt.timedelta(days=2)
PAPERS = 24
LATE_FROM = 21  # the delegations from this one on submit after the deadline
REVIEW_AT = DEADLINE + dt.timedelta(hours=20)


@contextmanager
def simulated_now(moment: dt.datetime) -> Iterator[list[dt.datetime]]:
    """`timezone.now()` answers `clock[0]` until the block ends; set `clock[0]` to move time."""
    clock = [moment]
    with mock.patch("django.utils.timezone.now", lambda: clock[0]):
        yield clock


def submitted_at(n: int) -> dt.datetime:
    if n < LATE_FROM:
        return DEADLINE - dt.timedelta(hours=48 - 2 * n)
    return DEADLINE + dt.timedelta(hours=(1, 5, 18)[(n - LATE_FROM) % 3])


def paper_text(seat: Seat, topic: Topic, version: int = 1) -> str:
    revised = "\n\n## Revision\n\nThe delegation adds the sources the dais asked for." if version > 1 else ""
    return (
        f"# {seat.country}: {topic.title}\n\n"
        f"The delegation of **{seat.country}** considers that falsified medicines are a threat "
        "to public health and a source of income for organized crime.\n\n"
        "## Past action\n\n"
        f"- {seat.country} took part in Operation Pangea.\n"
        "- Its customs and its medicines regulator share seizure data.\n\n"
        "## Proposals\n\n"
        "1. Share seizure data through I-24/7 within thirty days.\n"
        "2. Train investigators in pharmaceutical crime.\n"
        f"{revised}\n"
    )


def marks_for(criteria: list[Any], n: int, judge: int) -> dict[str, str]:
    """Whole marks between half and all of each criterion's points, different per judge."""
    return {
        str(c.pk): str(c.max_points // 2 + (n * 7 + i * 3 + judge * 5) % (c.max_points // 2 + 1))
        for i, c in enumerate(criteria)
    }


def dais_of(committee: Committee) -> list[Any]:
    users = [
        m.user
        for m in DaisMember.objects.filter(committee=committee)
        .select_related("user")
        .order_by("order", "pk")
    ]
    if not users:
        staff = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
        users = [staff] if staff else []
    return users[:2]


def play_papers(committee: Committee) -> int:
    """Write the demo's papers on topic A. Returns how many delegations submitted in this run."""
    topic = committee.topics.filter(letter="A").first()
    judges = dais_of(committee)
    if topic is None or not judges:
        return 0
    setup = papers.setup_for(committee)
    done = set(
        PositionPaper.objects.filter(topic=topic, version_count__gt=0).values_list(
            "seat_id", flat=True
        )
    )
    seats = list(committee.seats.order_by("country")[:PAPERS])
    fresh = [(n, seat) for n, seat in enumerate(seats) if seat.pk not in done]
    with simulated_now(DEADLINE - dt.timedelta(days=5)) as clock, transaction.atomic():
        if papers.deadline_of(topic) is None:
            papers.check_set_deadline(
                topic, DEADLINE.astimezone(setup.zone).strftime("%Y-%m-%dT%H:%M")
            )
        # The delegations, in the order they submitted.
        for n, seat in sorted(fresh, key=lambda item: submitted_at(item[0])):
            clock[0] = submitted_at(n) - dt.timedelta(minutes=40)
            papers.check_save_draft(seat, topic, paper_text(seat, topic)[:200])
            clock[0] = submitted_at(n)
            papers.check_submit_text(seat, topic, paper_text(seat, topic))
        # The dais reads them the day after the deadline.
        criteria = papers.rubric(committee)
        revised = []
        for n, seat in fresh:
            clock[0] = REVIEW_AT + dt.timedelta(minutes=10 * n)
            paper = papers.paper_for(seat, topic)
            if n % 8 == 3:
                papers.check_review(
                    paper,
                    judges[0],
                    "request_changes",
                    "Please cite your sources for the seizure figures.",
                )
                if n < 16:
                    revised.append((n, seat))
                continue
            papers.check_review(paper, judges[0], "accept", "Thank you: clear and well argued.")
            for judge, user in enumerate(judges):
                papers.check_score(paper, user, marks_for(criteria, n, judge))
        # Two delegations send a second version (after the deadline).
        for n, seat in revised:
            clock[0] = REVIEW_AT + dt.timedelta(hours=8 + n)
            papers.check_submit_text(seat, topic, paper_text(seat, topic, version=2))
        if fresh and not setup.scores_released:
            clock[0] = START - dt.timedelta(hours=2)
            papers.do_release_scores(committee, True)
    return len(fresh)


def papers_step(committee_id: int) -> str:
    """The `DAIS_DEMO_STEPS` entry for `load_seeds --demo`."""
    committee = Committee.objects.get(pk=committee_id)
    written = play_papers(committee)
    if written:
        return f"Demo: {written} position papers submitted, reviewed and scored."
    return "Demo: position papers already there (kept as they are)."
