"""How the websocket side reaches the database: a small pool of threads per worker process.

Channels' `database_sync_to_async` is thread-sensitive by default: every database call of every
socket of a worker process (connects, snapshots, commands, pings, disconnects) queues on one
thread, so one committee's reconnect storm or vote burst stalls every other committee of that
worker (docs/performance.md, "Fan-out and connections"). Here the calls run on a pool of
`DAIS_DB_THREADS` threads instead:

- Each call still goes through `DatabaseSyncToAsync`, which runs Django's
  `close_old_connections()` before and after it: a pooled thread keeps its own connection for
  `CONN_MAX_AGE` and no longer (0: closed after every call), and a broken one is dropped
  (`conn_health_checks`). So the process holds at most `DAIS_DB_THREADS` connections (plus
  Django's own sync thread for HTTP views).
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
import os
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from channels.auth import AuthMiddleware, get_user
from channels.db import database_sync_to_async
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.conf import settings
from django.db import close_old_connections
from django.utils.functional import SimpleLazyObject

R = TypeVar("R")

_pool: tuple[int, ThreadPoolExecutor] | None = None


def executor() -> ThreadPoolExecutor:
    global _pool
    if _pool is None or _pool[0] != os.getpid():
        size = max(1, int(getattr(settings, "DAIS_DB_THREADS", 4)))
        _pool = (os.getpid(), ThreadPoolExecutor(max_workers=size, thread_name_prefix="dais-db"))
    return _pool[1]


def drain() -> None:
    """Wait for every call in flight, then start a new pool on next use (tests: a call still
    running when a test ends, such as a presence frame being read, must not outlive it)."""
    global _pool
    pool, _pool = _pool, None
    if pool is not None and pool[0] == os.getpid():
        pool[1].shutdown(wait=True)


def db(func: Callable[..., R]) -> Callable[..., Any]:
    """`func` as an awaitable that runs on the pool, with Django's connection handling."""

    @functools.wraps(func)
    def call(*args: Any, **kwargs: Any) -> R:
        try:
            return func(*args, **kwargs)
        finally:
            # Also inside the call's own context: DatabaseSyncToAsync's closing after the call
            # missed connections opened in it (seen in the tests on PostgreSQL, where a
            # connection left open keeps the test database from being dropped).
            close_old_connections()

    return database_sync_to_async(call, thread_sensitive=False, executor=executor())


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
