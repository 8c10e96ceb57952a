from typing import Any

from channels.db import DatabaseSyncToAsync

def AuthMiddlewareStack(inner: Any) -> Any: ...  # noqa: N802 (the library's name)

# A database_sync_to_async wrapper: `.func` is the plain function.
get_user: DatabaseSyncToAsync

class AuthMiddleware:
    def __init__(self, inner: Any) -> None: ...
    def populate_scope(self, scope: dict[str, Any]) -> None: ...
    async def resolve_scope(self, scope: dict[str, Any]) -> None: ...
    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any: ...
