#!/usr/bin/env python
"""Benchmark of the exports: how long a 30-clause resolution takes to PDF and DOCX, the minutes
of a 500-event sitting, and the demo conference's bundle. Each time is reported with its ratio
to a baseline measured in the same run (a 1-clause resolution; reading the journal without
rendering it), so numbers from a busy shared machine stay comparable.

    .venv/bin/python scripts/bench_exports.py            # 5 repeats, median
    .venv/bin/python scripts/bench_exports.py --repeat 3 --no-demo

The demo part builds its own SQLite database in a temporary directory (migrate, load_seeds
--demo); nothing else is touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def sitting_events(n_events: int):
    """A realistic sitting of about `n_events` journal entries, made by the live engine itself
    (pure: commands.handle and state.apply_event, no database)."""
    from committee.live import commands, state
    from committee.live.commands import CHAIR, DELEGATE, Actor, Context, SeatInfo
    from committee.procedure import get_profile
    from exports.journal import JournalEvent

    seats = {i: SeatInfo(id=i, country=f"Country {i:02d}", voting=True) for i in range(1, 46)}
    now = [1_900_000_000_000]
    ctx = Context(profile=get_profile("unausa"), seats=seats, topics={"A": "Topic A"}, members=45, now=now[0])
    st = state.initial_state()
    events: list[JournalEvent] = []
    chair = Actor(role=CHAIR, user_id=1)

    def run(actor, command, wait=5):
        nonlocal st
        now[0] += wait * 1000
        ctx.now = now[0]
        for ev in commands.handle(st, ctx, actor, command):
            st = state.apply_event(st, {**ev, "at": now[0]})
            events.append(
                JournalEvent(
                    seq=len(events) + 1, kind=ev["kind"], payload=ev["payload"],
                    at=dt.datetime.fromtimestamp(now[0] / 1000, tz=dt.UTC), seat=actor.seat,
                )
            )

    run(chair, {"type": "rollcall.open"})
    for seat in seats:
        run(Actor(role=DELEGATE, seat=seat), {"type": "rollcall.answer", "mark": "present"}, 1)
    run(chair, {"type": "rollcall.close"})
    run(chair, {"type": "agenda.set", "topic": "A"})
    speaker = 0
    while len(events) < n_events:
        for _ in range(3):
            speaker = speaker % 45 + 1
            run(Actor(role=DELEGATE, seat=speaker), {"type": "speakers.join"}, 2)
            run(chair, {"type": "speech.next"}, 3)
            run(Actor(role=DELEGATE, seat=speaker), {"type": "speech.yield", "to": "chair"}, 80)
        mover, seconder = speaker, speaker % 45 + 1
        run(Actor(role=DELEGATE, seat=mover), {"type": "motion.raise", "kind": "unmoderated_caucus", "params": {"total_seconds": 300}})
        motion = st["motions"][-1]["id"]
        run(Actor(role=DELEGATE, seat=seconder), {"type": "motion.second", "motion": motion})
        run(chair, {"type": "motion.vote", "motion": motion})
        for seat in seats:
            run(Actor(role=DELEGATE, seat=seat), {"type": "vote.cast", "choice": "yes" if seat % 3 else "no"}, 1)
        run(chair, {"type": "vote.close"})
        if st["caucus"]:
            run(chair, {"type": "caucus.end"}, 300)
    return events, {i: s.country for i, s in seats.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--no-demo", action="store_true", help="skip the demo conference bundle")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="dais-bench-")
    if not args.no_demo:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.utils import timezone, translation

    from exports.documents import MinutesDoc
    from exports.journal import read_journal
    from exports.render_docx import minutes_docx, resolution_docx
    from exports.render_pdf import minutes_pdf, resolution_pdf
    from tests.exports.samples import resolution

    rows: list[tuple[str, float, str, float]] = []

    def report(label: str, seconds: float, baseline_label: str, baseline: float) -> None:
        rows.append((label, seconds, baseline_label, baseline))

    start = time.perf_counter()
    import weasyprint  # noqa: F401  (its import is a one-off cost, measured apart)

    import_seconds = time.perf_counter() - start
    resolution_pdf(resolution(1))  # warm-up: fonts, templates

    small, big = resolution(1), resolution(30)
    base_pdf = median_time(lambda: resolution_pdf(small), args.repeat)
    base_docx = median_time(lambda: resolution_docx(small), args.repeat)
    report("30-clause resolution → PDF", median_time(lambda: resolution_pdf(big), args.repeat), "1-clause → PDF", base_pdf)
    report("30-clause resolution → DOCX", median_time(lambda: resolution_docx(big), args.repeat), "1-clause → DOCX", base_docx)

    events, seats = sitting_events(args.events)
    with translation.override("en"):
        read = median_time(lambda: read_journal(events, seats, {"A": "Topic A"}), args.repeat)
        print(f"reading the {len(events)}-event journal: {read * 1000:.1f} ms")
        journal = read_journal(events, seats, {"A": "Topic A"})
        minutes = MinutesDoc("Committee", "The Committee", "Conference", seats, journal.sittings, generated_at=timezone.now())
        report(f"minutes of a {len(events)}-event sitting → PDF", median_time(lambda: minutes_pdf(minutes), args.repeat), "1-clause → PDF", base_pdf)
        report(f"minutes of a {len(events)}-event sitting → DOCX", median_time(lambda: minutes_docx(minutes), args.repeat), "1-clause → DOCX", base_docx)

    if not args.no_demo:
        from django.core.management import call_command

        from committee.models import Committee, Conference
        from exports import services
        from resolutions.models import Paper

        call_command("migrate", verbosity=0)
        call_command("load_seeds", demo=True, password="bench-only-1", stdout=open(os.devnull, "w"))
        conference = Conference.objects.get(slug="dais-mun-2026")
        committee = Committee.objects.get(slug="interpol")
        repeat = max(1, args.repeat // 2)
        # committee.resolutions is gone: resolutions are adopted resolutions.Paper rows.
        first = (
            Paper.objects.filter(committee=committee, status=Paper.Status.ADOPTED)
            .order_by("pk")
            .first()
        )
        if first is None:
            raise SystemExit("The demo made no resolution to measure.")
        one = median_time(lambda: services.resolution_file(first, "pdf"), repeat)
        report("demo bundle: adopted resolutions → PDF", median_time(lambda: services.conference_bundle(conference, "pdf", language="en"), repeat), "one resolution → PDF", one)
        report("demo bundle: adopted resolutions → zip", median_time(lambda: services.conference_bundle(conference, "zip", language="en"), repeat), "one resolution → PDF", one)
        report(f"demo minutes ({committee.event_seq} events) → PDF", median_time(lambda: services.minutes_file(committee, "pdf"), repeat), "one resolution → PDF", one)
        report("demo: all four CSV files", median_time(lambda: [services.csv_file(committee, n) for n in ("attendance", "votes", "speeches", "speaking-time")], repeat), "one resolution → PDF", one)

    print(f"weasyprint import (once per process): {import_seconds:.2f} s")
    print(f"{'export':<46} {'median':>9}   {'baseline':<24} {'median':>9}  ratio")
    for label, seconds, base_label, base in rows:
        print(f"{label:<46} {seconds * 1000:>7.0f} ms   {base_label:<24} {base * 1000:>7.0f} ms  {seconds / base:5.1f}×")


if __name__ == "__main__":
    main()
