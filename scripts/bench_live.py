"""Benchmark: how fast a chair's action reaches delegates' sockets, and how fast a vote fills.

Runs a real daphne server (a subprocess) on 127.0.0.1 against a scratch database, opens N
delegate websockets plus a chair socket from this process, and measures:

1. fan-out: time from the chair sending a command (a ±1 s timer adjustment, which changes the
   public state) to the `event` frame arriving on each delegate socket; p50/p99 over all
   deliveries, for each N in --sockets (default 50 and 200);
2. vote collection: with N delegates present, the chair opens a vote on a motion and all N
   delegates vote at once; time until every `ok` came back and until the chair's frame shows
   all N ballots.

Usage:  .venv/bin/python scripts/bench_live.py [--sockets 50 200] [--actions 20] [--port 8799]
Uses DATABASE_URL / REDIS_URL if set (PostgreSQL / Redis), else a scratch SQLite file and the
in-memory layer. Only loopback addresses are used; every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def prepare_database(seat_count: int) -> tuple[int, str, list[str], list[int]]:
    """A committee with `seat_count` voting seats, a chair session and one session per seat."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from committee.models import Committee, Conference, DaisMember, Seat, Topic
    from committee.seats import bind_seat, new_join_code

    call_command("migrate", verbosity=0)
    conference, _ = Conference.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    Committee.objects.filter(conference=conference).delete()
    committee = Committee.objects.create(
        conference=conference,
        name="Bench Assembly",
        abbreviation="BENCH",
        slug="bench",
        formal_name="The Bench Assembly",
        rule_profile="unausa",
        voting_members=seat_count,
    )
    Topic.objects.create(committee=committee, letter="A", title="Benchmarks", order=1)
    seats = Seat.objects.bulk_create(
        Seat(
            committee=committee,
            country=f"Country {i:03d}",
            iso_code=f"{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}",
            join_code=new_join_code(),
        )
        for i in range(seat_count)
    )
    chair, _ = User.objects.get_or_create(username="bench-chair")
    DaisMember.objects.get_or_create(committee=committee, user=chair)
    chair_session = SessionStore()
    chair_session[SESSION_KEY] = str(chair.pk)
    chair_session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    chair_session[HASH_SESSION_KEY] = chair.get_session_auth_hash()
    chair_session.create()
    delegate_keys = []
    for seat in seats:
        session = SessionStore()
        bind_seat(session, seat)
        session.create()
        assert session.session_key is not None  # create() saved it under a fresh key
        delegate_keys.append(session.session_key)
    assert chair_session.session_key is not None
    return committee.pk, chair_session.session_key, delegate_keys, [s.pk for s in seats]


async def connect(url: str, session_key: str) -> Client:
    import websockets
    from websockets.typing import Origin

    socket = await websockets.connect(
        url,
        origin=Origin("http://127.0.0.1"),
        additional_headers={"Cookie": f"sessionid={session_key}"},
        max_size=2**23,
        open_timeout=30,
    )
    snapshot = json.loads(await asyncio.wait_for(socket.recv(), 30))
    assert snapshot["type"] == "snapshot", snapshot
    return Client(socket, snapshot)


def websockets_closed() -> type[Exception]:
    import websockets

    return websockets.ConnectionClosed


class Client:
    def __init__(self, socket: Any, snapshot: dict[str, Any]) -> None:
        self.socket = socket
        self.arrivals: dict[int, float] = {}  # seq -> perf_counter at arrival
        self.replies: dict[str, dict] = {}
        self.last_state: dict | None = snapshot["state"]
        self.task = asyncio.ensure_future(self.read())

    async def read(self) -> None:
        try:
            async for text in self.socket:
                now = time.perf_counter()
                frame = json.loads(text)
                if frame["type"] == "snapshot":
                    self.last_state = frame["state"]
                elif frame["type"] == "event":
                    self.arrivals[frame["seq"]] = now
                    self.last_state = {**(self.last_state or {}), **frame["patch"]}
                elif frame["type"] == "tally":  # ballots from devices, coalesced
                    self.arrivals[frame["seq"]] = now
                    vote = (self.last_state or {}).get("vote") or {}
                    if vote.get("id") == frame["vote"]:
                        vote = {**vote, "cast_count": frame["cast"]}
                        self.last_state = {**(self.last_state or {}), "vote": vote}
                elif frame["type"] in ("ok", "error"):
                    self.replies[str(frame.get("ref"))] = {**frame, "at": now}
        except websockets_closed():
            pass

    async def send(self, message: dict) -> None:
        await self.socket.send(json.dumps(message))

    async def wait_reply(self, ref: str, timeout: float = 30) -> dict:
        deadline = time.perf_counter() + timeout
        while ref not in self.replies:
            if time.perf_counter() > deadline:
                raise TimeoutError(ref)
            await asyncio.sleep(0.002)
        return self.replies[ref]


