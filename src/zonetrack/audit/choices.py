"""Choices of the audit app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    ARCHIVE = "archive", _("archived")
    RESTORE = "restore", _("restored")
    PURGE = "purge", _("purged")
