"""Sending frames to browsers: one channel-layer message per worker process per audience.

Groups (see committee/README.md):
- `dais.c<id>.chair`      chairs and organizers of committee <id>
- `dais.c<id>.delegates`  delegates of committee <id>
- `dais.c<id>.public`     projectors and other public viewers
- `dais.c<id>.seat<n>`    every browser holding seat <n> (private frames, forced log-out)

Only the per-process hub (committee.hub) is a member of these groups, never a single socket:
a frame is encoded once per audience here, crosses the channel layer once per worker, and the
hub writes the same text to each of its local sockets (reference/fanout.md).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Iterable
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


async def _send_one(layer: Any, group: str, message: dict[str, Any]) -> None:
    try:
        await layer.group_send(group, message)
    except Exception:  # a broken layer must not undo a committed change; clients resync
        logger.exception("broadcast to %s failed", group)


async def _send_all(layer: Any, messages: list[tuple[str, dict[str, Any]]]) -> None:
    # Each message goes to a different group, so they may travel side by side (with Redis,
    # one round trip instead of one per group). Order within a group holds: commands are
    # serialised by the committee lock and each sends at most one frame per group.
    await asyncio.gather(*(_send_one(layer, group, message) for group, message in messages))


def send_now(frames: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Send already-built frames to their groups. Call only after the data they show committed."""
    layer = get_channel_layer()
    if layer is None:
        return
    messages = [
        (group, {"type": "hub.frame", "group": group, "text": encode(frame)})
        for group, frame in frames
    ]
    # One trip into the event loop for all of them, not one per group.
    async_to_sync(_send_all)(layer, messages)


def close_seat_sockets(committee_id: int, seat_id: int, code: int) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    group = seat_group(committee_id, seat_id)
    try:
        async_to_sync(layer.group_send)(group, {"type": "hub.close", "group": group, "code": code})
    except Exception:
        logger.exception("close of %s failed", group)


def on_commit(build: Callable[[], Frames]) -> None:
    """Build the frames now (inside the transaction, from the state just written) and send
    them once the transaction commits, so nobody sees a change that could still roll back."""
    frames = build()
    transaction.on_commit(lambda: send_now(frames))
