"""Abstract base models: timestamps, optimistic versioning and archiving."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordQuerySet(models.QuerySet):
    """Queryset of domain records: hides archived rows unless asked."""

    def active(self) -> RecordQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> RecordQuerySet:
        return self.filter(archived_at__isnull=False)


class Record(models.Model):
    """A domain record: versioned for safe concurrent editing, archived instead of deleted.

    ``org_path`` names the lookup from the record to the Organisation that owns it; the
    visibility rule in ``accounts.access`` uses it and nothing else.
    """

    org_path: ClassVar[str] = "organisation"
    # Fields that are bookkeeping, not content: left out of change history.
    history_exclude: ClassVar[frozenset[str]] = frozenset(
        {"id", "version", "created_at", "updated_at", "archived_at"}
    )

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def is_assigned_to(self, user: Any) -> bool:
        """Whether an officer may edit this record because it is assigned to them."""
        return False
