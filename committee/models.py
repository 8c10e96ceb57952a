"""The conference, its committees, their dais, topics, briefings, resolutions and event journal.

Models hold fields and derived properties only. Every change to committee state goes through
`committee.services` (see style.md); nothing here broadcasts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def in_language(english: str, spanish: str) -> str:
    """The Spanish text on Spanish pages when there is one, else the English."""
    if spanish and (translation.get_language() or "").startswith("es"):
        return spanish
    return english


class Conference(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("conference_organize", args=[self.pk])


class Committee(models.Model):
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="committees", verbose_name=_("conference")
    )
    name = models.CharField(_("name"), max_length=200)
    name_es = models.CharField(_("name in Spanish"), max_length=200, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=30)
    slug = models.SlugField(_("slug"))
    formal_name = models.CharField(
        _("formal name"),
        max_length=200,
        help_text=_('How resolutions open, e.g. "The INTERPOL General Assembly".'),
    )
    formal_name_es = models.CharField(_("formal name in Spanish"), max_length=200, blank=True)
    rule_profile = models.CharField(_("rule profile"), max_length=40, default="unausa")
    rule_overrides = models.JSONField(_("rule overrides"), default=dict, blank=True)
    voting_members = models.PositiveIntegerField(
        _("voting members"), default=0, help_text=_("The number of member countries with a vote.")
    )
    # The committee's single event sequence: the last number handed out (see CommitteeEvent).
    event_seq = models.PositiveBigIntegerField(_("last event number"), default=0, editable=False)
    # The live session's state, a projection of the journal kept for fast reads (committee.live).
    live_state = models.JSONField(_("live state"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["conference", "name"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "slug"], name="unique_committee_slug")
        ]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self) -> str:
        return self.abbreviation or self.name

    def get_absolute_url(self) -> str:
        return reverse("committee_home", args=[self.pk])

    @property
    def local_name(self) -> str:
        return in_language(self.name, self.name_es)

    @property
    def local_formal_name(self) -> str:
        return in_language(self.formal_name, self.formal_name_es)


class DaisMember(models.Model):
    class Role(models.TextChoices):
        PRESIDENT = "president", _("President")
        CHAIR = "chair", _("Chair")
        RAPPORTEUR = "rapporteur", _("Rapporteur")

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="dais", verbose_name=_("committee")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="dais_seats",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CHAIR)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["committee", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="unique_dais_member")
        ]
        verbose_name = _("dais member")
        verbose_name_plural = _("dais members")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()})"

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Topic(models.Model):
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="topics", verbose_name=_("committee")
    )
    letter = models.CharField(_("letter"), max_length=2)
    title = models.TextField(_("title"))
    title_es = models.TextField(_("title in Spanish"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_es = models.TextField(_("summary in Spanish"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["committee", "order", "letter"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "letter"], name="unique_topic_letter")
        ]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return f"{self.letter}) {self.title}"

    @property
    def label(self) -> str:
        return _("Topic %(letter)s") % {"letter": self.letter}

    @property
    def local_title(self) -> str:
        return in_language(self.title, self.title_es)

    @property
    def local_summary(self) -> str:
        return in_language(self.summary, self.summary_es)


class Briefing(models.Model):
    """A background document for delegates; public, like the committee home."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="briefings", verbose_name=_("committee")
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="briefings",
        verbose_name=_("topic"),
    )
    title = models.CharField(_("title"), max_length=300)
    source = models.CharField(_("source"), max_length=200, blank=True)
    source_date = models.DateField(_("source date"), null=True, blank=True)
    body = models.TextField(_("text"))
    # Briefings stay in the language they were written in; pages say which.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    seed_file = models.CharField(_("seed file"), max_length=200, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["committee", "order", "pk"]
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("briefing_detail", args=[self.committee_id, self.pk])

    @property
    def language_label(self) -> str:
        """Which language the briefing is written in, said in the page's language."""
        labels = {"en": _("In English"), "es": _("In Spanish")}
        return str(labels.get(self.language, self.language))

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]

    @property
    def excerpt(self) -> str:
        text = " ".join(self.body.split())
        return text if len(text) <= 220 else text[:217].rsplit(" ", 1)[0] + "…"


class CommitteeEvent(models.Model):
    """One entry of a committee's append-only journal (later: the minutes).

    `seq` is the committee's event number: consecutive, never reused. Rows are written by
    `committee.services` while holding the committee row lock and never updated.
    """

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="events", verbose_name=_("committee")
    )
    seq = models.PositiveBigIntegerField(_("number"))
    created_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    seat = models.ForeignKey(
        "delegates.Seat",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("seat"),
    )
    kind = models.CharField(_("kind"), max_length=60)
    payload = models.JSONField(_("payload"), default=dict)

    class Meta:
        ordering = ["committee", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "seq"], name="unique_event_seq")
        ]
        verbose_name = _("committee event")
        verbose_name_plural = _("committee events")

    def __str__(self) -> str:
        return f"{self.committee_id}#{self.seq} {self.kind}"


class Resolution(models.Model):
    """A working paper, draft resolution or adopted resolution (first shape; later work extends)."""

    class Status(models.TextChoices):
        WORKING_PAPER = "working_paper", _("Working paper")
        DRAFT = "draft", _("Draft resolution")
        INTRODUCED = "introduced", _("Introduced")
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("committee")
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="resolutions", verbose_name=_("topic")
    )
    code = models.CharField(_("code"), max_length=60, blank=True)
    adopted_code = models.CharField(_("adopted code"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WORKING_PAPER
    )
    preamble = models.JSONField(_("preambular clauses"), default=list, blank=True)
    operative = models.JSONField(_("operative clauses"), default=list, blank=True)
    sponsors = models.ManyToManyField(
        "delegates.Seat", related_name="sponsored", blank=True, verbose_name=_("sponsors")
    )
    signatories = models.ManyToManyField(
        "delegates.Seat", related_name="signed", blank=True, verbose_name=_("signatories")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["committee", "topic", "pk"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self) -> str:
        return self.code or self.title


class LiveConnection(models.Model):
    """One open websocket, so that every worker process can tell who is connected right now."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="connections", verbose_name=_("committee")
    )
    seat = models.ForeignKey(
        "delegates.Seat",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="connections",
        verbose_name=_("seat"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20)
    channel_name = models.CharField(_("channel"), max_length=200, unique=True)
    connected_at = models.DateTimeField(_("connected"), auto_now_add=True)

    class Meta:
        verbose_name = _("live connection")
        verbose_name_plural = _("live connections")

    def __str__(self) -> str:
        return f"{self.role} {self.channel_name}"
