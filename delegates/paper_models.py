"""Position papers: one paper per seat and topic, its immutable versions, the committee's rubric
and deadlines, and the dais's scores.

Models hold fields and derived properties only; every change goes through
`delegates.papers` (the services).
"""

from __future__ import annotations

import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The default rubric: (key, label, points). Keys let the label follow the reader's language.
DEFAULT_CRITERIA = (
    ("understanding", _("Understanding of the topic"), 20),
    ("policy", _("The country's policy"), 20),
    ("solutions", _("Proposed solutions"), 20),
    ("research", _("Research and sources"), 20),
    ("format", _("Format and length"), 20),
)
DEFAULT_LABELS = {key: label for key, label, _points in DEFAULT_CRITERIA}


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("“%(value)s” is not a time zone (for example Europe/Madrid)."),
            params={"value": value},
        ) from error


class PaperSetup(models.Model):
    """Per committee: the time zone deadlines are shown in, and whether scores are released."""

    committee = models.OneToOneField(
        "committee.Committee",
        on_delete=models.CASCADE,
        related_name="paper_setup",
        verbose_name=_("committee"),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=60,
        default=settings.TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("The conference's time zone, for deadlines (for example Europe/Madrid)."),
    )
    scores_released = models.BooleanField(_("scores released"), default=False)
    scores_released_at = models.DateTimeField(_("scores released at"), null=True, blank=True)

    class Meta:
        verbose_name = _("position paper setup")
        verbose_name_plural = _("position paper setups")

    def __str__(self) -> str:
        return str(self.committee)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class RubricCriterion(models.Model):
    setup = models.ForeignKey(
        PaperSetup, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("rubric")
    )
    # Set for the default criteria (their label is translated); empty for the committee's own.
    key = models.CharField(_("key"), max_length=30, blank=True, editable=False)
    name = models.CharField(_("criterion"), max_length=120)
    max_points = models.PositiveSmallIntegerField(_("points"), validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["setup_id", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_points__gt=0), name="rubric_points_positive"
            )
        ]
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        if self.key in DEFAULT_LABELS:
            return str(DEFAULT_LABELS[self.key])
        return self.name


class TopicDeadline(models.Model):
    topic = models.OneToOneField(
        "committee.Topic",
        on_delete=models.CASCADE,
        related_name="paper_deadline",
        verbose_name=_("topic"),
    )
    due_at = models.DateTimeField(_("deadline"))

    class Meta:
        verbose_name = _("position paper deadline")
        verbose_name_plural = _("position paper deadlines")

    def __str__(self) -> str:
        return f"{self.topic}: {self.due_at:%Y-%m-%d %H:%M}"


class PositionPaper(models.Model):
    """A delegation's paper on one topic: the draft being written, the review, and the versions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        ACCEPTED = "accepted", _("Accepted")

    seat = models.ForeignKey(
        "committee.Seat",
        on_delete=models.CASCADE,
        related_name="position_papers",
        verbose_name=_("seat"),
    )
    topic = models.ForeignKey(
        "committee.Topic",
        on_delete=models.CASCADE,
        related_name="position_papers",
        verbose_name=_("topic"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    draft = models.TextField(_("draft"), blank=True)
    draft_saved_at = models.DateTimeField(_("draft saved"), null=True, blank=True)
    version_count = models.PositiveIntegerField(_("versions"), default=0)
    # What the delegate sees: the dais's comment with the last decision.
    comment = models.TextField(_("comment to the delegation"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    # Never shown to delegates.
    private_notes = models.TextField(_("private notes of the dais"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["seat", "topic"]
        constraints = [
            models.UniqueConstraint(fields=["seat", "topic"], name="unique_paper_per_topic")
        ]
        verbose_name = _("position paper")
        verbose_name_plural = _("position papers")

    def __str__(self) -> str:
        return f"{self.seat} – {self.topic.letter}"

    @property
    def has_versions(self) -> bool:
        return self.version_count > 0


def _upload_to(version: PaperVersion, filename: str) -> str:
    """A generated name: nothing of what the browser sent ends up in the path."""
    extension = {"pdf": "pdf", "docx": "docx"}.get(version.kind, "bin")
    return f"papers/{uuid.uuid4().hex}.{extension}"


class PaperVersion(models.Model):
    """One submission, never changed after it is written."""

    class Kind(models.TextChoices):
        MARKDOWN = "markdown", _("Written in Dais")
        PDF = "pdf", _("PDF")
        DOCX = "docx", _("Word document")

    paper = models.ForeignKey(
        PositionPaper, on_delete=models.CASCADE, related_name="versions", verbose_name=_("paper")
    )
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The Markdown as written, or the text read from a DOCX (for word count and diff).
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=_upload_to, blank=True)
    file_size = models.PositiveIntegerField(_("file size"), default=0)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    word_count = models.PositiveIntegerField(_("words"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"))
    due_at = models.DateTimeField(_("deadline then"), null=True, blank=True)
    late_by = models.DurationField(_("late by"), null=True, blank=True)

    class Meta:
        ordering = ["paper_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="unique_paper_version")
        ]
        verbose_name = _("paper version")
        verbose_name_plural = _("paper versions")

    def __str__(self) -> str:
        return f"{self.paper} v{self.number}"

    @property
    def is_late(self) -> bool:
        return self.late_by is not None

    @property
    def is_upload(self) -> bool:
        return self.kind != self.Kind.MARKDOWN


class PaperScore(models.Model):
    """One dais member's marks for a paper: {criterion id: points}."""

    paper = models.ForeignKey(
        PositionPaper, on_delete=models.CASCADE, related_name="scores", verbose_name=_("paper")
    )
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("scorer"),
    )
    marks = models.JSONField(_("marks"), default=dict)
    total = models.PositiveIntegerField(_("total"))
    scored_at = models.DateTimeField(_("scored"))

    class Meta:
        ordering = ["paper_id", "scored_at"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "scorer"], name="unique_score_per_scorer")
        ]
        verbose_name = _("paper score")
        verbose_name_plural = _("paper scores")

    def __str__(self) -> str:
        return f"{self.paper}: {self.total}"
