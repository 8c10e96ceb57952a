from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def current_seat(request: HttpRequest) -> dict[str, Any]:
    """The seat this browser holds (set by delegates.middleware), for the page header."""
    return {"current_seat": getattr(request, "seat", None)}
