"""The committee websocket: thin. It authenticates, joins the hub, sends a snapshot, and
passes validated messages to committee.services. See committee/README.md for the protocol.

Refusals always come after the handshake as a close code (4403 may not follow, 4404 no such
committee, 4429 too many sockets from one address, 4413 frame over 64 KiB; daphne
itself closes frames over 1 MiB with 1009): a refusal at the
handshake reaches the page as a bare HTTP 403 it cannot tell from a network failure.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import uuid
import weakref
from dataclasses import dataclass
from typing import Any

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation

from committee import broadcast, protocol, services
from committee.access import (
    CHAIR,
    DELEGATE,
    ORGANIZER,
    access_committee,
    access_live_session,
    live_sessions,
)
from committee.ballot_services import BallotRequest
from committee.dbcalls import committee_lane, db
from committee.hub import get_hub, stagger_pings, wire_of
from committee.live.commands import Actor, LiveError
from committee.presence import presence_changed
from committee.seats import seat_from_session

logger = logging.getLogger(__name__)

CLOSE_NOT_FOUND = 4404
CLOSE_FORBIDDEN = 4403
CLOSE_TOO_MANY = 4429
# Frames over protocol.MAX_FRAME_BYTES. (daphne closes frames over 1 MiB itself, with 1009;
# an application may only send 1000 or 3000-4999, so ours is 4413.)
CLOSE_TOO_BIG = 4413

# Deadline timers of this process (kept referenced until they fire).
_deadline_tasks: set[asyncio.Task[None]] = set()


async def _close_at_deadline(committee_id: int, delay: float) -> None:
    """Sleep until a deadline, then let the server close what it ended (idempotent: another
    worker, a heartbeat or a command may have closed it first)."""
    await asyncio.sleep(max(0.0, delay))
    try:
        async with committee_lane(committee_id):
            await command_in_lane(committee_id, services.do_expire_deadlines, committee_id)
    except Exception:  # the heartbeat and the next command still close it
        logger.exception("closing a deadline of committee %s failed", committee_id)


def schedule_deadline(committee_id: int, outcome: services.Outcome) -> None:
    """After a command that set a deadline, fire at it (plus a little, so the server's clock is
    surely past it)."""
    ends_at = services.deadline_of(outcome.events)
    if ends_at is None:
        return
    delay = (ends_at - services.now_ms()) / 1000 + 0.05
    task = asyncio.ensure_future(_close_at_deadline(committee_id, delay))
    _deadline_tasks.add(task)
    task.add_done_callback(_deadline_tasks.discard)


async def command_in_lane(committee_id: int, func: Any, *args: Any) -> Any:
    """Run a command on the database pool (the caller holds its committee's lane); the layer
    messages its commit produced are sent from the event loop afterwards, in commit order
    (broadcast.send_in_order), instead of the database thread waiting for them: the thread is
    free for the next command and the voter's `ok` does not wait for the fan-out.

    Shielded: if the socket's task is cancelled (its server gave up on it) while the thread
    still runs, the command still finishes and its frames are still sent."""

    async def run_then_send() -> Any:
        sends: list[broadcast.Messages] = []
        broadcast.deferred_sends.set(sends)  # this task's own context only
        try:
            return await db(func)(*args)
        finally:
            # Also after a failure: whatever committed before it is still shown.
            broadcast.send_in_order(committee_id, sends)

    return await asyncio.shield(asyncio.ensure_future(run_then_send()))


# Open sockets per client address in this process (finding 10 of issue 8).
_sockets_by_address: dict[str, int] = {}


@dataclass(frozen=True)
class Grant:
    committee_id: int
    audience: str  # "chair", "delegates" or "public"
    actor: Actor | None  # None for the projector: it only listens
    seat_version: int | None
    session_key: str | None = None


def _grant(committee_id: int, scope: dict[str, Any], projector: bool) -> Grant:
    if projector:
        access_committee(committee_id, user=None, seat=None, need="public")
        return Grant(committee_id, "public", None, None)
    user = scope.get("user")
    seat = seat_from_session(scope.get("session"))
    access = access_committee(committee_id, user=user, seat=seat, need="participant")
    session_key = getattr(scope.get("session"), "session_key", None)
    if access.role in (ORGANIZER, CHAIR):
        assert user is not None  # only a signed-in user is a chair or an organizer
        return Grant(committee_id, "chair", Actor(role=CHAIR, user_id=user.pk), None, session_key)
    assert access.role == DELEGATE and seat is not None
    return Grant(
        committee_id,
        "delegates",
        Actor(role=DELEGATE, seat=seat.pk),
        seat.code_version,
        session_key,
    )


def _language(scope: dict[str, Any]) -> str:
    """The page's language: the language cookie, else the browser's Accept-Language."""
    cookie = (scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME)
    candidates = [cookie] if cookie else []
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            candidates += [
                part.split(";")[0].strip() for part in value.decode("latin-1").split(",")
            ]
    for candidate in candidates:
        try:
            return translation.get_supported_language_variant(candidate)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class SessionEnded(LiveError):
    """The browser's login or seat binding ended while its socket stayed open."""


def _run_command(
    language: str, grant: Grant, actor: Actor, message: dict[str, Any]
) -> services.Outcome:
    # Activated here, in the worker thread, so that refusals come back in the page's language.
    with translation.override(language):
        # Every command, not only the handshake: a chair who logged out (or a browser that left
        # its seat) must not keep acting through a socket opened before (issue 8, finding 3).
        # (Read right after the committee's row lock, with the seats, where the command takes it.)
        try:
            return services.check_live_command(
                grant.committee_id,
                actor,
                message,
                seat_version=grant.seat_version,
                session=services.BrowserSession(grant.session_key),
            )
        except PermissionDenied as refusal:
            raise SessionEnded(str(refusal)) from None


@dataclass
class _WaitingBallot:
    """A delegate's `vote.cast` waiting for its committee's lane; `done` gets its Outcome, or the
    exception that refused it (returned, not raised: the waiter raises it)."""

    grant: Grant
    message: dict[str, Any]
    language: str
    done: asyncio.Future[Any]


# Ballots waiting for their committee's lane, per event loop and committee.
_waiting_ballots: weakref.WeakKeyDictionary[
    asyncio.AbstractEventLoop, dict[int, list[_WaitingBallot]]
] = weakref.WeakKeyDictionary()


async def cast_in_batch(language: str, grant: Grant, message: dict[str, Any]) -> services.Outcome:
    """A delegate's ballot, recorded with every other ballot of its committee that is waiting
    for the lane when it comes free (a group commit: committee/ballot_services.py). The first
    waiter to get the lane records the whole batch; the others find theirs done. Alone, a
    ballot is a batch of one."""
    loop = asyncio.get_running_loop()
    queues = _waiting_ballots.get(loop)
    if queues is None:
        queues = _waiting_ballots[loop] = {}
    queue = queues.setdefault(grant.committee_id, [])
    mine = _WaitingBallot(grant, message, language, loop.create_future())
    queue.append(mine)
    async with committee_lane(grant.committee_id):
        if not mine.done.done():
            batch = queue[:]
            del queue[:]
            if mine not in batch:  # (taken by a holder that failed before answering it)
                batch.append(mine)
            run = asyncio.ensure_future(
                command_in_lane(grant.committee_id, _run_ballots, grant.committee_id, batch)
            )
            run.add_done_callback(functools.partial(_answer_ballots, batch))
            await asyncio.shield(run)
    result = await mine.done
    if isinstance(result, BaseException):
        raise result
    return result


def _answer_ballots(batch: list[_WaitingBallot], run: asyncio.Future[Any]) -> None:
    if run.cancelled():
        results: list[Any] = [asyncio.CancelledError()] * len(batch)
    elif run.exception() is not None:
        results = [run.exception()] * len(batch)
    else:
        results = run.result()
    for waiting, result in zip(batch, results, strict=True):
        if not waiting.done.done():
            waiting.done.set_result(result)


def _run_ballots(committee_id: int, batch: list[_WaitingBallot]) -> list[Any]:
    """A batch of ballots on the database pool: each sender's browser session checked (one
    query for all), then the ballots recorded in one transaction. For each its Outcome, or the
    SessionEnded / LiveError that refused it."""
    results: list[Any] = [None] * len(batch)
    found = live_sessions([waiting.grant.session_key for waiting in batch])
    requests: list[BallotRequest] = []
    places: list[int] = []
    for place, waiting in enumerate(batch):
        key = waiting.grant.session_key
        with translation.override(waiting.language):
            try:
                if found is None:
                    access_live_session(key, waiting.grant.actor)
                else:
                    access_live_session(
                        key, waiting.grant.actor, session=found.get(key) if key else None
                    )
            except PermissionDenied as refusal:
                results[place] = SessionEnded(str(refusal))
                continue
        assert waiting.grant.actor is not None
        requests.append(
            BallotRequest(
                waiting.grant.actor, waiting.message, waiting.grant.seat_version, waiting.language
            )
        )
        places.append(place)
    if requests:
        for place, outcome in zip(places, services.do_cast_ballots(committee_id, requests), strict=True):
            results[place] = outcome
    return results


def _open_socket(grant: Grant, channel_name: str) -> str:
    """A socket joined its groups: its presence row (participants), then its snapshot (encoded;
    a reconnecting room shares one rendering of it, see services.snapshot_text)."""
    actor = grant.actor
    if actor is not None:
        services.do_record_connection(
            grant.committee_id,
            role=actor.role,
            seat_id=actor.seat,
            user_id=actor.user_id,
            channel_name=channel_name,
        )
    return services.snapshot_text(
        grant.committee_id, audience=grant.audience, seat_id=actor.seat if actor else None
    )


def _client_address(scope: dict[str, Any]) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


# No channel layer for the sockets themselves (an alias that names none: Channels then gives the
# consumer no channel). See CommitteeConsumer.
NO_LAYER = "dais.sockets-have-no-layer-channel"


class CommitteeConsumer(AsyncWebsocketConsumer):
    # A socket has no channel of its own on the channel layer: this process's hub is its
    # committee's one member of the layer group and writes the frames to the socket itself
    # (committee/hub.py). A channel per socket only cost a waiting receive per socket (and, on
    # the Redis pub/sub layer, a SUBSCRIBE at every connect and an UNSUBSCRIBE at every
    # disconnect). `channel_name` is still the socket's unique name: presence rows are keyed on it.
    channel_layer_alias = NO_LAYER

    grant: Grant | None = None
    groups_joined: tuple[str, ...] = ()
    language: str = "en"
    seat_id: int | None = None  # read by the hub to hand this socket its private frames
    wire: Any = None  # read by the hub: the server's websocket protocol, to write frames framed once
    address: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channel_name = f"dais.socket.{uuid.uuid4().hex}"

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels' own dispatch first runs Django's close_old_connections on the thread-sensitive
        # sync thread, for every message: a hop to that thread and back before each command.
        # This consumer never uses the database from that thread: every call goes through
        # dbcalls.db, whose pooled threads run Django's connection checks around each call.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def _refuse(self, code: int) -> None:
        # Accept, then close: the page gets the code (and its message) instead of an HTTP 403.
        await self.accept()
        await self.close(code=code)

    def _count_socket(self, anonymous: bool) -> bool:
        """Count this socket against its address's cap; False when the cap is reached."""
        address = _client_address(self.scope)
        cap = (
            settings.DAIS_MAX_ANONYMOUS_SOCKETS_PER_ADDRESS
            if anonymous
            else settings.DAIS_MAX_SOCKETS_PER_ADDRESS
        )
        key = f"{'anon' if anonymous else 'member'}:{address}"
        if _sockets_by_address.get(key, 0) >= cap:
            logger.warning("socket cap of %s reached for %s", cap, key)
            return False
        _sockets_by_address[key] = _sockets_by_address.get(key, 0) + 1
        self.address = key
        return True

    def _uncount_socket(self) -> None:
        if self.address is None:
            return
        left = _sockets_by_address.get(self.address, 1) - 1
        if left > 0:
            _sockets_by_address[self.address] = left
        else:
            _sockets_by_address.pop(self.address, None)
        self.address = None

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        try:
            grant = await db(_grant)(
                kwargs["committee_id"], self.scope, bool(kwargs.get("projector"))
            )
        except Http404:
            await self._refuse(CLOSE_NOT_FOUND)
            return
        except PermissionDenied:
            await self._refuse(CLOSE_FORBIDDEN)
            return
        if not self._count_socket(anonymous=grant.actor is None):
            self.grant = None
            await self._refuse(CLOSE_TOO_MANY)
            return
        self.grant = grant
        self.language = _language(self.scope)
        await self.accept()
        self.wire = wire_of(self.scope.get("dais.wire_send"))
        if self.wire is not None:
            stagger_pings(self.wire)
        groups = [broadcast.audience_group(grant.committee_id, grant.audience)]
        seat_id = grant.actor.seat if grant.actor else None
        self.seat_id = seat_id
        if seat_id is not None:
            groups.append(broadcast.seat_group(grant.committee_id, seat_id))
        # Join first, snapshot second: nothing committed in between can be missed.
        hub = get_hub()
        for group in groups:
            await hub.join(group, self)
        self.groups_joined = tuple(groups)
        # The presence row and the snapshot in one database trip.
        snapshot = await db(_open_socket)(grant, self.channel_name)
        if seat_id is not None:
            presence_changed(grant.committee_id)
        await self.send(text_data=snapshot)

    async def disconnect(self, code: int) -> None:
        self._uncount_socket()
        hub = get_hub()
        for group in self.groups_joined:
            await hub.leave(group, self)
        self.groups_joined = ()
        if self.grant is not None and self.grant.actor is not None:
            await db(services.do_forget_connection)(self.channel_name)
            if self.grant.actor.seat is not None:
                presence_changed(self.grant.committee_id)

    async def _send_snapshot(self, grant: Grant) -> None:
        snapshot = await db(services.snapshot_text)(
            grant.committee_id,
            audience=grant.audience,
            seat_id=grant.actor.seat if grant.actor else None,
        )
        await self.send(text_data=snapshot)

    async def _reply(self, frame: dict[str, Any]) -> None:
        await self.send(text_data=broadcast.encode(frame))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        grant = self.grant
        if grant is None:
            return
        size = len(text_data if text_data is not None else bytes_data or b"")
        if size > protocol.MAX_FRAME_BYTES:
            # Far beyond any message of the protocol: close with the documented code.
            await self.close(code=CLOSE_TOO_BIG)
            return
        if text_data is None or size > protocol.MAX_MESSAGE_BYTES:
            await self._reply(
                {"type": "error", "ref": None, "message": "Message too large or not text."}
            )
            return
        try:
            data = json.loads(text_data)
        except (ValueError, RecursionError):  # RecursionError: JSON nested very deep
            await self._reply({"type": "error", "ref": None, "message": "Messages are JSON objects."})
            return
        ref = protocol.reference(data)
        try:
            message = protocol.parse(data)
        except protocol.ProtocolError as error:
            await self._reply({"type": "error", "ref": ref, "message": str(error)})
            return
        if message["type"] == "ping":
            await self._pong(grant, message)
            return
        if message["type"] == "sync":
            await self._send_snapshot(grant)
            return
        if grant.actor is None:
            await self._reply({"type": "error", "ref": ref, "message": "The projector only listens."})
            return
        try:
            if message["type"] == "vote.cast" and grant.actor.role == DELEGATE:
                outcome = await cast_in_batch(self.language, grant, message)
            else:
                # One committee's commands in order within this process, so their frames leave
                # it in commit order (committee/dbcalls.py); other committees' run beside them.
                async with committee_lane(grant.committee_id):
                    outcome = await command_in_lane(
                        grant.committee_id, _run_command, self.language, grant, grant.actor, message
                    )
        except SessionEnded as error:
            await self._reply({"type": "error", "ref": ref, "message": str(error)})
            await self.close(code=CLOSE_FORBIDDEN)
            return
        except LiveError as error:
            await self._reply({"type": "error", "ref": ref, "message": str(error)})
            return
        await self._reply({"type": "ok", "ref": ref, "seq": outcome.seq})
        schedule_deadline(grant.committee_id, outcome)

    async def _pong(self, grant: Grant, message: dict[str, Any]) -> None:
        """Answer a ping with the server's clock and seq (a page that is behind resyncs even
        when the frame it missed was the last one); refresh this socket's presence."""
        actor = grant.actor
        beat = await db(services.do_heartbeat)(
            grant.committee_id,
            self.channel_name if actor is not None else None,
            with_presence=grant.audience == "chair",
            role=actor.role if actor is not None else None,
            seat_id=actor.seat if actor is not None else None,
            user_id=actor.user_id if actor is not None else None,
        )
        frame = {"type": "pong", "t": message["t"], "server_now": services.now_ms(), "seq": beat.seq}
        if beat.presence is not None:
            frame["presence"] = beat.presence
        await self._reply(frame)
