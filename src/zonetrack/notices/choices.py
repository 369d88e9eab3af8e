"""Choices of the notices app: delivery channels, webhook message formats, delivery outcomes."""

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
