"""Reads of the notices app: a user's notifications, failed deliveries, and the alert
webhooks a user manages, one of them, and where one may be added."""

from __future__ import annotations

from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation

from . import permissions
from .choices import DeliveryStatus
from .models import Delivery, Notification, Webhook


def notifications(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    items = Notification.objects.filter(user=user)
    return items.filter(read_at__isnull=True) if unread_only else items


def unread_count(user: Any) -> int:
    """How many notifications the user has not read (one indexed count)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def failed_deliveries(*, user: Any, limit: int = 10) -> list[Delivery]:
    """The latest failed alert deliveries, for those who may see them (else none)."""
    if not permissions.can_see_deliveries(user):
        return []
    return list(Delivery.objects.filter(status=DeliveryStatus.FAILED)[:limit])


def _with_last_delivery(queryset: QuerySet[Webhook]) -> QuerySet[Webhook]:
    last = Delivery.objects.filter(webhook=OuterRef("pk")).order_by("-created_at", "-id")
    return queryset.annotate(
        last_status=Subquery(last.values("status")[:1]),
        last_error=Subquery(last.values("last_error")[:1]),
        last_at=Subquery(last.values("created_at")[:1]),
    )


def webhook_list(*, user: Any) -> list[Webhook]:
    """The webhooks the user may change (archived ones last), each with its last delivery.
    Webhooks are few; who may change each is asked of the gate row by row, with nothing
    more read from the database."""
    rows = _with_last_delivery(
        access.visible(Webhook.objects.select_related("organisation"), user)
    ).order_by(F("archived_at").asc(nulls_first=True), access.tree_order(Webhook), "name", "pk")
    return [row for row in rows if permissions.can_change_webhook(user, row)]


def webhook_get(*, user: Any, webhook_id: int) -> Webhook:
    """One webhook the user can see (404 otherwise)."""
    return access.get_visible(Webhook.objects.select_related("organisation"), user, pk=webhook_id)


def webhook_organisations(*, user: Any) -> list[Organisation]:
    """The organisations the user may add webhooks to, in tree order."""
    rows = access.visible(Organisation.objects.active(), user).order_by("path")
    return [org for org in rows if permissions.can_manage_webhooks(user, org)]
