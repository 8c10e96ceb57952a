"""What the organizer's desk stores: each chair's private rating of each delegation, and the
awards rubric the organizer sets per committee. Everything else it shows is read from the
journal and the documents."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChairRating(models.Model):
    """One dais member's rating of one delegation (1-10), seen only by the dais and organizers."""

    committee = models.ForeignKey(
        "committee.Committee", on_delete=models.CASCADE, related_name="chair_ratings",
        verbose_name=_("committee"),
    )
    seat = models.ForeignKey(
        "committee.Seat", on_delete=models.CASCADE, related_name="chair_ratings",
        verbose_name=_("seat"),
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("chair")
    )
    score = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seat", "chair"], name="unique_chair_rating")
        ]
        verbose_name = _("chair's rating")
        verbose_name_plural = _("chairs' ratings")

    def __str__(self) -> str:
        return f"{self.seat} {self.score}"


class AwardsRubric(models.Model):
    """How the awards sheet weighs its three parts (weights are relative, e.g. 30/30/40)."""

    committee = models.OneToOneField(
        "committee.Committee", on_delete=models.CASCADE, related_name="awards_rubric",
        verbose_name=_("committee"),
    )
    papers_weight = models.PositiveSmallIntegerField(
        _("position papers"), default=30, validators=[MaxValueValidator(100)]
    )
    speaking_weight = models.PositiveSmallIntegerField(
        _("speaking"), default=30, validators=[MaxValueValidator(100)]
    )
    rating_weight = models.PositiveSmallIntegerField(
        _("chairs' rating"), default=40, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("awards rubric")
        verbose_name_plural = _("awards rubrics")

    def __str__(self) -> str:
        return f"{self.committee}: {self.papers_weight}/{self.speaking_weight}/{self.rating_weight}"
