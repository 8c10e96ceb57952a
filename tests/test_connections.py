"""The connection-cost work of issue 13 (docs/performance.md, "Fan-out and connections"), piece by
piece: frames framed once and written straight to the socket, coalesced presence frames, the
websockets' database pool and its per-committee lane, presence rows as soft state."""

from __future__ import annotations

import asyncio
import functools
import socket
import threading
from typing import Any

import pytest
from autobahn.twisted.websocket import WebSocketServerFactory
from django.db import connection, transaction

from committee import dbcalls, hub, presence
from committee.models import LiveConnection

# ---------------------------------------------------------------------------------------------
# The hub's wire: one prepared frame, written at once when nothing is queued


class FakeTransport:
    """The attributes of twisted.internet.tcp.Server that hub.write_now reads."""

    TLS = False

    def __init__(self, sock: socket.socket) -> None:
        self.socket = sock
        self.connected = True
        self._writeDisconnected = False
        self._tempDataBuffer: list[bytes] = []
        self.dataBuffer = b""
        self.offset = 0
        self.queued: list[bytes] = []

    def write(self, data: bytes) -> None:
        self._tempDataBuffer.append(data)
        self.queued.append(data)


class FakeProtocol:
    STATE_OPEN = 3
    STATE_CLOSING = 4

    def __init__(self, transport: FakeTransport, factory: Any) -> None:
        self.transport = transport
        self.factory = factory
        self.state = self.STATE_OPEN
        self._perMessageCompress = None
        self.send_queue: list[Any] = []
        self.prepared_sent: list[Any] = []

    def sendPreparedMessage(self, prepared: Any) -> None:  # noqa: N802 (autobahn's name)
        self.prepared_sent.append(prepared)
        self.transport.write(prepared.payloadHybi)


class CountingFactory(WebSocketServerFactory):
    def __init__(self) -> None:
        super().__init__()
        self.prepared = 0

    def prepareMessage(self, payload, isBinary=False, doNotCompress=False):  # noqa: N802, N803
        self.prepared += 1
        return super().prepareMessage(payload, isBinary, doNotCompress)


class Socket:
    def __init__(self, wire: Any = None, seat_id: int | None = None) -> None:
        self.wire, self.seat_id = wire, seat_id
        self.sent: list[str] = []

    async def send(self, text_data: str) -> None:
        self.sent.append(text_data)


def read_frame(sock: socket.socket) -> tuple[int, str]:
    """One unmasked server frame of under 126 bytes: (first byte, text)."""
    head = sock.recv(2)
    length = head[1] & 0x7F
    assert length < 126 and not head[1] & 0x80
    return head[0], sock.recv(length).decode("utf-8")


def test_a_frame_is_prepared_once_and_written_straight_to_every_socket():
    factory = CountingFactory()
    pairs = [socket.socketpair() for _ in range(5)]
    try:
        protocols = [FakeProtocol(FakeTransport(a), factory) for a, _b in pairs]
        plain = Socket()  # a socket of another server (or the tests' client): its own send
        sockets = [Socket(p) for p in protocols] + [plain]
        group = "dais.c1.public"
        the_hub = hub.Hub.__new__(hub.Hub)
        the_hub.members = {group: set(sockets)}
        text = '{"type":"event","seq":7,"note":"Côte d’Ivoire"}'
        asyncio.run(the_hub._send_to(group, text, {}))  # what deliver() does with a hub.frame
        assert factory.prepared == 1
        for protocol, (_a, b) in zip(protocols, pairs, strict=True):
            assert protocol.transport.queued == []  # nothing waited for the event loop
            assert read_frame(b) == (0x81, text)  # FIN + text frame, the same bytes
        assert plain.sent == [text]
    finally:
        for a, b in pairs:
            a.close()
            b.close()


def test_a_socket_with_data_queued_keeps_its_order_and_a_closing_one_is_skipped():
    factory = CountingFactory()
    a, b = socket.socketpair()
    try:
        busy = FakeProtocol(FakeTransport(a), factory)
        busy.transport._tempDataBuffer.append(b"earlier")
        closing = FakeProtocol(FakeTransport(a), factory)
        closing.state = closing.STATE_CLOSING
        wire = hub.WireFrames()
        assert wire.send(Socket(busy), "x") is True
        assert wire.send(Socket(closing), "x") is True
        # Queued behind what was waiting, through the protocol; nothing went to the socket.
        assert len(busy.prepared_sent) == 1 and closing.prepared_sent == []
        b.setblocking(False)
        with pytest.raises(BlockingIOError):
            b.recv(10)
        assert wire.send(Socket(None), "x") is False  # no wire: the caller sends
    finally:
        a.close()
        b.close()


