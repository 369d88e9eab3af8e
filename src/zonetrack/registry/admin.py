"""Admin of the registry's managed vocabulary (industry clusters) for administrators."""

from django.contrib import admin
from django.http import HttpRequest

from .models import Cluster


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")
    search_fields = ("code", "name")

    def has_delete_permission(self, request: HttpRequest, obj: Cluster | None = None) -> bool:
        # Clusters in use are retired with "in use" off, never deleted.
        return False
