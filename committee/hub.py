"""The per-process fan-out hub.

Each worker process (more exactly: each running event loop) has one hub with one channel on the
channel layer. The hub joins a group when its first local socket needs it and leaves when the
last one goes, receives each frame once, and writes the already-encoded text to every local
socket of that group. See reference/fanout.md for why: one layer message and one JSON encode
per socket saturates near 1,000 sockets; this is 5-30x faster.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import weakref
from typing import Any

from channels.layers import BaseChannelLayer, get_channel_layer
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

# Redis group memberships expire (channels_redis group_expiry, a day by default): conferences
# run for days, so the hub renews its memberships well before that.
RENEW_SECONDS = 3600


class Hub:
    def __init__(self) -> None:
        layer = get_channel_layer()
        if layer is None:
            raise ImproperlyConfigured("CHANNEL_LAYERS has no default layer: live updates need one.")
        self.layer: BaseChannelLayer = layer
        self.channel: str | None = None
        self.members: dict[str, set[Any]] = {}
        self._start_lock = asyncio.Lock()
        self._tasks: list[asyncio.Task[None]] = []

    async def _ensure_started(self) -> str:
        """The hub's channel, created (with its receive and renew loops) on first use."""
        if self.channel is not None:
            return self.channel
        async with self._start_lock:
            if self.channel is None:
                # The layer's default prefix: channels_redis reads every private channel of a
                # process through one shared receive loop keyed on it; a custom prefix is never read.
                channel = await self.layer.new_channel()
                self.channel = channel
                self._tasks = [
                    asyncio.ensure_future(self._receive_forever(channel)),
                    asyncio.ensure_future(self._renew_forever(channel)),
                ]
            return self.channel

    async def join(self, group: str, socket: Any) -> None:
        channel = await self._ensure_started()
        members = self.members.setdefault(group, set())
        if not members:
            await self.layer.group_add(group, channel)
        members.add(socket)

    async def leave(self, group: str, socket: Any) -> None:
        members = self.members.get(group)
        if not members or self.channel is None:
            return
        members.discard(socket)
        if not members:
            del self.members[group]
            try:
                await self.layer.group_discard(group, self.channel)
            except Exception:
                logger.exception("group_discard %s failed", group)

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
            await self.deliver(message)

    async def deliver(self, message: dict[str, Any]) -> None:
        group = message.get("group", "")
        sockets = list(self.members.get(group, ()))
        kind = message.get("type")
        if kind == "hub.close":
            for socket in sockets:
                try:
                    await socket.close(code=message.get("code", 4003))
                except Exception:  # one dead socket must not starve the others
                    logger.debug("closing a socket failed", exc_info=True)
            return
        if kind != "hub.frame":
            return
        text = message.get("text")
        private = message.get("private") or {}
        wire = WireFrames()
        for socket in sockets:
            try:
                if text is not None and not wire.send(socket, text):
                    await socket.send(text_data=text)
                # The seat's own frame right after the event it belongs to (broadcast.py).
                mine = private.get(str(getattr(socket, "seat_id", None)))
                if mine is not None and not wire.send(socket, mine):
                    await socket.send(text_data=mine)
            except Exception:  # one dead socket must not starve the others
                logger.debug("delivery to a socket failed", exc_info=True)

    async def _renew_forever(self, channel: str) -> None:
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            await self._rejoin(channel)

    async def _rejoin(self, channel: str) -> None:
        for group in list(self.members):
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


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()


def get_hub() -> Hub:
    """The hub of the running event loop (tests run one loop per test; daphne runs one)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None or hub.layer is not get_channel_layer():
        hub = Hub()
        _hubs[loop] = hub
    return hub
