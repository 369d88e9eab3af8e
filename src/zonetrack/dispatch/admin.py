"""Admin of the dispatch app: the colour rules (alerts, webhooks and deliveries are the
notices app's)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import ColourRule


@admin.register(ColourRule)
class ColourRuleAdmin(admin.ModelAdmin):
    """The colour rules are seeded by a migration; administrators tune their thresholds and
    switch them off per zone, but neither add nor remove a rule (the code knows four)."""

    list_display = ("kind", "is_active", "yellow_at", "red_at")
    list_editable = ("is_active", "yellow_at", "red_at")
    readonly_fields = ("kind",)
    filter_horizontal = ("disabled_zones",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ColourRule | None = None) -> bool:
        return False
