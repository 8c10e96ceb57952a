"""The garbage collector's settings for a server process (applied by config/asgi.py).

A worker with a room connected holds a million or so long-lived objects (each socket's protocol,
consumer, scope and session). With CPython's default thresholds (700, 10, 10) the full
collection that walks all of them ran every few seconds under load and paused the process for
50-100 ms each time: whatever frame it met reached its sockets that much later (the one slow
action in twenty that made the fan-out's p99: docs/performance.md, "Session 5"). So a server
process:

- freezes what exists once it has started (Django, the apps, the URL conf: never garbage, and
  no longer walked by any collection: `gc.freeze`);
- collects the youngest generation every DAIS_GC_THRESHOLD[0] allocations instead of every 700,
  so the full collections, which follow from the young ones, come about thirty times less often.

Reference counting still frees almost everything at once; only reference cycles wait for a
collection, and a young collection of 20,000 objects takes a few milliseconds.
"""

from __future__ import annotations

import gc

DEFAULT = (20_000, 10, 10)


def parse(value: str | None) -> tuple[int, int, int] | None:
    """DAIS_GC_THRESHOLD: "" or unset -> the default; "python" -> None (leave CPython's own);
    else three positive integers, "20000,10,10". Anything else is refused (ValueError)."""
    if value is None or not value.strip():
        return DEFAULT
    if value.strip().lower() == "python":
        return None
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 3 or not all(part.isdigit() and int(part) > 0 for part in parts):
        raise ValueError(
            f"DAIS_GC_THRESHOLD must be three positive integers such as 20000,10,10, or 'python': {value!r}"
        )
    first, second, third = (int(part) for part in parts)
    return first, second, third


def tune_for_server(thresholds: tuple[int, int, int] | None) -> None:
    """Freeze what the process has built so far and set the thresholds (None: CPython's)."""
    if thresholds is None:
        return
    gc.collect()  # what start-up left as garbage is freed, not frozen
    gc.freeze()
    gc.set_threshold(*thresholds)
