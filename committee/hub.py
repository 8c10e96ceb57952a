"""The per-process fan-out hub.

Each worker process (more exactly: each running event loop) has one hub with one channel on the
channel layer. The hub joins a committee's layer group (`broadcast.layer_group`: `dais.c<id>`)
when its first local socket of that committee comes and leaves it when the last one goes; it
keeps which local sockets are in which audience or seat group itself. It receives each of the
committee's messages once (a command's frames for all audiences as one `hub.batch`), and writes
the already-encoded text to every local socket of the message's group. See reference/fanout.md
for why: one layer message and one JSON encode per socket saturates near 1,000 sockets; this is
5-30x faster.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import time
import weakref
from typing import Any

from channels.layers import BaseChannelLayer, get_channel_layer
from django.core.exceptions import ImproperlyConfigured

from committee.broadcast import layer_group

logger = logging.getLogger(__name__)

# Ballots' tally messages (`hub.tally`) are coalesced per group: at most one `tally` frame per
# TALLY_INTERVAL, the last always sent, never after a later event frame of the group. A tally
# whose earlier seq has not arrived yet (another worker's ballot still on its way) waits up to
# TALLY_HOLD for it; then it goes anyway and the pages resync on the gap.
# A flush to many sockets is the costly part: when a group's last flush took long (a busy
# machine, a big room), the next waits at least TALLY_BACKOFF times as long, so that writing
# tallies never takes more than a third of the worker's time from the ballots themselves.
TALLY_INTERVAL = 0.1
TALLY_HOLD = 0.25
TALLY_BACKOFF = 2.0

# A layer whose group memberships expire (channels_redis' default layer: group_expiry, a day)
# would drop the hub from its committees during a conference of several days, so the hub renews
# its memberships every hour (on the pub/sub layer the cluster uses, a harmless no-op).
RENEW_SECONDS = 3600

# At most this many group_add / group_discard calls of a hub in flight at once: a room that
# reconnects at once joins its ~200 seat groups together, and each call may hold a Redis
# connection (redis-py's pool has 100; past it the call fails and so does the socket's connect).
LAYER_CALLS = 16


class Hub:
    def __init__(self) -> None:
        layer = get_channel_layer()
        if layer is None:
            raise ImproperlyConfigured("CHANNEL_LAYERS has no default layer: live updates need one.")
        self.layer: BaseChannelLayer = layer
        self.channel: str | None = None
        # Local sockets per audience or seat group, and per layer group how many (group,
        # socket) memberships need it: the hub is in a layer group while that is above zero.
        self.members: dict[str, set[Any]] = {}
        self._layer_refs: dict[str, int] = {}
        self._start_lock = asyncio.Lock()
        self._tasks: list[asyncio.Task[None]] = []
        # Coalescing of tallies, per group: waiting messages, when they first waited, the
        # scheduled flush, when the last tally went out (loop time), the last seq sent.
        self._tallies: dict[str, list[dict[str, Any]]] = {}
        self._waiting_since: dict[str, float] = {}
        self._flushes: dict[str, asyncio.TimerHandle] = {}
        self._tally_sent: dict[str, float] = {}
        self._tally_cost: dict[str, float] = {}  # how long the group's last flush took
        self._last_seq: dict[str, int] = {}
        # One delivery at a time, so a flush never interleaves with an event frame's sends.
        self._send_lock = asyncio.Lock()
        # A group's joins and leaves one at a time (its first socket adds it on the layer, the
        # others wait for that; a leave's discard ends before the next join's add), and few
        # layer calls at once for all groups.
        self._group_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._layer_calls = asyncio.Semaphore(LAYER_CALLS)

    def _group_lock(self, group: str) -> asyncio.Lock:
        lock = self._group_locks.get(group)
        if lock is None:
            lock = self._group_locks[group] = asyncio.Lock()
        return lock

    async def _ensure_started(self) -> str:
        """The hub's channel, created (with its receive and renew loops) on first use."""
        if self.channel is not None:
            return self.channel
        async with self._start_lock:
            if self.channel is None:
                # The layer's default prefix (channels_redis' default layer reads every private
                # channel of a process through one shared receive loop keyed on it).
                channel = await self.layer.new_channel()
                self.channel = channel
                self._tasks = [
                    asyncio.ensure_future(self._receive_forever(channel)),
                    asyncio.ensure_future(self._renew_forever(channel)),
                ]
            return self.channel

    async def join(self, group: str, socket: Any) -> None:
        """Returns once the hub is in the group's layer group (the socket's snapshot is read
        after: nothing committed in between is missed)."""
        channel = await self._ensure_started()
        joined = layer_group(group)
        async with self._group_lock(joined):
            members = self.members.get(group)
            if members is not None and socket in members:
                return
            if not self._layer_refs.get(joined):
                async with self._layer_calls:
                    await self.layer.group_add(joined, channel)
            self.members.setdefault(group, set()).add(socket)
            self._layer_refs[joined] = self._layer_refs.get(joined, 0) + 1

    async def leave(self, group: str, socket: Any) -> None:
        joined = layer_group(group)
        async with self._group_lock(joined):
            members = self.members.get(group)
            if not members or socket not in members or self.channel is None:
                return
            members.discard(socket)
            if not members:
                del self.members[group]
            self._layer_refs[joined] -= 1
            if self._layer_refs[joined] > 0:
                return
            del self._layer_refs[joined]
            try:
                async with self._layer_calls:
                    await self.layer.group_discard(joined, self.channel)
            except Exception:
                logger.exception("group_discard %s failed", joined)

    def local_count(self, group: str) -> int:
        return len(self.members.get(group, ()))

    async def _receive_forever(self, channel: str) -> None:
        while True:
            try:
                message = await self.layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("hub receive failed")
                await asyncio.sleep(0.5)
                # The layer may have restarted empty (Redis without persistence): join again.
                await self._rejoin(channel)
                continue
            if message.get("origin") == channel:
                continue  # sent from this process: its hub had it at once (broadcast._send_one)
            await self.deliver(message)

    async def deliver(self, message: dict[str, Any]) -> None:
        group = message.get("group", "")
        kind = message.get("type")
        if kind == "hub.batch":
            # One command's messages to a committee's groups, in the order they were sent.
            for part in message.get("messages") or ():
                await self.deliver(part)
            return
        if not self.members.get(group):
            return  # no local socket of this audience (its committee's others may have some)
        if kind == "hub.tally":
            # A batch of ballots (committee/ballot_services.py) comes as one message.
            for entry in message.get("tallies") or [message]:
                self._queue_tally(group, entry)
            return
        async with self._send_lock:
            if kind == "hub.frame" and self._tallies.get(group):
                await self._flush_tallies(group)  # the tallies before the event that follows
            if isinstance(message.get("seq"), int):
                self._last_seq[group] = max(self._last_seq.get(group, 0), message["seq"])
            if kind == "hub.frame":
                await self._send_to(group, message.get("text"), message.get("private") or {})
            elif kind == "hub.close":
                for socket in list(self.members.get(group, ())):
                    try:
                        await socket.close(code=message.get("code", 4003))
                    except Exception:  # one dead socket must not starve the others
                        logger.debug("closing a socket failed", exc_info=True)

    async def _send_to(self, group: str, text: str | None, private: dict[str, str]) -> None:
        wire = WireFrames()
        for socket in list(self.members.get(group, ())):
            try:
                if text is not None and not wire.send(socket, text):
                    await socket.send(text_data=text)
                # The seat's own frame right after the event it belongs to (broadcast.py).
                mine = private.get(str(getattr(socket, "seat_id", None)))
                if mine is not None and not wire.send(socket, mine):
                    await socket.send(text_data=mine)
            except Exception:  # one dead socket must not starve the others
                logger.debug("delivery to a socket failed", exc_info=True)

    # -- tallies ---------------------------------------------------------------------------

    def _queue_tally(self, group: str, message: dict[str, Any]) -> None:
        if message.get("seq", 0) <= self._last_seq.get(group, 0):
            return  # a later frame of the group went out already: the pages hold newer
        loop = asyncio.get_running_loop()
        waiting = self._tallies.setdefault(group, [])
        if not waiting:
            self._waiting_since[group] = loop.time()
        waiting.append(message)
        if group not in self._flushes:
            gap = max(TALLY_INTERVAL, TALLY_BACKOFF * self._tally_cost.get(group, 0.0))
            due = self._tally_sent.get(group, -gap) + gap
            self._schedule(group, max(0.0, due - loop.time()))

    def _schedule(self, group: str, delay: float) -> None:
        loop = asyncio.get_running_loop()
        self._flushes[group] = loop.call_later(
            delay, lambda: asyncio.ensure_future(self._timed_flush(group))
        )

    async def _timed_flush(self, group: str) -> None:
        async with self._send_lock:
            self._flushes.pop(group, None)
            waiting = sorted(self._tallies.get(group, ()), key=lambda m: m["seq"])
            if not waiting:
                return
            last = self._last_seq.get(group)
            seqs = [m["seq"] for m in waiting]
            complete = seqs == list(range(seqs[0], seqs[0] + len(seqs))) and (
                last is None or seqs[0] == last + 1
            )
            age = asyncio.get_running_loop().time() - self._waiting_since.get(group, 0.0)
            if not complete and age < TALLY_HOLD:
                self._schedule(group, 0.05)  # an earlier ballot is still on its way
                return
            await self._flush_tallies(group)

    async def _flush_tallies(self, group: str) -> None:
        """Send the waiting tallies of `group` as one frame (caller holds the send lock)."""
        handle = self._flushes.pop(group, None)
        if handle is not None:
            handle.cancel()
        waiting = sorted(self._tallies.pop(group, ()), key=lambda m: m["seq"])
        self._waiting_since.pop(group, None)
        waiting = [m for m in waiting if m["seq"] > self._last_seq.get(group, 0)]
        if not waiting:
            return
        frame = tally_frame(waiting)
        private: dict[str, str] = {}
        for message in waiting:
            private.update(message.get("private") or {})
        self._last_seq[group] = frame["seq"]
        from committee.broadcast import encode

        loop = asyncio.get_running_loop()
        began = loop.time()
        await self._send_to(group, encode(frame), private)
        self._tally_sent[group] = loop.time()
        self._tally_cost[group] = self._tally_sent[group] - began

    async def _renew_forever(self, channel: str) -> None:
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            await self._rejoin(channel)

    async def _rejoin(self, channel: str) -> None:
        for group in list(self._layer_refs):
            try:
                await self.layer.group_add(group, channel)
            except Exception:
                logger.exception("renewing %s failed", group)


