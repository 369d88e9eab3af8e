"""API routes of key tasks (督办事项): the list with the task pages' filters, one task with its
notes, giving a task, and writing progress — the same services and gate as the pages."""

from datetime import date
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.core.schemas import Pages, StrictIn
from zonetrack.core.validators import Day, Id, LongText, QueryText, Text
from zonetrack.projects.models import Project

from . import selectors, services
from .choices import TaskStatus
from .models import Indicator, Task, TaskNote

router = Router(tags=["targets"])


class TaskQuery(Schema):
    status: Annotated[QueryText, Field(max_length=20)] = ""
    overdue: bool = False
    unit: Id | None = None
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    q: QueryText = ""


class TaskOut(Schema):
    id: int
    title: str
    organisation_id: int
    organisation: str
    owner: str
    due_on: date
    status: str
    days_late: int
    indicator_id: int | None
    parent_id: int | None
    cancel_reason: str
    version: int


class TaskNoteOut(Schema):
    id: int
    written_on: date
    text: str
    author: str
    status: str
    evidence: list[str]


class TaskDetailOut(TaskOut):
    cooperating_unit_ids: list[int]
    project_ids: list[int]
    notes: list[TaskNoteOut]


class TaskIn(StrictIn):
    organisation_id: Id
    title: Text
    due_on: Day
    indicator_id: Id | None = None
    parent_id: Id | None = None
    cooperating_unit_ids: list[Id] = Field(default_factory=list, max_length=100)
    project_ids: list[Id] = Field(default_factory=list, max_length=200)


class TaskNoteIn(StrictIn):
    """A dated progress note; ``status`` moves the task (done needs the note to say what was
    done, cancelled needs ``cancel_reason``)."""

    text: LongText
    status: TaskStatus | None = None
    cancel_reason: Text = ""
    written_on: Day | None = None


def _out(task: Task, today: date) -> dict[str, Any]:
    return {
        "id": task.pk,
        "title": task.title,
        "organisation_id": task.organisation_id,
        "organisation": task.organisation.name,
        "owner": str(task.owner) if task.owner else "",
        "due_on": task.due_on,
        "status": task.status,
        "days_late": (today - task.due_on).days if task.is_overdue_on(today) else 0,
        "indicator_id": task.indicator_id,
        "parent_id": task.parent_id,
        "cancel_reason": task.cancel_reason,
        "version": task.version,
    }


def _note_out(note: TaskNote) -> dict[str, Any]:
    return {
        "id": note.pk,
        "written_on": note.written_on,
        "text": note.text,
        "author": str(note.author) if note.author else "",
        "status": note.status,
        "evidence": [evidence.name for evidence in note.evidence.all()],
    }


def _detail(request: HttpRequest, task_id: int) -> dict[str, Any]:
    task = selectors.task_get(user=request.user, task_id=task_id)
    return {
        **_out(task, timezone.localdate()),
        "cooperating_unit_ids": [unit.pk for unit in task.cooperating_units.all()],
        "project_ids": [project.pk for project in task.projects.all()],
        "notes": [_note_out(note) for note in selectors.task_notes(task=task)],
    }


@router.get("/targets/tasks", response=list[TaskOut])
@paginate(Pages)
def task_list(request: HttpRequest, filters: Query[TaskQuery]) -> Any:
    """The key tasks the user sees, soonest deadline first; ``status`` is a task status or
    "open", ``overdue`` keeps the open ones past their deadline, ``unit`` an owner unit and
    the units below it, ``year`` the year of the deadline."""
    params = {k: str(v) for k, v in filters.dict().items() if v not in (None, "", False)}
    if filters.overdue:
        params["overdue"] = "1"
    rows = selectors.task_list(user=request.user, filters=selectors.TaskFilters.from_params(params))
    today = timezone.localdate()
    return [_out(task, today) for task in rows]


@router.get("/targets/tasks/{task_id}", response=TaskDetailOut)
def task_get(request: HttpRequest, task_id: Id) -> Any:
    """One task with its co-operating units, linked projects and notes (newest first)."""
    return _detail(request, task_id)


def _seen(user: Any, model: type[Any], ids: list[int], field: str) -> list[Any]:
    """The records of ``ids`` the user sees; an unseen or unknown one is a field error."""
    if not ids:
        return []
    found = list(access.visible(model.objects.active(), user).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError(
            {
                field: _("Unknown or not visible: %(ids)s.")
                % {"ids": ", ".join(str(i) for i in sorted(set(ids) - {r.pk for r in found}))}
            }
        )
    return found


@router.post("/targets/tasks", response={201: TaskDetailOut})
def task_create(request: HttpRequest, payload: TaskIn) -> Any:
    """Give a unit a key task (managers of a level above it)."""
    user = request.user
    organisation = access.get_visible(
        Organisation.objects.active(), user, pk=payload.organisation_id
    )
    indicator = None
    if payload.indicator_id is not None:
        indicator = Indicator.objects.filter(is_active=True, pk=payload.indicator_id).first()
        if indicator is None:
            raise ValidationError({"indicator_id": _("Unknown indicator.")})
    parent = None
    if payload.parent_id is not None:
        parent = selectors.tasks_visible(user).filter(pk=payload.parent_id).first()
        if parent is None:
            raise ValidationError(
                {"parent_id": _("Unknown or not visible: %(ids)s.") % {"ids": payload.parent_id}}
            )
    task = services.task_create(
        actor=access.request_user(request),
        organisation=organisation,
        title=payload.title,
        due_on=payload.due_on,
        indicator=indicator,
        parent=parent,
        cooperating_units=_seen(
            user, Organisation, payload.cooperating_unit_ids, "cooperating_unit_ids"
        ),
        projects=_seen(user, Project, payload.project_ids, "project_ids"),
    )
    return Status(201, _detail(request, task.pk))


@router.post("/targets/tasks/{task_id}/notes", response={201: TaskDetailOut})
def task_note(request: HttpRequest, task_id: Id, payload: TaskNoteIn) -> Any:
    """Write a task's progress, moving its status when asked (its owner unit; co-operating
    units and the assigning level write notes that move nothing)."""
    task = selectors.task_get(user=request.user, task_id=task_id)
    services.task_progress(
        actor=access.request_user(request),
        task=task,
        text=payload.text,
        status=payload.status.value if payload.status else None,
        cancel_reason=payload.cancel_reason,
        written_on=payload.written_on,
    )
    return Status(201, _detail(request, task_id))
