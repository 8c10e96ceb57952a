from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from committee.models import (
    Briefing,
    Committee,
    CommitteeEvent,
    Conference,
    DaisMember,
    Topic,
)
from committee.procedure import validate_overrides


class CommitteeInline(admin.TabularInline):
    model = Committee
    fields = ("name", "abbreviation", "slug", "rule_profile", "voting_members")
    extra = 0
    show_change_link = True


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "starts_on", "ends_on")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [CommitteeInline]


class DaisInline(admin.TabularInline):
    model = DaisMember
    extra = 0
    autocomplete_fields = ("user",)


class TopicInline(admin.StackedInline):
    model = Topic
    extra = 0


class CommitteeAdminForm(forms.ModelForm):
    class Meta:
        model = Committee
        fields = (
            "conference",
            "name",
            "abbreviation",
            "slug",
            "formal_name",
            "rule_profile",
            "rule_overrides",
            "voting_members",
        )

    def clean(self):
        cleaned = super().clean()
        try:
            # Refuse a bad rule override here rather than at the first vote of the session.
            cleaned["rule_overrides"] = validate_overrides(
                cleaned.get("rule_profile") or "", cleaned.get("rule_overrides") or {}
            )
        except ValueError as error:
            self.add_error("rule_overrides", str(error))
        return cleaned


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = (
        "abbreviation",
        "name",
        "conference",
        "rule_profile",
        "voting_members",
        "event_seq",
    )
    list_filter = ("conference", "rule_profile")
    search_fields = ("name", "abbreviation")
    prepopulated_fields = {"slug": ("abbreviation",)}
    readonly_fields = ("event_seq",)
    inlines = [DaisInline, TopicInline]

    form = CommitteeAdminForm


@admin.register(DaisMember)
class DaisMemberAdmin(admin.ModelAdmin):
    list_display = ("__str__", "committee", "role", "order")
    list_filter = ("committee", "role")
    autocomplete_fields = ("user",)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("letter", "title", "committee")
    list_filter = ("committee",)


@admin.register(Briefing)
class BriefingAdmin(admin.ModelAdmin):
    list_display = ("title", "committee", "topic", "source", "source_date")
    list_filter = ("committee",)
    search_fields = ("title", "body")


@admin.register(CommitteeEvent)
class CommitteeEventAdmin(admin.ModelAdmin):
    """The journal is append-only: readable here, never edited."""

    list_display = ("committee", "seq", "created_at", "kind", "seat", "actor")
    list_filter = ("committee", "kind")
    readonly_fields = [f.name for f in CommitteeEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.site_header = _("Dais administration")
admin.site.site_title = _("Dais")
