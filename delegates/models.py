"""Position papers: the models are in delegates/paper_models.py, imported here so that Django
finds them. (The Seat model is `committee.models.Seat`.)"""

from delegates.paper_models import (
    PaperScore,
    PaperSetup,
    PaperVersion,
    PositionPaper,
    RubricCriterion,
    TopicDeadline,
)

__all__ = [
    "PaperScore",
    "PaperSetup",
    "PaperVersion",
    "PositionPaper",
    "RubricCriterion",
    "TopicDeadline",
]
