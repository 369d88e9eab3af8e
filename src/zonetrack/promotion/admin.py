"""Admin of promotion's managed data for administrators: source channels, origin regions and
industry chains with their links (and each chain's rule for a link's state)."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Chain, ChainNode, Channel, Region


class _NeverDeleted(admin.ModelAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Managed data in use is retired with "in use" off, never deleted.
        return False


@admin.register(Channel)
class ChannelAdmin(_NeverDeleted):
    list_display = ("name", "project_channel", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")


@admin.register(Region)
class RegionAdmin(_NeverDeleted):
    list_display = ("name", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")


class ChainNodeInline(admin.TabularInline):
    model = ChainNode
    fk_name = "chain"
    fields = ("segment", "name", "parent", "key_products", "sort_order")
    extra = 1

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Chain)
class ChainAdmin(_NeverDeleted):
    list_display = ("name", "cluster", "strong_firms", "leader_makes_strong", "is_active")
    list_editable = ("is_active",)
    fieldsets = (
        (None, {"fields": ("code", "name", "cluster", "description", "sort_order", "is_active")}),
        (
            _("State of a link"),
            {"fields": ("strong_firms", "leader_makes_strong", "signed_fills_gap")},
        ),
    )
    inlines = (ChainNodeInline,)
