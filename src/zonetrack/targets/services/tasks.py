"""Key tasks (督办事项): giving a unit a task (or a part of one), changing and cancelling it
(the assigning level), and dated progress notes with evidence files that move its status
(the owner unit) or only comment on it (co-operating units, the assigning level).

Every status change is a tracked update of the task, so the task's history shows who moved it
when; the notes are its timeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.services import actor_user, tracked_create, tracked_update
from zonetrack.projects import files
from zonetrack.projects.models import Project

from .. import notify, permissions
from ..choices import TaskStatus
from ..models import Indicator, Task, TaskEvidence, TaskNote

# A note carries a few files (a photo of the site, the signed acceptance, a table), not a folder.
MAX_EVIDENCE_FILES = 5


def _check(
    *,
    actor: User | None,
    organisation: Organisation,
    title: str,
    due_on: date,
    owner: User | None,
    cooperating_units: Sequence[Organisation],
    projects: Sequence[Project],
    year_given: int,
    parent: Task | None = None,
    is_new: bool = True,
) -> dict[str, str]:
    """The field errors of a task's content (empty when it may be saved); a new part needs
    its task open, a part already given keeps its place when that task closes."""
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = _("Give the task a title.")
    if owner is not None and access.role_in(owner, organisation) is None:
        errors["owner"] = _("The person in charge must belong to the owner unit.")
    if due_on.year < year_given:
        errors["due_on"] = _(
            "The deadline cannot be before the year the task is given (%(year)d)."
        ) % {"year": year_given}
    if any(unit.pk == organisation.pk for unit in cooperating_units):
        errors["cooperating_units"] = _("The owner unit cannot also be a co-operating unit.")
    elif not all(access.can_view(actor, unit) for unit in cooperating_units):
        errors["cooperating_units"] = _("Choose co-operating units you can see.")
    if not all(access.can_view(actor, project) for project in projects):
        errors["projects"] = _("Choose projects you can see.")
    if parent is not None:
        if is_new and not parent.is_open:
            errors["parent"] = _("A done or cancelled task is not broken down further.")
        elif not access.is_within(organisation, parent.organisation):
            errors["organisation"] = _(
                "A part of a task is owned by that task's unit or a unit below it."
            )
        elif due_on > parent.due_on:
            errors["due_on"] = _(
                "A part's deadline cannot be after the deadline of the task it is part of "
                "(%(date)s)."
            ) % {"date": parent.due_on.isoformat()}
    return errors


@transaction.atomic
def task_create(
    *,
    actor: User | None,
    organisation: Organisation,
    title: str,
    due_on: date,
    owner: User | None = None,
    indicator: Indicator | None = None,
    cooperating_units: Iterable[Organisation] = (),
    projects: Iterable[Project] = (),
    parent: Task | None = None,
) -> Task:
    """Give a unit a key task with a deadline (and a person in charge from that unit), or a
    part of a task (``parent``) to a unit at or below the task's owner; only a level above
    the unit gives it one. The deadline is this year or later."""
    if not permissions.can_create_task(actor, organisation):
        raise PermissionDenied
    units, linked = list(cooperating_units), list(projects)
    errors = _check(
        actor=actor,
        organisation=organisation,
        title=title,
        due_on=due_on,
        owner=owner,
        cooperating_units=units,
        projects=linked,
        year_given=timezone.localdate().year,
        parent=parent,
    )
    if errors:
        raise ValidationError(errors)
    task = Task(
        organisation=organisation,
        title=title.strip(),
        due_on=due_on,
        owner=owner,
        indicator=indicator,
        parent=parent,
    )
    task = tracked_create(
        actor=actor, obj=task, m2m={"cooperating_units": units, "projects": linked}
    )
    notify.task_given(task)
    return task


def _open_for_change(actor: User | None, task: Task) -> None:
    if not permissions.can_change_task(actor, task):
        raise PermissionDenied
    if not task.is_open:
        raise ValidationError(_("A done or cancelled task is no longer changed."))


@transaction.atomic
def task_update(
    *,
    actor: User | None,
    task: Task,
    title: str,
    due_on: date,
    owner: User | None = None,
    indicator: Indicator | None = None,
    cooperating_units: Iterable[Organisation] = (),
    projects: Iterable[Project] = (),
    expected_version: int | None = None,
) -> Task:
    """Change an open task (its title, person, deadline, links): the assigning level only. The
    owner unit and the task it is part of stay; the change is kept in the task's history."""
    _open_for_change(actor, task)
    units, linked = list(cooperating_units), list(projects)
    errors = _check(
        actor=actor,
        organisation=task.organisation,
        title=title,
        due_on=due_on,
        owner=owner,
        cooperating_units=units,
        projects=linked,
        year_given=timezone.localtime(task.created_at).year,
        parent=task.parent,
        is_new=False,
    )
    if errors:
        raise ValidationError(errors)
    return tracked_update(
        actor=actor,
        obj=task,
        changes={
            "title": title.strip(),
            "due_on": due_on,
            "owner": owner,
            "indicator": indicator,
            "cooperating_units": units,
            "projects": linked,
        },
        expected_version=expected_version,
    )


