"""The dispatch API: problems and their events, warnings, meetings and the briefing."""

from __future__ import annotations

import io
import json
from datetime import timedelta

from django.utils import timezone
from docx import Document

from zonetrack.dispatch import services
from zonetrack.projects.services import milestone_save

from ..conftest import World, api_client_for
from .factories import make_problem

TODAY = timezone.localdate()


def _post(client, url, body, auth):  # type: ignore[no-untyped-def]
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=auth)


def _patch(client, url, body, auth):  # type: ignore[no-untyped-def]
    return client.patch(url, data=json.dumps(body), content_type="application/json", headers=auth)


def test_problem_loop_through_the_api(world: World) -> None:
    officer, auth = api_client_for(world.a_officer)
    manager, mauth = api_client_for(world.a_manager)
    response = _post(
        officer,
        "/api/problems",
        {
            "project_id": world.project_a.pk,
            "category": "approval",
            "description": "施工许可未办理",
            "deadline_on": (TODAY + timedelta(days=5)).isoformat(),
        },
        auth,
    )
    assert response.status_code == 201, response.content
    problem = response.json()
    assert problem["status"] == "assigned" and problem["version"] == 1
    url = f"/api/problems/{problem['id']}"
    events = url + "/events"
    assert _post(manager, events, {"kind": "start"}, mauth).status_code == 201
    answer = _post(manager, events, {"kind": "answer"}, mauth)
    assert answer.status_code == 400 and "note" in answer.json()["error"]["fields"]
    assert _post(manager, events, {"kind": "answer", "note": "已办结"}, mauth).status_code == 201
    refused = _post(manager, events, {"kind": "accept"}, mauth)
    assert refused.status_code == 400
    assert _post(officer, events, {"kind": "reject", "note": "未解决"}, auth).status_code == 201
    assert officer.get(url, headers=auth).json()["status"] == "in_hand"
    assert _post(manager, events, {"kind": "answer", "note": "已解决"}, mauth).status_code == 201
    assert _post(officer, events, {"kind": "accept"}, auth).status_code == 201
    done = officer.get(url, headers=auth).json()
    assert done["status"] == "closed" and done["resolution"] == "已解决"
    kinds = [e["kind"] for e in officer.get(events, headers=auth).json()]
    assert kinds == ["raise", "start", "answer", "reject", "answer", "accept"]
    assert _post(officer, events, {"kind": "fly"}, auth).status_code == 400


def test_bad_problem_input_gets_field_errors(world: World) -> None:
    client, auth = api_client_for(world.a_officer)
    base = {
        "project_id": world.project_a.pk,
        "category": "land",
        "description": "x",
        "raised_on": TODAY.isoformat(),
        "deadline_on": (TODAY - timedelta(days=3)).isoformat(),
    }
    response = _post(client, "/api/problems", base, auth)
    assert response.status_code == 400
    assert "deadline_on" in response.json()["error"]["fields"]
    response = _post(client, "/api/problems", {**base, "deadline_on": "soon"}, auth)
    assert response.status_code == 400 and "deadline_on" in response.json()["error"]["fields"]
    response = _post(
        client, "/api/problems", {**base, "deadline_on": TODAY.isoformat(), "category": "x"}, auth
    )
    assert response.status_code == 400 and "category" in response.json()["error"]["fields"]
    response = _post(
        client, "/api/problems", {**base, "deadline_on": TODAY.isoformat(), "colour": 1}, auth
    )
    assert response.status_code == 400
    response = _post(client, "/api/problems", {**base, "project_id": world.project_b.pk}, auth)
    assert response.status_code == 404


def test_patch_refuses_stale_version(world: World) -> None:
    problem = make_problem(world.a_officer, world.project_a)
    client, auth = api_client_for(world.a_manager)
    url = f"/api/problems/{problem.pk}"
    ok = _patch(client, url, {"version": 1, "description": "新描述"}, auth)
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = _patch(client, url, {"version": 1, "description": "旧描述"}, auth)
    assert stale.status_code == 409
    bad = _patch(client, url, {"version": 2, "deadline_on": "2000-01-01"}, auth)
    assert bad.status_code == 400 and "deadline_on" in bad.json()["error"]["fields"]


