"""A delegate whose worker dies reconnects through nginx to another worker and misses nothing.

Needs a running cluster with at least two workers (`make cluster`). Steps:
1. a fresh committee; a delegate joins by code through nginx (/join/), opens the live socket
   through nginx and notes which worker took it (nginx's X-Dais-Upstream header);
2. the chair acts (over the service layer, as any worker would): the delegate gets the event;
3. its worker is killed (SIGKILL: a crash, no goodbye); the socket drops;
4. while the delegate is away the chair acts twice more;
5. the delegate reconnects through nginx (retrying as the page does) and lands on another
   worker: its snapshot is at the latest seq and its journal holds both missed events; a
   further action reaches it as the next seq (no gap), relayed across workers over Redis;
6. the dead worker is started again (scripts/cluster.sh restart-worker N);
7. a hundred page views through nginx leave no database connection open (under ASGI each
   request runs on a thread of its own: a connection kept past it would never be used again).
Exit status 0 when every check holds. Takes a few seconds.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import NoReturn

from benchkit import (
    ROOT,
    STATE,
    build_committee,
    connect,
    join_one,
    open_session,
    use_cluster_settings,
)


def fail(message: str) -> NoReturn:
    print(f"FAIL: {message}")
    sys.exit(1)


def worker_by_port() -> dict[int, tuple[int, int]]:
    """port -> (worker number, pid), from the pid files and the generated nginx.conf order."""
    base = int(os.environ.get("WORKER_BASE_PORT", "8090"))
    found = {}
    for path in STATE.glob("worker*.pid"):
        number = int(path.stem.removeprefix("worker"))
        found[base + number] = (number, int(path.read_text().strip()))
    return found


def upstream_port(upstream: str) -> int:
    """The worker's port from nginx's upstream address: `127.0.0.1:8091`, or the worker's unix
    socket `unix:.../worker1.sock` (scripts/cluster.sh, CLUSTER_UPSTREAM); of several (nginx
    tried a worker that did not answer first), the last, which answered."""
    upstream = upstream.split(",")[-1].strip()
    if upstream.startswith("unix:"):
        number = int(Path(upstream.removeprefix("unix:")).stem.removeprefix("worker"))
        return int(os.environ.get("WORKER_BASE_PORT", "8090")) + number
    return int(upstream.rsplit(":", 1)[1])


async def main() -> None:
    env = use_cluster_settings()
    base = env["CLUSTER_URL"]
    ws_base = base.replace("http://", "ws://")
    workers = worker_by_port()
    if len(workers) < 2:
        fail("the cluster needs at least two workers (WORKERS=2 make cluster)")

    from asgiref.sync import sync_to_async
    from django.contrib.auth.models import User

    from committee import services
    from committee.live.commands import Actor
    from committee.models import Committee

    room = await sync_to_async(build_committee)("Failover Check", 3, slug_prefix="cluster-check")
    await sync_to_async(open_session)(room["id"], room["chair_user"], room["seat_ids"])
    chair = Actor(role="chair", user_id=room["chair_user"])
    assert await sync_to_async(User.objects.filter(pk=room["chair_user"]).exists)()

    async def chair_acts(seconds: int) -> int:
        outcome = await sync_to_async(services.check_live_command)(
            room["id"], chair, {"type": "timer.adjust", "timer": "caucus", "seconds": seconds}
        )
        return outcome.seq

    session = await asyncio.to_thread(join_one, base, room["codes"][0])
    url = f"{ws_base}/ws/committees/{room['id']}/"
    delegate = await connect(url, session, origin=base)
    first_upstream = delegate.upstream
    if not first_upstream:
        fail("nginx did not say which worker took the socket")
    number, pid = workers[upstream_port(first_upstream)]
    print(f"delegate connected through nginx to worker {number} ({first_upstream}), seq {delegate.last_seq}")

    seq1 = await chair_acts(1)
    deadline = time.perf_counter() + 10
    while delegate.last_seq < seq1 and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
    if delegate.last_seq != seq1:
        fail(f"the delegate did not get event {seq1} before the crash")
    print(f"event {seq1} arrived; killing worker {number} (pid {pid}) with SIGKILL")

    os.kill(pid, signal.SIGKILL)
    try:
        await asyncio.wait_for(delegate.closed, 10)
    except TimeoutError:
        fail("the socket stayed open after its worker died")
    print("the socket dropped")

    missed = [await chair_acts(-1), await chair_acts(1)]
    print(f"while away, the chair made events {missed}")

    # Reconnect as the page does: retry with a short back-off until a worker answers.
    reconnected = None
    for attempt in range(20):
        try:
            reconnected = await connect(url, session, origin=base, timeout=10)
            break
        except Exception as error:  # noqa: BLE001  (any refusal: try again, as the page does)
            print(f"  reconnect attempt {attempt + 1} failed: {error!r}")
            await asyncio.sleep(0.25 * (attempt + 1))
    if reconnected is None:
        fail("could not reconnect through nginx")
    second_upstream = reconnected.upstream
    print(f"reconnected to {second_upstream}; snapshot at seq {reconnected.last_seq}")
    if second_upstream == first_upstream:
        fail("reconnected to the dead worker's address")
    if reconnected.last_seq != missed[-1]:
        fail(f"snapshot at seq {reconnected.last_seq}, expected {missed[-1]}")
    journal = [entry["seq"] for entry in reconnected.snapshot["events"]]
    for seq in missed:
        if seq not in journal:
            fail(f"missed event {seq} is not in the snapshot's journal {journal[-5:]}")
    expected_state = await sync_to_async(
        lambda: services.snapshot_frame(room["id"], audience="delegates", seat_id=None)["state"]
    )()
    if reconnected.state != expected_state:
        fail("the snapshot's state differs from the committee's")

    seq4 = await chair_acts(-1)
    deadline = time.perf_counter() + 10
    while reconnected.last_seq < seq4 and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
    if reconnected.seqs != [(seq4, seq4)] or reconnected.first_seq_gap:
        fail(f"after reconnecting, frames {reconnected.seqs}, expected [({seq4}, {seq4})]")
    stored = await sync_to_async(lambda: Committee.objects.get(pk=room["id"]).event_seq)()
    if stored != seq4:
        fail(f"committee at seq {stored}, the delegate at {seq4}")
    print(f"event {seq4} arrived with no gap: nothing lost")
    await reconnected.close()

    subprocess.run(
        [str(ROOT / "scripts" / "cluster.sh"), "restart-worker", str(number)], check=True
    )
    print("OK: the delegate reconnected to another worker and caught up with no lost event")

    before = await sync_to_async(idle_connections)()
    await asyncio.to_thread(page_views, base, 100)
    await asyncio.sleep(1.0)
    after = await sync_to_async(idle_connections)()
    print(f"idle database connections before 100 page views: {before}, after: {after}")
    if after > before + PAGE_VIEW_SLACK:
        fail(f"page views left {after - before} database connections open")
    print("OK: page views leave no database connection open")


# Connections the workers may open meanwhile on their own (a websocket pool's thread).
PAGE_VIEW_SLACK = 2


def idle_connections() -> int:
    """Idle client connections to the cluster's database, this one left out."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND state = 'idle' AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def page_views(base: str, count: int) -> None:
    """`count` views of the home page (it reads the database), one after another."""
    import urllib.request

    for _ in range(count):
        with urllib.request.urlopen(base + "/", timeout=10) as response:
            if response.status != 200:
                fail(f"the home page answered {response.status}")
            response.read()


if __name__ == "__main__":
    asyncio.run(main())
