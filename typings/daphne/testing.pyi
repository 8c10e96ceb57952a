import multiprocessing
from collections.abc import Callable
from multiprocessing.sharedctypes import Synchronized
from typing import Any

class DaphneProcess(multiprocessing.Process):
    host: str
    get_application: Callable[[], Any]
    kwargs: dict[str, Any]
    port: Synchronized[int]
    ready: Any  # multiprocessing.Event()
    errors: Any  # multiprocessing.Queue()
    def __init__(
        self,
        host: str,
        get_application: Callable[[], Any],
        kwargs: dict[str, Any] | None = None,
        setup: Callable[[], None] | None = None,
        teardown: Callable[[], None] | None = None,
        port: int | None = None,
    ) -> None: ...
    def run(self) -> None: ...
