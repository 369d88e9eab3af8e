"""Admin of the projects app's rules (evidence per stage) for administrators."""

from django.contrib import admin
from django.http import HttpRequest

from .models import StageRule


@admin.register(StageRule)
class StageRuleAdmin(admin.ModelAdmin):
    list_display = ("stage", "evidence", "needs_evidence")
    list_editable = ("evidence", "needs_evidence")

    def has_delete_permission(self, request: HttpRequest, obj: StageRule | None = None) -> bool:
        return False
