"""Reads of key tasks (督办事项): the list with its filters, the board by status, a leader's
"my tasks", one task with its notes and evidence.

Who sees a task is the gate's rule along its owner unit, and also along its co-operating
units: a unit asked to help sees the task it helps with (a many-to-many link, which the gate's
forward-key paths do not follow, so it is joined here through the gate's own ``visible``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import Organisation
from zonetrack.audit.selectors import history_for

from ..choices import OPEN_TASK_STATUSES, TaskStatus
from ..models import Task, TaskEvidence, TaskNote

# Cards a board column shows (the soonest deadlines first); the rest are one click away.
BOARD_CARDS = 30
# Rows of each part of "my tasks".
MY_TASKS_LIMIT = 100
# The years a task's year filter accepts.
YEAR_MIN, YEAR_MAX = 2000, 2100

_SHOWN = ("organisation", "owner", "indicator")


def tasks_visible(user: Any) -> QuerySet[Task]:
    """The active tasks the user sees: owned by a unit in view, or shared with one in view as
    a co-operating unit."""
    rows = Task.objects.active()
    if access.is_superuser(user):
        return rows
    shared = access.visible(Task.cooperating_units.through.objects.all(), user).values("task")
    return access.visible(rows, user) | rows.filter(pk__in=shared)


def overdue_q(today: date) -> Q:
    """The rule of an overdue task: open, and past its deadline on ``today``."""
    return Q(status__in=OPEN_TASK_STATUSES, due_on__lt=today)


def mark_late(tasks: list[Task], today: date | None = None) -> list[Task]:
    """Give each task ``days_late``: how many days an open task is past its deadline (0 when
    it is not late), for the cards that say so."""
    today = today or timezone.localdate()
    for task in tasks:
        late = (today - task.due_on).days if task.is_overdue_on(today) else 0
        task.days_late = late  # type: ignore[attr-defined]
    return tasks


def overdue_first(rows: QuerySet[Task], today: date | None = None) -> QuerySet[Task]:
    """Late open tasks first, then by deadline."""
    late = Case(
        When(overdue_q(today or timezone.localdate()), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return rows.annotate(late_rank=late).order_by("late_rank", "due_on", "pk")


@dataclass(frozen=True)
class TaskFilters:
    """The task list's and the board's filters, read from the query string: ``status`` is a
    task status or "open"; ``overdue`` keeps the late open tasks; ``unit`` the tasks of an
    owner unit (and the units below it); ``year`` those due in that year."""

    status: str = ""
    unit: int | None = None
    overdue: bool = False
    year: int | None = None
    q: str = ""

    @classmethod
    def from_params(cls, params: QueryDict | dict[str, str]) -> TaskFilters:
        status = str(params.get("status") or "")
        if status == "overdue":  # the old address of the overdue list
            status, overdue = "", True
        else:
            overdue = str(params.get("overdue") or "") in {"1", "on", "true"}
        if status not in {"open", *TaskStatus.values}:
            status = ""
        unit = str(params.get("unit") or "")
        year = str(params.get("year") or "")
        year_number = int(year) if year.isdecimal() and len(year) == 4 else None
        if year_number is not None and not YEAR_MIN <= year_number <= YEAR_MAX:
            year_number = None
        return cls(
            status=status,
            unit=int(unit) if unit.isdecimal() and len(unit) <= 12 else None,
            overdue=overdue,
            year=year_number,
            q=str(params.get("q") or "").strip()[:100],
        )


def _filtered(rows: QuerySet[Task], user: Any, filters: TaskFilters) -> QuerySet[Task]:
    if filters.status == "open":
        rows = rows.filter(status__in=OPEN_TASK_STATUSES)
    elif filters.status:
        rows = rows.filter(status=filters.status)
    if filters.overdue:
        rows = rows.filter(overdue_q(timezone.localdate()))
    if filters.year is not None:
        rows = rows.filter(due_on__year=filters.year)
    if filters.unit is not None:
        unit = access.visible(Organisation.objects.all(), user).filter(pk=filters.unit).first()
        rows = access.within(rows, unit) if unit is not None else rows.none()
    if filters.q:
        rows = rows.filter(title__icontains=filters.q)
    return rows


def task_list(*, user: Any, status: str = "", filters: TaskFilters | None = None) -> QuerySet[Task]:
    """The key tasks the user sees, soonest deadline first; ``status`` "overdue" (or
    ``filters.overdue``) gives the open tasks past their deadline."""
    filters = filters or TaskFilters.from_params({"status": status})
    rows = tasks_visible(user).select_related(*_SHOWN)
    return _filtered(rows, user, filters).order_by("due_on", "pk")


@dataclass
class BoardColumn:
    """One column of the task board: a status (or "overdue"), how many, the first cards."""

    key: str
    label: str
    count: int
    cards: list[Task]
    css: str

    @property
    def more(self) -> int:
        return max(self.count - len(self.cards), 0)


BOARD = (
    ("not_started", _("Tasks not started"), "bg-secondary"),
    ("in_progress", _("Tasks in progress"), "bg-blue"),
    ("overdue", _("Overdue tasks"), "bg-red"),
    ("done", _("Tasks done"), "bg-green"),
    ("cancelled", _("Tasks cancelled"), "bg-dark"),
)


def _column_q(key: str, today: date) -> Q:
    """The tasks of one board column: an open task is in "overdue" once late, not in its
    status's column."""
    if key == "overdue":
        return overdue_q(today)
    if key in OPEN_TASK_STATUSES:
        return Q(status=key) & ~Q(due_on__lt=today)
    return Q(status=key)


