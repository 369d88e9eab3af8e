"""The key tasks API: the list with the pages' filters, one task with its notes, giving a task
and writing its progress — the same rules as the pages (who gives, who moves, who sees)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.utils import timezone

from zonetrack.targets.models import Task

from ..conftest import World, api_client_for

TODAY = timezone.localdate()


def post(user: Any, url: str, body: dict[str, Any]) -> Any:
    client, auth = api_client_for(user)
    return client.post(url, json.dumps(body), content_type="application/json", headers=auth)


def get(user: Any, url: str) -> Any:
    client, auth = api_client_for(user)
    return client.get(url, headers=auth)


def give(world: World, **extra: Any) -> Any:
    body = {
        "organisation_id": world.org_a.pk,
        "title": "甲区污水处理厂提标改造",
        "due_on": (TODAY + timedelta(days=20)).isoformat(),
        **extra,
    }
    return post(world.city_manager, "/api/targets/tasks", body)


def test_the_city_gives_a_task_and_the_zone_reports_it_done(world: World) -> None:
    response = give(world, cooperating_unit_ids=[world.org_b.pk], project_ids=[world.project_a.pk])
    assert response.status_code == 201, response.json()
    task = response.json()
    assert task["status"] == "not_started"
    assert task["cooperating_unit_ids"] == [world.org_b.pk]
    assert task["project_ids"] == [world.project_a.pk]

    url = f"/api/targets/tasks/{task['id']}/notes"
    moved = post(world.a_officer, url, {"text": "设备已安装调试完毕", "status": "done"})
    assert moved.status_code == 201, moved.json()
    assert moved.json()["status"] == "done"
    assert moved.json()["notes"][0]["text"] == "设备已安装调试完毕"

    # The co-operating zone writes a note but cannot move the task.
    refused = post(world.b_manager, url, {"text": "已配合", "status": "in_progress"})
    assert refused.status_code == 403
    noted = post(world.b_manager, url, {"text": "已配合完成管网接驳"})
    assert noted.status_code == 201
    assert len(noted.json()["notes"]) == 2


def test_a_zone_cannot_give_itself_a_task_and_bad_input_names_its_field(world: World) -> None:
    body = {
        "organisation_id": world.org_a.pk,
        "title": "自定任务",
        "due_on": (TODAY + timedelta(days=5)).isoformat(),
    }
    assert post(world.a_manager, "/api/targets/tasks", body).status_code == 403
    unseen = give(world, project_ids=[999_999])
    assert unseen.status_code == 400
    assert "project_ids" in unseen.json()["error"]["fields"]
    late = give(world, due_on=f"{TODAY.year - 1}-06-30")
    assert late.status_code == 400
    assert "due_on" in late.json()["error"]["fields"]
    unknown = give(world, colour="red")
    assert unknown.status_code == 400
    assert Task.objects.count() == 0


def test_done_without_a_note_is_refused_on_its_field(world: World) -> None:
    task = give(world).json()
    response = post(
        world.a_officer, f"/api/targets/tasks/{task['id']}/notes", {"text": "", "status": "done"}
    )
    assert response.status_code == 400
    assert "text" in response.json()["error"]["fields"]


def test_the_list_filters_overdue_and_a_sibling_sees_nothing(world: World) -> None:
    give(world, title="已逾期任务").json()
    late = Task.objects.get(title="已逾期任务")
    Task.objects.filter(pk=late.pk).update(due_on=TODAY - timedelta(days=3))
    give(world, title="未到期任务")

    listed = get(world.a_officer, "/api/targets/tasks?overdue=true").json()
    assert [row["title"] for row in listed["items"]] == ["已逾期任务"]
    assert listed["items"][0]["days_late"] == 3
    assert get(world.a_officer, "/api/targets/tasks").json()["count"] == 2

    assert get(world.b_manager, "/api/targets/tasks").json()["count"] == 0
    assert get(world.b_manager, f"/api/targets/tasks/{late.pk}").status_code == 404
