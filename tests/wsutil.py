"""Websocket test helpers shared by several test modules."""

from __future__ import annotations

from channels.testing import WebsocketCommunicator


async def refusal_code(communicator: WebsocketCommunicator, timeout: float = 3) -> int | None:
    """Connect and return the close code the server refuses with. Refusals come after the
    handshake (accept, then close 4403/4404/4429), so that the page reads the code; a refusal
    at the handshake (an HTTP 403) would come back as a (False, code) connect."""
    connected, code = await communicator.connect(timeout=timeout)
    if not connected:
        return -1  # refused at the handshake: pages cannot tell this from a network failure
    message = await communicator.receive_output(timeout=timeout)
    assert message["type"] == "websocket.close", message
    return message.get("code")