@transaction.atomic
def task_cancel(
    *, actor: User | None, task: Task, reason: str, expected_version: int | None = None
) -> TaskNote:
    """Cancel an open task with a reason (the assigning level only); the reason is kept on the
    task and as a note in its timeline."""
    _open_for_change(actor, task)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the task is cancelled.")})
    tracked_update(
        actor=actor,
        obj=task,
        changes={"status": TaskStatus.CANCELLED, "cancel_reason": reason[:200]},
        expected_version=expected_version,
    )
    return _note(actor, task, reason, TaskStatus.CANCELLED, timezone.localdate())


def _writing_unit(actor: User | None, task: Task) -> Organisation | None:
    """The unit a note is written for: the owner unit when the author is one of its people,
    else the co-operating unit they belong to, else their own (the assigning level)."""
    places = [m.organisation for m in access.memberships(actor)]
    for unit in [task.organisation, *task.cooperating_units.all()]:
        if any(access.is_within(place, unit) for place in places):
            return unit
    return places[0] if places else None


def _note(actor: User | None, task: Task, text: str, status: str, written_on: date) -> TaskNote:
    return TaskNote.objects.create(
        task=task,
        written_on=written_on,
        text=text,
        author=actor_user(actor),
        organisation=_writing_unit(actor, task),
        status=status,
    )


def checked_evidence(uploads: Sequence[UploadedFile]) -> list[tuple[str, ContentFile]]:
    """Each upload as (its sender's name, the checked file to store): at most
    ``MAX_EVIDENCE_FILES``, each a PDF, image, Word, Excel or OFD document of at most 10 MB
    (the checks of a project's stage evidence). A refused one raises a ValidationError on
    ``evidence`` naming the file."""
    if len(uploads) > MAX_EVIDENCE_FILES:
        raise ValidationError(
            {"evidence": _("At most %(count)d files per note.") % {"count": MAX_EVIDENCE_FILES}}
        )
    checked: list[tuple[str, ContentFile]] = []
    for upload in uploads:
        sent = (upload.name or "").strip()[-120:] or _("Evidence")
        try:
            checked.append((sent, files.checked_evidence(upload)))
        except ValidationError as exc:
            raise ValidationError({"evidence": f"{sent}: {' '.join(exc.messages)}"}) from exc
    return checked


@transaction.atomic
def task_progress(
    *,
    actor: User | None,
    task: Task,
    text: str,
    status: str | None = None,
    cancel_reason: str = "",
    written_on: date | None = None,
    evidence: Sequence[UploadedFile] = (),
) -> TaskNote:
    """Write a dated progress note with its evidence files, moving the task's status with it.

    The owner unit's officers (and the levels above) move the status; co-operating units and
    the assigning level may write a note that moves nothing. Marking a task done needs a note
    saying what was done; cancelling is the assigning level's and needs a reason; a cancelled
    task moves no more. A note cannot be dated in the future.
    """
    if not permissions.can_note_task(actor, task):
        raise PermissionDenied
    today = timezone.localdate()
    written_on = written_on or today
    moves = bool(status) and status != task.status
    errors: dict[str, str] = {}
    if not (text or "").strip():
        errors["text"] = (
            _("Say what was done: a task is marked done with a note.")
            if status == TaskStatus.DONE
            else _("Write what has been done.")
        )
    if written_on > today:
        errors["written_on"] = _("A progress note cannot be dated in the future.")
    if status and status not in TaskStatus.values:
        errors["status"] = _("Choose a status.")
    if status == TaskStatus.CANCELLED and not (cancel_reason or "").strip():
        errors["cancel_reason"] = _("Say why the task is cancelled.")
    if moves and task.status == TaskStatus.CANCELLED:
        errors["status"] = _("A cancelled task is closed: its status no longer moves.")
    if errors:
        raise ValidationError(errors)
    if moves:
        allowed = (
            permissions.can_change_task(actor, task)
            if status == TaskStatus.CANCELLED
            else permissions.can_report_task(actor, task)
        )
        if not allowed:
            raise PermissionDenied
    stored = checked_evidence(evidence)
    if moves:
        changes: dict[str, object] = {"status": status}
        if status == TaskStatus.CANCELLED:
            changes["cancel_reason"] = cancel_reason.strip()[:200]
        changes["done_on"] = written_on if status == TaskStatus.DONE else None
        task = tracked_update(actor=actor, obj=task, changes=changes)
        if status == TaskStatus.DONE:
            notify.task_done(task)
    note = _note(actor, task, text.strip(), (status or "") if moves else "", written_on)
    for name, content in stored:
        TaskEvidence.objects.create(
            note=note,
            file=content,
            name=name,
            size_bytes=content.size,
        )
    return note
