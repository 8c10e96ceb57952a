"""Moved to `committee.seats` (issue 15). Re-exported for code that still imports it from here."""

from committee.seats import ALPHABET, GROUP_LENGTH, GROUPS, new_join_code, normalize_join_code

__all__ = ["ALPHABET", "GROUPS", "GROUP_LENGTH", "new_join_code", "normalize_join_code"]
