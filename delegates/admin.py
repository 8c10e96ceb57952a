from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from committee import rules_services
from delegates import services
from delegates.models import PositionPaper, Seat


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
        count = self._for_each(queryset, services.do_reissue_code)
        message = ngettext("%(n)d code reissued.", "%(n)d codes reissued.", count)
        self.message_user(request, message % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Revoke join codes"))
    def revoke_codes(self, request, queryset):
        count = self._for_each(queryset, services.do_revoke_code)
        message = ngettext("%(n)d code revoked.", "%(n)d codes revoked.", count)
        self.message_user(request, message % {"n": count}, messages.SUCCESS)

    @staticmethod
    def _for_each(queryset, service) -> int:
        seats = list(queryset)
        for seat in seats:
            service(seat)
        return len(seats)

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
            services.do_reissue_code(obj)
        services.do_count_voting_members(obj.committee)

    def delete_model(self, request, obj):
        committee = obj.committee
        super().delete_model(request, obj)
        services.do_count_voting_members(committee)

    def delete_queryset(self, request, queryset):
        committees = {seat.committee for seat in queryset.select_related("committee")}
        super().delete_queryset(request, queryset)
        for committee in committees:
            services.do_count_voting_members(committee)


@admin.register(PositionPaper)
class PositionPaperAdmin(admin.ModelAdmin):
    list_display = ("seat", "topic", "status", "submitted_at", "score")
    list_filter = ("status", "topic__committee")
