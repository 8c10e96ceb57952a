"""The websocket test client: a Channels communicator that checks every frame it reads.

Each frame must match `committee.protocol.SERVER_FRAMES`, the table committee/README.md is
checked against, so the documented frame shapes are the ones the server really sends.
"""

from __future__ import annotations

from typing import Any

from channels.testing import WebsocketCommunicator

from committee import protocol


class Socket(WebsocketCommunicator):
    """A test socket that keeps the snapshot it was greeted with."""

    snapshot: dict[str, Any]
    pending: list[dict[str, Any]]  # frames read ahead while waiting for another

    async def receive_json_from(self, timeout: float = 1) -> Any:
        frame = await super().receive_json_from(timeout)
        problems = protocol.server_frame_problems(frame)
        assert not problems, f"an undocumented frame shape: {problems}: {frame}"
        return frame
