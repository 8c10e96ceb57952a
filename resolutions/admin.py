from django.contrib import admin

from resolutions.models import Clause, DraftingSettings, Paper, Revision, Signature


@admin.register(DraftingSettings)
class DraftingSettingsAdmin(admin.ModelAdmin):
    list_display = ("committee",)


class ClauseInline(admin.TabularInline):
    model = Clause
    fields = ("kind", "parent", "position", "phrase", "text", "version")
    readonly_fields = ("version",)
    extra = 0


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ("__str__", "title", "committee", "topic", "status")
    list_filter = ("committee", "status")
    inlines = [SignatureInline, ClauseInline]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ("paper", "number", "action", "seat", "user", "created_at")
    list_filter = ("action",)
