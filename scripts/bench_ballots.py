"""The vote burst, before and after, in one run: every seat of a committee votes at once.

For each target (a checkout of Dais: `name=path`), in turn and for --rounds rounds, this starts
one daphne worker from that checkout on a fresh database, connects the chair, one socket per
seat and --projectors projector sockets, opens a vote on a motion, sends every seat's
`vote.cast` at once and measures:
- acks: time from the burst until every ballot's `ok` came back;
- final: until every socket shows all the ballots (`vote.cast_count`; frames applied as the
  pages apply them: `event` patches, `tally` frames, a `sync` on a gap);
- final - last ballot sent, final - last ack;
- the result: from the chair's `vote.close` until every socket holds the result;
- lost / doubled: ballots journaled and frames seen twice; resyncs (gaps the pages found).
Targets alternate round by round, so a busy machine slows both alike; ratios are new / base.

With --storm, the reconnect storm instead of the burst: the room (the chair, 1 + --devices
sockets per seat, --projectors projectors) is connected, a vote is opened and half the seats
vote, then every socket closes and all reconnect at once (a failed handshake is retried as the
page does, with backoff and jitter); measured: ms until every socket has its snapshot, the
sockets whose snapshot is behind the latest seq (must be 0), and the server's CPU seconds.

Usage (a baseline checkout made with `git archive <commit> | tar -x -C /tmp/base`):
  .venv/bin/python scripts/bench_ballots.py --target base=/tmp/base --target new=. [--seats 193]
  .venv/bin/python scripts/bench_ballots.py --target base=/tmp/base --target new=. --storm \
      --seats 193 --devices 4 --projectors 34     # 1,000 sockets
Uses DATABASE_URL (PostgreSQL: the database is emptied before each run) and REDIS_URL
(flushed before each run) if set; else a scratch SQLite file and the in-memory layer.
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

HERE = Path(__file__).resolve()


# ---------------------------------------------------------------------------------------------
# Preparing the database (runs in a subprocess, inside the target checkout)


def prepare(seat_count: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from committee import services
    from committee.live.commands import Actor
    from committee.models import Committee, Conference, DaisMember, Seat, Topic
    from committee.seats import bind_seat, new_join_code

    call_command("migrate", verbosity=0)
    conference, _ = Conference.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
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
    keys = []
    for seat in seats:
        session = SessionStore()
        bind_seat(session, seat)
        session.create()
        keys.append(session.session_key)
    actor = Actor(role="chair", user_id=chair.pk)
    run = services.check_live_command
    run(committee.pk, actor, {"type": "rollcall.open"})
    for seat in seats:
        run(committee.pk, actor, {"type": "rollcall.mark", "seat": seat.pk, "mark": "present"})
    run(committee.pk, actor, {"type": "rollcall.close"})
    run(committee.pk, actor, {"type": "agenda.set", "topic": "A"})
    return {"committee": committee.pk, "chair": chair_session.session_key, "keys": keys}


def service_burst(seat_count: int) -> dict[str, float]:
    """The ballot path alone, in this process (no server, no sockets): a vote opened, then
    every seat's `vote.cast` through committee.services one after the other, as the committee
    lock serialises them; wall and CPU time per ballot (frames built, sent to no one)."""
    data = prepare(seat_count)
    from django.contrib.auth.models import User

    from committee import broadcast, services
    from committee.live.commands import Actor
    from committee.models import Seat

    # (setattr: the baseline's broadcast has no send_messages)
    setattr(broadcast, "send_now", lambda frames: None)  # noqa: B010
    setattr(broadcast, "send_messages", lambda messages: None)  # noqa: B010
    cid = data["committee"]
    seats = list(Seat.objects.filter(committee_id=cid).order_by("pk").values_list("pk", flat=True))
    chair = Actor(role="chair", user_id=User.objects.get(username="bench-chair").pk)
    run = services.check_live_command
    motion = {"type": "motion.raise", "kind": "unmoderated_caucus", "params": {"total_seconds": 600}}
    run(cid, Actor(role="delegate", seat=seats[0]), motion)
    run(cid, Actor(role="delegate", seat=seats[1]), {"type": "motion.second", "motion": 1})
    run(cid, chair, {"type": "motion.vote", "motion": 1})
    wall, cpu = time.perf_counter(), time.process_time()
    for seat in seats:
        run(cid, Actor(role="delegate", seat=seat), {"type": "vote.cast", "choice": "yes"})
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"service_ms_per_ballot": wall * 1000 / len(seats), "service_cpu_ms_per_ballot": cpu * 1000 / len(seats)}


def count_ballots(committee_id: int) -> int:
    import django

    django.setup()
    from committee.models import CommitteeEvent

    return CommitteeEvent.objects.filter(committee_id=committee_id, kind="ballot_cast").count()


# ---------------------------------------------------------------------------------------------
# The clients


def apply_tally(vote: dict[str, Any], frame: dict[str, Any]) -> dict[str, Any]:
    """What static/js/live.js does with a `tally` frame."""
    vote = dict(vote)
    vote["cast_count"] = frame["cast"]
    if "tally" in frame:
        vote["tally"] = frame["tally"]
    voted = frame.get("voted", [])
    if "voted" in vote:
        vote["voted"] = sorted(set(vote["voted"]) | set(voted))
    if "not_voted" in vote:
        vote["not_voted"] = [s for s in vote["not_voted"] if s not in voted]
    if "ballots" in vote and "ballots" in frame:
        vote["ballots"] = {**vote["ballots"], **frame["ballots"]}
    return vote


class Client:
    def __init__(self, ws: Any, snapshot: dict[str, Any]) -> None:
        self.ws = ws
        self.state: dict[str, Any] = snapshot["state"]
        self.last_seq: int = snapshot["seq"]
        self.replies: dict[str, dict[str, Any]] = {}
        self.seen: set[int] = set()
        self.doubled = 0
        self.resyncs = 0
        self.frames = 0
        self.bytes = 0
        self.watch: tuple[Any, asyncio.Future[float]] | None = None
        self.task = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        import websockets

        try:
            async for text in self.ws:
                now = time.perf_counter()
                frame = json.loads(text)
                kind = frame.get("type")
                if kind in ("event", "tally"):
                    self.frames += 1
                    self.bytes += len(text)
                    span = set(range(frame["first_seq"], frame["seq"] + 1))
                    if span & self.seen:
                        self.doubled += 1
                    self.seen |= span
                    if frame["seq"] > self.last_seq:
                        gap = frame["first_seq"] > self.last_seq + 1
                        self.last_seq = frame["seq"]
                        if kind == "event":
                            self.state = {**self.state, **frame["patch"]}
                        elif (self.state.get("vote") or {}).get("id") == frame["vote"]:
                            self.state = {**self.state, "vote": apply_tally(self.state["vote"], frame)}
                        else:
                            gap = True
                        if gap:
                            self.resyncs += 1
                            await self.ws.send(json.dumps({"type": "sync"}))
                elif kind == "snapshot":
                    if frame["seq"] >= self.last_seq:
                        self.state, self.last_seq = frame["state"], frame["seq"]
                elif kind in ("ok", "error"):
                    self.replies[str(frame.get("ref"))] = {**frame, "at": now}
                if self.watch is not None and not self.watch[1].done() and self.watch[0](self):
                    self.watch[1].set_result(now)
        except websockets.ConnectionClosed:
            pass

    def until(self, predicate: Any) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.watch = (predicate, future)
        if predicate(self):
            future.set_result(time.perf_counter())
        return future

    async def command(self, message: dict[str, Any], ref: str, timeout: float = 60) -> dict:
        await self.ws.send(json.dumps({**message, "ref": ref}))
        deadline = time.perf_counter() + timeout
        while ref not in self.replies:
            if time.perf_counter() > deadline:
                raise TimeoutError(ref)
            await asyncio.sleep(0.002)
        return self.replies[ref]


RETRIES = [0]  # handshakes tried again
DROPPED = [0]  # sockets the server closed before their snapshot (tried again, as the page does)


async def connect(url: str, session_key: str | None) -> Client:
    import random

    import websockets
    from websockets.typing import Origin

    headers = {"Cookie": f"sessionid={session_key}"} if session_key else {}
    for attempt in range(8):  # a loaded machine may drop a handshake: try again, as the page does
        try:
            ws = await websockets.connect(
                url, origin=Origin("http://127.0.0.1"), additional_headers=headers,
                max_size=2**23, open_timeout=60,
            )
        except (TimeoutError, OSError, websockets.exceptions.InvalidMessage):
            if attempt == 7:
                raise
            RETRIES[0] += 1
            await asyncio.sleep(min(10, 0.5 * 2**attempt) * random.uniform(0.8, 1.2))
            continue
        try:
            while True:  # (the dais may be told who is connected before its snapshot arrives)
                snapshot = json.loads(await asyncio.wait_for(ws.recv(), 120))
                if snapshot["type"] == "snapshot":
                    return Client(ws, snapshot)
                assert snapshot["type"] == "presence", snapshot
        except websockets.ConnectionClosed:  # closed by the server (1011: it failed)
            if attempt == 7:
                raise
            DROPPED[0] += 1
            await asyncio.sleep(min(10, 0.5 * 2**attempt) * random.uniform(0.8, 1.2))
    raise AssertionError("unreachable")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux): a figure the machine's load does not
    inflate the way it inflates wall-clock times."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_spy(pid: int, out: str | None) -> subprocess.Popen | None:
    """py-spy recording the server (collapsed stacks into `out`), or None."""
    if out is None:
        return None
    spy = subprocess.Popen(
        [str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(pid), "--rate", "200",
         "--format", "raw", "--threads", "-o", out],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)  # attached before the burst starts
    return spy


async def burst(
    port: int, data: dict[str, Any], projectors: int, pid: int, spy_out: str | None = None
) -> dict[str, Any]:
    base = f"ws://127.0.0.1:{port}/ws/committees/{data['committee']}/"
    chair = await connect(base, data["chair"])
    voters: list[Client] = []
    for first in range(0, len(data["keys"]), 25):
        voters += await asyncio.gather(*(connect(base, k) for k in data["keys"][first : first + 25]))
    viewers = [await connect(base + "projector/", None) for _ in range(projectors)]
    everyone = [chair, *voters, *viewers]
    reply = await voters[0].command(
        {"type": "motion.raise", "kind": "unmoderated_caucus", "params": {"total_seconds": 600}}, "m"
    )
    assert reply["type"] == "ok", reply
    assert (await voters[1].command({"type": "motion.second", "motion": 1}, "s"))["type"] == "ok"
    assert (await chair.command({"type": "motion.vote", "motion": 1}, "v"))["type"] == "ok"
    await asyncio.sleep(1.0)
    n = len(voters)

    def all_in(c: Client) -> bool:
        return ((c.state.get("vote") or {}).get("cast_count")) == n

    finals = [c.until(all_in) for c in everyone]
    spy = start_spy(pid, spy_out)  # the burst only, not the connects
    cpu_before = cpu_seconds(pid)
    start = time.perf_counter()
    await asyncio.gather(*(v.ws.send(json.dumps({"type": "vote.cast", "choice": "yes", "ref": "b"})) for v in voters))
    last_sent = time.perf_counter()
    acks: list[float] = []
    refused = 0
    for v in voters:
        deadline = time.perf_counter() + 120
        while "b" not in v.replies and time.perf_counter() < deadline:
            await asyncio.sleep(0.002)
        r = v.replies.get("b")
        if r is None:
            continue
        refused += r["type"] != "ok"
        acks.append(r["at"])
    done, pending = await asyncio.wait(finals, timeout=60)
    final = max(f.result() for f in done) if not pending else float("nan")
    cpu_burst = cpu_seconds(pid) - cpu_before
    if spy is not None:
        spy.send_signal(2)
        spy.wait(timeout=30)
    last_ack = max(acks) if acks else float("nan")
    # The result at close: every socket holds it.
    await asyncio.sleep(0.3)
    closing = [c.until(lambda c: (c.state.get("vote") is None and bool(c.state.get("results")))) for c in everyone]
    close_start = time.perf_counter()
    reply = await chair.command({"type": "vote.close"}, "c")
    assert reply["type"] == "ok", reply
    cdone, cpending = await asyncio.wait(closing, timeout=30)
    result_ms = (max(f.result() for f in cdone) - close_start) * 1000 if not cpending else float("nan")
    results_ok = all((c.state.get("results") or [{}])[0].get("yes") == n for c in everyone)
    out = {
        "sockets": len(everyone),
        "acks_ms": (last_ack - start) * 1000,
        "final_ms": (final - start) * 1000,
        "final_after_last_sent_ms": (final - last_sent) * 1000,
        "final_after_last_ack_ms": (final - last_ack) * 1000,
        # the server's CPU time through the burst, per ballot
        "server_cpu_ms_per_ballot": cpu_burst * 1000 / n,
        "result_on_all_ms": result_ms,
        "results_correct": results_ok,
        "unacked": n - len(acks),
        "refused": refused,
        "short": len(pending),
        "doubled": sum(c.doubled for c in everyone),
        "resyncs": sum(c.resyncs for c in everyone),
        "frames_per_socket": statistics.mean(c.frames for c in voters),
        "chair_bytes": chair.bytes,
    }
    for c in everyone:
        await c.ws.close()
    return out


async def reconnect_storm(
    port: int, data: dict[str, Any], projectors: int, devices: int, pid: int,
    spy_out: str | None = None,
) -> dict[str, Any]:
    base = f"ws://127.0.0.1:{port}/ws/committees/{data['committee']}/"
    per_seat = 1 + devices
    targets = [(base, data["chair"])]
    targets += [(base, key) for key in data["keys"] for _ in range(per_seat)]
    targets += [(base + "projector/", None)] * projectors
    connect_start, connect_cpu = time.perf_counter(), cpu_seconds(pid)
    sockets: list[Client] = []
    for first in range(0, len(targets), 50):
        sockets += await asyncio.gather(*(connect(u, k) for u, k in targets[first : first + 50]))
    connect_ms = (time.perf_counter() - connect_start) * 1000
    connect_cpu = cpu_seconds(pid) - connect_cpu
    chair, voters = sockets[0], sockets[1 : 1 + len(data["keys"]) * per_seat : per_seat]
    # A live point: a vote open, half the seats voted (the snapshot holds their ballots).
    reply = await voters[0].command(
        {"type": "motion.raise", "kind": "unmoderated_caucus", "params": {"total_seconds": 600}}, "m"
    )
    assert reply["type"] == "ok", reply
    assert (await voters[1].command({"type": "motion.second", "motion": 1}, "s"))["type"] == "ok"
    assert (await chair.command({"type": "motion.vote", "motion": 1}, "v"))["type"] == "ok"
    latest = 0
    for i, voter in enumerate(voters[: len(voters) // 2]):
        reply = await voter.command({"type": "vote.cast", "choice": "yes"}, f"b{i}")
        assert reply["type"] == "ok", reply
        latest = max(latest, reply["seq"])
    await asyncio.sleep(1.0)
    await asyncio.gather(*(c.ws.close() for c in sockets), return_exceptions=True)
    await asyncio.sleep(3.0)  # the server has forgotten them (presence rows deleted)
    RETRIES[0] = DROPPED[0] = 0
    spy = start_spy(pid, spy_out)
    cpu_before = cpu_seconds(pid)
    start = time.perf_counter()
    fresh = await asyncio.gather(*(connect(u, k) for u, k in targets))
    storm_ms = (time.perf_counter() - start) * 1000
    cpu = cpu_seconds(pid) - cpu_before
    if spy is not None:
        spy.send_signal(2)
        spy.wait(timeout=30)
    out = {
        "sockets": len(fresh),
        "first_connect_ms": connect_ms,
        "first_connect_server_cpu_ms": connect_cpu * 1000,
        "storm_ms": storm_ms,
        "storm_server_cpu_ms": cpu * 1000,
        "behind": sum(1 for c in fresh if c.last_seq < latest),
        "retries": RETRIES[0],
        "dropped": DROPPED[0],
        "snapshot_kib_delegate": len(json.dumps(fresh[1].state)) / 1024,
    }
    await asyncio.gather(*(c.ws.close() for c in fresh), return_exceptions=True)
    return out


# ---------------------------------------------------------------------------------------------
# Running a target


def fresh_database(env: dict[str, str], scratch: str, name: str) -> None:
    url = env.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as db:
            db.execute("DROP SCHEMA public CASCADE")
            db.execute("CREATE SCHEMA public")
    else:
        env["DATABASE_URL"] = f"sqlite:///{scratch}/{name}.sqlite3"
        Path(f"{scratch}/{name}.sqlite3").unlink(missing_ok=True)
    if env.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()


def in_target(root: Path, env: dict[str, str], *args: str) -> Any:
    out = subprocess.run(
        [sys.executable, str(HERE), *args], cwd=root, env={**env, "PYTHONPATH": str(root)},
        capture_output=True, text=True, timeout=300,
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_target(
    name: str, root: Path, args: argparse.Namespace, scratch: str, port: int
) -> dict[str, Any]:
    env = dict(os.environ)
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="0", SECRET_KEY="bench-" + "x" * 50,
               ALLOWED_HOSTS="127.0.0.1,localhost")
    env.setdefault("DATABASE_URL", "")
    if not env["DATABASE_URL"]:
        del env["DATABASE_URL"]
    if args.storm:  # a thousand sockets from one address
        env.update(DAIS_MAX_SOCKETS_PER_ADDRESS="100000", DAIS_MAX_ANONYMOUS_SOCKETS_PER_ADDRESS="100000")
    fresh_database(env, scratch, name)
    data = in_target(root, env, "--prepare", str(args.seats))
    server = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
         # daphne drops a handshake not accepted within 5 s by default: a loaded machine
         # connecting 200 sockets (3 database trips each, one thread) can take longer
         "--websocket_connect_timeout", "60", "config.asgi:application"],
        cwd=root, env={**env, "PYTHONPATH": str(root)}, stdout=subprocess.DEVNULL,
        stderr=open(os.environ.get("BENCH_SERVER_LOG", os.devnull), "ab"),
    )
    try:
        import socket

        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if server.poll() is not None:
                    raise RuntimeError(f"daphne for {name} exited ({server.returncode})")
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        spy = f"{args.py_spy}-{name}.txt" if args.py_spy else None
        if args.storm:
            result = asyncio.run(
                reconnect_storm(port, data, args.projectors, args.devices, server.pid, spy)
            )
            return result
        result = asyncio.run(burst(port, data, args.projectors, server.pid, spy))
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
    result["journaled"] = in_target(root, env, "--count", str(data["committee"]))
    if args.service:
        fresh_database(env, scratch, name)
        result.update(in_target(root, env, "--service-run", str(args.seats)))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", action="append", default=[], help="name=path of a checkout")
    parser.add_argument("--seats", type=int, default=193)
    parser.add_argument("--projectors", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--port", type=int, default=8797)
    parser.add_argument("--py-spy", help="profile each server into <prefix>-<name>.txt")
    parser.add_argument(
        "--service", action="store_true", help="also time the ballot path alone, in-process"
    )
    parser.add_argument("--storm", action="store_true", help="the reconnect storm instead of the burst")
    parser.add_argument("--devices", type=int, default=4, help="--storm: extra sockets per seat")
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--service-run", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        sys.path.insert(0, os.getcwd())
        print(json.dumps(prepare(args.prepare)))
        return
    if args.service_run:
        sys.path.insert(0, os.getcwd())
        print(json.dumps(service_burst(args.service_run)))
        return
    if args.count:
        sys.path.insert(0, os.getcwd())
        print(json.dumps(count_ballots(args.count)))
        return
    targets = [(t.split("=", 1)[0], Path(t.split("=", 1)[1]).resolve()) for t in args.target]
    scratch = tempfile.mkdtemp(prefix="dais-ballots-")
    database = os.environ.get("DATABASE_URL", "sqlite").split(":")[0]
    layer = "Redis" if os.environ.get("REDIS_URL") else "in-memory"
    what = f"reconnect storm ({args.devices} extra devices per seat)" if args.storm else "vote burst"
    print(f"{what}: {args.seats} seats, {database}, {layer} layer, one daphne worker", flush=True)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in targets}
    for round_ in range(args.rounds):
        for i, (name, root) in enumerate(targets):
            # A port of its own for each run: the last server's sockets may still be closing.
            port = args.port + round_ * len(targets) + i
            result = run_target(name, root, args, scratch, port)
            runs[name].append(result)
            print(f"round {round_ + 1} {name}: {json.dumps(result)}", flush=True)
    if args.storm:
        summarise(runs, targets, ["first_connect_ms", "first_connect_server_cpu_ms", "storm_ms", "storm_server_cpu_ms"],
                  ["sockets", "behind", "retries", "dropped", "snapshot_kib_delegate"])
        return
    keys = ["acks_ms", "final_ms", "final_after_last_sent_ms", "final_after_last_ack_ms", "result_on_all_ms",
            "server_cpu_ms_per_ballot"]
    keys += ["service_ms_per_ballot", "service_cpu_ms_per_ballot"] if args.service else []
    print(f"\n{'median over rounds':<28}" + "".join(f"{name:>12}" for name, _ in targets) + "   ratio")
    for key in keys:
        values = [statistics.median(r[key] for r in runs[name]) for name, _ in targets]
        ratio = f"{values[-1] / values[0]:.2f}" if len(values) > 1 and values[0] > 0 else ""
        print(f"{key:<28}" + "".join(f"{v:>12.1f}" for v in values) + f"   {ratio}")
    for key in ("unacked", "refused", "short", "doubled", "resyncs", "frames_per_socket", "chair_bytes", "journaled"):
        print(f"{key:<28}" + "".join(f"{max(r[key] for r in runs[name]):>12}" for name, _ in targets))


def summarise(
    runs: dict[str, list[dict[str, Any]]], targets: list[tuple[str, Path]], keys: list[str],
    counts: list[str],
) -> None:
    print(f"\n{'median over rounds':<28}" + "".join(f"{name:>12}" for name, _ in targets) + "   ratio")
    for key in keys:
        values = [statistics.median(r[key] for r in runs[name]) for name, _ in targets]
        ratio = f"{values[-1] / values[0]:.2f}" if len(values) > 1 and values[0] > 0 else ""
        print(f"{key:<28}" + "".join(f"{v:>12.1f}" for v in values) + f"   {ratio}")
    for key in counts:
        print(f"{key:<28}" + "".join(f"{max(r[key] for r in runs[name]):>12.1f}" for name, _ in targets))


if __name__ == "__main__":
    main()
