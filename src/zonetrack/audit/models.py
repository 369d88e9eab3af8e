"""One row per change of a domain record: who, when, what, before and after."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Action


class Change(models.Model):
    """A create, update, archive, restore or purge of one record.

    ``before`` and ``after`` hold only the fields that changed (all fields on create), as JSON.
    Rows are written by ``audit.services`` inside the same transaction as the change itself.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("record"), max_length=255)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    # Not stored: the (label, before, after) rows a history page shows (selectors.history_for).
    rows: list[tuple[str, Any, Any]]

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.object_repr} {self.action} by {self.actor_name or '-'}"

    @property
    def fields(self) -> list[tuple[str, object, object]]:
        """(field, before, after) triples for display."""
        names = list(dict.fromkeys([*self.before.keys(), *self.after.keys()]))
        return [(name, self.before.get(name), self.after.get(name)) for name in names]
