"""Working papers, draft resolutions and resolutions: one `Paper` through its whole life.

Clause text is plain text, always: it is stored as typed and escaped wherever it is shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from committee.models import Committee, Topic


class DraftingSettings(models.Model):
    """Opening phrases a committee accepts beyond the standard lists (procedure.md §5.3)."""

    committee = models.OneToOneField(
        Committee, on_delete=models.CASCADE, related_name="drafting", verbose_name=_("committee")
    )
    extra_preambular = models.JSONField(
        _("extra preambular phrases"), default=list, blank=True,
        help_text=_("A list of phrases, in any language."),
    )
    extra_operative = models.JSONField(
        _("extra operative phrases"), default=list, blank=True,
        help_text=_("For example “Decides” for a body that governs its own organization."),
    )

    class Meta:
        verbose_name = _("drafting settings")
        verbose_name_plural = _("drafting settings")

    def __str__(self) -> str:
        return str(self.committee)


class Counter(models.Model):
    """Document numbers handed out once and never again (working papers, drafts, resolutions)."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "key"], name="unique_paper_counter")
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"


class Paper(models.Model):
    class Status(models.TextChoices):
        WORKING_PAPER = "working_paper", _("Working paper")
        DRAFT = "draft", _("Draft resolution")
        # Spanish agrees in gender: an adopted paper is a resolution ("aprobada"); a rejected or
        # lapsed one stays a draft resolution ("el proyecto de resolución": "rechazado").
        ADOPTED = "adopted", pgettext_lazy("resolution status", "Adopted")
        REJECTED = "rejected", pgettext_lazy("draft status", "Rejected")
        LAPSED = "lapsed", pgettext_lazy("draft status", "Lapsed")

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="papers", verbose_name=_("committee")
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="papers", verbose_name=_("topic")
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WORKING_PAPER
    )
    number = models.PositiveIntegerField(_("working paper number"))
    draft_number = models.PositiveIntegerField(_("draft number"), null=True, blank=True)
    resolution_number = models.PositiveIntegerField(_("resolution number"), null=True, blank=True)
    created_by = models.ForeignKey(
        "committee.Seat", on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    authors = models.ManyToManyField(
        "committee.Seat", related_name="papers", verbose_name=_("authors")
    )
    revision = models.PositiveIntegerField(_("revision"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        ordering = ["committee_id", "topic_id", "number"]
        verbose_name = _("paper")
        verbose_name_plural = _("papers")

    def __str__(self) -> str:
        return self.code

    @property
    def prefix(self) -> str:
        return self.committee.abbreviation or f"C{self.committee_id}"

    @property
    def wp_code(self) -> str:
        return f"{self.prefix}/WP/{self.topic.letter}/{self.number}"

    @property
    def draft_code(self) -> str:
        return f"{self.prefix}/DR/{self.topic.letter}/{self.draft_number}" if self.draft_number else ""

    @property
    def resolution_code(self) -> str:
        return f"{self.prefix}/RES/{self.resolution_number}" if self.resolution_number else ""

    @property
    def code(self) -> str:
        return self.resolution_code or self.draft_code or self.wp_code

    @property
    def editable(self) -> bool:
        return self.status == self.Status.WORKING_PAPER


class Clause(models.Model):
    class Kind(models.TextChoices):
        PREAMBULAR = "preambular", _("Preambular clause")
        OPERATIVE = "operative", _("Operative clause")

    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("paper")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    phrase = models.CharField(_("opening phrase"), max_length=100, blank=True)
    text = models.TextField(_("text"), max_length=2000, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["paper_id", "kind", "position", "pk"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")

    def __str__(self) -> str:
        return f"{self.phrase} {self.text}".strip()[:60]


ACTION_LABELS = {
    "create": _("started"),
    "invite": _("invited a co-author"),
    "add": _("added a clause"),
    "edit": _("edited a clause"),
    "move": _("moved a clause"),
    "split": _("split a clause"),
    "delete": _("deleted a clause"),
    "sign": _("signed"),
    "unsign": _("withdrew a signature"),
    "approve": _("approved as a draft"),
}


class Revision(models.Model):
    """One save: who, when, what (the clause before and after)."""

    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("paper")
    )
    number = models.PositiveIntegerField(_("revision"))
    action = models.CharField(_("action"), max_length=20)
    clause_id = models.PositiveBigIntegerField(_("clause"), null=True, blank=True)
    seat = models.ForeignKey(
        "committee.Seat", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        ordering = ["paper_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="unique_paper_revision")
        ]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.paper_id}#{self.number} {self.action}"

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))


class Signature(models.Model):
    class Role(models.TextChoices):
        SPONSOR = "sponsor", _("Sponsor")
        SIGNATORY = "signatory", _("Signatory")

    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("paper")
    )
    seat = models.ForeignKey(
        "committee.Seat", on_delete=models.CASCADE, related_name="signatures", verbose_name=_("seat")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(_("signed"), auto_now_add=True)

    class Meta:
        ordering = ["paper_id", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "seat"], name="unique_paper_signature")
        ]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return f"{self.seat_id} {self.role}"


class Amendment(models.Model):
    """A change proposed to an approved draft: add, delete or replace a clause or sub-clause."""

    class Kind(models.TextChoices):
        ADD = "add", _("Add")
        DELETE = "delete", _("Delete")
        REPLACE = "replace", _("Replace")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for the sponsors")
        UNFRIENDLY = "unfriendly", _("Unfriendly: needs supporters and the chair")
        APPLIED = "applied", _("Friendly: applied")
        APPROVED = "approved", _("On the floor")
        ADOPTED = "adopted", pgettext_lazy("amendment status", "Adopted")  # "la enmienda": aprobada
        REJECTED = "rejected", pgettext_lazy("amendment status", "Rejected")
        MOOT = "moot", pgettext_lazy("amendment status", "Moot")

    paper = models.ForeignKey(
        Paper, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("draft")
    )
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    target = models.ForeignKey(
        Clause, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("clause"),
    )
    target_ref = models.CharField(_("clause number"), max_length=20, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children",
        verbose_name=_("amends"),
    )
    result_clause = models.ForeignKey(
        Clause, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("clause added"),
    )
    phrase = models.CharField(_("opening phrase"), max_length=100, blank=True)
    text = models.TextField(_("text"), max_length=2000, blank=True)
    seat = models.ForeignKey(
        "committee.Seat", on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["paper_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="unique_amendment_number")
        ]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"{self.paper.draft_code}/AMD/{self.number}"


class AmendmentResponse(models.Model):
    """A sponsor accepting or refusing an amendment, or a delegation supporting it."""

    class Kind(models.TextChoices):
        ACCEPT = "accept", _("Accepts")
        REFUSE = "refuse", _("Refuses")
        SUPPORT = "support", _("Supports")

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="responses")
    seat = models.ForeignKey("committee.Seat", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["amendment", "seat"], name="unique_amendment_response")
        ]

    def __str__(self) -> str:
        return f"{self.seat_id} {self.kind}"
