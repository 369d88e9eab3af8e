"""Admin of the dispatch app: alert deliveries (failures visible to administrators) and alerts."""

from __future__ import annotations

from django.contrib import admin

from .models import Alert, Delivery, Notification


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