class WireFrames:
    """One delivery's frames, framed for the wire once (not once per socket).

    A socket served by daphne exposes its websocket protocol (`socket.wire`, found by the
    consumer from the server's own send: committee/dbcalls.py WireMiddleware). The frame is
    then prepared once (autobahn's `prepareMessage`: UTF-8 and the websocket header) and the
    same bytes are written to every such socket, without the per-socket trip through Channels'
    consumer, session and server wrappers and without encoding the text again. That trip was
    most of the fan-out's cost in the worker (docs/performance.md, "Fan-out and connections").
    Other servers (and the tests' in-process client) take the ordinary `send`.
    """

    def __init__(self) -> None:
        self.prepared: dict[str, Any] = {}

    def send(self, socket: Any, text: str) -> bool:
        """Written (or dropped because the socket is closing, as daphne's send drops it): True;
        False when the socket has no wire and the caller must use its `send`."""
        protocol = getattr(socket, "wire", None)
        if protocol is None:
            return False
        if protocol.state != protocol.STATE_OPEN:
            return True
        prepared = self.prepared.get(text)
        if prepared is None:
            prepared = self.prepared[text] = protocol.factory.prepareMessage(text.encode("utf-8"))
        if protocol._perMessageCompress is None and not protocol.send_queue:
            if write_now(protocol.transport, prepared.payloadHybi):
                return True
        protocol.sendPreparedMessage(prepared)
        return True


