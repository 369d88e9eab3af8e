"""Reads of notifications and alert deliveries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .. import permissions
from ..choices import DeliveryStatus
from ..models import Delivery, Notification


def notifications(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    items = Notification.objects.filter(user=user) if user.is_authenticated else None
    if items is None:
        return Notification.objects.none()
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
