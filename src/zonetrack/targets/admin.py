"""Admin of the targets app: the indicator catalogue, which administrators edit (seeded with
the common indicators by a migration)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "unit",
        "direction",
        "source",
        "is_additive",
        "accumulates",
        "green_at",
        "amber_at",
        "sort_order",
        "is_active",
    )
    list_editable = ("green_at", "amber_at", "sort_order", "is_active")
    list_filter = ("source", "direction", "is_active")
    search_fields = ("code", "name")

    def has_delete_permission(self, request: HttpRequest, obj: Indicator | None = None) -> bool:
        # Indicators with targets or values are retired with "in use" off, never deleted.
        return False
