"""Key tasks (督办事项): the task with its co-operating units, linked projects and breakdown,
its dated progress notes and the evidence files attached to them."""

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
    a person, a deadline and dated progress notes.

    Its owner unit does the work and writes progress; the levels above it give, change and
    cancel it; its co-operating units see it and write notes. "Overdue" is not stored: an
    open task past its deadline is overdue (``is_overdue_on``), so it never goes stale.
    """

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
    # The year's task this one is a piece of (年度任务 → 分解): owned by a unit below its owner.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
    )
    cooperating_units = models.ManyToManyField(
        Organisation,
        verbose_name=_("co-operating units"),
        blank=True,
        related_name="cooperating_tasks",
    )
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("projects"), blank=True, related_name="key_tasks"
    )
    # The date of the note that marked it done: "done on time" is judged against the deadline.
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("key task")
        verbose_name_plural = _("key tasks")
        indexes = [models.Index(fields=["status", "due_on"], name="targets_task_status_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TASK_STATUSES

    def is_overdue_on(self, day: date) -> bool:
        return self.status in OPEN_TASK_STATUSES and self.due_on < day


class TaskNote(models.Model):
    """A dated progress note on a key task, by its owner unit, a co-operating unit or the
    level that gave it; ``status`` is the status the note moved the task to, if any."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The unit the author wrote for (the owner or a co-operating unit), shown in the timeline.
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("writing unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    org_path = "task__organisation"

    class Meta:
        ordering = ["-written_on", "-pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return f"{self.task}: {self.written_on}"


class TaskEvidence(models.Model):
    """One evidence file of a progress note (a photo, a signed document, a table), checked by
    its content like a project's stage evidence and downloaded only through its task."""

    org_path = "note__task__organisation"

    note = models.ForeignKey(TaskNote, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="tasks/%Y/%m/")
    # The name the sender gave it (shown in the timeline); the stored file's is the checked one.
    name = models.CharField(_("name"), max_length=120)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["note", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.name