def write_now(transport: Any, data: bytes) -> bool:
    """Write `data` to a Twisted TCP transport's socket at once when nothing is queued before it
    (the rest, if the socket takes only part, is queued the ordinary way). False when this does
    not apply (TLS, a closing connection, data already waiting): the caller writes normally.

    Twisted's own `write` always queues, then registers the socket for writing with the event
    loop and unregisters it once written: two epoll changes and an extra loop pass per socket
    per frame, which were most of what was left of the fan-out's cost once frames were framed
    once. Writing at once when the queue is empty is what asyncio's transports do; order is
    kept because nothing is queued before the frame."""
    try:
        if (
            transport.TLS
            or not transport.connected
            or transport._writeDisconnected
            or transport._tempDataBuffer
            or transport.offset != len(transport.dataBuffer)
        ):
            return False
        sock = transport.socket
    except AttributeError:
        return False
    try:
        sent = sock.send(data)
    except (BlockingIOError, InterruptedError):
        sent = 0
    except OSError:
        return False  # Twisted's write finds the broken connection and reports it its own way
    if sent < len(data):
        transport.write(data[sent:])
    return True


def stagger_pings(protocol: Any, *, now: float | None = None) -> None:
    """Spread daphne's keep-alive pings over the ping interval.

    daphne pings a socket `ping_interval` (20 s) after the last frame it received from it,
    checking every socket in one pass every 2 s: sockets that connected together (a room at the
    start of a session, or reconnecting after a network blip) are all pinged in the same pass,
    every 20 s, and their pongs all come back together: in a 1,000-socket room, 500 pings and
    500 pongs per worker in one pass (docs/performance.md, "Session 5"). Starting each socket's
    count at a random point of the interval pings about a tenth of such a room per pass instead;
    each socket is still pinged every `ping_interval` once it falls silent."""
    interval = getattr(getattr(protocol, "server", None), "ping_interval", None)
    if not isinstance(interval, int | float) or interval <= 0 or not hasattr(protocol, "last_ping"):
        return
    moment = time.time() if now is None else now
    protocol.last_ping = moment - random.uniform(0, interval)


