"""Position papers.

The Seat model lives in `committee.models` since issue 15 (same table, `delegates_seat`); it is
re-exported here so that `from delegates.models import Seat` keeps working.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from committee.models import Seat, flag_emoji

__all__ = ["PositionPaper", "Seat", "flag_emoji"]


class PositionPaper(models.Model):
    """A delegation's position paper on one topic (first shape; review comes later)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        ACCEPTED = "accepted", _("Accepted")

    seat = models.ForeignKey(
        "committee.Seat", on_delete=models.CASCADE, related_name="position_papers", verbose_name=_("seat")
    )
    topic = models.ForeignKey(
        "committee.Topic",
        on_delete=models.CASCADE,
        related_name="position_papers",
        verbose_name=_("topic"),
    )
    body = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="position-papers/", blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta:
        ordering = ["seat", "topic"]
        constraints = [
            models.UniqueConstraint(fields=["seat", "topic"], name="unique_paper_per_topic")
        ]
        verbose_name = _("position paper")
        verbose_name_plural = _("position papers")

    def __str__(self) -> str:
        return f"{self.seat} – {self.topic.letter}"