def test_a_socket_that_takes_part_of_a_frame_gets_the_rest_queued():
    a, b = socket.socketpair()
    try:
        a.setblocking(False)
        a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        transport = FakeTransport(a)
        data = b"y" * 4_000_000
        assert hub.write_now(transport, data) is True
        queued = b"".join(transport.queued)
        assert 0 < len(queued) < len(data) and data.endswith(queued)
    finally:
        a.close()
        b.close()


def test_the_wire_is_found_behind_daphnes_send_only():
    protocol = FakeProtocol(FakeTransport(None), CountingFactory())  # type: ignore[arg-type]

    async def handle_reply(protocol, message):
        return None

    assert hub.wire_of(functools.partial(handle_reply, protocol)) is protocol
    assert hub.wire_of(functools.partial(handle_reply, object())) is None
    assert hub.wire_of(handle_reply) is None
    assert hub.wire_of(None) is None


# ---------------------------------------------------------------------------------------------
# Presence frames: the first at once, then at most one per interval, always the whole set


def test_presence_frames_are_coalesced_and_the_last_one_is_current(monkeypatch):
    connected: list[int] = []
    frames: list[list[int]] = []

    async def send_frames_async(sent):
        for group, frame in sent:
            assert group == "dais.c9.chair"
            frames.append(frame["connected"])

    monkeypatch.setattr(presence.services, "connected_seats", lambda cid: sorted(connected))
    monkeypatch.setattr(presence.broadcast, "send_frames_async", send_frames_async)
    monkeypatch.setattr(presence, "db", lambda func: _async(func))

    async def storm() -> None:
        notifier = presence.PresenceNotifier()
        for seat in range(1, 201):  # a room reconnecting at once
            connected.append(seat)
            notifier.changed(9)
            await asyncio.sleep(0)
        await asyncio.sleep(presence.PRESENCE_INTERVAL * 2)
        connected.remove(5)
        notifier.changed(9)
        await asyncio.sleep(presence.PRESENCE_INTERVAL * 2)

    asyncio.run(storm())
    assert len(frames) <= 3, len(frames)
    assert frames[-1] == [s for s in range(1, 201) if s != 5]
    assert frames[-2] == list(range(1, 201))


def _async(func):
    async def run(*args):
        return func(*args)

    return run


# ---------------------------------------------------------------------------------------------
# The database pool and the per-committee lane


@pytest.mark.django_db(transaction=True)
def test_database_calls_run_on_the_pool_with_their_own_connections():
    seen: list[tuple[str, int]] = []

    def call() -> None:
        LiveConnection.objects.count()
        seen.append((threading.current_thread().name, id(connection.connection)))

    async def many() -> None:
        await asyncio.gather(*(dbcalls.db(call)() for _ in range(8)))

    asyncio.run(many())
    assert all(name.startswith("dais-db") for name, _ in seen)
    assert len(seen) == 8
    assert dbcalls.executor()._max_workers == dbcalls.settings.DAIS_DB_THREADS


def _one_thread_pool(settings, keep: int = 300) -> None:
    settings.DAIS_DB_THREADS = 1
    settings.DAIS_DB_KEEP_SECONDS = keep
    dbcalls.drain()


def _raw_connection() -> Any:
    LiveConnection.objects.count()
    return connection.connection


@pytest.mark.django_db(transaction=True)
def test_a_pooled_thread_keeps_its_connection_across_calls(settings):
    _one_thread_pool(settings)

    async def twice() -> tuple[Any, Any]:
        return await dbcalls.db(_raw_connection)(), await dbcalls.db(_raw_connection)()

    first, second = asyncio.run(twice())
    assert first is not None and first is second
    # drain() closes it (a test's teardown; on PostgreSQL an open one blocks the test database).
    kept = list(dbcalls._kept)
    assert kept and all(conn.connection is not None for conn in kept)
    dbcalls.drain()
    assert all(conn.connection is None for conn in kept)
    assert not dbcalls._kept


