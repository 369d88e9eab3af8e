"""Key tasks (督办事项) and their dated progress notes."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts.models import Organisation
from zonetrack.core.models import Record

from ..choices import OPEN_TASK_STATUSES, TaskStatus
from .indicators import Indicator


class Task(Record):
    """A key task (督办事项, 年度工作任务细化分解): a piece of the year's work with an owner unit,
    a person, a deadline and dated progress notes."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        related_name="key_tasks",
    )
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person in charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("key task")
        verbose_name_plural = _("key tasks")

    def __str__(self) -> str:
        return self.title

    def is_overdue_on(self, day: date) -> bool:
        return self.status in OPEN_TASK_STATUSES and self.due_on < day


class TaskNote(models.Model):
    """A dated progress note on a key task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    org_path = "task__organisation"

    class Meta:
        ordering = ["-written_on", "-pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return f"{self.task}: {self.written_on}"
