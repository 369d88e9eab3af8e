"""Choices of the notices app: delivery channels, webhook message formats, delivery outcomes,
and what a subscription delivers and how often."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Webhook")


class WebhookFormat(models.TextChoices):
    """The message format a webhook speaks: zonetrack's own JSON, or a group robot's."""

    GENERIC = "generic", _("Generic JSON")
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")


class DeliveryStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # A subscription's delivery waiting for its file (a monthly pack being made).
    PENDING = "pending", _("Waiting for its file")
    # Not sent: the subscriber may no longer see what it would carry.
    REFUSED = "refused", _("Refused")


class Product(models.TextChoices):
    """What a subscription delivers; the app that makes it registers it (``notices.products``)."""

    PACK = "pack", _("Monthly statistical pack")
    COCKPIT_EXTRACT = "cockpit_extract", _("Cockpit extract")


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly, on a day of the month")
    WEEKLY = "weekly", _("Weekly, on a day of the week")


class Weekday(models.IntegerChoices):
    """Days of the week as ``date.weekday()`` numbers them."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")
