"""Alerts (each condition once, by its key), in-app notifications, the webhooks that carry
alerts and each delivery — shared by every app that raises alerts — and the subscriptions that
deliver a pack or an extract on a schedule through the same channels.

The tables keep the names they had when dispatch owned these models (``dispatch_*``): the
models moved, their rows did not.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts.models import Organisation
from zonetrack.core.models import Job, Record

from .choices import Cadence, Channel, DeliveryStatus, Product, WebhookFormat, Weekday


class Alert(models.Model):
    """A condition an app found; its key makes each condition alert only once.

    Its kind is an app's own code (``notices.kinds``); the organisation is the one the
    condition concerns, whose webhooks (and those above that cover it) hear it.
    """

    org_path = "organisation"

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=30)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        db_table = "dispatch_alert"
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self) -> str:
        return self.text

    @property
    def kind_label(self) -> str:
        from .kinds import kind_label

        return kind_label(self.kind)


class Notification(models.Model):
    """An in-app message to one user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    alert = models.ForeignKey(Alert, null=True, blank=True, on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=30)
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        db_table = "dispatch_notification"
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text

    @property
    def kind_label(self) -> str:
        from .kinds import kind_label

        return kind_label(self.kind)


class Webhook(Record):
    """A chat robot (or any endpoint) an organisation's alerts are posted to, in its format.

    It hears the alerts concerning its organisation, and with ``covers_below`` those of
    every organisation below (a city hearing its zones). The secret
    signs DingTalk messages; it is written, never shown back, and kept out of the history.
    """

    org_path = "organisation"
    history_exclude: ClassVar[frozenset[str]] = Record.history_exclude | {"secret"}

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    url = models.CharField(_("webhook address"), max_length=500)
    format = models.CharField(
        _("message format"),
        max_length=10,
        choices=WebhookFormat.choices,
        default=WebhookFormat.GENERIC,
    )
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    is_active = models.BooleanField(_("switched on"), default=True)
    sends_digest = models.BooleanField(_("daily digest when there are many alerts"), default=True)
    covers_below = models.BooleanField(
        _("also the alerts of the organisations below"), default=False
    )

    class Meta:
        ordering = ["organisation_id", "name", "id"]
        db_table = "dispatch_webhook"
        verbose_name = _("alert webhook")
        verbose_name_plural = _("alert webhooks")

    def __str__(self) -> str:
        return self.name

    @property
    def has_secret(self) -> bool:
        return bool(self.secret)


# The last day of the month a monthly subscription may name: every month has it.
LAST_DAY = 28


class Subscription(Record):
    """A user's standing order: an organisation's monthly pack or cockpit extract, delivered
    monthly on a day or weekly on a weekday, by e-mail to the user and/or to one webhook.

    Only its subscriber (and a superuser) sees it: it is the user's, not the organisation's,
    so it is never listed through the organisation's visibility rule. Switched off it waits;
    archived it is gone from the user's list, its deliveries kept.
    """

    org_path = "organisation"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("subscriber"),
        on_delete=models.PROTECT,
        related_name="subscriptions",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    product = models.CharField(_("delivers"), max_length=20, choices=Product.choices)
    cadence = models.CharField(_("cadence"), max_length=10, choices=Cadence.choices)
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(LAST_DAY)],
    )
    weekday = models.PositiveSmallIntegerField(
        _("day of the week"), null=True, blank=True, choices=Weekday.choices
    )
    by_email = models.BooleanField(_("by e-mail"), default=True)
    webhook = models.ForeignKey(
        Webhook,
        verbose_name=_("webhook"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subscriptions",
    )
    is_active = models.BooleanField(_("switched on"), default=True)

    class Meta:
        ordering = ["user_id", "organisation_id", "id"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        indexes = [models.Index(fields=["cadence", "day_of_month"], name="subscription_monthly")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(cadence=Cadence.MONTHLY, day_of_month__gte=1, day_of_month__lte=LAST_DAY)
                    | Q(cadence=Cadence.WEEKLY, weekday__gte=0, weekday__lte=6)
                ),
                name="subscription_schedule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_product_display()}"

    @property
    def schedule_label(self) -> str:
        """When it is delivered, in words: "monthly on day 5", "weekly on Monday"."""
        if self.cadence == Cadence.MONTHLY:
            return gettext("Monthly on day %(day)s") % {"day": self.day_of_month}
        return gettext("Weekly on %(weekday)s") % {"weekday": self.get_weekday_display()}


class Delivery(models.Model):
    """One e-mail or webhook delivery of a job run's alerts, or of a subscription, kept so
    failures are visible.

    A webhook's daily digest carries ``digest_on``: a sent one is never sent again that day.
    A subscription's carries the day it was due (``slot_on``), one per channel: a subscription
    is delivered once on its day however often the job runs; a pack's waits (pending) for the
    background job making it (``job``).
    """

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    target = models.CharField(_("target"), max_length=300)
    webhook = models.ForeignKey(
        Webhook, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    digest_on = models.DateField(_("digest of"), null=True, blank=True)
    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("subscription"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    slot_on = models.DateField(_("delivery day"), null=True, blank=True)
    job = models.ForeignKey(
        Job,
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    payload = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        db_table = "dispatch_delivery"
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")
        indexes = [
            models.Index(fields=["webhook", "digest_on"], name="delivery_digest"),
            models.Index(fields=["subscription", "-created_at"], name="delivery_subscription"),
            models.Index(fields=["status", "job"], name="delivery_pending"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "slot_on", "channel"],
                condition=Q(subscription__isnull=False),
                name="delivery_once_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.target} {self.status}"
