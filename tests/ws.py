"""The websocket test client."""

from __future__ import annotations

from typing import Any

from channels.testing import WebsocketCommunicator


class Socket(WebsocketCommunicator):
    """A test socket that keeps the snapshot it was greeted with."""

    snapshot: dict[str, Any]
    pending: list[dict[str, Any]]  # frames read ahead while waiting for another

