from typing import Any

from asgiref.typing import ASGIReceiveCallable, ASGISendCallable
from channels.layers import BaseChannelLayer

def get_handler_name(message: dict[str, Any]) -> str: ...

class AsyncConsumer:
    channel_layer_alias: str
    scope: dict[str, Any]
    channel_layer: BaseChannelLayer | None
    channel_name: str
    async def __call__(
        self, scope: dict[str, Any], receive: ASGIReceiveCallable, send: ASGISendCallable
    ) -> None: ...
    async def dispatch(self, message: dict[str, Any]) -> None: ...
    async def send(self, message: dict[str, Any]) -> None: ...
    @classmethod
    def as_asgi(cls, **initkwargs: Any) -> Any: ...

class SyncConsumer(AsyncConsumer): ...