async def run_fanout(base: str, committee_id: int, chair_key: str, keys: list[str], actions: int):
    url = f"{base}/ws/committees/{committee_id}/"
    chair = await connect(url, chair_key)
    delegates: list[Client] = []
    for start in range(0, len(keys), 50):  # connect in batches: bounded concurrency
        batch = await asyncio.gather(*(connect(url, key) for key in keys[start : start + 50]))
        delegates += batch
    latencies: list[float] = []
    for i in range(actions):
        ref = f"adjust-{i}"
        sent = time.perf_counter()
        await chair.send(
            {"type": "timer.adjust", "timer": "caucus", "seconds": 1 if i % 2 else -1, "ref": ref}
        )
        reply = await chair.wait_reply(ref)
        if reply["type"] != "ok":
            raise RuntimeError(reply)
        seq = reply["seq"]
        deadline = time.perf_counter() + 30
        while any(seq not in d.arrivals for d in delegates) and time.perf_counter() < deadline:
            await asyncio.sleep(0.002)
        latencies += [(d.arrivals[seq] - sent) * 1000 for d in delegates if seq in d.arrivals]
        await asyncio.sleep(0.2)
    for client in [chair, *delegates]:
        await client.socket.close()
    return latencies


async def run_votes(base: str, committee_id: int, chair_key: str, keys: list[str]):
    url = f"{base}/ws/committees/{committee_id}/"
    chair = await connect(url, chair_key)
    delegates: list[Client] = []
    for start in range(0, len(keys), 50):
        batch = await asyncio.gather(*(connect(url, key) for key in keys[start : start + 50]))
        delegates += batch
    # A motion for an unmoderated caucus, seconded, put to the vote.
    await delegates[0].send(
        {
            "type": "motion.raise",
            "kind": "unmoderated_caucus",
            "params": {"total_seconds": 300},
            "ref": "m",
        }
    )
    assert (await delegates[0].wait_reply("m"))["type"] == "ok"
    await delegates[1].send({"type": "motion.second", "motion": 1, "ref": "s"})
    assert (await delegates[1].wait_reply("s"))["type"] == "ok"
    await chair.send({"type": "motion.vote", "motion": 1, "ref": "v"})
    opened = await chair.wait_reply("v")
    assert opened["type"] == "ok", opened
    await asyncio.sleep(0.5)
    started = time.perf_counter()
    await asyncio.gather(
        *(d.send({"type": "vote.cast", "choice": "yes", "ref": "b"}) for d in delegates)
    )
    replies = [await d.wait_reply("b", timeout=120) for d in delegates]
    all_ok = time.perf_counter() - started
    errors = [r for r in replies if r["type"] != "ok"]
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        vote = (chair.last_state or {}).get("vote") or {}
        if vote.get("cast_count") == len(delegates):
            break
        await asyncio.sleep(0.005)
    chair_sees_all = time.perf_counter() - started
    for client in [chair, *delegates]:
        await client.socket.close()
    return all_ok, chair_sees_all, len(errors)


def setup_session_state(committee_id: int, seat_ids: list[int]) -> None:
    """Everyone present, the agenda set and a caucus timer running (so timer.adjust applies)."""
    from django.contrib.auth.models import User

    from committee import services
    from committee.live.commands import Actor

    chair = Actor(role="chair", user_id=User.objects.get(username="bench-chair").pk)
    services.check_live_command(committee_id, chair, {"type": "rollcall.open"})
    for seat in seat_ids:
        services.check_live_command(
            committee_id, chair, {"type": "rollcall.mark", "seat": seat, "mark": "present"}
        )
    services.check_live_command(committee_id, chair, {"type": "rollcall.close"})
    services.check_live_command(committee_id, chair, {"type": "agenda.set", "topic": "A"})
    services.check_live_command(
        committee_id,
        chair,
        {"type": "caucus.start", "kind": "unmoderated_caucus", "total_seconds": 3000},
    )


def start_server(port: int, env: dict[str, str]) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "config.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        # The server's log, for when a run goes wrong.
        stderr=open(os.environ.get("BENCH_SERVER_LOG", os.devnull), "ab"),
    )
    import socket

    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("daphne did not start")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sockets", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--actions", type=int, default=20)
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="dais-bench-")
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    env["DEBUG"] = "1"
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG")})
    layer = "Redis" if env.get("REDIS_URL") else "in-memory"
    database = env["DATABASE_URL"].split(":")[0]
    print(f"Dais live benchmark: database {database}, channel layer {layer}, one daphne worker")
    print(f"{'sockets':>8} {'deliveries':>11} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    results = {}
    for count in args.sockets:
        committee_id, chair_key, keys, seat_ids = prepare_database(count)
        setup_session_state(committee_id, seat_ids)
        server = start_server(args.port, env)
        try:
            base = f"ws://127.0.0.1:{args.port}"
            latencies = asyncio.run(run_fanout(base, committee_id, chair_key, keys, args.actions))
            results[count] = latencies
            print(
                f"{count:>8} {len(latencies):>11} {statistics.median(latencies):>8.1f} "
                f"{percentile(latencies, 0.99):>8.1f} {max(latencies):>8.1f}"
            )
            # Vote collection on the same committee (a fresh vote each size).
            all_ok, chair_sees_all, errors = asyncio.run(
                run_votes(base, committee_id, chair_key, keys)
            )
            print(
                f"{'':>8} votes from {count} devices: all accepted in {all_ok * 1000:.0f} ms, "
                f"chair sees all {count} in {chair_sees_all * 1000:.0f} ms, {errors} refused"
            )
        finally:
            server.terminate()
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:  # daphne waits for open sockets; don't
                server.kill()
                server.wait(timeout=5)


if __name__ == "__main__":
    main()