@pytest.mark.django_db(transaction=True)
def test_with_no_keeping_each_call_gets_a_new_connection(settings):
    _one_thread_pool(settings, keep=0)  # CONN_MAX_AGE is 0 in the tests

    async def twice() -> tuple[Any, Any]:
        return await dbcalls.db(_raw_connection)(), await dbcalls.db(_raw_connection)()

    first, second = asyncio.run(twice())
    assert first is not second


@pytest.mark.django_db(transaction=True)
def test_a_transaction_left_open_never_reaches_the_next_call(settings, caplog):
    _one_thread_pool(settings)

    def leak() -> Any:
        transaction.atomic().__enter__()  # a bug: never left
        LiveConnection.objects.filter(channel_name="nobody").delete()
        return connection.connection

    def after() -> tuple[Any, bool, bool]:
        raw = _raw_connection()
        return raw, connection.in_atomic_block, connection.get_autocommit()

    async def run() -> tuple[Any, tuple[Any, bool, bool]]:
        return await dbcalls.db(leak)(), await dbcalls.db(after)()

    leaked, (raw, in_atomic, autocommit) = asyncio.run(run())
    assert raw is not leaked  # closed (its transaction rolled back), a new one opened
    assert not in_atomic and autocommit
    assert "left a transaction open" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_broken_connection_is_replaced_before_the_next_call(settings):
    _one_thread_pool(settings)

    def break_it() -> Any:
        raw = _raw_connection()
        # What Django records after a query failed on it; is_usable() then finds it dead
        # (SQLite's always says yes, so it is told here).
        connection.errors_occurred = True
        connection.is_usable = lambda: False  # type: ignore[method-assign]
        return raw

    async def run() -> tuple[Any, Any]:
        return await dbcalls.db(break_it)(), await dbcalls.db(_raw_connection)()

    broken, fresh = asyncio.run(run())
    assert fresh is not broken


@pytest.mark.django_db(transaction=True)
def test_a_connection_used_a_moment_ago_skips_the_health_check(settings):
    # Django's health check is a `SELECT 1` before the first query of every call: one more trip
    # to the database on every command. A connection that finished a call without error less
    # than DAIS_DB_TRUST_SECONDS ago is trusted instead (as HikariCP's alive-bypass window).
    _one_thread_pool(settings)
    settings.CONN_HEALTH_CHECKS = True
    settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    settings.DAIS_DB_TRUST_SECONDS = 0.5
    checks: list[str] = []

    def query(tag: str, fail: bool = False) -> None:
        if not hasattr(connection, "_counted"):
            usable = connection.is_usable

            def counted() -> bool:
                checks.append(current[0])
                return usable()

            connection.is_usable = counted  # type: ignore[method-assign]
            connection._counted = True  # type: ignore[attr-defined]
        current[0] = tag
        LiveConnection.objects.count()
        if fail:
            connection.errors_occurred = True

    current = [""]

    async def run() -> None:
        call = dbcalls.db(query)
        await call("open")  # a new connection needs no check
        await call("soon")  # trusted
        settings.DAIS_DB_TRUST_SECONDS = 0.05
        await asyncio.sleep(0.1)
        await call("late")  # idle too long: checked
        settings.DAIS_DB_TRUST_SECONDS = 0.5
        await call("error", True)  # an error on it...
        await call("after error")  # ...is checked next time
        settings.DAIS_DB_TRUST_SECONDS = 0
        await call("never trusted")

    asyncio.run(run())
    # ("error": Django's own check after a call whose query failed, which keeps it if it answers.)
    assert checks == ["late", "error", "after error", "never trusted"]


def test_the_committee_lane_keeps_one_committees_commands_in_order():
    order: list[str] = []

    async def command(cid: int, name: str, seconds: float) -> None:
        async with dbcalls.committee_lane(cid):
            order.append(f"start {name}")
            await asyncio.sleep(seconds)
            order.append(f"end {name}")

    async def run() -> None:
        await asyncio.gather(command(1, "a", 0.05), command(1, "b", 0), command(2, "c", 0))

    asyncio.run(run())
    # b waited for a (same committee); c (another committee) did not.
    assert order.index("end a") < order.index("start b")
    assert order.index("start c") < order.index("end a")


def test_the_pool_is_made_again_in_a_forked_child(monkeypatch):
    first = dbcalls.executor()
    monkeypatch.setattr(dbcalls.os, "getpid", lambda: -1)
    assert dbcalls.executor() is not first
