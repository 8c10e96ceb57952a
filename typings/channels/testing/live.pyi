from collections.abc import Callable
from typing import Any

def make_application(*, static_wrapper: Callable[[Any], Any] | None) -> Any: ...
