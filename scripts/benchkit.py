"""Shared by scripts/bench.py and scripts/cluster_check.py: talking to a running cluster
(`make cluster`) the way browsers do.

- `use_cluster_settings()` reads .state/cluster/env (written by scripts/cluster.sh) into the
  environment and sets Django up on the cluster's database, so the scripts can build committees.
- `build_committee()` makes a committee with any number of voting seats (synthetic two-letter
  codes: the per-committee unique ISO code allows 676) and a chair session.
- `join_devices()` joins seats by join code over HTTP through nginx (GET /join/ for the CSRF
  cookie, POST the code), one browser session per device.
- `Socket` is one websocket client that records when each frame arrived.

Loopback addresses only; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import http.client
import json
import os
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".state" / "cluster"
sys.path.insert(0, str(ROOT))


def read_env_file(path: Path = STATE / "env") -> dict[str, str]:
    if not path.exists():
        raise SystemExit(f"{path} is missing: start the cluster first (make cluster)")
    env = {}
    for line in path.read_text().splitlines():
        match = re.match(r"export (\w+)=(.*)$", line.strip())
        if match:
            env[match.group(1)] = match.group(2).strip("'")
    return env


def use_cluster_settings() -> dict[str, str]:
    env = read_env_file()
    os.environ.update(env)
    import django

    django.setup()
    return env


def steady(measure: Any) -> Any:
    """An async measurement with this client's own garbage collector held off (its collections
    were collected beforehand and what exists is frozen). With thousands of sockets the client
    holds millions of objects, and CPython's default thresholds ran a full collection every
    few seconds that paused the client's reading for 90-180 ms: one action in twenty then
    arrived that much later on every socket, Dais and baselines alike, and made their p99."""

    @functools.wraps(measure)
    async def run(*args: Any, **kwargs: Any) -> Any:
        gc.collect()
        gc.freeze()
        gc.disable()
        try:
            return await measure(*args, **kwargs)
        finally:
            gc.unfreeze()
            gc.enable()

    return run


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def seat_code(i: int) -> str:
    return f"{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}"


def build_committee(name: str, seat_count: int, *, slug_prefix: str = "bench") -> dict[str, Any]:
    """A committee with `seat_count` voting seats (codes issued), a topic and a chair session.
    Returns ids, join codes and the chair's session key. Synchronous (Django ORM)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    from committee.models import Committee, Conference, DaisMember, Seat, Topic
    from committee.seats import new_join_code

    if seat_count > 26 * 26:
        raise ValueError("at most 676 seats per committee (two-letter codes)")
    conference, _ = Conference.objects.get_or_create(
        slug=slug_prefix, defaults={"name": f"Benchmark ({slug_prefix})"}
    )
    stamp = f"{int(time.time() * 1000) % 10**9}"
    committee = Committee.objects.create(
        conference=conference,
        name=name,
        abbreviation=name[:30],
        slug=f"{re.sub(r'[^a-z0-9]+', '-', name.lower())}-{stamp}",
        formal_name=f"The {name}",
        rule_profile="unausa",
        voting_members=seat_count,
    )
    Topic.objects.create(committee=committee, letter="A", title="Benchmarks", order=1)
    seats = Seat.objects.bulk_create(
        Seat(
            committee=committee,
            country=f"Country {i:03d}",
            iso_code=seat_code(i),
            join_code=new_join_code(),
        )
        for i in range(seat_count)
    )
    chair, _ = User.objects.get_or_create(username=f"{slug_prefix}-chair")
    DaisMember.objects.get_or_create(committee=committee, user=chair)
    session = SessionStore()
    session[SESSION_KEY] = str(chair.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = chair.get_session_auth_hash()
    session.create()
    return {
        "id": committee.pk,
        "seat_ids": [s.pk for s in seats],
        "codes": [s.join_code for s in seats],
        "chair_user": chair.pk,
        "chair_key": session.session_key,
    }


def open_session(committee_id: int, chair_user: int, seat_ids: list[int], *, caucus: bool = True):
    """Everyone present, the agenda set and (optionally) a caucus running, through the service
    layer (as a chair's console would)."""
    from committee import services
    from committee.live.commands import Actor

    chair = Actor(role="chair", user_id=chair_user)
    run = services.check_live_command
    run(committee_id, chair, {"type": "rollcall.open"})
    for seat in seat_ids:
        run(committee_id, chair, {"type": "rollcall.mark", "seat": seat, "mark": "present"})
    run(committee_id, chair, {"type": "rollcall.close"})
    run(committee_id, chair, {"type": "agenda.set", "topic": "A"})
    if caucus:
        run(
            committee_id,
            chair,
            {"type": "caucus.start", "kind": "unmoderated_caucus", "total_seconds": 10000},
        )


# ---------------------------------------------------------------------------------------------
# Joining by code over HTTP, as a phone does


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            found[key.strip()] = val.strip()
    return found


def join_one(base: str, code: str, timeout: float = 30) -> str:
    """Join with `code` through the real /join/ form; returns the new session id."""
    parts = urlsplit(base)
    assert parts.hostname is not None, base
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", "/join/")
        response = connection.getresponse()
        response.read()
        cookies = _cookies(response)
        token = cookies["csrftoken"]
        body = urlencode({"code": code, "csrfmiddlewaretoken": token})
        cookie_header = "; ".join(f"{k}={v}" for k, v in cookies.items())
        connection.request(
            "POST",
            "/join/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie_header,
                "Referer": f"{base}/join/",
                "Origin": base,
            },
        )
        response = connection.getresponse()
        response.read()
        if response.status != 302:
            raise RuntimeError(f"join with {code} answered {response.status}")
        return _cookies(response)["sessionid"]
    finally:
        connection.close()


