"""Writes of the notices app: alerts with their in-app notifications, the record of each
e-mail or webhook delivery, marking notifications read, and the alert webhooks (add, change,
archive and restore one, each in the history; the signing secret is kept out of it)."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.choices import Action
from zonetrack.audit.services import (
    bump_version,
    record_change,
    tracked_archive,
    tracked_create,
    tracked_restore,
    tracked_update,
)

from . import permissions
from .choices import WebhookFormat
from .conditions import Condition
from .models import Alert, Delivery, Notification, Webhook

BATCH = 2000


def alerts_record(conditions: Sequence[Condition]) -> tuple[list[Alert], list[Notification]]:
    """Store new conditions as alerts, each with a notification to each of its recipients; a
    key already stored (by a concurrent run) is skipped. One transaction per batch."""
    alerts: list[Alert] = []
    notes: list[Notification] = []
    for start in range(0, len(conditions), BATCH):
        chunk = conditions[start : start + BATCH]
        with transaction.atomic():
            made = Alert.objects.bulk_create(
                [
                    Alert(
                        key=c.key,
                        kind=c.kind,
                        organisation_id=c.organisation_id,
                        text=c.title[:300],
                        url=c.link,
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
                    text=c.title[:300],
                    url=c.link,
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


# Fields a manager sets on a webhook (the organisation only when adding it).
WEBHOOK_FIELDS = ("name", "url", "format", "secret", "is_active", "sends_digest", "covers_below")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_webhook_fields(values: dict[str, Any]) -> None:
    """Field-level errors of a webhook: an http(s) address with a host — https for a chat
    robot, whose real addresses all are, except a local receiver on this machine — and a
    secret only where the format signs with one."""
    errors: dict[str, str] = {}
    url = (values.get("url") or "").strip()
    parts = urlsplit(url)
    fmt = values.get("format") or WebhookFormat.GENERIC
    if parts.scheme not in ("http", "https") or not parts.hostname:
        errors["url"] = _("The webhook address must be an http:// or https:// URL.")
    elif (
        fmt != WebhookFormat.GENERIC
        and parts.scheme != "https"
        and not _is_loopback(parts.hostname)
    ):
        errors["url"] = _("A WeCom or DingTalk robot's address starts with https://.")
    if fmt not in WebhookFormat.values:
        errors["format"] = _("Unknown message format.")
    elif values.get("secret") and fmt != WebhookFormat.DINGTALK:
        errors["secret"] = _("Only DingTalk robots sign their messages with a secret.")
    if not (values.get("name") or "").strip():
        errors["name"] = _("Give the webhook a name.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def webhook_create(*, actor: User | None, organisation: Organisation, **fields: Any) -> Webhook:
    """Add a webhook to an organisation (its managers)."""
    if not permissions.can_manage_webhooks(actor, organisation):
        raise ValidationError({"organisation": _("You may not add webhooks to this organisation.")})
    values = {name: fields[name] for name in WEBHOOK_FIELDS if name in fields}
    check_webhook_fields(values)
    values["url"] = values["url"].strip()
    values["name"] = values["name"].strip()
    return tracked_create(actor=actor, obj=Webhook(organisation=organisation, **values))


@transaction.atomic
def webhook_update(
    *,
    actor: User | None,
    webhook: Webhook,
    changes: dict[str, Any],
    expected_version: int | None = None,
) -> Webhook:
    """Change a webhook. A secret left out of ``changes`` stays as it is; a format that does
    not sign drops it."""
    if not permissions.can_change_webhook(actor, webhook):
        raise PermissionDenied
    values = {name: changes[name] for name in WEBHOOK_FIELDS if name in changes}
    merged = {name: getattr(webhook, name) for name in WEBHOOK_FIELDS} | values
    if merged["format"] != WebhookFormat.DINGTALK and "secret" not in values:
        values["secret"] = merged["secret"] = ""
    check_webhook_fields(merged)
    for name in ("url", "name"):
        if name in values:
            values[name] = values[name].strip()
    secret = values.pop("secret", None)
    webhook = tracked_update(
        actor=actor, obj=webhook, changes=values, expected_version=expected_version
    )
    if secret is not None and secret != webhook.secret:
        # The history says that the secret changed, never what it is.
        had = webhook.has_secret
        bump_version(webhook, values={"secret": secret})
        record_change(
            actor=actor,
            obj=webhook,
            action=Action.UPDATE,
            before={"secret": had},
            after={"secret": bool(secret)},
        )
    return webhook


def webhook_archive(*, actor: User | None, webhook: Webhook) -> Webhook:
    """Switch a webhook off for good and hide it from the list's active part; nothing is
    deleted, its deliveries stay."""
    if not permissions.can_change_webhook(actor, webhook):
        raise PermissionDenied
    return tracked_archive(actor=actor, obj=webhook)


def webhook_restore(*, actor: User | None, webhook: Webhook) -> Webhook:
    """Bring an archived webhook back."""
    if not permissions.can_change_webhook(actor, webhook):
        raise PermissionDenied
    return tracked_restore(actor=actor, obj=webhook)
