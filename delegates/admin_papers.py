"""Admin for position papers: the rubric (at least one criterion, positive points), deadlines,
and a read-only look at papers and versions (changes go through the pages and services)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from delegates.paper_models import (
    PaperScore,
    PaperSetup,
    PaperVersion,
    PositionPaper,
    RubricCriterion,
    TopicDeadline,
)


class RubricFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        if not kept:
            raise ValidationError(_("A rubric needs at least one criterion."))


class RubricCriterionInline(admin.TabularInline):
    model = RubricCriterion
    formset = RubricFormSet
    fields = ("name", "max_points", "order")
    extra = 0


@admin.register(PaperSetup)
class PaperSetupAdmin(admin.ModelAdmin):
    list_display = ("committee", "time_zone", "scores_released")
    inlines = [RubricCriterionInline]


@admin.register(TopicDeadline)
class TopicDeadlineAdmin(admin.ModelAdmin):
    list_display = ("topic", "due_at")
    list_filter = ("topic__committee",)


class PaperVersionInline(admin.TabularInline):
    model = PaperVersion
    fields = ("number", "kind", "submitted_at", "late_by", "word_count", "file")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Papers and scores change only through the pages (delegates.papers): here they are read."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PositionPaper)
class PositionPaperAdmin(ReadOnlyAdmin):
    list_display = ("seat", "topic", "status", "version_count", "published")
    list_filter = ("status", "topic__committee")
    inlines = [PaperVersionInline]


@admin.register(PaperScore)
class PaperScoreAdmin(ReadOnlyAdmin):
    list_display = ("paper", "scorer", "total", "scored_at")