def join_devices(base: str, codes: list[str], concurrency: int = 8) -> list[str]:
    """One session per code in `codes` (repeat a code for several devices of one seat)."""
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(lambda code: join_one(base, code), codes))


def worker_pids() -> list[int]:
    pids = []
    for path in sorted(STATE.glob("worker*.pid")):
        try:
            pid = int(path.read_text().strip())
            os.kill(pid, 0)
            pids.append(pid)
        except (OSError, ValueError):
            continue
    return pids


def rss_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


# ---------------------------------------------------------------------------------------------
# Websocket clients


class Tracker:
    """Counts arrivals per key ((room, seq) or (room, n)) so a waiter needs no polling."""

    def __init__(self) -> None:
        self.counts: dict[Any, int] = {}
        self.waiters: dict[Any, tuple[int, asyncio.Future]] = {}

    def arrived(self, key: Any) -> None:
        self.counts[key] = self.counts.get(key, 0) + 1
        waiter = self.waiters.get(key)
        if waiter and self.counts[key] >= waiter[0] and not waiter[1].done():
            waiter[1].set_result(None)

    async def wait(self, key: Any, count: int, timeout: float) -> bool:
        if self.counts.get(key, 0) >= count:
            return True
        future = asyncio.get_running_loop().create_future()
        self.waiters[key] = (count, future)
        try:
            await asyncio.wait_for(future, timeout)
            return True
        except TimeoutError:
            return False
        finally:
            self.waiters.pop(key, None)


# The head of the frames a fan-out measures: Dais's `event` (committee/broadcast.py `encode`:
# compact JSON, its keys in this order) and the baselines' `relay` (json.dumps' default spacing).
EVENT_HEAD = re.compile(r'\{"type":"event","first_seq":(\d+),"seq":(\d+),')
RELAY_HEAD = re.compile(r'\{"type": ?"relay", ?"n": ?"([^"\\]*)"')


