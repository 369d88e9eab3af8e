"""Key tasks through their services: co-operating units, linked projects and a breakdown; who
gives, changes and cancels a task and who writes progress; the status rules (done with a note,
cancelled with a reason) and the history they leave; evidence files and their checks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zonetrack.audit.services import history_of
from zonetrack.core.errors import StaleVersion
from zonetrack.targets import selectors, services
from zonetrack.targets.choices import TaskStatus
from zonetrack.targets.models import Task, TaskEvidence, TaskNote

from ..conftest import World

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "验收单.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def give(world: World, **extra: object) -> Task:
    values: dict[str, object] = {
        "actor": world.city_manager,
        "organisation": world.org_a,
        "title": "甲区标准化厂房二期开工",
        "due_on": TODAY + timedelta(days=30),
        **extra,
    }
    return services.task_create(**values)  # type: ignore[arg-type]


def errors_of(caught: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return caught.value.message_dict


def test_a_task_names_its_cooperating_units_and_projects(world: World) -> None:
    task = give(world, cooperating_units=[world.org_b], projects=[world.project_a])
    assert list(task.cooperating_units.all()) == [world.org_b]
    assert list(task.projects.all()) == [world.project_a]
    created = history_of(task).get()
    assert created.after["cooperating_units"] == [world.org_b.pk]
    with pytest.raises(ValidationError) as caught:
        give(world, cooperating_units=[world.org_a])
    assert "cooperating_units" in errors_of(caught)
    # A zone's manager cannot link a project it does not see.
    with pytest.raises(ValidationError) as caught:
        services.task_create(
            actor=world.a_manager,
            organisation=world.dept_a,
            title="招商",
            due_on=TODAY,
            projects=[world.project_b],
        )
    assert "projects" in errors_of(caught)


def test_only_a_level_above_gives_a_task_and_a_part_goes_down_the_tree(world: World) -> None:
    year_task = give(world)
    # The zone breaks the city's task down to its department, by the task's deadline.
    part = services.task_create(
        actor=world.a_manager,
        organisation=world.dept_a,
        title="完成厂房招商",
        due_on=year_task.due_on,
        parent=year_task,
    )
    assert list(year_task.subtasks.all()) == [part]
    with pytest.raises(PermissionDenied):  # never a unit to itself
        services.task_create(
            actor=world.a_manager, organisation=world.org_a, title="x", due_on=TODAY
        )
    with pytest.raises(ValidationError) as caught:
        services.task_create(
            actor=world.a_manager,
            organisation=world.dept_a,
            title="晚于年度任务",
            due_on=year_task.due_on + timedelta(days=1),
            parent=year_task,
        )
    assert "due_on" in errors_of(caught)
    with pytest.raises(ValidationError) as caught:
        services.task_create(
            actor=world.city_manager,
            organisation=world.org_b,
            title="乙区的一部分",
            due_on=TODAY,
            parent=year_task,
        )
    assert "organisation" in errors_of(caught)


def test_a_deadline_before_the_year_the_task_is_given_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        give(world, due_on=date(TODAY.year - 1, 12, 31))
    assert "before the year" in errors_of(caught)["due_on"][0]
    assert not Task.objects.exists()
    task = give(world)
    with pytest.raises(ValidationError) as caught:
        services.task_update(
            actor=world.city_manager,
            task=task,
            title=task.title,
            due_on=date(TODAY.year - 1, 6, 1),
        )
    assert "due_on" in errors_of(caught)


def test_done_needs_a_note_and_keeps_its_date_and_history(world: World) -> None:
    task = give(world)
    with pytest.raises(ValidationError) as caught:
        services.task_progress(actor=world.a_officer, task=task, text=" ", status=TaskStatus.DONE)
    assert "marked done with a note" in errors_of(caught)["text"][0]
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED
    done_day = TODAY - timedelta(days=1)
    services.task_progress(
        actor=world.a_officer,
        task=task,
        text="主体竣工，已通过验收",
        status=TaskStatus.DONE,
        written_on=done_day,
    )
    task.refresh_from_db()
    assert (task.status, task.done_on) == (TaskStatus.DONE, done_day)
    change = history_of(task).first()
    assert change.actor == world.a_officer
    assert change.before["status"] == TaskStatus.NOT_STARTED
    assert change.after["status"] == TaskStatus.DONE
    note = task.notes.get()
    assert (note.status, note.organisation) == (TaskStatus.DONE, world.org_a)


def test_the_assigning_level_cancels_with_a_reason_and_the_owner_cannot(world: World) -> None:
    task = give(world)
    for person in (world.a_officer, world.a_manager):
        with pytest.raises(PermissionDenied):
            services.task_cancel(actor=person, task=task, reason="不做了")
        with pytest.raises(PermissionDenied):
            services.task_progress(
                actor=person,
                task=task,
                text="取消",
                status=TaskStatus.CANCELLED,
                cancel_reason="不做了",
            )
    with pytest.raises(ValidationError) as caught:
        services.task_cancel(actor=world.city_manager, task=task, reason="  ")
    assert "reason" in errors_of(caught)
    services.task_cancel(actor=world.city_manager, task=task, reason="项目已由市里统筹")
    task.refresh_from_db()
    assert (task.status, task.cancel_reason) == (TaskStatus.CANCELLED, "项目已由市里统筹")
    assert task.notes.get().text == "项目已由市里统筹"
    assert history_of(task).first().after["status"] == TaskStatus.CANCELLED
    # A cancelled task moves no more and is not changed.
    with pytest.raises(ValidationError) as caught:
        services.task_progress(
            actor=world.a_officer, task=task, text="又开始了", status=TaskStatus.IN_PROGRESS
        )
    assert "status" in errors_of(caught)
    with pytest.raises(ValidationError):
        services.task_update(actor=world.city_manager, task=task, title="x", due_on=task.due_on)


def test_the_assigning_level_changes_a_task_and_a_stale_form_is_refused(world: World) -> None:
    task = give(world)
    seen = task.version
    new_deadline = TODAY + timedelta(days=60)
    with pytest.raises(PermissionDenied):
        services.task_update(
            actor=world.a_manager, task=task, title=task.title, due_on=new_deadline
        )
    services.task_update(
        actor=world.city_manager,
        task=task,
        title=task.title,
        due_on=new_deadline,
        owner=world.a_officer,
        cooperating_units=[world.org_b],
        expected_version=seen,
    )
    task.refresh_from_db()
    assert task.due_on == new_deadline
    assert list(task.cooperating_units.all()) == [world.org_b]
    change = history_of(task).first()
    assert change.after["due_on"] == new_deadline.isoformat()
    with pytest.raises(StaleVersion):
        services.task_update(
            actor=world.city_manager,
            task=task,
            title="旧表单",
            due_on=new_deadline,
            expected_version=seen,
        )


def test_a_cooperating_unit_sees_the_task_and_writes_notes_but_moves_nothing(
    world: World,
) -> None:
    task = give(world, cooperating_units=[world.org_b])
    alone = give(world, title="甲区自己的任务")
    assert list(selectors.tasks_visible(world.b_manager)) == [task]
    services.task_progress(actor=world.b_manager, task=task, text="乙区已提供用地指标")
    note = task.notes.get()
    assert note.organisation == world.org_b
    with pytest.raises(PermissionDenied):
        services.task_progress(
            actor=world.b_manager, task=task, text="完成", status=TaskStatus.DONE
        )
    with pytest.raises(PermissionDenied):
        services.task_progress(actor=world.b_manager, task=alone, text="看不见也写不了")
    # The assigning level writes a note (督办意见) without moving the status.
    services.task_progress(actor=world.city_manager, task=task, text="请加快进度")
    assert task.notes.count() == 2
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED


def test_evidence_is_checked_by_its_content_and_size(world: World) -> None:
    task = give(world)
    note = services.task_progress(actor=world.a_officer, task=task, text="已验收", evidence=[pdf()])
    stored = note.evidence.get()
    assert stored.name == "验收单.pdf"
    assert stored.file.name.endswith(".pdf")
    refused = [
        ([pdf("说明.txt", b"just some text")], "must be a PDF"),
        ([pdf("扫描件.pdf", PDF + b"0" * (10 * 1024 * 1024))], "10 MB"),
        ([pdf(f"{n}.pdf") for n in range(6)], "At most 5"),
    ]
    for files, message in refused:
        with pytest.raises(ValidationError) as caught:
            services.task_progress(
                actor=world.a_officer,
                task=task,
                text="再传一次",
                status=TaskStatus.IN_PROGRESS,
                evidence=files,
            )
        assert message in errors_of(caught)["evidence"][0]
    # Nothing of a refused note is kept: no note, no file, no status move.
    assert TaskNote.objects.count() == 1
    assert TaskEvidence.objects.count() == 1
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED


def test_a_done_task_takes_no_new_part_but_its_parts_stay_changeable(world: World) -> None:
    year_task = give(world)
    part = services.task_create(
        actor=world.a_manager,
        organisation=world.dept_a,
        title="部门分解",
        due_on=year_task.due_on,
        parent=year_task,
    )
    services.task_progress(
        actor=world.a_officer, task=year_task, text="全部完成", status=TaskStatus.DONE
    )
    with pytest.raises(ValidationError) as caught:
        services.task_create(
            actor=world.a_manager,
            organisation=world.dept_a,
            title="再分解",
            due_on=year_task.due_on,
            parent=year_task,
        )
    assert "parent" in errors_of(caught)
    services.task_update(
        actor=world.a_manager, task=part, title="部门分解（调整）", due_on=part.due_on
    )
    part.refresh_from_db()
    assert part.title == "部门分解（调整）"
