"""Dais at conference scale, against two baselines on the same sockets (`make bench`).

Runs against the cluster `make cluster` started (nginx on :8080, WORKERS daphne workers,
Redis, durable PostgreSQL, DEBUG off); all clients are asyncio `websockets` sockets in this
process, on the same cores as the servers. Delegates join their seats by join code through
nginx (/join/), several devices per seat; projectors and public viewers use the projector feed.

Scenarios (quick / full):
1. fan-out in one 193-seat committee: a chair's action (timer.adjust) to every socket,
   p50/p95/p99 over every delivery, for 50 and 200 sockets (quick) and 50, 200, 1,000 (full:
   193 seats x 4 devices + public viewers);
2. the vote burst: all 193 seats vote at once: time until every ballot is acknowledged and
   until every socket shows all 193 ballots, on the 200-socket room (and the 1,000 one, full);
3. the reconnect storm: every socket of the largest room drops and reconnects at once: time
   until all have a snapshot at the latest seq;
4. the conference: 20 committees x 100 seats + a projector each (quick: 4 x 25): a chair's
   action in every committee at once (fan-out percentiles), then a vote burst in every
   committee at once (slowest committee's time, nothing lost or doubled);
5. memory per socket: the workers' RSS growth divided by the sockets connected;
6. query counts of the pages and websocket commands at 193 seats.
Baselines, same sockets, same run: `floor` (plain websockets, one encoded frame per room) and
`textbook` (Channels consumer, one group member per socket, Redis layer, WORKERS daphnes);
see scripts/bench_baselines.py. Each Dais figure is also given as a ratio to both.

Usage: .venv/bin/python scripts/bench.py --quick | --full   [--json out.json] [--md out.md]
Results also go to bench-results/ (gitignored). Exit status 1 on a lost or doubled frame or an
error, never because a target was missed (the figures say that).
Profiling: BENCH_SPY=<dir> records each Dais worker with py-spy through every fan-out
measurement (collapsed stacks, one file per worker); BENCH_SPY_ARGS adds py-spy options, e.g.
`--gil` for what holds each worker's GIL alone.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import random
import signal
import socket as socketlib
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchkit import (
    ROOT,
    STATE,
    Socket,
    Tracker,
    build_committee,
    connect,
    join_devices,
    open_session,
    percentile,
    rss_kib,
    steady,
    use_cluster_settings,
    worker_pids,
)

FLOOR_PORT = 8190
TEXTBOOK_BASE_PORT = 8191
FANOUT_CALLS = itertools.count()  # the baselines' relay keys name their call: never reused
PROBLEMS: list[str] = []  # lost or doubled frames, errors: the run fails
NOTES: list[str] = []  # what the baselines lose (the textbook layer drops over capacity)
BURST_TIMEOUT = 60
NAN = float("nan")
FRESH = [True]  # restart servers before each room (full mode: memory per socket from a clean start)


async def ballots_journaled(committee_id: int, after_seq: int) -> int:
    from asgiref.sync import sync_to_async

    from committee.models import CommitteeEvent

    return await sync_to_async(
        CommitteeEvent.objects.filter(
            committee_id=committee_id, kind="ballot_cast", seq__gt=after_seq
        ).count
    )()


def doubled(rooms: list[Room]) -> int:
    return sum(s.doubled for room in rooms for s in [room.lead, *room.sockets])


def log(*parts: Any) -> None:
    print(*parts, flush=True)


def stats(latencies_ms: list[float]) -> dict[str, float]:
    return {
        "n": len(latencies_ms),
        "p50": percentile(latencies_ms, 0.50),
        "p95": percentile(latencies_ms, 0.95),
        "p99": percentile(latencies_ms, 0.99),
        "max": max(latencies_ms) if latencies_ms else float("nan"),
    }


# ---------------------------------------------------------------------------------------------
# Servers


def wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socketlib.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on {port}")


class Baselines:
    def __init__(self, workers: int, redis_url: str) -> None:
        self.workers = workers
        self.processes: list[subprocess.Popen] = []
        self.redis_url = redis_url
        log_file = open(STATE / "baselines.log", "ab")  # noqa: SIM115
        scripts = str(ROOT / "scripts")
        self.floor = subprocess.Popen(
            [sys.executable, "bench_baselines.py", "floor", "--port", str(FLOOR_PORT)],
            cwd=scripts, stdout=log_file, stderr=log_file,
        )
        env = {**os.environ, "BASELINE_REDIS_URL": redis_url, "PYTHONPATH": scripts}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        self.textbook = [
            subprocess.Popen(
                [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p",
                 str(TEXTBOOK_BASE_PORT + i), "bench_baselines:textbook_app"],
                cwd=scripts, env=env, stdout=log_file, stderr=log_file,
            )
            for i in range(workers)
        ]
        self.processes = [self.floor, *self.textbook]
        wait_port(FLOOR_PORT)
        for i in range(workers):
            wait_port(TEXTBOOK_BASE_PORT + i)

    def restart(self, redis_url: str) -> None:
        """Fresh processes, so that memory per socket is measured from a clean start."""
        self.stop()
        type(self).__init__(self, self.workers, redis_url)

    def urls(self, kind: str, room: str, count: int, first: int = 0) -> list[str]:
        """`count` sockets' addresses for `room`, spread over the workers round robin (as nginx
        does for Dais) starting at worker `first`."""
        if kind == "floor":
            return [f"ws://127.0.0.1:{FLOOR_PORT}/room/{room}"] * count
        return [
            f"ws://127.0.0.1:{TEXTBOOK_BASE_PORT + (first + i) % self.workers}/room/{room}"
            for i in range(count)
        ]

    def pids(self, kind: str) -> list[int]:
        return [self.floor.pid] if kind == "floor" else [p.pid for p in self.textbook]

    def stop(self) -> None:
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


# ---------------------------------------------------------------------------------------------
# A room of sockets, for Dais or a baseline


class Room:
    """The sockets of one committee (Dais) or one baseline room, plus the one that acts."""

    def __init__(self, kind: str, name: Any, tracker: Tracker) -> None:
        self.kind = kind  # "dais", "floor", "textbook"
        self.name = name
        self.tracker = tracker
        self.actor: Socket | None = None  # the chair (Dais) or a sender socket (baselines)
        self.sockets: list[Socket] = []
        self.voters: list[Socket] = []  # one socket per seat (device 0)
        self.targets: list[tuple[str, str | None]] = []
        self.seq_base = 0

    @property
    def lead(self) -> Socket:
        """The acting socket, once the room has one."""
        assert self.actor is not None, "the room has no acting socket yet"
        return self.actor

    def adopt(self, sockets: list[Socket]) -> None:
        for s in sockets:
            s.room = self.name
            s.tracker = self.tracker


RETRIES: list[int] = [0]


async def connect_all(targets, origin: str, batch: int = 100, retries: int = 8) -> list[Socket]:
    """Connect every target; a refused or failed connect is retried as the page does
    (0.5 s, doubling, up to 10 s, with jitter). Retries are counted in RETRIES."""
    async def one(url: str, key: str | None) -> Socket:
        for attempt in range(retries):
            try:
                return await connect(url, key, origin=origin, timeout=120)
            except Exception:
                if attempt == retries - 1:
                    raise
                RETRIES[0] += 1
                await asyncio.sleep(min(10, 0.5 * 2**attempt) * random.uniform(0.8, 1.2))
        raise AssertionError

    sockets: list[Socket] = []
    for start in range(0, len(targets), batch):
        sockets += await asyncio.gather(*(one(u, k) for u, k in targets[start : start + batch]))
    return sockets


async def close_all(sockets: list[Socket]) -> None:
    await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)


# ---------------------------------------------------------------------------------------------
# Measurements


def spy_on(pids: list[int], name: str) -> list[subprocess.Popen]:
    """With BENCH_SPY=<dir>: py-spy records each Dais worker through one measurement (collapsed
    stacks, <dir>/<name>-<pid>.txt), to profile that phase alone."""
    out = os.environ.get("BENCH_SPY")
    if not out:
        return []
    Path(out).mkdir(parents=True, exist_ok=True)
    spies = [
        subprocess.Popen(
            [str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(pid), "--rate",
             "200", "--format", "raw", "--threads", *os.environ.get("BENCH_SPY_ARGS", "").split(),
             "-o", f"{out}/{name}-{pid}.txt"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for pid in pids
    ]
    time.sleep(1.0)  # attached before the measurement starts
    return spies


def cpu_by_program() -> dict[tuple[str, str], tuple[str, float]]:
    """CPU seconds used so far by every process of this machine: {(pid, part): (program, s)}
    (/proc/<pid>/stat: utime + stime). A daphne worker is two parts: its event loop (the main
    thread) and its other threads (the database pool). Keyed by pid, not by name: kernel
    threads rename themselves."""
    ticks = os.sysconf("SC_CLK_TCK")

    def used(stat: str) -> tuple[str, float]:
        fields = stat[stat.rindex(")") + 2 :].split()
        return stat[stat.index("(") + 1 : stat.rindex(")")], (int(fields[11]) + int(fields[12])) / ticks

    found: dict[tuple[str, str], tuple[str, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name, total = used((entry / "stat").read_text())
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            if any(b"daphne" in part for part in cmdline[:3]):
                _, loop = used((entry / "task" / entry.name / "stat").read_text())
                found[(entry.name, "loop")] = ("daphne: event loop", loop)
                found[(entry.name, "rest")] = ("daphne: other threads", total - loop)
                continue
        except (OSError, ValueError):
            continue
        if entry.name == str(os.getpid()):
            name = "bench client"
        found[(entry.name, "")] = (name, total)
    return found


def cpu_spent(before: dict[tuple[str, str], tuple[str, float]]) -> dict[str, float]:
    """CPU seconds per program since `before` (programs that used less than 10 ms left out)."""
    spent: dict[str, float] = {}
    for key, (name, total) in cpu_by_program().items():
        spent[name] = spent.get(name, 0.0) + total - before.get(key, (name, 0.0))[1]
    return dict(sorted(((k, v) for k, v in spent.items() if v >= 0.01), key=lambda kv: -kv[1]))


def stop_spies(spies: list[subprocess.Popen]) -> None:
    for spy in spies:
        spy.send_signal(signal.SIGINT)
    for spy in spies:
        try:
            spy.wait(timeout=30)
        except subprocess.TimeoutExpired:
            spy.kill()


@steady
async def fanout(rooms: list[Room], actions: int, pad: str, gap: float = 0.25) -> dict[str, Any]:
    """Every room's actor acts at once, `actions` times; latency from the send to each socket's
    arrival. Returns percentiles over every delivery, how many deliveries were missing, and the
    CPU every program used meanwhile (`cpu_s`, over `wall_s`)."""
    cpu_before, wall_before = cpu_by_program(), time.perf_counter()
    latencies: list[float] = []
    acks: list[float] = []  # Dais: the chair's own `ok` (the command's share of the latency)
    firsts: list[float] = []  # the first socket's arrival (what the fan-out adds after it)
    per_action: list[tuple[int, Any, float, float]] = []  # (action, room, p99, max): the tail's shape
    missing = 0
    call = next(FANOUT_CALLS)
    for i in range(actions):
        async def act(room: Room, i: int = i) -> None:
            nonlocal missing
            sent = time.perf_counter()
            if room.kind == "dais":
                reply = await room.lead.command(
                    {"type": "timer.adjust", "timer": "caucus", "seconds": 1 if i % 2 else -1},
                    ref=f"adjust-{time.monotonic_ns()}-{i}",
                )
                if reply["type"] != "ok":
                    raise RuntimeError(reply)
                key = reply["seq"]
                acks.append((reply["at"] - sent) * 1000)
            else:
                key = f"{room.name}-{call}-{i}"  # unique across calls (the warm-up's too)
                await room.lead.send({"op": "relay", "n": key, "pad": pad})
            arrived = await room.tracker.wait((room.name, key), len(room.sockets), timeout=60)
            if not arrived:
                missing_here = sum(1 for s in room.sockets if key not in s.arrivals)
                missing += missing_here
                PROBLEMS.append(f"{room.kind} room {room.name}: {missing_here} sockets missed {key}")
            here = [(s.arrivals[key] - sent) * 1000 for s in room.sockets if key in s.arrivals]
            latencies.extend(here)
            if here:
                firsts.append(min(here))
                per_action.append((i, room.name, percentile(here, 0.99), max(here)))

        await asyncio.gather(*(act(room) for room in rooms))
        await asyncio.sleep(gap)
    extra = {}
    if acks:
        extra["ack_p50"], extra["ack_p99"] = percentile(acks, 0.5), percentile(acks, 0.99)
    if firsts:
        extra["first_p50"] = percentile(firsts, 0.5)
    return {
        **stats(latencies), **extra, "missing": missing, "doubled": doubled(rooms),
        "per_action": per_action, "cpu_s": cpu_spent(cpu_before),
        "wall_s": time.perf_counter() - wall_before,
    }


async def open_dais_vote(room: Room) -> None:
    chair, first, second = room.lead, room.voters[0], room.voters[1]
    reply = await first.command(
        {"type": "motion.raise", "kind": "unmoderated_caucus", "params": {"total_seconds": 7200}},
        ref=f"m{time.monotonic_ns()}",
    )
    if reply["type"] != "ok":
        raise RuntimeError(reply)
    deadline = time.perf_counter() + 30
    while not (chair.state or {}).get("motions") and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    motion = max(m["id"] for m in (chair.state or {})["motions"])
    reply = await second.command({"type": "motion.second", "motion": motion}, ref=f"s{motion}")
    if reply["type"] != "ok":
        raise RuntimeError(reply)
    reply = await chair.command({"type": "motion.vote", "motion": motion}, ref=f"v{motion}")
    if reply["type"] != "ok":
        raise RuntimeError(reply)
    await asyncio.sleep(0.5)


@steady
async def vote_burst(rooms: list[Room]) -> dict[str, Any]:
    """Every voter of every room votes at once. Per room: time until all acks, and until every
    socket shows all ballots (Dais: the vote's cast_count; baselines: ballots relayed)."""
    if rooms[0].kind == "dais":
        await asyncio.gather(*(open_dais_vote(room) for room in rooms))
    ref = f"b{time.monotonic_ns()}"
    per_room: list[dict[str, Any]] = []

    async def burst(room: Room) -> None:
        seats = len(room.voters)
        if room.kind == "dais":
            def done(s: Socket, n: int = seats) -> bool:
                return ((s.state or {}).get("vote") or {}).get("cast_count") == n
        else:
            for s in room.sockets:
                s.ballots = 0

            def done(s: Socket, n: int = seats) -> bool:
                return s.ballots >= n
        finals = [s.until(done) for s in room.sockets]
        seq_before = room.lead.last_seq
        start = time.perf_counter()
        if room.kind == "dais":
            await asyncio.gather(
                *(v.send({"type": "vote.cast", "choice": "yes", "ref": ref}) for v in room.voters)
            )
        else:
            await asyncio.gather(
                *(v.send({"op": "vote", "seat": i}) for i, v in enumerate(room.voters))
            )
            ref_here = "b"
        acks = []
        refused = 0
        for v in room.voters:
            key = ref if room.kind == "dais" else ref_here
            reply = await v.reply(key, 120)
            v.replies.pop(key, None)
            if reply is None:
                PROBLEMS.append(f"{room.kind} room {room.name}: a ballot was never acknowledged")
                continue
            refused += reply["type"] != "ok"
            acks.append((reply["at"] - start) * 1000)
        _done, pending = await asyncio.wait(finals, timeout=BURST_TIMEOUT)
        short = len(pending)
        if short:
            final_ms = float("nan")
            message = (
                f"{room.kind} room {room.name}: {short} sockets had not seen all ballots "
                f"{BURST_TIMEOUT} s after the burst"
            )
            (NOTES if room.kind == "textbook" else PROBLEMS).append(message)
        else:
            final_ms = (max(f.result() for f in finals) - start) * 1000
        journal = None
        if room.kind == "dais":
            journal = await ballots_journaled(room.name, seq_before)
            if journal != seats:
                PROBLEMS.append(f"dais committee {room.name}: {journal} ballots journaled, not {seats}")
        if refused:
            PROBLEMS.append(f"{room.kind} room {room.name}: {refused} ballots refused")
        per_room.append(
            {
                "seats": seats,
                "sockets": len(room.sockets),
                "all_acked_ms": max(acks) if acks else float("nan"),
                "ack_p50_ms": percentile(acks, 0.5),
                "ack_p99_ms": percentile(acks, 0.99),
                "final_on_every_socket_ms": final_ms,
                "final_after_last_ack_ms": final_ms - max(acks) if acks else float("nan"),
                "refused": refused,
                "short": short,
                "journaled": journal,
            }
        )

    await asyncio.gather(*(burst(room) for room in rooms))
    if rooms[0].kind == "dais":
        await asyncio.gather(
            *(room.lead.command({"type": "vote.close"}, ref=f"c{ref}") for room in rooms)
        )
        await asyncio.sleep(0.5)
    finals_ms = [r["final_on_every_socket_ms"] for r in per_room]
    return {
        "rooms": len(rooms),
        "slowest_all_acked_ms": max(r["all_acked_ms"] for r in per_room),
        # NaN when some socket never got there (the textbook layer drops over capacity).
        "slowest_final_ms": float("nan") if any(f != f for f in finals_ms) else max(finals_ms),
        "slowest_final_after_last_ack_ms": max(r["final_after_last_ack_ms"] for r in per_room),
        "refused": sum(r["refused"] for r in per_room),
        "short": sum(r["short"] for r in per_room),
        "doubled": doubled(rooms),
        "per_room": per_room if len(per_room) <= 4 else per_room[:4],
    }


@steady
async def reconnect_storm(room: Room, origin: str) -> dict[str, Any]:
    """All sockets drop at once, then all reconnect at once; time until every one has caught
    up (Dais: a snapshot at the committee's latest seq; baselines: open)."""
    latest = max((s.last_seq for s in room.sockets), default=0)
    await close_all(room.sockets)
    RETRIES[0] = 0
    start = time.perf_counter()
    fresh = await connect_all(room.targets, origin, batch=len(room.targets))
    elapsed = (time.perf_counter() - start) * 1000
    behind = sum(1 for s in fresh if room.kind == "dais" and s.last_seq < latest)
    if behind:
        PROBLEMS.append(f"storm: {behind} sockets reconnected behind seq {latest}")
    room.adopt(fresh)
    room.sockets = fresh
    return {
        "sockets": len(fresh), "all_caught_up_ms": elapsed, "behind": behind, "retries": RETRIES[0]
    }


# ---------------------------------------------------------------------------------------------
# Scenario drivers


async def warm(targets: list[tuple[str, str | None]], origin: str) -> None:
    """One socket per worker in and out first: imports and caches filled on first use are not
    memory per socket."""
    sockets = await connect_all(targets, origin)
    await close_all(sockets)
    await asyncio.sleep(0.5)


async def fresh_processes(kind: str, baselines: Baselines) -> None:
    """Restart the servers about to be measured: RSS growth per socket means something only
    from a fresh process (CPython rarely gives memory back)."""
    if not FRESH[0]:
        return
    if kind == "dais":
        await asyncio.to_thread(
            subprocess.run,
            [str(ROOT / "scripts" / "cluster.sh"), "restart-workers"],
            check=True, stdout=subprocess.DEVNULL, env={**os.environ, "WORKERS": str(baselines.workers)},
        )
    else:
        await asyncio.to_thread(baselines.restart, baselines.redis_url)
    await asyncio.sleep(2.0)


def compose(seat_sessions: list[list[str]], count: int, devices: int) -> tuple[list[str], int]:
    """`count` sockets: delegate devices first (device 0 of every seat, then device 1, ...),
    public viewers (projector feed) for the rest. Returns (session keys, public count)."""
    keys: list[str] = []
    for d in range(devices):
        for seat in seat_sessions:
            if len(keys) < count and d < len(seat):
                keys.append(seat[d])
    return keys, count - len(keys)


async def dais_room(
    committee: dict[str, Any], keys: list[str], public: int, ws_base: str, origin: str,
    tracker: Tracker, voters: int, chair: Socket | None = None,
) -> Room:
    """A committee's room: its chair's socket (`chair`, when already connected) and every
    device's and projector's."""
    room = Room("dais", committee["id"], tracker)
    url = f"{ws_base}/ws/committees/{committee['id']}/"
    room.targets = [(url, k) for k in keys] + [(url + "projector/", None)] * public
    room.actor = chair or (await connect_all([(url, committee["chair_key"])], origin))[0]
    room.sockets = await connect_all(room.targets, origin)
    room.adopt(room.sockets)
    room.voters = room.sockets[:voters]
    return room


async def baseline_room(
    baselines: Baselines, kind: str, name: str, count: int, voters: int, tracker: Tracker,
    first: int = 0,
) -> Room:
    room = Room(kind, name, tracker)
    urls = baselines.urls(kind, name, count + 1, first)
    room.actor = (await connect_all([(urls[0], None)], "http://127.0.0.1"))[0]
    room.targets = [(u, None) for u in urls[1:]]
    room.sockets = await connect_all(room.targets, "http://127.0.0.1")
    room.adopt(room.sockets)
    room.voters = room.sockets[:voters]
    return room


async def measure_one_committee(args, env, baselines) -> dict[str, Any]:
    from asgiref.sync import sync_to_async

    base = env["CLUSTER_URL"]
    ws_base = base.replace("http://", "ws://")
    seats = 193
    committee = await sync_to_async(build_committee)("Plenary", seats)
    await sync_to_async(open_session)(committee["id"], committee["chair_user"], committee["seat_ids"])
    log(f"plenary: {seats} seats; joining {seats * args.devices} devices by code through nginx")
    started = time.perf_counter()
    sessions = await asyncio.to_thread(
        join_devices, base, [c for c in committee["codes"] for _ in range(args.devices)]
    )
    join_s = time.perf_counter() - started
    log(f"  joined in {join_s:.1f} s ({len(sessions) / join_s:.0f} joins/s)")
    seat_sessions = [sessions[i * args.devices : (i + 1) * args.devices] for i in range(seats)]
    results: dict[str, Any] = {"joins_per_s": len(sessions) / join_s, "sizes": {}}
    pad = None
    for count in args.sizes:
        keys, public = compose(seat_sessions, count, args.devices)
        size: dict[str, Any] = {"delegate_sockets": len(keys), "public_sockets": public}
        voters = min(seats, len(keys))
        for kind in args.kinds:
            tracker = Tracker()
            await fresh_processes(kind, baselines)
            if kind == "dais":
                url = f"{ws_base}/ws/committees/{committee['id']}/"
                await warm([(url, keys[0]), (url + "projector/", None)] * 2, base)
            else:
                await warm([(u, None) for u in baselines.urls(kind, "warm", 4)], "http://127.0.0.1")
            pids = worker_pids() if kind == "dais" else baselines.pids(kind)
            rss_before = rss_kib(pids)
            if kind == "dais":
                room = await dais_room(committee, keys, public, ws_base, base, tracker, voters)
            else:
                room = await baseline_room(baselines, kind, f"r{count}", count, voters, tracker)
            await asyncio.sleep(1.0)
            rss_after = rss_kib(pids)
            entry: dict[str, Any] = {
                # Quick mode does not restart the servers: growth would mean nothing.
                "rss_per_socket_kib": (rss_after - rss_before) / count if FRESH[0] else NAN,
                "rss_total_mib": rss_after / 1024,
            }
            # One unmeasured action first, for every server, so that the measured ones are the
            # steady state: a server's first action in a room pays one-off costs (Dais: the
            # committee's first command in each process). Dais's also gives the frame size the
            # baselines are padded to.
            warmup = await fanout([room], 1, pad or "")
            if kind == "dais" and pad is None:
                frame = max(s.frame_bytes for s in room.sockets)
                pad = "x" * max(0, frame - 40)
                results["dais_frame_bytes"] = frame
            spies = spy_on(pids, f"fanout-{count}") if kind == "dais" else []
            entry["fanout"] = await fanout([room], args.actions, pad or "")
            entry["warmup_p99"] = warmup["p99"]
            stop_spies(spies)
            if count >= 193 and (count in args.burst_sizes):
                entry["vote_burst"] = await vote_burst([room])
            if count == max(args.sizes):
                entry["reconnect_storm"] = await reconnect_storm(
                    room, base if kind == "dais" else "http://127.0.0.1"
                )
            await close_all([room.lead, *room.sockets])
            size[kind] = entry
            f = entry["fanout"]
            log(
                f"  {count:>5} sockets {kind:>8}: fan-out p50 {f['p50']:.0f} p95 {f['p95']:.0f} "
                f"p99 {f['p99']:.0f} ms, {entry['rss_per_socket_kib']:.0f} KiB/socket"
                + (
                    f" (chair's ok p50 {f['ack_p50']:.0f} ms, first socket p50 {f['first_p50']:.0f} ms)"
                    if "ack_p50" in f and "first_p50" in f else ""
                )
                + (
                    f"; burst: acks {entry['vote_burst']['slowest_all_acked_ms']:.0f} ms, "
                    f"final on all {entry['vote_burst']['slowest_final_ms']:.0f} ms"
                    if "vote_burst" in entry else ""
                )
                + (
                    f"; storm {entry['reconnect_storm']['all_caught_up_ms']:.0f} ms"
                    if "reconnect_storm" in entry else ""
                )
            )
            await asyncio.sleep(1.0)
        results["sizes"][count] = size
    return results


async def measure_conference(args, env, baselines) -> dict[str, Any]:
    from asgiref.sync import sync_to_async

    base = env["CLUSTER_URL"]
    ws_base = base.replace("http://", "ws://")
    n, seats = args.committees, args.conference_seats
    log(f"conference: {n} committees x {seats} seats + a projector each")
    committees = []
    for i in range(n):
        c = await sync_to_async(build_committee)(f"Committee {i + 1:02d}", seats)
        await sync_to_async(open_session)(c["id"], c["chair_user"], c["seat_ids"])
        committees.append(c)
    started = time.perf_counter()
    sessions = await asyncio.to_thread(
        join_devices, base, [code for c in committees for code in c["codes"]]
    )
    log(f"  {len(sessions)} devices joined in {time.perf_counter() - started:.1f} s")
    out: dict[str, Any] = {"committees": n, "seats": seats}
    for kind in args.kinds:
        tracker = Tracker()
        await fresh_processes(kind, baselines)
        if kind == "dais":
            url = f"{ws_base}/ws/committees/{committees[0]['id']}/"
            await warm([(url, sessions[0]), (url + "projector/", None)] * 2, base)
        else:
            await warm([(u, None) for u in baselines.urls(kind, "warm", 4)], "http://127.0.0.1")
        pids = worker_pids() if kind == "dais" else baselines.pids(kind)
        rss_before = rss_kib(pids)
        rooms: list[Room] = []
        # The chairs' consoles first, as a conference opens (each dais before its delegates'
        # phones), so nginx's round robin spreads them over the workers as it would chairs
        # arriving at their own moments. Connected room by room instead, every chair landed on
        # the same worker (a room is an even number of sockets) and that worker ran every
        # committee's commands (docs/performance.md, "Session 8"). The textbook baseline's
        # acting sockets are spread the same way.
        chairs: list[Socket | None] = [None] * len(committees)
        if kind == "dais":
            chairs = list(await connect_all(
                [(f"{ws_base}/ws/committees/{c['id']}/", c["chair_key"]) for c in committees], base
            ))
        for i, c in enumerate(committees):
            if kind == "dais":
                keys = sessions[i * seats : (i + 1) * seats]
                rooms.append(await dais_room(c, keys, 1, ws_base, base, tracker, seats, chairs[i]))
            else:
                rooms.append(
                    await baseline_room(baselines, kind, f"c{i}", seats + 1, seats, tracker, i)
                )
        sockets = sum(len(r.sockets) for r in rooms)
        spread_chairs: dict[str, int] = {}
        if kind == "dais":
            # Which worker each chair's socket is on: that worker runs the committee's commands.
            spread_chairs = dict(sorted(Counter(str(r.lead.upstream) for r in rooms).items()))
            log(f"  chairs per worker: {spread_chairs}")
        await asyncio.sleep(1.0)
        rss_after = rss_kib(pids)
        # One unmeasured round first, for every server (as in one committee: the steady state).
        warmup = await fanout(rooms, 1, "x" * 560)
        spies = spy_on(pids, "conference-fanout") if kind == "dais" else []
        spread = await fanout(rooms, args.actions, "x" * 560)
        stop_spies(spies)
        entry: dict[str, Any] = {
            "sockets": sockets,
            "rss_per_socket_kib": (rss_after - rss_before) / sockets if FRESH[0] else NAN,
            "rss_total_mib": rss_after / 1024,
            "fanout": spread,
            "warmup_p99": warmup["p99"],
            **({"chairs_per_worker": spread_chairs} if spread_chairs else {}),
        }
        if not args.no_burst:
            entry["vote_burst"] = await vote_burst(rooms)
        out[kind] = entry
        f, b = entry["fanout"], entry.get("vote_burst")
        log(
            f"  {sockets:>5} sockets {kind:>8}: fan-out p50 {f['p50']:.0f} p95 {f['p95']:.0f} "
            f"p99 {f['p99']:.0f} ms"
            + (
                f" (chair's ok p50 {f['ack_p50']:.0f} p99 {f['ack_p99']:.0f} ms)"
                if "ack_p50" in f else ""
            )
            + f" (first round, unmeasured: p99 {entry['warmup_p99']:.0f} ms)"
            + (
                f"; bursts: slowest acks {b['slowest_all_acked_ms']:.0f} ms, "
                f"slowest final {b['slowest_final_ms']:.0f} ms" if b else ""
            )
            + f"; {entry['rss_per_socket_kib']:.0f} KiB/socket"
        )
        log(
            f"    CPU through the fan-out ({f['wall_s']:.1f} s, {args.actions} actions): "
            + ", ".join(f"{k} {v:.2f} s" for k, v in list(f["cpu_s"].items())[:8])
        )
        for room in rooms:
            await close_all([room.lead, *room.sockets])
        await asyncio.sleep(1.0)
    return out


def query_counts(env: dict[str, str]) -> dict[str, int]:
    """Queries per page and per websocket step at 193 seats (the tests assert they do not grow
    with the number of seats: tests/test_query_counts.py)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from committee import services
    from committee.consumers import _grant
    from committee.live.commands import Actor

    committee = build_committee("Query Count", 193, slug_prefix="bench-queries")
    open_session(committee["id"], committee["chair_user"], committee["seat_ids"])
    delegate_key = join_devices(env["CLUSTER_URL"], committee["codes"][:1])[0]
    counts: dict[str, int] = {}

    def count(name: str, fn: Any) -> None:
        with CaptureQueriesContext(connection) as captured:
            fn()
        counts[name] = len(captured)

    cid = committee["id"]
    for name, key, url in (
        ("page: chair console", committee["chair_key"], f"/committees/{cid}/chair/"),
        ("page: delegate", delegate_key, "/delegate/"),
        ("page: projector", None, f"/committees/{cid}/projector/"),
    ):
        client = Client(HTTP_HOST="127.0.0.1")
        if key:
            client.cookies["sessionid"] = key
        count(name, lambda c=client, u=url: c.get(u))

    from django.contrib.sessions.backends.db import SessionStore

    scope = {"session": SessionStore(session_key=delegate_key), "user": None}
    count("ws connect: access check (delegate)", lambda: _grant(cid, scope, False))
    count(
        "ws connect: snapshot (delegate)",
        lambda: services.snapshot_frame(cid, audience="delegates", seat_id=committee["seat_ids"][0]),
    )
    chair = Actor(role="chair", user_id=committee["chair_user"])
    count(
        "ws command: timer.adjust",
        lambda: services.check_live_command(
            cid, chair, {"type": "timer.adjust", "timer": "caucus", "seconds": 1}
        ),
    )
    return counts


# ---------------------------------------------------------------------------------------------
# Report


def kib(value: float) -> str:
    return "–" if value != value else f"{value:.0f}"


def final(burst: dict[str, Any]) -> str:
    if burst["short"]:
        return f"{burst['short']} sockets short after {BURST_TIMEOUT} s"
    return f"{burst['slowest_final_ms']:.0f}"


def ratio(dais: float, other: float) -> str:
    if not other or other != other or dais != dais:
        return "–"
    return f"{dais / other:.1f}x"


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"Run: {result['started']} – {result['finished']}, mode `{result['mode']}`, "
        f"{result['workers']} workers, settings `{result.get('settings')}`; "
        f"load before: `{result['uptime_before']}`, "
        f"after: `{result['uptime_after']}`",
        "",
        "Fan-out, one committee: chair action → every socket (ms; ratio = Dais / baseline)",
        "",
        "| sockets | Dais p50 / p95 / p99 | floor p99 | textbook p99 | Dais p99 ÷ floor | ÷ textbook | KiB per socket (Dais / floor / textbook) | Dais: chair's ok p50 / first socket p50 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    one = result.get("one_committee", {"sizes": {}})
    for count, size in one["sizes"].items():
        d, f, t = size["dais"], size["floor"], size["textbook"]
        lines.append(
            f"| {count} ({size['delegate_sockets']} delegate devices, {size['public_sockets']} public) "
            f"| {d['fanout']['p50']:.0f} / {d['fanout']['p95']:.0f} / {d['fanout']['p99']:.0f} "
            f"| {f['fanout']['p99']:.0f} | {t['fanout']['p99']:.0f} "
            f"| {ratio(d['fanout']['p99'], f['fanout']['p99'])} "
            f"| {ratio(d['fanout']['p99'], t['fanout']['p99'])} "
            f"| {kib(d['rss_per_socket_kib'])} / {kib(f['rss_per_socket_kib'])} / {kib(t['rss_per_socket_kib'])} "
            f"| {d['fanout'].get('ack_p50', NAN):.0f} / {d['fanout'].get('first_p50', NAN):.0f} |"
        )
    lines += [
        "",
        "Vote burst: 193 seats vote at once (ms from the first ballot sent)",
        "",
        "| sockets | Dais: all acked | Dais: final on every socket | floor: final | textbook: final | Dais ÷ floor | ÷ textbook |",
        "|---|---|---|---|---|---|---|",
    ]
    for count, size in one["sizes"].items():
        if "vote_burst" not in size["dais"]:
            continue
        d, f, t = (size[k]["vote_burst"] for k in ("dais", "floor", "textbook"))
        lines.append(
            f"| {count} | {d['slowest_all_acked_ms']:.0f} | {final(d)} "
            f"| {final(f)} | {final(t)} "
            f"| {ratio(d['slowest_final_ms'], f['slowest_final_ms'])} "
            f"| {ratio(d['slowest_final_ms'], t['slowest_final_ms'])} |"
        )
    lines += [
        "",
        "Reconnect storm: every socket drops and reconnects at once (ms until all caught up)",
        "",
        "| sockets | Dais | floor | textbook | Dais ÷ floor | ÷ textbook |",
        "|---|---|---|---|---|---|",
    ]
    for count, size in one["sizes"].items():
        if "reconnect_storm" not in size["dais"]:
            continue
        d, f, t = (size[k]["reconnect_storm"]["all_caught_up_ms"] for k in ("dais", "floor", "textbook"))
        lines.append(f"| {count} | {d:.0f} | {f:.0f} | {t:.0f} | {ratio(d, f)} | {ratio(d, t)} |")
    conf = result.get("conference")
    if conf:
        d, f, t = conf["dais"], conf["floor"], conf["textbook"]
        lines += [
            "",
            f"Conference: {conf['committees']} committees x {conf['seats']} seats + a projector "
            f"each ({d['sockets']} sockets), a chair action in every committee at once, then a "
            "vote burst in every committee at once",
            "",
            "| | Dais | floor | textbook | Dais ÷ floor | ÷ textbook |",
            "|---|---|---|---|---|---|",
        ]
        for label, key in (("fan-out p50", "p50"), ("fan-out p95", "p95"), ("fan-out p99", "p99")):
            lines.append(
                f"| {label} (ms) | {d['fanout'][key]:.0f} | {f['fanout'][key]:.0f} | {t['fanout'][key]:.0f} "
                f"| {ratio(d['fanout'][key], f['fanout'][key])} | {ratio(d['fanout'][key], t['fanout'][key])} |"
            )
        for label, key in (
            ("burst: slowest committee, all acked (ms)", "slowest_all_acked_ms"),
            ("burst: slowest committee, final on every socket (ms)", "slowest_final_ms"),
        ):
            a, b, c = d["vote_burst"][key], f["vote_burst"][key], t["vote_burst"][key]
            cells = [f"{a:.0f}", f"{b:.0f}", f"{c:.0f}"]
            if key == "slowest_final_ms":
                cells = [final(x["vote_burst"]) for x in (d, f, t)]
            lines.append(f"| {label} | {' | '.join(cells)} | {ratio(a, b)} | {ratio(a, c)} |")
        lines.append(
            f"| KiB per socket | {kib(d['rss_per_socket_kib'])} | {kib(f['rss_per_socket_kib'])} "
            f"| {kib(t['rss_per_socket_kib'])} | | |"
        )
        lines.append(
            "| lost frames / sockets short of the final tally / doubled | "
            + " | ".join(
                f"{x['fanout']['missing']} / {x['vote_burst']['short']} / {x['vote_burst']['doubled']}"
                for x in (d, f, t)
            )
            + " | | |"
        )
    lines += ["", "Query counts at 193 seats", "", "| what | queries |", "|---|---|"]
    for name, n in result["queries"].items():
        lines.append(f"| {name} | {n} |")
    if result["problems"]:
        lines += ["", "Problems:", *[f"- {p}" for p in result["problems"]]]
    if result.get("notes"):
        lines += ["", "Notes:", *[f"- {p}" for p in result["notes"]]]
    return "\n".join(lines) + "\n"


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


async def main_async(args) -> dict[str, Any]:
    env = use_cluster_settings()
    workers = len(worker_pids())
    if not workers:
        raise SystemExit("no cluster worker runs: make cluster")
    baselines = Baselines(workers, env["REDIS_URL"].rsplit("/", 1)[0] + "/1")
    result: dict[str, Any] = {
        "mode": args.mode,
        "workers": workers,
        "machine": f"{platform.node()} {os.cpu_count()} cores, {platform.python_version()}",
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "uptime_before": uptime(),
        "settings": {
            k: getattr(args, k)
            for k in ("sizes", "devices", "actions", "committees", "conference_seats", "only")
        },
    }
    try:
        if args.only != "conference":
            result["one_committee"] = await measure_one_committee(args, env, baselines)
        if args.committees and args.only != "plenary":
            result["conference"] = await measure_conference(args, env, baselines)
    finally:
        baselines.stop()
    from asgiref.sync import sync_to_async

    result["queries"] = await sync_to_async(query_counts)(env)
    result["finished"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    result["uptime_after"] = uptime()
    result["problems"] = PROBLEMS
    result["notes"] = NOTES
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="CI's version (about a minute)")
    mode.add_argument("--full", action="store_true", help="the README's figures")
    parser.add_argument("--sizes", type=int, nargs="+")
    parser.add_argument("--devices", type=int, help="devices per seat in the plenary")
    parser.add_argument("--actions", type=int)
    parser.add_argument("--committees", type=int)
    parser.add_argument("--conference-seats", type=int)
    parser.add_argument(
        "--only", choices=["plenary", "conference"], help="run one half (the full run is long)"
    )
    parser.add_argument(
        "--no-burst", action="store_true", help="skip the vote bursts (fan-out and storm only)"
    )
    parser.add_argument(
        "--kinds", nargs="+", choices=["dais", "floor", "textbook"],
        default=["dais", "floor", "textbook"],
        help="measure only these servers (to iterate on one figure; the report needs all three)",
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument("--md", type=Path)
    args = parser.parse_args()
    args.mode = "full" if args.full else "quick"
    global BURST_TIMEOUT
    BURST_TIMEOUT = 120 if args.full else 15
    FRESH[0] = bool(args.full)
    defaults = (
        {"sizes": [50, 200, 1000], "devices": 4, "actions": 20, "committees": 20, "conference_seats": 100}
        if args.full
        else {"sizes": [50, 200], "devices": 1, "actions": 5, "committees": 3, "conference_seats": 20}
    )
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.burst_sizes = [] if args.no_burst else [s for s in args.sizes if s >= 193]
    if args.devices * 193 + 0 < max(args.sizes) and max(args.sizes) > 193 * args.devices + 500:
        raise SystemExit("too few devices for the largest room")
    result = asyncio.run(main_async(args))
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    json_path = args.json or out / f"bench-{args.mode}-{stamp}.json"
    md_path = args.md or out / f"bench-{args.mode}-{stamp}.md"
    json_path.write_text(json.dumps(result, indent=2, default=str))
    if len(args.kinds) == 3:
        md_path.write_text(markdown(result))
        log("")
        log(markdown(result))
        log(f"written: {json_path} and {md_path}")
    else:  # the report's tables compare all three; a partial run leaves its figures in the JSON
        log(f"written: {json_path}")
    if PROBLEMS:
        sys.exit(1)


if __name__ == "__main__":
    main()
