"""Key tasks (督办事项): the city gives a zone a task, the zone writes dated progress, a late
open task is overdue, and cancelling needs a reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zonetrack.targets import selectors, services
from zonetrack.targets.choices import TaskStatus
from zonetrack.targets.models import Task

from ..conftest import World
from .conftest import english_client


def _task(world: World, due_on: date | None = None) -> Task:
    return services.task_create(
        actor=world.city_manager,
        organisation=world.org_a,
        title="甲区标准化厂房二期开工",
        due_on=due_on or timezone.localdate() + timedelta(days=30),
        owner=world.a_officer,
    )


def test_the_city_gives_a_zone_a_task_and_the_zone_cannot_give_the_city_one(world: World) -> None:
    task = _task(world)
    assert task.status == TaskStatus.NOT_STARTED
    with pytest.raises(PermissionDenied):
        services.task_create(
            actor=world.a_manager, organisation=world.city, title="x", due_on=date(2026, 1, 1)
        )
    with pytest.raises(ValidationError) as caught:
        services.task_create(
            actor=world.city_manager,
            organisation=world.org_a,
            title="x",
            due_on=date(2026, 1, 1),
            owner=world.b_manager,
        )
    assert "owner" in caught.value.message_dict


def test_the_zone_writes_progress_and_cancelling_needs_a_reason(world: World) -> None:
    task = _task(world)
    services.task_progress(
        actor=world.a_officer, task=task, text="已完成土地平整", status=TaskStatus.IN_PROGRESS
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    with pytest.raises(ValidationError) as caught:
        services.task_progress(
            actor=world.a_officer, task=task, text="项目取消", status=TaskStatus.CANCELLED
        )
    assert "cancel_reason" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        services.task_progress(actor=world.a_viewer, task=task, text="看过了")
    with pytest.raises(ValidationError) as caught:
        services.task_progress(
            actor=world.a_officer,
            task=task,
            text="预计完成",
            written_on=timezone.localdate() + timedelta(days=1),
        )
    assert "written_on" in caught.value.message_dict
    assert [n.text for n in task.notes.all()] == ["已完成土地平整"]


def test_a_late_open_task_is_overdue_and_a_done_one_is_not(world: World) -> None:
    late = _task(world, due_on=timezone.localdate() - timedelta(days=3))
    done = _task(world, due_on=timezone.localdate() - timedelta(days=3))
    services.task_progress(actor=world.a_officer, task=done, text="已竣工", status=TaskStatus.DONE)
    overdue = list(selectors.task_list(user=world.city_manager, status="overdue"))
    assert overdue == [late]
    page = english_client(world.a_viewer).get(reverse("targets:task_list"), {"status": "overdue"})
    assert late.title in page.content.decode()
    assert selectors.task_list(user=world.b_manager).count() == 0  # a sibling's tasks


def test_the_task_page_records_progress_for_the_owner_unit_only(world: World) -> None:
    task = _task(world)
    url = reverse("targets:task_detail", kwargs={"task_id": task.pk})
    officer = english_client(world.a_officer)
    response = officer.post(url, {"text": "主体结构封顶", "status": TaskStatus.IN_PROGRESS})
    assert response.status_code == 302
    assert "主体结构封顶" in officer.get(url).content.decode()
    empty = officer.post(url, {"text": ""})
    assert empty.status_code == 400
    assert english_client(world.a_viewer).post(url, {"text": "x"}).status_code == 403
    assert english_client(world.b_manager).get(url).status_code == 404
