"""Abstract base models: timestamps, optimistic versioning and archiving."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def latitude_field() -> models.DecimalField:
    """An optional WGS-84 latitude in degrees, to the sixth decimal (about 0.1 m)."""
    return models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )


def longitude_field() -> models.DecimalField:
    """An optional WGS-84 longitude in degrees, to the sixth decimal."""
    return models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )


class RecordQuerySet(models.QuerySet):
    """Queryset of domain records: hides archived rows unless asked."""

    def active(self) -> Self:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> Self:
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


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """A long piece of work (a large import or export) run in the background for one user.

    Jobs are bookkeeping, not records of the zones: their owner alone sees them, and what they
    write to records goes through the services and their history like any other write.
    """

    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="jobs",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    file = models.FileField(_("file"), upload_to="jobs/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("background job", "created"), auto_now_add=True)
    started_at = models.DateTimeField(
        pgettext_lazy("background job", "started"), null=True, blank=True
    )
    finished_at = models.DateTimeField(
        pgettext_lazy("background job", "finished"), null=True, blank=True
    )
    # The worker writes this while it runs; a running job whose heartbeat is old lost its worker.
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Set, in the same transaction as the writes, on the preview whose plan was imported: a plan
    # is written once, however often its import runs.
    applied_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-created_at"]),
            models.Index(fields=["status", "heartbeat_at"]),
        ]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
