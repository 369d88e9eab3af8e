"""Reads of key tasks (督办事项) and their progress notes."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from zonetrack.accounts import access

from ..choices import OPEN_TASK_STATUSES
from ..models import Task, TaskNote


def task_list(*, user: Any, status: str = "") -> QuerySet[Task]:
    """The key tasks the user sees, soonest deadline first; ``status`` "overdue" gives the
    open tasks past their deadline."""
    rows = access.visible(Task.objects.active(), user).select_related(
        "organisation", "owner", "indicator"
    )
    if status == "overdue":
        return rows.filter(status__in=OPEN_TASK_STATUSES, due_on__lt=timezone.localdate())
    return rows.filter(status=status) if status else rows


def task_get(*, user: Any, task_id: int) -> Task:
    return access.get_visible(
        Task.objects.active().select_related("organisation", "owner", "indicator"),
        user,
        pk=task_id,
    )


def task_notes(*, task: Task) -> QuerySet[TaskNote]:
    return task.notes.select_related("author")
