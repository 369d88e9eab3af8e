"""Writes of the alert job and of notifications: alerts with their in-app notifications, the
record of each e-mail or webhook delivery, and marking notifications read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from zonetrack.accounts.models import User

from ..models import Alert, Delivery, Notification, Webhook

BATCH = 2000


class AlertDraft(Protocol):
    """A condition the alert job found (``alerts.Candidate``), as this service reads it."""

    key: str
    kind: str
    zone_id: int
    project_id: int
    text: str
    url: str
    recipients: set[int]


def alerts_record(drafts: Sequence[AlertDraft]) -> tuple[list[Alert], list[Notification]]:
    """Store new conditions as alerts, each with a notification to each of its recipients; a
    key already stored (by a concurrent run) is skipped. One transaction per batch."""
    alerts: list[Alert] = []
    notes: list[Notification] = []
    for start in range(0, len(drafts), BATCH):
        chunk = drafts[start : start + BATCH]
        with transaction.atomic():
            made = Alert.objects.bulk_create(
                [
                    Alert(
                        key=c.key,
                        kind=c.kind,
                        zone_id=c.zone_id,
                        project_id=c.project_id,
                        text=c.text[:300],
                        url=c.url,
                    )
                    for c in chunk
                ],
                ignore_conflicts=True,
            )
            ids = dict(
                Alert.objects.filter(key__in=[c.key for c in chunk]).values_list("key", "pk")
            )
            batch = [
                Notification(
                    user_id=user_id,
                    alert_id=ids.get(c.key),
                    kind=c.kind,
                    text=c.text[:300],
                    url=c.url,
                )
                for c in chunk
                for user_id in sorted(c.recipients)
            ]
            Notification.objects.bulk_create(batch, batch_size=BATCH)
        alerts += made
        notes += batch
    return alerts, notes


def delivery_record(
    *,
    channel: str,
    target: str,
    payload: dict[str, Any],
    status: str,
    attempts: int,
    last_error: str = "",
    webhook: Webhook | None = None,
    digest_on: date | None = None,
) -> Delivery:
    """Keep the outcome of one e-mail or webhook delivery, so failures are visible (and a
    digest sent today is not sent again)."""
    return Delivery.objects.create(
        channel=channel,
        target=target[:300],
        webhook=webhook,
        digest_on=digest_on,
        payload=payload,
        status=status,
        attempts=attempts,
        last_error=last_error,
    )


def notifications_mark_read(*, user: User) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
