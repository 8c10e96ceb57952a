"""Member-country seats, their join codes, and position papers."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from committee.countries import country_name, flag_url


def flag_emoji(iso_code: str) -> str:
    """The flag as two regional-indicator letters (renders as a flag on phones)."""
    code = (iso_code or "").upper()
    if len(code) != 2 or not code.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in code)


class Seat(models.Model):
    class Status(models.TextChoices):
        VOTING = "voting", _("Member (voting)")
        OBSERVER = "observer", _("Observer")

    committee = models.ForeignKey(
        "committee.Committee",
        on_delete=models.CASCADE,
        related_name="seats",
        verbose_name=_("committee"),
    )
    country = models.CharField(_("country"), max_length=120)
    iso_code = models.CharField(_("ISO code"), max_length=2)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VOTING
    )
    delegate_name = models.CharField(
        _("delegate"), max_length=200, blank=True, help_text=_("Who holds the seat.")
    )
    # Empty when revoked. Unique when set, so a code names exactly one seat of one committee.
    join_code = models.CharField(_("join code"), max_length=20, blank=True, db_index=True)
    # Bumped on every revoke or reissue: a browser bound to an older version is logged out.
    code_version = models.PositiveIntegerField(_("code version"), default=1, editable=False)
    code_issued_at = models.DateTimeField(_("code issued"), null=True, blank=True)

    class Meta:
        ordering = ["committee", "country"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "iso_code"], name="unique_seat_country"),
            models.UniqueConstraint(
                fields=["join_code"],
                condition=~models.Q(join_code=""),
                name="unique_join_code",
            ),
        ]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")

    def __str__(self) -> str:
        return self.country

    def get_absolute_url(self) -> str:
        return reverse("committee_home", args=[self.committee_id])

    @property
    def flag(self) -> str:
        return flag_emoji(self.iso_code)

    @property
    def flag_url(self) -> str:
        """The flag image (static/flags); pages show the country's name beside it."""
        return flag_url(self.iso_code)

    @property
    def local_country(self) -> str:
        """The country's name in the page's language."""
        return country_name(self.iso_code, self.country)

    @property
    def is_voting(self) -> bool:
        return self.status == self.Status.VOTING

    @property
    def has_code(self) -> bool:
        return bool(self.join_code)


class PositionPaper(models.Model):
    """A delegation's position paper on one topic (first shape; review comes later)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        ACCEPTED = "accepted", _("Accepted")

    seat = models.ForeignKey(
        Seat, on_delete=models.CASCADE, related_name="position_papers", verbose_name=_("seat")
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
