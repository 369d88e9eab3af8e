"""The user's notifications."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from .. import selectors, services
from .common import PAGE_SIZE


class NotificationListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        items = selectors.notifications(user=request.user)
        page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "dispatch/notification_list.html",
            {
                "page_obj": page,
                "items": page.object_list,
                "unread": selectors.unread_count(request.user),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        """Mark every notification read."""
        services.notifications_mark_read(user=request.user)
        return redirect("dispatch:notification_list")