def board_columns(*, user: Any, filters: TaskFilters) -> list[BoardColumn]:
    """The board by status (未开始 / 进行中 / 已逾期 / 已完成 / 已取消): one count query and one
    query per column, whatever the number of tasks."""
    today = timezone.localdate()
    rows = _filtered(tasks_visible(user), user, filters)
    counts = rows.aggregate(
        **{key: Count("pk", filter=_column_q(key, today)) for key, _label, _css in BOARD}
    )
    columns = []
    for key, label, css in BOARD:
        cards = []
        if counts[key]:
            cards = list(
                rows.filter(_column_q(key, today))
                .select_related(*_SHOWN)
                .order_by("due_on", "pk")[:BOARD_CARDS]
            )
        columns.append(BoardColumn(key, str(label), counts[key], mark_late(cards, today), css))
    return columns


@dataclass
class MyTasks:
    """A leader's tasks: those of their own unit or in their charge, those their unit helps
    with, and the open tasks of the units below them — each late ones first."""

    owned: list[Task]
    cooperating: list[Task]
    supervised: list[Task]


def my_tasks(*, user: Any) -> MyTasks:
    """What "my tasks" shows the user, three queries whatever the data: open tasks only (a
    done or cancelled task needs nothing from anyone)."""
    units = [m.organisation_id for m in access.memberships(user)]
    open_rows = tasks_visible(user).filter(status__in=OPEN_TASK_STATUSES).select_related(*_SHOWN)
    owned = overdue_first(open_rows.filter(Q(owner=user) | Q(organisation__in=units)))
    cooperating = overdue_first(
        open_rows.filter(cooperating_units__in=units).exclude(organisation__in=units).distinct()
    )
    supervised = overdue_first(
        access.supervised_by(open_rows, user, Role.VIEWER)
        .exclude(organisation__in=units)
        .exclude(owner=user)
    )
    return MyTasks(
        owned=mark_late(list(owned[:MY_TASKS_LIMIT])),
        cooperating=mark_late(list(cooperating[:MY_TASKS_LIMIT])),
        supervised=mark_late(list(supervised[:MY_TASKS_LIMIT])),
    )


def task_get(*, user: Any, task_id: int) -> Task:
    """One task the user sees (404 otherwise), with its co-operating units, projects, the task
    it is part of and its parts loaded."""
    rows = (
        tasks_visible(user)
        .select_related(*_SHOWN, "parent")
        .prefetch_related(
            "cooperating_units",
            "projects__zone",
            Prefetch("subtasks", Task.objects.active().select_related("organisation")),
        )
    )
    return get_object_or_404(rows, pk=task_id)


def task_notes(*, task: Task) -> QuerySet[TaskNote]:
    """A task's notes, newest first, with their authors, units and evidence files."""
    return task.notes.select_related("author", "organisation").prefetch_related(
        Prefetch("evidence", TaskEvidence.objects.order_by("pk"))
    )


def task_assignable_units(*, user: Any) -> QuerySet[Organisation]:
    """The units the user may give a task to: those strictly below where they manage (the
    rule of ``permissions.can_create_task`` as a query)."""
    return (
        access.supervised_by(Organisation.objects.active(), user, Role.MANAGER)
        .only("pk", "name", "path")
        .order_by("path")
    )


def task_unit_choices(*, user: Any) -> QuerySet[Organisation]:
    """The units a task filter or form offers: the active organisations the user sees."""
    return (
        access.visible(Organisation.objects.active(), user)
        .only("pk", "name", "path")
        .order_by("path")
    )


def task_history(*, task: Task) -> list[Any]:
    """The task's recorded changes (status moves, new deadlines, cancelling), newest first."""
    return history_for(task)
