"""Read-only admin of the change history."""

from django.contrib import admin
from django.http import HttpRequest

from .models import Change


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    list_display = ("created_at", "object_repr", "action", "actor_name", "request_id")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "actor_name", "object_id")
    readonly_fields = [f.name for f in Change._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Change | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Change | None = None) -> bool:
        return False
