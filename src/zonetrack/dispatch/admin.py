"""Admin of the dispatch app: the colour rules, alert deliveries (failures visible to
administrators) and alerts."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Alert, ColourRule, Delivery, Notification


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


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "target", "status", "attempts", "last_error")
    list_filter = ("status", "channel")
    readonly_fields = ("channel", "target", "payload", "status", "attempts", "last_error")


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "text")
    list_filter = ("kind",)
    search_fields = ("key", "text")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "kind", "text", "read_at")
    list_filter = ("kind",)
