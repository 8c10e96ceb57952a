"""Sending frames to browsers: one channel-layer message per worker process per audience.

Groups (see committee/README.md):
- `dais.c<id>.chair`      chairs and organizers of committee <id>
- `dais.c<id>.delegates`  delegates of committee <id>
- `dais.c<id>.public`     projectors and other public viewers
- `dais.c<id>.seat<n>`    every browser holding seat <n> (forced log-out only)

Private (per-seat) frames travel inside the delegates audience's message: one layer message per
command for all seats, never one per seat (about 100 seats at once used to exhaust Redis's
connection pool and drop the frames past it). The hub hands each local socket its own seat's
frame right after the event frame, so a private frame is lost only with its event frame, which
the page detects by the gap in `seq` and resyncs from a snapshot (issue 8, finding 2).

Only the per-process hub (committee.hub) is a member of a group on the channel layer, never a
single socket, and only of one group per committee: `dais.c<id>` (`layer_group`). Every message
of a committee's groups travels in it, and the messages one command (or one batch of ballots)
sends to the committee's audiences go as one layer message (`hub.batch`), so a frame is encoded
once per audience here, a command crosses the channel layer once per worker, whatever the
number of audiences, and the hub writes the same text to each of its local sockets of the
audience (reference/fanout.md; docs/performance.md, "Session 6").
"""

from __future__ import annotations

import asyncio
import json
import logging
import weakref
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

AUDIENCES = ("chair", "delegates", "public")


def audience_group(committee_id: int, audience: str) -> str:
    return f"dais.c{committee_id}.{audience}"


def seat_group(committee_id: int, seat_id: int) -> str:
    return f"dais.c{committee_id}.seat{seat_id}"


def layer_group(group: str) -> str:
    """The channel-layer group that carries `group`'s messages: its committee's (`dais.c<id>`)
    for a committee's audience and seat groups; any other group is its own."""
    parts = group.split(".", 2)
    if len(parts) == 3 and parts[0] == "dais" and parts[1][:1] == "c" and parts[1][1:].isdigit():
        return f"{parts[0]}.{parts[1]}"
    return group


def encode(frame: dict[str, Any]) -> str:
    """The frame as JSON text that always goes out as UTF-8, whatever the state holds.

    Non-ASCII text travels as itself (smaller frames); but a value that UTF-8 cannot encode
    (an unpaired surrogate stored before the protocol refused them) would make the send fail
    and close the socket, every time, for everyone: such a frame is escaped as ASCII instead
    ("\\ud800"), which every browser's JSON.parse reads.
    """
    text = json.dumps(frame, separators=(",", ":"), ensure_ascii=False)
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(frame, separators=(",", ":"), ensure_ascii=True)
    return text


Frames = list[tuple[str, dict[str, Any]]]


# At most this many layer sends of one command in flight at once (each may hold a Redis
# connection; redis-py's pool has 100).
MAX_CONCURRENT_SENDS = 8
RETRIES = 2


async def _send_one(
    layer: Any, group: str, message: dict[str, Any], limit: asyncio.Semaphore
) -> None:
    # This process's own hub, when it has sockets of the group, takes the message directly
    # (after the layer send, so that the other workers start first): not through the layer,
    # which would hand it back a few milliseconds later (it skips its own `origin`).
    from committee.hub import local_hub

    mine = local_hub(layer, group)
    if mine is not None:
        message = {**message, "origin": mine.channel}
    async with limit:
        for attempt in range(RETRIES + 1):
            try:
                await layer.group_send(group, message)
                break
            except Exception:  # a broken layer must not undo a committed change
                if attempt == RETRIES:
                    # Never silent: logged, and every page of the group finds the gap in `seq`
                    # at its next frame or its next ping (the pong carries the server's seq).
                    logger.exception("broadcast to %s failed; its pages will resync", group)
                    break
                await asyncio.sleep(0.05 * (attempt + 1))
    if mine is not None:
        await mine.deliver(message)


