from typing import Any

class OriginValidator:
    def __init__(self, application: Any, allowed_origins: list[str]) -> None: ...
    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any: ...

def AllowedHostsOriginValidator(application: Any) -> OriginValidator: ...  # noqa: N802
