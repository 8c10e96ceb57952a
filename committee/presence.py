"""Presence frames to the dais, coalesced: at most one per committee per PRESENCE_INTERVAL from
each worker process.

A socket's connect or disconnect changes who is present; the chairs' consoles are told with a
`presence` frame carrying the whole set (`connected`: seat ids), read from the database after
the change committed. When a whole room reconnects at once (a Wi-Fi drop, a worker restart),
one frame per socket meant a thousand frames and a thousand queries; here the first change
sends at once, and the changes during the next PRESENCE_INTERVAL are folded into one frame
at its end. Each frame is the full, current set, so nothing is lost by folding: the last frame
a console gets is at least as new as the last change. The pong of a chair's ping carries the
set as well (every 30 s), so a console that missed a frame catches up by itself.
"""

from __future__ import annotations

import asyncio
import logging
import weakref

from committee import broadcast, services
from committee.dbcalls import db

logger = logging.getLogger(__name__)

PRESENCE_INTERVAL = 0.25


class PresenceNotifier:
    def __init__(self) -> None:
        self.last_sent: dict[int, float] = {}
        self.pending: dict[int, asyncio.Task[None]] = {}

    def changed(self, committee_id: int) -> None:
        """A seat's socket of this committee connected or left (its row change committed).
        A frame is sent at once, or at the end of the interval that began with the last one;
        a change while one is pending is carried by it (it reads the set when it goes)."""
        if committee_id in self.pending:
            return
        loop = asyncio.get_running_loop()
        wait = self.last_sent.get(committee_id, -PRESENCE_INTERVAL) + PRESENCE_INTERVAL - loop.time()
        self.pending[committee_id] = asyncio.ensure_future(self._send(committee_id, max(0.0, wait)))

    async def _send(self, committee_id: int, wait: float) -> None:
        try:
            if wait:
                await asyncio.sleep(wait)
        finally:
            # A change from here on needs a frame of its own: this one may read the set before it.
            self.pending.pop(committee_id, None)
        self.last_sent[committee_id] = asyncio.get_running_loop().time()
        try:
            connected = await db(services.connected_seats)(committee_id)
            await broadcast.send_frames_async(
                [
                    (
                        broadcast.audience_group(committee_id, "chair"),
                        {"type": "presence", "connected": connected},
                    )
                ]
            )
        except Exception:  # the next change or the chair's next ping brings the console up to date
            logger.exception("presence of committee %s not sent", committee_id)


_notifiers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, PresenceNotifier] = (
    weakref.WeakKeyDictionary()
)


def presence_changed(committee_id: int) -> None:
    loop = asyncio.get_running_loop()
    notifier = _notifiers.get(loop)
    if notifier is None:
        notifier = _notifiers[loop] = PresenceNotifier()
    notifier.changed(committee_id)


def cancel_pending() -> None:
    """Drop the frames waiting for their interval on this event loop (tests, at their end)."""
    notifier = _notifiers.get(asyncio.get_running_loop())
    if notifier is not None:
        for task in list(notifier.pending.values()):
            task.cancel()
