"""The user's notifications, and marking them all read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from zonetrack.accounts import access
from zonetrack.core.views import FilteredListView

from .. import selectors, services
from .common import PAGE_SIZE


class NotificationListView(FilteredListView):
    template_name = "dispatch/notification_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "items"

    def get_queryset(self, filters: Any) -> Any:
        return selectors.notifications(user=self.request.user)

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        return {"unread": selectors.unread_count(self.request.user)}

    def post(self, request: HttpRequest) -> HttpResponse:
        """Mark every notification read."""
        services.notifications_mark_read(user=access.request_user(request))
        return redirect("dispatch:notification_list")
