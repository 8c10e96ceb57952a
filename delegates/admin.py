from django.contrib import admin

from delegates.models import PositionPaper


@admin.register(PositionPaper)
class PositionPaperAdmin(admin.ModelAdmin):
    list_display = ("seat", "topic", "status", "submitted_at", "score")
    list_filter = ("status", "topic__committee")
