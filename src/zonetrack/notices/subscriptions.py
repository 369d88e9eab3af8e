"""Writes of subscriptions (the services of scheduled delivery): add, change, switch, archive
and restore a subscription, each checked field by field and kept in the history; when one is
due; and the rows of its deliveries — claimed once per due day and channel, then finished
(sent, failed or refused) or left waiting for the job that makes its file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.services import (
    tracked_archive,
    tracked_create,
    tracked_restore,
    tracked_update,
)
from zonetrack.core.models import Job

from . import permissions, products
from .choices import Cadence, Channel, DeliveryStatus
from .models import LAST_DAY, Delivery, Subscription, Webhook

# Fields a subscriber sets (the organisation and the product only when subscribing).
SUBSCRIPTION_FIELDS = ("cadence", "day_of_month", "weekday", "by_email", "webhook", "is_active")
# A delivery still waiting with no job after this long was cut off before its job started.
STALE_PENDING = timedelta(hours=1)


def subscription_webhooks(*, user: Any, organisation: Organisation) -> list[Webhook]:
    """The webhooks a subscription of ``organisation`` may post to for ``user``: switched on,
    not archived, in the user's view, and the organisation's own or one above it (a city's
    group chat may hear a zone's pack; a zone's never hears another zone's). Webhooks are few:
    the tree is asked row by row."""
    rows = access.visible(
        Webhook.objects.active().filter(is_active=True).select_related("organisation"), user
    ).order_by(access.tree_order(Webhook), "name", "pk")
    return [row for row in rows if access.is_within(organisation, row.organisation)]


def check_subscription_fields(*, subscriber: User, values: dict[str, Any]) -> None:
    """Field-level errors of a subscription for ``subscriber``: a product on offer, an
    organisation whose cockpit the subscriber may open, a day 1–28 or a weekday, at least one
    channel, e-mail only to an address the account has, and a webhook the subscriber may use."""
    errors: dict[str, str] = {}
    product = values.get("product") or ""
    organisation = values.get("organisation")
    if product not in products.registered():
        errors["product"] = _("Choose what to deliver.")
    if not isinstance(organisation, Organisation):
        errors["organisation"] = _("Choose the organisation whose cockpit is delivered.")
    elif "product" not in errors and not products.may_receive(subscriber, organisation, product):
        errors["organisation"] = _("The subscriber may not open this organisation's cockpit.")
    cadence = values.get("cadence")
    day, weekday = values.get("day_of_month"), values.get("weekday")
    if cadence == Cadence.MONTHLY:
        if not isinstance(day, int) or not 1 <= day <= LAST_DAY:
            errors["day_of_month"] = _("Choose a day from 1 to 28 (every month has it).")
    elif cadence == Cadence.WEEKLY:
        if not isinstance(weekday, int) or not 0 <= weekday <= 6:
            errors["weekday"] = _("Choose a day of the week.")
    else:
        errors["cadence"] = _("Choose monthly or weekly.")
    webhook = values.get("webhook")
    if not values.get("by_email") and webhook is None:
        errors["by_email"] = _("Choose at least one channel: e-mail or a webhook.")
    elif values.get("by_email") and not subscriber.email:
        errors["by_email"] = _("The subscriber's account has no e-mail address.")
    if webhook is not None and isinstance(organisation, Organisation):
        usable = subscription_webhooks(user=subscriber, organisation=organisation)
        if webhook.pk not in {row.pk for row in usable}:
            errors["webhook"] = _(
                "Choose a switched-on webhook of this organisation, or of one above it, "
                "that the subscriber can see."
            )
    if errors:
        raise ValidationError(errors)


def _normalised(values: dict[str, Any]) -> dict[str, Any]:
    """A monthly subscription has no weekday, a weekly one no day of the month."""
    if values.get("cadence") == Cadence.MONTHLY:
        values["weekday"] = None
    elif values.get("cadence") == Cadence.WEEKLY:
        values["day_of_month"] = None
    values["by_email"] = bool(values.get("by_email"))
    return values


@transaction.atomic
def subscription_create(
    *, actor: User, organisation: Organisation | None, product: str, **fields: Any
) -> Subscription:
    """Subscribe ``actor`` to an organisation's product on a schedule."""
    values = {name: fields.get(name) for name in SUBSCRIPTION_FIELDS}
    values |= {"organisation": organisation, "product": product}
    values["is_active"] = fields.get("is_active", True) is not False
    check_subscription_fields(subscriber=actor, values=values)
    return tracked_create(actor=actor, obj=Subscription(user=actor, **_normalised(values)))


def _require(actor: User | None, subscription: Subscription) -> None:
    if not permissions.can_change_subscription(actor, subscription):
        raise PermissionDenied


@transaction.atomic
def subscription_update(
    *,
    actor: User | None,
    subscription: Subscription,
    changes: dict[str, Any],
    expected_version: int | None = None,
) -> Subscription:
    """Change a subscription's schedule, channels or switch; checked for its subscriber."""
    _require(actor, subscription)
    values = {name: changes[name] for name in SUBSCRIPTION_FIELDS if name in changes}
    merged = {name: getattr(subscription, name) for name in SUBSCRIPTION_FIELDS} | values
    merged |= {"organisation": subscription.organisation, "product": subscription.product}
    check_subscription_fields(subscriber=subscription.user, values=merged)
    merged = _normalised(merged)
    changed = {name: merged[name] for name in SUBSCRIPTION_FIELDS}
    return tracked_update(
        actor=actor, obj=subscription, changes=changed, expected_version=expected_version
    )


def subscription_switch(
    *, actor: User | None, subscription: Subscription, on: bool
) -> Subscription:
    """Switch a subscription on or off (off: nothing is delivered until it is on again)."""
    _require(actor, subscription)
    return tracked_update(actor=actor, obj=subscription, changes={"is_active": on})


def subscription_archive(*, actor: User | None, subscription: Subscription) -> Subscription:
    """End a subscription; nothing is deleted, its deliveries stay listed."""
    _require(actor, subscription)
    return tracked_archive(actor=actor, obj=subscription)


def subscription_restore(*, actor: User | None, subscription: Subscription) -> Subscription:
    """Bring an archived subscription back."""
    _require(actor, subscription)
    return tracked_restore(actor=actor, obj=subscription)


# -- when a subscription is due -----------------------------------------------------------------


def falls_on(subscription: Subscription, day: date) -> bool:
    """Whether ``day`` is one of the subscription's days."""
    if subscription.cadence == Cadence.MONTHLY:
        return day.day == subscription.day_of_month
    return day.weekday() == subscription.weekday


def next_run(subscription: Subscription, today: date, *, done_today: bool = False) -> date | None:
    """The next day it is delivered (today unless today's is done); None when it is switched
    off or archived."""
    if subscription.is_archived or not subscription.is_active:
        return None
    day = today + timedelta(days=1) if done_today else today
    for _step in range(32):
        if falls_on(subscription, day):
            return day
        day += timedelta(days=1)
    return None


def subscriptions_due(today: date) -> list[Subscription]:
    """The subscriptions whose day ``today`` is, switched on and not archived, that have no
    delivery of today yet."""
    delivered = Delivery.objects.filter(subscription=OuterRef("pk"), slot_on=today)
    return list(
        Subscription.objects.active()
        .filter(is_active=True)
        .filter(
            Q(cadence=Cadence.MONTHLY, day_of_month=today.day)
            | Q(cadence=Cadence.WEEKLY, weekday=today.weekday())
        )
        .exclude(Exists(delivered))
        .select_related("user", "organisation", "webhook")
        .order_by("pk")
    )


# -- the rows of a subscription's deliveries ---------------------------------------------------


def deliveries_claim(*, subscription: Subscription, slot_on: date) -> list[Delivery]:
    """One waiting delivery per channel of the subscription for its day ``slot_on``; [] when
    that day's were claimed already (by an earlier run, or a concurrent one)."""
    rows = []
    if subscription.by_email:
        rows.append(Delivery(channel=Channel.EMAIL, target=subscription.user.email[:300]))
    if subscription.webhook_id is not None and subscription.webhook is not None:
        # The webhook's name, not its address: the address is the robot's key.
        rows.append(
            Delivery(
                channel=Channel.WEBHOOK,
                target=subscription.webhook.name[:300],
                webhook=subscription.webhook,
            )
        )
    try:
        with transaction.atomic():
            for row in rows:
                row.subscription, row.slot_on = subscription, slot_on
                row.status, row.payload = DeliveryStatus.PENDING, {}
                row.save()
    except IntegrityError:
        return []
    return rows


def deliveries_wait(deliveries: Sequence[Delivery], job: Job) -> None:
    """Keep the job making the deliveries' file on them; they are sent once it is done."""
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(job=job)
    for delivery in deliveries:
        delivery.job = job


def delivery_take(delivery: Delivery) -> bool:
    """Take a waiting delivery to send it; False when another run took it first."""
    return bool(
        Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING, attempts=0).update(
            attempts=1
        )
    )


def delivery_finish(
    delivery: Delivery,
    *,
    status: str,
    attempts: int = 0,
    last_error: str = "",
    payload: dict[str, Any] | None = None,
    job: Job | None = None,
) -> Delivery:
    """Record how a subscription's delivery ended: sent, failed or refused."""
    delivery.status, delivery.attempts = status, attempts
    delivery.last_error = last_error[:2000]
    if payload is not None:
        delivery.payload = payload
    if job is not None:
        delivery.job = job
    delivery.save(update_fields=["status", "attempts", "last_error", "payload", "job"])
    return delivery


def deliveries_interrupted(*, now: Any = None) -> int:
    """Fail the deliveries still waiting, with no job, long after they were claimed: the run
    claiming them stopped before its job started."""
    cutoff = (now or timezone.now()) - STALE_PENDING
    return Delivery.objects.filter(
        status=DeliveryStatus.PENDING,
        subscription__isnull=False,
        job__isnull=True,
        created_at__lt=cutoff,
    ).update(
        status=DeliveryStatus.FAILED,
        last_error=_("The delivery stopped before its file was made; it is made again next time."),
    )
