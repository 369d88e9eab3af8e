"""Key tasks (督办事项): giving a unit a task, and its dated progress notes and status."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.services import actor_user, tracked_create, tracked_update

from .. import permissions
from ..choices import TaskStatus
from ..models import Indicator, Task, TaskNote


@transaction.atomic
def task_create(
    *,
    actor: User | None,
    organisation: Organisation,
    title: str,
    due_on: date,
    owner: User | None = None,
    indicator: Indicator | None = None,
) -> Task:
    """Give a unit a key task with a deadline (and a person in charge from that unit)."""
    if not permissions.can_create_task(actor, organisation):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = _("Give the task a title.")
    if owner is not None and access.role_in(owner, organisation) is None:
        errors["owner"] = _("The person in charge must belong to the owner unit.")
    if errors:
        raise ValidationError(errors)
    task = Task(
        organisation=organisation,
        title=title.strip(),
        due_on=due_on,
        owner=owner,
        indicator=indicator,
    )
    return tracked_create(actor=actor, obj=task)


@transaction.atomic
def task_progress(
    *,
    actor: User | None,
    task: Task,
    text: str,
    status: str | None = None,
    cancel_reason: str = "",
    written_on: date | None = None,
) -> TaskNote:
    """Write a dated progress note, moving the task's status with it; cancelling needs a
    reason. A note cannot be dated in the future."""
    if not permissions.can_report_task(actor, task):
        raise PermissionDenied
    today = timezone.localdate()
    written_on = written_on or today
    errors: dict[str, str] = {}
    if not (text or "").strip():
        errors["text"] = _("Write what has been done.")
    if written_on > today:
        errors["written_on"] = _("A progress note cannot be dated in the future.")
    if status == TaskStatus.CANCELLED and not cancel_reason.strip():
        errors["cancel_reason"] = _("Say why the task is cancelled.")
    if errors:
        raise ValidationError(errors)
    if status and status != task.status:
        changes: dict[str, object] = {"status": status}
        if status == TaskStatus.CANCELLED:
            changes["cancel_reason"] = cancel_reason.strip()
        tracked_update(actor=actor, obj=task, changes=changes)
    return TaskNote.objects.create(
        task=task, written_on=written_on, text=text.strip(), author=actor_user(actor)
    )
