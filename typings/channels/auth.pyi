from typing import Any

def AuthMiddlewareStack(inner: Any) -> Any: ...  # noqa: N802 (the library's name)