def test_problem_list_filters(world: World) -> None:
    raised = TODAY - timedelta(days=20)
    late = make_problem(world.a_officer, world.project_a, raised_on=raised, deadline_on=raised)
    make_problem(world.a_officer, world.project_a, category="funding")
    make_problem(world.b_manager, world.project_b, raised_on=raised, deadline_on=raised)
    client, auth = api_client_for(world.city_manager)
    assert client.get("/api/problems", headers=auth).json()["count"] == 3
    overdue = client.get("/api/problems?overdue=true&zone=" + str(world.zone_a.pk), headers=auth)
    assert [p["id"] for p in overdue.json()["items"]] == [late.pk]
    funding = client.get("/api/problems?category=funding", headers=auth).json()
    assert funding["count"] == 1
    outsider, oauth = api_client_for(world.a_manager)
    assert outsider.get("/api/problems", headers=oauth).json()["count"] == 2


def test_warnings_of_a_zone(world: World) -> None:
    milestone_save(
        actor=None, project=world.project_a, name="开工", planned_on=TODAY - timedelta(days=3)
    )
    services.colours_refresh()
    client, auth = api_client_for(world.a_viewer)
    items = client.get(f"/api/warnings?zone={world.zone_a.pk}", headers=auth).json()["items"]
    project = next(i for i in items if i["milestone_id"] is None)
    assert project["colour"] == "red" and project["project_id"] == world.project_a.pk
    assert client.get(f"/api/warnings?zone={world.zone_b.pk}", headers=auth).status_code == 404


def test_meeting_and_its_briefing(world: World) -> None:
    client, auth = api_client_for(world.a_manager)
    make_problem(world.a_officer, world.project_a, description="环评批复滞后")
    refused = _post(
        client,
        "/api/meetings",
        {
            "organisation_id": world.org_a.pk,
            "title": "三季度调度会",
            "held_on": TODAY.isoformat(),
            "project_ids": [world.project_b.pk],
        },
        auth,
    )
    assert refused.status_code == 400 and "project_ids" in refused.json()["error"]["fields"]
    too_big = _post(
        client,
        "/api/meetings",
        {
            "organisation_id": world.org_a.pk,
            "title": "三季度调度会",
            "held_on": TODAY.isoformat(),
            "project_ids": [10**30],
        },
        auth,
    )
    assert too_big.status_code == 400
    response = _post(
        client,
        "/api/meetings",
        {
            "organisation_id": world.org_a.pk,
            "title": "三季度调度会",
            "held_on": TODAY.isoformat(),
            "include_blocked": True,
        },
        auth,
    )
    assert response.status_code == 201, response.content
    meeting = response.json()
    assert [a["project_id"] for a in meeting["agenda"]] == [world.project_a.pk]
    docx = client.get(f"/api/meetings/{meeting['id']}/briefing.docx", headers=auth)
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert world.project_a.name in text and "环评批复滞后" in text
    assert world.project_b.name not in text


def test_battle_map_places_unlocated_projects_near_the_zone_centre(world: World) -> None:
    from decimal import Decimal

    from zonetrack.registry.models import Zone

    Zone.objects.filter(pk=world.zone_a.pk).update(
        center_lat=Decimal("36.08"), center_lng=Decimal("111.52")
    )
    make_problem(world.a_officer, world.project_a)
    client, auth = api_client_for(world.a_viewer)
    data = client.get(f"/api/battlemap/{world.zone_a.pk}", headers=auth).json()
    [feature] = data["features"]
    props = feature["properties"]
    assert props["id"] == world.project_a.pk and props["approximate"] is True
    assert props["open_problems"] == 1 and props["highlight"] is True
    lng, lat = feature["geometry"]["coordinates"]
    assert abs(lat - 36.08) < 0.05 and abs(lng - 111.52) < 0.05
    assert client.get(f"/api/battlemap/{world.zone_b.pk}", headers=auth).status_code == 404
