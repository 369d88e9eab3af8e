"""Scheduled delivery of subscriptions: what is due today is made and sent, once per day.

``deliver_due(today)`` claims each due subscription's deliveries for the day (one row per
channel; a second run finds them and does nothing), asks again whether the subscriber may
still open the organisation's cockpit (refused, and nothing made, when not), and makes the
file: an extract at once, sent by e-mail as an attachment and to the webhook as links; a
monthly pack by a background job, its deliveries waiting until ``send_finished`` finds the
job done (sent with the download links) or failed (failed with its message).

E-mails go through Django's mail API to the subscriber's address, in the subscriber's
language; webhooks in their own format (``notices.robots``), signed where the robot signs.
Links are absolute through ZONETRACK_SITE_URL, as in alert e-mails and chat messages.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.core.models import Job, JobStatus

from . import products, subscriptions
from .choices import Channel, DeliveryStatus, WebhookFormat
from .models import Delivery, Subscription
from .products import Artefact
from .robots import Item, Message, absolute, payload_for, send_json

logger = logging.getLogger(__name__)


@dataclass
class DeliveryResult:
    """What one run did, counted by delivery (one per channel)."""

    due: int = 0
    sent: int = 0
    failed: int = 0
    refused: int = 0
    waiting: int = 0

    def count(self, status: str) -> None:
        if status == DeliveryStatus.SENT:
            self.sent += 1
        elif status == DeliveryStatus.REFUSED:
            self.refused += 1
        elif status == DeliveryStatus.PENDING:
            self.waiting += 1
        else:
            self.failed += 1


def _language(subscription: Subscription) -> str:
    return getattr(subscription.user, "language", "") or settings.LANGUAGE_CODE


def deliver_due(today: date | None = None) -> DeliveryResult:
    """Deliver every subscription due ``today`` (the zones' today by default), once each."""
    today = today or timezone.localdate()
    result = DeliveryResult()
    for subscription in subscriptions.subscriptions_due(today):
        rows = subscriptions.deliveries_claim(subscription=subscription, slot_on=today)
        if not rows:
            continue
        result.due += 1
        with translation.override(_language(subscription)):
            _deliver(subscription, rows, today, result)
    return result


def _finish_all(
    rows: Sequence[Delivery], status: str, error: str, result: DeliveryResult, job: Job | None
) -> None:
    for row in rows:
        subscriptions.delivery_finish(row, status=status, last_error=error, job=job)
        result.count(status)


def _deliver(
    subscription: Subscription, rows: list[Delivery], today: date, result: DeliveryResult
) -> None:
    user = subscription.user
    access.forget_memberships(user)  # asked afresh: access may have changed since yesterday
    if not products.may_receive(user, subscription.organisation, subscription.product):
        error = _("The subscriber may no longer open this organisation's cockpit.")
        _finish_all(rows, DeliveryStatus.REFUSED, error, result, None)
        return
    maker = products.maker_of(subscription.product)
    if maker is None:  # may_receive said yes, so it is registered; kept for the type checker
        return
    try:
        made = maker.make(user, subscription.organisation, today)
    except Exception as exc:  # one subscription's failure must not stop the others
        logger.exception("subscription %s: making its file failed", subscription.pk)
        _finish_all(rows, DeliveryStatus.FAILED, str(exc) or type(exc).__name__, result, None)
        return
    if isinstance(made, Artefact):
        _send(subscription, rows, made, result)
    elif made.status == JobStatus.FAILED:
        _finish_all(rows, DeliveryStatus.FAILED, _job_error(made), result, made)
    elif made.status == JobStatus.DONE:
        for row in rows:
            row.job = made
        _send_collected(subscription, rows, made, result)
    else:
        subscriptions.deliveries_wait(rows, made)
        result.waiting += len(rows)


def _job_error(job: Job) -> str:
    return job.message or _("The job making the file failed.")


def send_finished(*, now: Any = None) -> DeliveryResult:
    """Send the deliveries whose job has finished: with its files when it is done, failed with
    its message when it failed. Deliveries cut off before their job started are failed."""
    result = DeliveryResult()
    subscriptions.deliveries_interrupted(now=now)
    rows = list(
        Delivery.objects.filter(
            status=DeliveryStatus.PENDING,
            subscription__isnull=False,
            job__status__in=[JobStatus.DONE, JobStatus.FAILED],
        )
        .select_related("subscription__user", "subscription__organisation", "webhook", "job")
        .order_by("subscription_id", "slot_on", "pk")
    )
    groups: dict[tuple[int, Any], list[Delivery]] = {}
    for row in rows:
        if subscriptions.delivery_take(row):
            key = (row.subscription_id or 0, row.slot_on)
            groups.setdefault(key, []).append(row)
    for group in groups.values():
        subscription, job = group[0].subscription, group[0].job
        if subscription is None or job is None:
            continue
        with translation.override(_language(subscription)):
            if job.status == JobStatus.FAILED:
                _finish_all(group, DeliveryStatus.FAILED, _job_error(job), result, job)
            else:
                _send_collected(subscription, group, job, result)
    return result


def _send_collected(
    subscription: Subscription, rows: Sequence[Delivery], job: Job, result: DeliveryResult
) -> None:
    """Send the files of a finished job (the subscriber's access asked again: the job may
    have waited in the queue for hours)."""
    maker = products.maker_of(subscription.product)
    user = subscription.user
    access.forget_memberships(user)
    if not products.may_receive(user, subscription.organisation, subscription.product):
        error = _("The subscriber may no longer open this organisation's cockpit.")
        _finish_all(rows, DeliveryStatus.REFUSED, error, result, job)
        return
    try:
        if maker is None or maker.collect is None:
            raise LookupError(_("This kind of delivery is not offered any more."))
        artefact = maker.collect(job, subscription.organisation)
    except Exception as exc:
        logger.exception("subscription %s: reading job %s failed", subscription.pk, job.pk)
        _finish_all(rows, DeliveryStatus.FAILED, str(exc) or type(exc).__name__, result, job)
        return
    _send(subscription, rows, artefact, result)


def _send(
    subscription: Subscription, rows: Sequence[Delivery], artefact: Artefact, result: DeliveryResult
) -> None:
    for row in rows:
        if row.channel == Channel.EMAIL:
            status, attempts, error, payload = _email(subscription, artefact)
        else:
            status, attempts, error, payload = _webhook(subscription, row, artefact)
        subscriptions.delivery_finish(
            row, status=status, attempts=attempts, last_error=error, payload=payload, job=row.job
        )
        result.count(status)


def _subject(subscription: Subscription, artefact: Artefact) -> str:
    return _("zonetrack: %(title)s") % {"title": artefact.title}


def _manage_url() -> str:
    return absolute(reverse("notices:subscription_list"))


def _email(subscription: Subscription, artefact: Artefact) -> tuple[str, int, str, dict[str, Any]]:
    """The e-mail to the subscriber: the files attached, the links written out."""
    address = subscription.user.email
    payload: dict[str, Any] = {
        "subject": _subject(subscription, artefact),
        "attachments": [a.name for a in artefact.attachments],
        "links": [{"text": link.text, "url": absolute(link.path)} for link in artefact.links],
    }
    if not address:
        return (
            DeliveryStatus.FAILED,
            0,
            _("The subscriber's account has no e-mail address."),
            payload,
        )
    lines = [
        _("Your subscription: %(what)s of %(organisation)s.")
        % {"what": subscription.get_product_display(), "organisation": subscription.organisation},
    ]
    if artefact.period:
        lines.append(_("Month: %(period)s") % {"period": artefact.period})
    if artefact.attachments:
        lines.append(_("The file is attached."))
    lines += [f"{item['text']}: {item['url']}" for item in payload["links"]]
    lines += ["", _("Change or end your subscriptions: %(url)s") % {"url": _manage_url()}]
    message = EmailMessage(payload["subject"], "\n".join(lines), None, [address])
    for attachment in artefact.attachments:
        message.attach(attachment.name, attachment.content, attachment.mimetype)
    try:
        message.send()
    except Exception as exc:  # a mail server's failure must not stop the job
        return DeliveryStatus.FAILED, 1, str(exc)[:1000] or type(exc).__name__, payload
    return DeliveryStatus.SENT, 1, "", payload


def webhook_payload(subscription: Subscription, artefact: Artefact, fmt: str) -> dict[str, Any]:
    """The webhook's message: the title, organisation and period, one link per file. The
    generic format also carries them as fields (``subscription``) for a receiver that reads
    them."""
    links = [Item(link.text, absolute(link.path)) for link in artefact.links]
    figures = [(_("Organisation"), subscription.organisation.name)]
    if artefact.period:
        figures.append((_("Month"), artefact.period))
    message = Message(
        title=artefact.title, figures=figures, items=links, url=links[0].url if links else ""
    )
    payload = payload_for(fmt, message)
    if fmt == WebhookFormat.GENERIC:
        payload["subscription"] = {
            "id": subscription.pk,
            "product": subscription.product,
            "organisation": subscription.organisation.name,
            "organisation_id": subscription.organisation_id,
            "period": artefact.period,
            "files": [{"name": item.text, "url": item.url} for item in links],
        }
    return payload


def _webhook(
    subscription: Subscription, row: Delivery, artefact: Artefact
) -> tuple[str, int, str, dict[str, Any]]:
    """Post to the subscription's webhook, if it is still switched on and the subscriber may
    still use it."""
    webhook = row.webhook
    if webhook is None or webhook.is_archived or not webhook.is_active:
        return DeliveryStatus.FAILED, 0, _("The webhook is switched off or archived."), {}
    usable = subscriptions.subscription_webhooks(
        user=subscription.user, organisation=subscription.organisation
    )
    if webhook.pk not in {w.pk for w in usable}:
        error = _("The subscriber may no longer use this webhook.")
        return DeliveryStatus.REFUSED, 0, error, {}
    payload = webhook_payload(subscription, artefact, webhook.format)
    status, attempts, error = send_json(
        webhook.url, payload, fmt=webhook.format, secret=webhook.secret
    )
    return status, attempts, error, payload
