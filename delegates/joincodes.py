"""Join codes: what a delegate types (or scans) to bind a browser to a seat.

Twelve characters from a 31-letter alphabet without look-alikes (no 0/O, 1/I/L), about 59 bits:
with guessing throttled to a handful of tries per address, a code cannot be guessed.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUPS = 3
GROUP_LENGTH = 4


def new_join_code() -> str:
    groups = (
        "".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS)
    )
    return "-".join(groups)


def normalize_join_code(typed: str) -> str:
    """Accept what people type: lower case, spaces, missing or extra dashes, O for 0 and so on."""
    cleaned = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    # Look-alikes never occur in real codes, so a code containing them cannot match anything.
    if len(cleaned) != GROUPS * GROUP_LENGTH:
        return ""
    return "-".join(
        cleaned[i : i + GROUP_LENGTH] for i in range(0, GROUPS * GROUP_LENGTH, GROUP_LENGTH)
    )
