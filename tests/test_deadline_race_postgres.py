"""The deadline of an adoption without a vote, noticed at once by several workers, on PostgreSQL
with real concurrency: threads (each with its own database connection) call the deadline check
and send commands at the same moment; exactly one `consensus_adopted` is journalled, and the
journal still replays to the stored state. Skipped on SQLite."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings as django_settings
from django.db import connection

from committee import services
from committee.live.commands import LiveError
from committee.models import CommitteeEvent
from tests.live.factory import make_committee

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="needs PostgreSQL (the CI pass with DATABASE_URL)",
    ),
]


def test_many_workers_noticing_the_deadline_close_it_once(monkeypatch):
    now = [1_900_000_000_000]
    monkeypatch.setattr("committee.services.now_ms", lambda: now[0])
    w = make_committee(profile="interpol")
    w.open_debate("A")
    w.as_chair("consensus.propose", title="Agenda", question="procedural")
    now[0] += 20_000

    def notice(i: int) -> str:
        try:
            if i % 3 == 0:
                return "expired" if services.do_expire_deadlines(w.committee.pk) else "nothing"
            if i % 3 == 1:
                services.do_heartbeat(w.committee.pk, None)
                return "beat"
            try:
                w.as_delegate("AR", "consensus.object")
            except LiveError as error:
                return str(error)
            return "objected"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=12) as pool:
        outcomes = list(pool.map(notice, range(24)))
    assert "objected" not in outcomes
    kinds = list(
        CommitteeEvent.objects.filter(committee=w.committee, kind__startswith="consensus")
        .order_by("seq")
        .values_list("kind", flat=True)
    )
    assert kinds == ["consensus_proposed", "consensus_adopted"]
    committee = w.refresh()
    assert services.replay_state(committee) == committee.live_state
