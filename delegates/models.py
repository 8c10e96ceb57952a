"""Position papers (their models are in delegates/paper_models.py).

The Seat model lives in `committee.models` since issue 15 (same table, `delegates_seat`); it is
re-exported here so that `from delegates.models import Seat` keeps working.
"""

from __future__ import annotations

from committee.models import Seat, flag_emoji

__all__ = [
    "PaperScore",
    "PaperSetup",
    "PaperVersion",
    "PositionPaper",
    "RubricCriterion",
    "Seat",
    "TopicDeadline",
    "flag_emoji",
]


# Position papers live in their own module; imported here so Django finds the models.
from delegates.paper_models import (  # noqa: E402, F401
    PaperScore,
    PaperSetup,
    PaperVersion,
    PositionPaper,
    RubricCriterion,
    TopicDeadline,
)