def bundled(messages: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """One layer message per layer group (`layer_group`), in order: a committee's messages to
    its audiences (and seats) become one `hub.batch` message, whose hubs deliver each in turn.
    A lone message goes as it is (its `group` still names its audience)."""
    bundles: dict[str, list[dict[str, Any]]] = {}
    for group, message in messages:
        bundles.setdefault(layer_group(group), []).append(message)
    return [
        (group, parts[0] if len(parts) == 1 else {"type": "hub.batch", "group": group, "messages": parts})
        for group, parts in bundles.items()
    ]


async def _send_all(layer: Any, messages: list[tuple[str, dict[str, Any]]]) -> None:
    # One message per layer group (a committee's audiences share one); different groups' may
    # travel side by side (with Redis, one round trip instead of one per group), but never more
    # than MAX_CONCURRENT_SENDS at once. Order within a committee holds: commands are
    # serialised by the committee's lane and each sends at most one message per layer group.
    limit = asyncio.Semaphore(MAX_CONCURRENT_SENDS)
    await asyncio.gather(
        *(_send_one(layer, group, message, limit) for group, message in bundled(messages))
    )


def _delegates_group_of(seat_group_name: str) -> str:
    return seat_group_name.rsplit(".", 1)[0] + ".delegates"


def layer_messages(frames: Iterable[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """One layer message per group; private frames ride in their committee's delegates message
    (`private`: seat id -> encoded frame) instead of one message per seat."""
    messages: dict[str, dict[str, Any]] = {}
    private: dict[str, dict[str, str]] = {}
    for group, frame in frames:
        if frame.get("type") == "private" and ".seat" in group:
            seat = group.rsplit(".seat", 1)[1]
            private.setdefault(_delegates_group_of(group), {})[seat] = encode(frame)
            continue
        messages[group] = {"type": "hub.frame", "group": group, "text": encode(frame)}
        if isinstance(frame.get("seq"), int):
            messages[group]["seq"] = frame["seq"]  # the hub keeps tallies in order with it
    for group, by_seat in private.items():
        messages.setdefault(group, {"type": "hub.frame", "group": group})["private"] = by_seat
    return list(messages.items())


# Set (to a list) by a websocket command running on the database pool (committee/consumers.py):
# the layer messages its commit produced are collected there instead of sent from the database
# thread, and the event loop sends them (`send_in_order`) while the thread is already free and
# the voter already has its `ok`. Unset (None) everywhere else: views, management commands and
# tests calling the services send at once, as before.
Messages = list[tuple[str, dict[str, Any]]]
# Batches, sent one after another; a batch's messages (to different groups) side by side.
deferred_sends: ContextVar[list[Messages] | None] = ContextVar(
    "dais_deferred_sends", default=None
)


def _dispatch(messages: list[tuple[str, dict[str, Any]]]) -> None:
    pending = deferred_sends.get()
    if pending is not None:
        pending.append(messages)
        return
    layer = get_channel_layer()
    if layer is None:
        return
    # One trip into the event loop for all of them, not one per group.
    async_to_sync(_send_all)(layer, messages)


# Per event loop, per committee: the last scheduled send, which the next one waits for, so that
# one committee's messages reach the layer in the order they were scheduled (its commit order:
# callers schedule inside the committee's lane). The hub drops a tally older than a frame it
# already sent, and pages resync on a gap, so the order matters.
_tails: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, asyncio.Task[None]]] = (
    weakref.WeakKeyDictionary()
)


async def _send_after(previous: asyncio.Task[None] | None, batches: list[Messages]) -> None:
    if previous is not None:
        try:
            await asyncio.shield(previous)
        except BaseException:  # its own failure was logged; ours still goes
            pass
    try:
        layer = get_channel_layer()
        if layer is not None:
            for messages in batches:
                await _send_all(layer, messages)
    except Exception:  # never silent (each group's failure is logged by _send_one too)
        logger.exception("broadcast of %d batches failed; their pages will resync", len(batches))


def send_in_order(key: int, batches: list[Messages]) -> asyncio.Task[None] | None:
    """Send the batches of layer messages from the event loop, one after another, after every
    earlier send scheduled under `key` (a committee id). Call on the event loop, only after the
    data they show committed."""
    if not any(batches):
        return None
    loop = asyncio.get_running_loop()
    tails = _tails.get(loop)
    if tails is None:
        tails = _tails[loop] = {}
    task = loop.create_task(_send_after(tails.get(key), batches))
    tails[key] = task

    def forget(done: asyncio.Task[None]) -> None:
        if tails.get(key) is done:
            del tails[key]

    task.add_done_callback(forget)
    return task


async def sent() -> None:
    """Wait for every send scheduled on this loop (tests)."""
    tails = _tails.get(asyncio.get_running_loop())
    while tails:
        await asyncio.gather(*list(tails.values()), return_exceptions=True)


def send_now(frames: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Send already-built frames to their groups. Call only after the data they show committed."""
    _dispatch(layer_messages(frames))


async def send_frames_async(frames: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """send_now from the event loop."""
    layer = get_channel_layer()
    if layer is not None:
        await _send_all(layer, layer_messages(frames))


def send_messages(messages: list[tuple[str, dict[str, Any]]]) -> None:
    """Send ready layer messages (group, message) to the hubs, e.g. a ballot's `hub.tally`
    messages. Call only after the data they show committed."""
    _dispatch(messages)


def close_seat_sockets(committee_id: int, seat_id: int, code: int) -> None:
    group = seat_group(committee_id, seat_id)
    # After the frames of the same command, in order (a batch of its own; sent through the
    # committee's layer group like every other message of the committee).
    _dispatch([(group, {"type": "hub.close", "group": group, "code": code})])


def on_commit(build: Callable[[], Frames]) -> None:
    """Build the frames now (inside the transaction, from the state just written) and send
    them once the transaction commits, so nobody sees a change that could still roll back."""
    frames = build()
    transaction.on_commit(lambda: send_now(frames))
