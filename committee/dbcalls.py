"""How the websocket side reaches the database: a small pool of threads per worker process.

Channels' `database_sync_to_async` is thread-sensitive by default: every database call of every
socket of a worker process (connects, snapshots, commands, pings, disconnects) queues on one
thread, so one committee's reconnect storm or vote burst stalls every other committee of that
worker (docs/performance.md, "Fan-out and connections"). Here the calls run on a pool of
`DAIS_DB_THREADS` threads instead:

- A pooled thread keeps its own connection across calls for `DAIS_DB_KEEP_SECONDS` (default
  300; 0: closed after every call, as Channels' `database_sync_to_async` does with
  `CONN_MAX_AGE=0`), instead of opening one per call: opening and closing it was 6-9% of a
  ballot's server time on SQLite, more on PostgreSQL (docs/performance.md, "Ballots, second
  pass"). Before and after each call Django's own checks run on it
  (`close_if_unusable_or_obsolete`): a connection left inside a transaction or without
  autocommit is closed (a transaction never leaks into the next call), one that had an error is
  closed unless it still answers, and with `CONN_HEALTH_CHECKS` the first query of each call
  first checks that it still works (a connection broken meanwhile, say by a database restart,
  is replaced before the call uses it), unless the connection finished a call without error
  less than `DAIS_DB_TRUST_SECONDS` (0.5) ago: that check is a `SELECT 1`, one trip to the
  database more on every command, and a connection that answered half a second ago is trusted
  (as HikariCP's alive-bypass window). A database restart within that half second fails the
  one call that meets it, after which the connection is closed (it had an error). So the
  process holds at most `DAIS_DB_THREADS` connections (plus Django's own sync thread for HTTP
  views); `drain()` closes them.
- One socket's calls stay in order: the consumer awaits each before it reads the next message.
- One committee's commands still run one after another *in this process* (`committee_lane`):
  the committee row lock already serialises them in the database; the lane also makes their
  frames leave this process in commit order, so pages do not see a later `seq` before an
  earlier one (which would cost them a resync). Different committees run side by side.
- The pool is made per process (a forked child must not inherit the parent's dead threads:
  stack notes G9).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from asgiref.sync import SyncToAsync
from channels.auth import AuthMiddleware, get_user
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.functional import SimpleLazyObject

R = TypeVar("R")

logger = logging.getLogger(__name__)

_pool: tuple[int, ThreadPoolExecutor] | None = None


def executor() -> ThreadPoolExecutor:
    global _pool
    if _pool is None or _pool[0] != os.getpid():
        size = max(1, int(getattr(settings, "DAIS_DB_THREADS", 4)))
        _pool = (os.getpid(), ThreadPoolExecutor(max_workers=size, thread_name_prefix="dais-db"))
    return _pool[1]


# The connections the pool's threads opened and keep (closed by drain()).
_kept: set[BaseDatabaseWrapper] = set()
_kept_lock = threading.Lock()


def drain() -> None:
    """Wait for every call in flight, then close the connections the pool's threads kept and
    start a new pool on next use (tests: a call still running when a test ends, such as a
    presence frame being read, must not outlive it, nor its connection the test database)."""
    global _pool
    pool, _pool = _pool, None
    if pool is not None and pool[0] == os.getpid():
        pool[1].shutdown(wait=True)
    with _kept_lock:
        kept = list(_kept)
        _kept.clear()
    for conn in kept:
        if conn.connection is None:
            continue
        # Its thread has ended (or sits idle in an old pool): closing it from here is safe.
        conn.inc_thread_sharing()
        try:
            conn.close()
        except Exception:  # already broken: nothing left to close
            pass
        finally:
            conn.dec_thread_sharing()


def _settle_connections(*, ending: bool) -> None:
    """Django's per-request connection checks, for one call on a pooled thread, except that a
    connection it opened is kept for DAIS_DB_KEEP_SECONDS instead of CONN_MAX_AGE, and that
    before a call (`ending` False) a connection that finished its last call without error less
    than DAIS_DB_TRUST_SECONDS ago skips Django's health check (a `SELECT 1`, one more trip to
    the database); after a call (`ending` True) that moment is noted."""
    keep = getattr(settings, "DAIS_DB_KEEP_SECONDS", 0)
    trust = getattr(settings, "DAIS_DB_TRUST_SECONDS", 0)
    now = time.monotonic()
    for conn in connections.all(initialized_only=True):
        raw = conn.connection
        if raw is not None and getattr(conn, "_dais_kept", None) is not raw:
            conn._dais_kept = raw  # type: ignore[attr-defined]
            if conn.close_at is not None and keep:
                conn.close_at = max(conn.close_at, now + keep)
            with _kept_lock:
                _kept.add(conn)
        if ending:
            # Read before Django's checks below clear `errors_occurred`.
            ok = raw is not None and not conn.errors_occurred
            conn._dais_used_at = now if ok else None  # type: ignore[attr-defined]
        if conn.in_atomic_block:
            _drop_leaked_transaction(conn)
            continue
        # Closes it when it is left without autocommit, broken, or too old.
        conn.close_if_unusable_or_obsolete()
        used = getattr(conn, "_dais_used_at", None)
        if (
            not ending
            and trust
            and conn.connection is not None
            and used is not None
            and now - used < trust
        ):
            conn.health_check_done = True  # type: ignore[attr-defined]


def _drop_leaked_transaction(conn: BaseDatabaseWrapper) -> None:
    """A call returned inside an atomic block (a bug): roll it back by closing the connection.
    Django's close() would keep the wrapper marked "in a transaction" around the closed
    connection, so that every later call of this thread failed: start it afresh instead."""
    logger.error("a database call left a transaction open; it was rolled back")
    try:
        if conn.connection is not None:
            conn.connection.close()
    except Exception:
        logger.debug("closing the connection failed", exc_info=True)
    conn.connection = None
    conn.in_atomic_block = False
    conn.atomic_blocks = []
    conn.savepoint_ids = []
    conn.needs_rollback = False
    conn.closed_in_transaction = False
    conn.run_on_commit = []


def db(func: Callable[..., R]) -> Callable[..., Any]:
    """`func` as an awaitable that runs on the pool, its thread's connection checked before and
    after it (kept across calls while it is usable: see the module's docstring)."""

    @functools.wraps(func)
    def call(*args: Any, **kwargs: Any) -> R:
        _settle_connections(ending=False)
        try:
            return func(*args, **kwargs)
        finally:
            # Inside the call's own context, where its connections are.
            _settle_connections(ending=True)

    return SyncToAsync(call, thread_sensitive=False, executor=executor())


_lanes: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)


