"""The one exception the procedure engine raises for things a chair must hear about."""

from __future__ import annotations


class ProcedureError(Exception):
    """A procedural act that the rules refuse, with a message a chair can read out.

    Raised for out-of-turn or invalid roll-call answers, motions the profile does not know,
    amendments the profile does not allow, and the like. Programming errors (unknown names,
    wrong types) raise ``ValueError`` or ``TypeError`` instead.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