class Socket:
    """One websocket; records arrival times of event frames (by seq) and of replies (by ref).

    The client shares the cores with the servers it measures, so it does as little per frame as
    it can, for every server alike: an `event` or `relay` frame's arrival is recorded from the
    frame's head (a regular expression), and an event's patch is parsed only when the socket's
    `state` is read (a vote burst's check, a motion's id), not on every delivery of a fan-out.
    A whole parse of a 600-byte event frame took 4.1 us against 1.5 us for a relay frame of the
    same size: that difference was the servers' cores spent on the client."""

    def __init__(self, ws: Any, snapshot: dict[str, Any]) -> None:
        self.ws = ws
        self.snapshot = snapshot
        self.last_seq = snapshot.get("seq", 0)
        self._state: dict[str, Any] | None = snapshot.get("state")
        self._patches: list[str] = []  # event frames whose patch is not yet in _state
        self.arrivals: dict[Any, float] = {}
        self.replies: dict[str, dict[str, Any]] = {}
        # Futures waiting for a reply (by ref): woken by the reader, not by polling (a poll
        # every few ms per waiting socket was CPU the servers' measurement shared the cores with).
        self.reply_waiters: dict[str, asyncio.Future] = {}
        self.seqs: list[tuple[int, int]] = []  # (first_seq, seq) of every event frame
        self.first_seq_gap = False
        self.closed = asyncio.get_running_loop().create_future()
        self.watch: tuple[str, Any, asyncio.Future] | None = None
        self.room: Any = None
        self.tracker: Tracker | None = None
        self.ballots = 0
        self.frame_bytes = 0
        self.doubled = 0  # an event (or relay) frame or a reply that arrived twice
        self.task = asyncio.ensure_future(self._read())

    @property
    def state(self) -> dict[str, Any] | None:
        """The session state as this socket's frames left it (pending patches applied now)."""
        if self._patches:
            patches, self._patches = self._patches, []
            state = dict(self._state or {})
            for text in patches:
                state.update(json.loads(text).get("patch", {}))
            self._state = state
        return self._state

    @state.setter
    def state(self, value: dict[str, Any] | None) -> None:
        self._patches = []
        self._state = value

    def _event_arrived(self, first_seq: int, seq: int, now: float, text: str) -> None:
        if seq in self.arrivals:
            self.doubled += 1
        self.arrivals[seq] = now
        self.frame_bytes = len(text) if text.isascii() else len(text.encode())
        if self.tracker is not None:
            self.tracker.arrived((self.room, seq))
        if first_seq != self.last_seq + 1:
            self.first_seq_gap = True
        self.seqs.append((first_seq, seq))
        self.last_seq = max(self.last_seq, seq)
        self._patches.append(text)

    def _relay_arrived(self, key: Any, now: float) -> None:
        if key in self.arrivals:
            self.doubled += 1
        self.arrivals[key] = now
        if self.tracker is not None:
            self.tracker.arrived((self.room, key))

    @property
    def upstream(self) -> str | None:
        response = getattr(self.ws, "response", None)
        return response.headers.get("X-Dais-Upstream") if response is not None else None

    async def _read(self) -> None:
        import websockets

        try:
            async for text in self.ws:
                now = time.perf_counter()
                head = EVENT_HEAD.match(text)
                if head is not None:
                    self._event_arrived(int(head[1]), int(head[2]), now, text)
                    self._check_watch(now)
                    continue
                head = RELAY_HEAD.match(text)
                if head is not None:
                    self._relay_arrived(head[1], now)
                    self._check_watch(now)
                    continue
                frame = json.loads(text)
                kind = frame.get("type")
                if kind == "event":  # (keys in another order: parsed whole)
                    self._event_arrived(frame["first_seq"], frame["seq"], now, text)
                elif kind == "tally":  # ballots from devices, coalesced (committee/hub.py)
                    if frame["seq"] in self.arrivals:
                        self.doubled += 1
                    self.arrivals[frame["seq"]] = now
                    if frame["first_seq"] != self.last_seq + 1:
                        self.first_seq_gap = True
                    self.seqs.append((frame["first_seq"], frame["seq"]))
                    self.last_seq = max(self.last_seq, frame["seq"])
                    vote = (self.state or {}).get("vote")
                    if vote and vote.get("id") == frame["vote"]:
                        self.state = {**(self.state or {}), "vote": {**vote, "cast_count": frame["cast"]}}
                elif kind == "snapshot":
                    self.last_seq = max(self.last_seq, frame["seq"])
                    self.state = frame["state"]
                    self.snapshot = frame
                elif kind in ("ok", "error"):
                    if str(frame.get("ref")) in self.replies:
                        self.doubled += 1
                    self.replies[str(frame.get("ref"))] = {**frame, "at": now}
                    waiter = self.reply_waiters.pop(str(frame.get("ref")), None)
                    if waiter is not None and not waiter.done():
                        waiter.set_result(None)
                elif kind == "relay":  # the baselines' frame (keys in another order)
                    self._relay_arrived(frame["n"], now)
                elif kind == "ballot":  # the baselines' vote
                    self.ballots += 1
                self._check_watch(now)
        except websockets.ConnectionClosed:
            pass
        finally:
            if not self.closed.done():
                self.closed.set_result(time.perf_counter())

    def _check_watch(self, now: float) -> None:
        if self.watch is None:
            return
        _name, predicate, future = self.watch
        if not future.done() and predicate(self):
            future.set_result(now)

    def until(self, predicate: Any) -> asyncio.Future:
        """A future resolved (with the arrival time) once predicate(self) holds."""
        future = asyncio.get_running_loop().create_future()
        self.watch = ("w", predicate, future)
        if predicate(self):
            future.set_result(time.perf_counter())
        return future

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(message))

    async def reply(self, ref: str, timeout: float) -> dict[str, Any] | None:
        """The reply to `ref` once it has come (None after `timeout` seconds)."""
        if ref not in self.replies:
            waiter = self.reply_waiters.setdefault(ref, asyncio.get_running_loop().create_future())
            try:
                await asyncio.wait_for(asyncio.shield(waiter), timeout)
            except TimeoutError:
                self.reply_waiters.pop(ref, None)
                return None
        return self.replies[ref]

    async def command(self, message: dict[str, Any], ref: str, timeout: float = 60) -> dict:
        await self.send({**message, "ref": ref})
        reply = await self.reply(ref, timeout)
        if reply is None:
            raise TimeoutError(f"no reply to {message['type']} ({ref})")
        return reply

    async def close(self) -> None:
        await self.ws.close()
        try:
            await asyncio.wait_for(self.task, 10)
        except TimeoutError:
            self.task.cancel()


async def connect(url: str, session_key: str | None = None, *, origin: str, timeout: float = 60):
    """A websocket that has received its snapshot (Dais), or just opened (baselines)."""
    import websockets
    from websockets.typing import Origin

    headers = {"Cookie": f"sessionid={session_key}"} if session_key else {}
    ws = await websockets.connect(
        url,
        origin=Origin(origin),
        additional_headers=headers,
        max_size=2**23,
        open_timeout=timeout,
        ping_interval=None,
        close_timeout=5,
    )
    if "/ws/committees/" in url:
        snapshot = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if snapshot.get("type") != "snapshot":
            raise RuntimeError(f"expected a snapshot, got {snapshot}")
    else:
        snapshot = {}
    return Socket(ws, snapshot)


async def connect_many(
    targets: list[tuple[str, str | None]], *, origin: str, batch: int = 100
) -> list[Socket]:
    sockets: list[Socket] = []
    for start in range(0, len(targets), batch):
        sockets += await asyncio.gather(
            *(connect(url, key, origin=origin) for url, key in targets[start : start + batch])
        )
    return sockets
