"""Request bodies are refused before they are buffered (issue 8, finding 5).

Two layers, both reading DAIS_MAX_BODY_BYTES (uploads: multipart/form-data, such as 5 MB
position papers) and DAIS_MAX_FORM_BODY_BYTES (every other body):

- `BodyLimitMiddleware`, an ASGI middleware around Django: a request whose Content-Length is
  over its cap is answered 413 without reading a byte of its body; a body without a length
  (chunked) is counted as it streams and refused with 413 as soon as it passes the cap.
- `install_daphne_guard()`: daphne (Twisted) reads a whole body into its own buffer and queue
  before the application runs, so it is told to refuse, at the socket, a Content-Length or a
  streamed body over DAIS_MAX_BODY_BYTES (the largest cap), answering 413 and closing.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

TOO_LARGE_BODY = b"Request body too large."


def _header(scope: dict[str, Any], name: bytes) -> bytes:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value
    return b""


def body_cap(content_type: bytes) -> int:
    if content_type.lower().startswith(b"multipart/form-data"):
        return settings.DAIS_MAX_BODY_BYTES
    return settings.DAIS_MAX_FORM_BODY_BYTES


class BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = body_cap(_header(scope, b"content-type"))
        length = _header(scope, b"content-length")
        if length:
            try:
                declared = int(length)
            except ValueError:
                declared = cap + 1
            if declared > cap:
                await _refuse(send)
                return
        received = 0
        started = False

        async def counting_receive() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _refuse(send)


async def _refuse(send: Any) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(TOO_LARGE_BODY)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": TOO_LARGE_BODY})


_installed = False


def install_daphne_guard() -> None:
    """Make daphne refuse oversized bodies while it reads them (idempotent)."""
    global _installed
    if _installed:
        return
    try:
        from daphne import (  # type: ignore[attr-defined]  # typings/daphne stubs the package only
            http_protocol,
            server,
        )
        from twisted.web import http
    except ImportError:  # not served by daphne
        return
    _installed = True
    request_class = http_protocol.WebRequest

    def _refuse_at_socket(request: Any) -> None:
        request._dais_refused = True
        request.content = _Sink()
        transport = request.channel.transport if request.channel else None
        if transport is None:
            return
        transport.write(
            b"HTTP/1.1 413 Payload Too Large\r\nContent-Type: text/plain; charset=utf-8\r\n"
            b"Connection: close\r\nContent-Length: %d\r\n\r\n%s"
            % (len(TOO_LARGE_BODY), TOO_LARGE_BODY)
        )
        transport.loseConnection()

    def gotLength(self: Any, length: int | None) -> None:  # noqa: N802 (Twisted's name)
        self._dais_received = 0
        if length is not None and length > settings.DAIS_MAX_BODY_BYTES:
            logger.warning("refused a request body of %s bytes", length)
            _refuse_at_socket(self)
            return
        http.Request.gotLength(self, length)

    def handleContentChunk(self: Any, data: bytes) -> None:  # noqa: N802
        if getattr(self, "_dais_refused", False):
            return
        self._dais_received = getattr(self, "_dais_received", 0) + len(data)
        if self._dais_received > settings.DAIS_MAX_BODY_BYTES:
            logger.warning("refused a streamed request body over %s bytes", self._dais_received)
            _refuse_at_socket(self)
            return
        http.Request.handleContentChunk(self, data)

    original_process = request_class.process

    def process(self: Any) -> Any:
        if getattr(self, "_dais_refused", False):
            return None
        return original_process(self)

    request_class.gotLength = gotLength
    request_class.handleContentChunk = handleContentChunk
    request_class.process = process

    # Websocket frames over daphne's --websocket_max_message_size (1 MiB by default): close with
    # 1009 "message too big" and a closing handshake, instead of dropping the TCP connection
    # (which a browser reports as 1006).
    factory_class = server.WebSocketFactory

    class ClosingWebSocketFactory(factory_class):  # type: ignore[misc,valid-type]
        def setProtocolOptions(self, **options: Any) -> None:  # noqa: N802
            options.setdefault("failByDrop", False)
            super().setProtocolOptions(**options)

    server.WebSocketFactory = ClosingWebSocketFactory


class _Sink:
    closed = False

    def write(self, data: bytes) -> None:
        pass

    def read(self, *args: Any) -> bytes:
        return b""

    def seek(self, *args: Any) -> None:
        pass

    def close(self) -> None:
        self.closed = True