def committee_lane(committee_id: int) -> asyncio.Lock:
    """The lock that keeps one committee's commands in order within this process."""
    loop = asyncio.get_running_loop()
    lanes = _lanes.get(loop)
    if lanes is None:
        lanes = _lanes[loop] = {}
    lock = lanes.get(committee_id)
    if lock is None:
        lock = lanes[committee_id] = asyncio.Lock()
    return lock


class LazyAuthMiddleware(AuthMiddleware):
    """Channels' AuthMiddleware, except that the user (and the session behind it) is loaded when
    first used, in the database thread that uses it (the consumer's access check, on the pool),
    instead of by a trip of its own to the process's one sync thread on every connect. Reading
    `scope["user"]` on the event loop raises Django's SynchronousOnlyOperation: never silent."""

    def populate_scope(self, scope: dict[str, Any]) -> None:
        if "user" not in scope:
            scope["user"] = SimpleLazyObject(lambda: get_user.func(scope))
        super().populate_scope(scope)

    async def resolve_scope(self, scope: dict[str, Any]) -> None:
        return None


def AuthMiddlewareStack(inner: Any) -> Any:  # noqa: N802 (named as channels' own)
    return CookieMiddleware(SessionMiddleware(LazyAuthMiddleware(inner)))


class WireMiddleware:
    """Keeps the server's own `send` callable in the scope (`dais.wire_send`), under the session
    and auth wrappers, so the hub can write a frame already encoded for the wire (committee/hub.py)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        return await self.inner({**scope, "dais.wire_send": send}, receive, send)
