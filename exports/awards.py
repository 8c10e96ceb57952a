"""The awards sheet: one rubric combining position-paper scores, speaking statistics and the
chairs' ratings, with the parts of each score shown. Chairs decide awards; this only helps.

`rank()` is pure. Paper scores come from a pluggable source: the setting
`EXPORTS_PAPER_SCORES` names a function `(committee) -> {seat id: score from 0 to 1}`, by
default `delegates.papers.seat_scores` (the mean of the dais's totals on each paper, as a share
of the rubric's points, averaged over the seat's topics).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Avg
from django.utils.module_loading import import_string

from exports.stats import SeatStats


@dataclass(frozen=True)
class Weights:
    papers: int = 30
    speaking: int = 30
    rating: int = 40

    @property
    def total(self) -> int:
        return self.papers + self.speaking + self.rating


@dataclass
class AwardRow:
    rank: int
    seat: int
    country: str
    papers: float | None  # each part from 0 to 100
    speaking: float
    rating: float | None
    ratings_count: int
    total: float


def speaking_part(row: SeatStats, best: SeatStats) -> float:
    """Speaking time counts three quarters, motions passed one quarter, against the best."""
    time = row.seconds / best.seconds if best.seconds else 0.0
    motions = row.motions_passed / best.motions_passed if best.motions_passed else 0.0
    return round(100 * (0.75 * time + 0.25 * motions), 1)


def rank(
    stats: list[SeatStats],
    papers: dict[int, float],
    ratings: dict[int, tuple[float, int]],
    weights: Weights,
) -> list[AwardRow]:
    """`papers`: seat -> 0..1; `ratings`: seat -> (mean rating 1..10, how many chairs)."""
    best = SeatStats(
        seat=0,
        country="",
        seconds=max((s.seconds for s in stats), default=0),
        motions_passed=max((s.motions_passed for s in stats), default=0),
    )
    rows = []
    for s in stats:
        paper = round(100 * papers[s.seat], 1) if s.seat in papers else None
        mean, count = ratings.get(s.seat, (None, 0))
        rating = round(10 * mean, 1) if mean is not None else None
        speaking = speaking_part(s, best)
        total = 0.0
        if weights.total:
            total = (
                weights.papers * (paper or 0) + weights.speaking * speaking
                + weights.rating * (rating or 0)
            ) / weights.total
        rows.append(AwardRow(0, s.seat, s.country, paper, speaking, rating, count, round(total, 1)))
    rows.sort(key=lambda r: (-r.total, r.country))
    for i, row in enumerate(rows, start=1):
        row.rank = i
    return rows


# ---------------------------------------------------------------------------------------------
# Sources (database)


def paper_score_source() -> Callable[[Any], dict[int, float]]:
    path = getattr(settings, "EXPORTS_PAPER_SCORES", "delegates.papers.seat_scores")
    return import_string(path)


def chair_ratings(committee: Any) -> dict[int, tuple[float, int]]:
    from django.db.models import Count

    from exports.models import ChairRating

    rows = (
        ChairRating.objects.filter(committee=committee)
        .values("seat")
        .annotate(mean=Avg("score"), n=Count("pk"))
    )
    return {row["seat"]: (float(row["mean"]), row["n"]) for row in rows}


def weights_for(committee: Any) -> Weights:
    from exports.models import AwardsRubric

    rubric = AwardsRubric.objects.filter(committee=committee).first()
    if rubric is None:
        return Weights()
    return Weights(rubric.papers_weight, rubric.speaking_weight, rubric.rating_weight)
