"""Reads of the notices app: a user's notifications, failed deliveries, the alert webhooks a
user manages, one of them, and where one may be added; a user's subscriptions, one of them,
its deliveries, and what a user may subscribe to."""

from __future__ import annotations

from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation

from . import permissions, products
from .choices import DeliveryStatus
from .models import Delivery, Notification, Subscription, Webhook
from .subscriptions import next_run

# How many of a subscription's latest deliveries its line in the list shows.
RECENT_DELIVERIES = 3


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


def subscription_list(*, user: Any, archived: bool = False) -> list[Subscription]:
    """The user's own subscriptions (or their archived ones), each with ``recent`` (its latest
    deliveries) and ``next_on`` (the next day it is delivered): two queries."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = Subscription.objects.filter(user=user).select_related("organisation", "webhook")
    rows = rows.archived() if archived else rows.active()
    found = list(rows.order_by("organisation__name", "product", "pk"))
    latest = (
        Delivery.objects.filter(subscription__in=[s.pk for s in found])
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("subscription_id")],
                order_by=[F("created_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=RECENT_DELIVERIES)
        .order_by("subscription_id", "-created_at", "-id")
    )
    recent: dict[int, list[Delivery]] = {}
    for row in latest:
        recent.setdefault(row.subscription_id or 0, []).append(row)
    today = timezone.localdate()
    for subscription in found:
        subscription.recent = recent.get(subscription.pk, [])  # type: ignore[attr-defined]
        done = any(d.slot_on == today for d in subscription.recent)  # type: ignore[attr-defined]
        subscription.next_on = next_run(subscription, today, done_today=done)  # type: ignore[attr-defined]
    return found


def subscription_get(*, user: Any, subscription_id: int) -> Subscription:
    """One subscription, for its subscriber or a superuser; 404 for anyone else."""
    found = (
        Subscription.objects.select_related("user", "organisation", "webhook")
        .filter(pk=subscription_id)
        .first()
    )
    if (
        found is None
        or not getattr(user, "is_authenticated", False)
        or not permissions.can_change_subscription(user, found)
    ):
        raise Http404
    return found


def subscription_deliveries(*, subscription: Subscription) -> QuerySet[Delivery]:
    """A subscription's deliveries, newest first."""
    return Delivery.objects.filter(subscription=subscription).select_related("job")


def subscription_organisations(*, user: Any) -> list[Organisation]:
    """The organisations whose cockpit the user may subscribe to (to any product on offer),
    in tree order."""
    found: set[int] = set()
    asked: list[Any] = []
    for product in products.registered():
        maker = products.maker_of(product)
        # Products sharing one access rule (the cockpit's) ask it once.
        if maker is not None and maker.organisations not in asked:
            asked.append(maker.organisations)
            found.update(maker.organisations(user).values_list("pk", flat=True))
    rows = Organisation.objects.filter(pk__in=found)
    return list(rows.order_by(access.tree_order(Organisation), "pk"))


def subscription_webhook_choices(*, user: Any) -> list[Webhook]:
    """The switched-on webhooks the user can see, offered when subscribing (which of them
    fits the organisation chosen is checked by the service)."""
    rows = access.visible(
        Webhook.objects.active().filter(is_active=True).select_related("organisation"), user
    )
    return list(rows.order_by(access.tree_order(Webhook), "name", "pk"))
