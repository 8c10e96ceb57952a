from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from committee import rules_services, seats
from committee.models import (
    Briefing,
    Committee,
    CommitteeEvent,
    Conference,
    DaisMember,
    Seat,
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
        super().clean()
        cleaned = self.cleaned_data
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


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    list_display = (
        "country",
        "iso_code",
        "committee",
        "status",
        "holds_veto",
        "delegate_name",
        "join_code",
    )
    list_filter = ("committee", "status", "holds_veto")
    search_fields = ("country", "iso_code", "delegate_name")
    readonly_fields = ("join_code", "code_version", "code_issued_at")
    actions = ["reissue_codes", "revoke_codes"]

    @admin.action(description=_("Issue new join codes (old ones stop working)"))
    def reissue_codes(self, request, queryset):
        count = self._for_each(queryset, seats.do_reissue_code)
        message = ngettext("%(n)d code reissued.", "%(n)d codes reissued.", count)
        self.message_user(request, message % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Revoke join codes"))
    def revoke_codes(self, request, queryset):
        count = self._for_each(queryset, seats.do_revoke_code)
        message = ngettext("%(n)d code revoked.", "%(n)d codes revoked.", count)
        self.message_user(request, message % {"n": count}, messages.SUCCESS)

    @staticmethod
    def _for_each(queryset, service) -> int:
        chosen = list(queryset)
        for seat in chosen:
            service(seat)
        return len(chosen)

    def save_model(self, request, obj, form, change):
        # A change of veto goes through its service, which journals it for the live session.
        veto_changed = change and "holds_veto" in form.changed_data
        wanted = obj.holds_veto
        if veto_changed:
            obj.holds_veto = not wanted
        super().save_model(request, obj, form, change)
        if veto_changed:
            holders = set(
                Seat.objects.filter(committee_id=obj.committee_id, holds_veto=True).values_list(
                    "pk", flat=True
                )
            )
            holders = holders | {obj.pk} if wanted else holders - {obj.pk}
            rules_services.do_set_vetoes(obj.committee_id, holders, user_id=request.user.pk)
            obj.holds_veto = wanted
        if not change and not obj.join_code:
            seats.do_reissue_code(obj)
        seats.do_count_voting_members(obj.committee)

    def delete_model(self, request, obj):
        committee = obj.committee
        super().delete_model(request, obj)
        seats.do_count_voting_members(committee)

    def delete_queryset(self, request, queryset):
        committees = {seat.committee for seat in queryset.select_related("committee")}
        super().delete_queryset(request, queryset)
        for committee in committees:
            seats.do_count_voting_members(committee)