def wire_of(send: Any) -> Any:
    """The daphne websocket protocol behind the server's send callable, if that is what it is
    (daphne 4 passes `functools.partial(server.handle_reply, protocol)`); else None."""
    if isinstance(send, functools.partial) and send.args:
        protocol = send.args[0]
        if all(
            hasattr(protocol, name)
            for name in ("sendPreparedMessage", "state", "STATE_OPEN")
        ) and hasattr(getattr(protocol, "factory", None), "prepareMessage"):
            return protocol
    return None


def tally_frame(messages: list[dict[str, Any]]) -> dict[str, Any]:
    """One `tally` frame for consecutive ballots' `hub.tally` messages (in seq order): the
    counts of the last, every seat that voted and, for the chair, every ballot and the seats
    whose ballot the chair entered."""
    last = messages[-1]
    frame: dict[str, Any] = {
        "type": "tally",
        "first_seq": messages[0]["seq"],
        "seq": last["seq"],
        **last["frame"],
        "events": [m["event"] for m in messages if "event" in m],
    }
    voted = [m["voted"] for m in messages if "voted" in m]
    if voted:
        frame["voted"] = voted
    ballots = {str(m["ballot"][0]): m["ballot"][1] for m in messages if "ballot" in m}
    if ballots:
        frame["ballots"] = ballots
    entered = [m["entered"] for m in messages if "entered" in m]
    if entered:
        frame["entered"] = entered
    return frame


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()


def local_hub(layer: Any, group: str) -> Hub | None:
    """The running event loop's hub when it is in `group`'s layer group on `layer` (it has
    local sockets of that committee), else None."""
    try:
        hub = _hubs.get(asyncio.get_running_loop())
    except RuntimeError:
        return None
    if hub is None or hub.layer is not layer or hub.channel is None:
        return None
    return hub if hub._layer_refs.get(layer_group(group)) else None


def get_hub() -> Hub:
    """The hub of the running event loop (tests run one loop per test; daphne runs one)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None or hub.layer is not get_channel_layer():
        hub = Hub()
        _hubs[loop] = hub
    return hub
