"""The conference, its committees, their dais, topics, briefings, seats, resolutions and event
journal.

Models hold fields and derived properties only. Every change to committee state goes through
`committee.services` or `committee.seats` (see style.md); nothing here broadcasts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from committee.countries import country_name, flag_url


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
        Conference,
        on_delete=models.CASCADE,
        related_name="committees",
        verbose_name=_("conference"),
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
    # Changes whenever live_state is written: a ballot reads the open vote from a per-process
    # copy of the state while this is unchanged, instead of loading the whole state each time.
    state_token = models.CharField(max_length=32, blank=True, default="", editable=False)

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


def flag_emoji(iso_code: str) -> str:
    """The flag as two regional-indicator letters (renders as a flag on phones)."""
    code = (iso_code or "").upper()
    if len(code) != 2 or not code.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in code)


class Seat(models.Model):
    """A member country's seat in a committee, and the join code that binds a browser to it."""

    class Status(models.TextChoices):
        VOTING = "voting", _("Member (voting)")
        OBSERVER = "observer", _("Observer")

    committee = models.ForeignKey(
        Committee,
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
    # A permanent member of the Security Council: its no vote blocks a substantive decision
    # under a profile with a veto (UN Charter Art. 27(3)); ignored by every other profile.
    holds_veto = models.BooleanField(
        _("holds a veto"),
        default=False,
        help_text=_("A permanent member: its no vote blocks a substantive decision."),
    )
    # Empty when revoked. Unique when set, so a code names exactly one seat of one committee.
    join_code = models.CharField(_("join code"), max_length=20, blank=True, db_index=True)
    # Bumped on every revoke or reissue: a browser bound to an older version is logged out.
    code_version = models.PositiveIntegerField(_("code version"), default=1, editable=False)
    code_issued_at = models.DateTimeField(_("code issued"), null=True, blank=True)

    class Meta:
        # The seat moved here from `delegates` (issue 15); its table keeps the old name.
        db_table = "delegates_seat"
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
        Seat,
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


class Ballot(models.Model):
    """One seat's ballot in one vote: at most one per seat per vote, enforced by the database.

    `vote` is the journal seq of the `vote_opened` event (unique per vote opened, never
    reused). While the vote is open these rows, not `Committee.live_state`, hold its ballots
    (`committee.services.current_state` merges them in); the journal keeps a `ballot_cast`
    (or `roll_call_answered`) event for each, at `seq`.
    """

    class Choice(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")
        ABSTAIN = "abstain", _("abstain")

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("committee")
    )
    vote = models.PositiveBigIntegerField(_("vote"))
    # The seat's id as the journal names it (not a foreign key: the journal outlives seats).
    seat = models.PositiveBigIntegerField(_("seat"))
    choice = models.CharField(_("choice"), max_length=10, choices=Choice.choices)
    entered_by_chair = models.BooleanField(_("entered by the chair"), default=False)
    seq = models.PositiveBigIntegerField(_("number"))
    created_at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["committee", "vote", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "vote", "seat"], name="one_ballot_per_seat_per_vote"
            )
        ]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return f"{self.committee_id} vote {self.vote}: seat {self.seat} {self.choice}"


class LiveConnection(models.Model):
    """One open websocket, so that every worker process can tell who is connected right now."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="connections", verbose_name=_("committee")
    )
    seat = models.ForeignKey(
        Seat,
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
    # Refreshed by the socket's pings; rows older than DAIS_PRESENCE_TIMEOUT_SECONDS are gone.
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("live connection")
        verbose_name_plural = _("live connections")

    def __str__(self) -> str:
        return f"{self.role} {self.channel_name}"
