"""Projects API: create, change, move, verify, report and count, with field-level errors."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.utils import timezone

from zonetrack.projects.models import Project
from zonetrack.projects.validators import credit_code_check_char

from ..conftest import World, api_client_for

TODAY = timezone.localdate()


def call(user: Any, method: str, url: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    client, auth = api_client_for(user)
    if method == "get":
        response = client.get(url, headers=auth)
    else:
        response = getattr(client, method)(
            url, json.dumps(body or {}), content_type="application/json", headers=auth
        )
    return response.status_code, response.json()


def test_create_with_investor_and_bad_inputs(world: World) -> None:
    body = "91140100MA0K7RXX0"
    good = body + credit_code_check_char(body)
    status, project = call(
        world.a_manager,
        "post",
        "/api/projects",
        {
            "zone_id": world.zone_a.pk,
            "name": "高纯硅材料项目",
            "investor": "晋硅科技有限公司",
            "investor_credit_code": good,
            "total_investment_wan": "350000",
            "cluster": "new-materials",
            "park_id": world.park_a.pk,
        },
    )
    assert status == 201, project
    assert project["stage"] == "pursued"
    assert project["investor_credit_code"] == good
    cases = [
        ({"investor": "x", "investor_credit_code": body + "Z"}, "investor_credit_code"),
        ({"total_investment_wan": "-5"}, "total_investment_wan"),
        ({"total_investment_wan": "200000000"}, "total_investment_wan"),
        ({"park_id": world.park_b.pk}, "park_id"),
        ({"cluster": "nonsense"}, "cluster"),
        ({"leader_id": world.b_manager.pk}, "leader_id"),
        ({"kind": "spaceship"}, "kind"),
        ({"colour": "red"}, "colour"),
    ]
    before = Project.objects.count()
    for extra, field in cases:
        status, error = call(
            world.a_manager,
            "post",
            "/api/projects",
            {"zone_id": world.zone_a.pk, "name": "坏项目", **extra},
        )
        assert status == 400, (extra, error)
        assert field in error["error"]["fields"], (extra, error)
    assert Project.objects.count() == before


def test_patch_stale_is_409(world: World) -> None:
    url = f"/api/projects/{world.project_a.pk}"
    assert call(world.a_manager, "patch", url, {"version": 1, "description": "一"})[0] == 200
    status, body = call(world.city_manager, "patch", url, {"version": 1, "description": "二"})
    assert status == 409
    assert body["error"]["code"] == "conflict"
    assert Project.objects.get(pk=world.project_a.pk).description == "一"


def test_transitions_verification_and_pipeline(world: World) -> None:
    base = f"/api/projects/{world.project_a.pk}"
    day = lambda n: (TODAY - timedelta(days=n)).isoformat()  # noqa: E731
    status, body = call(
        world.a_manager, "post", f"{base}/transitions", {"stage": "started", "date": day(1)}
    )
    assert status == 400
    assert "skipped" in body["error"]["fields"]
    status, made = call(
        world.a_manager,
        "post",
        f"{base}/transitions",
        {"stage": "signed", "date": day(3), "skipped": {"packaged": day(9)}},
    )
    assert status == 201
    assert [t["to_stage"] for t in made] == ["packaged", "signed"]
    assert made[1]["verification"] == "pending"
    status, pipeline = call(world.city_manager, "get", "/api/pipeline?verified_only=true")
    assert {s["stage"]: s["count"] for s in pipeline["stages"]}["signed"] == 0
    status, decided = call(
        world.city_manager,
        "post",
        f"{base}/verifications",
        {"transition_id": made[1]["id"], "approve": True, "without_evidence": True},
    )
    assert status == 200 and decided["verification"] == "verified"
    status, pipeline = call(
        world.city_manager, "get", f"/api/pipeline?verified_only=true&zone={world.zone_a.pk}"
    )
    stages = {s["stage"]: s for s in pipeline["stages"]}
    assert stages["signed"]["count"] == 1
    assert stages["signed"]["investment_wan"] == "50000.00"
    status, history = call(world.a_manager, "get", f"{base}/history")
    assert any(h["after"].get("stage") == "signed" for h in history)


def test_zone_manager_cannot_verify_own_claim(world: World) -> None:
    base = f"/api/projects/{world.project_a.pk}"
    _status, made = call(
        world.a_manager,
        "post",
        f"{base}/transitions",
        {"stage": "signed", "date": TODAY.isoformat(), "skipped": {"packaged": TODAY.isoformat()}},
    )
    status, _body = call(
        world.a_manager,
        "post",
        f"{base}/verifications",
        {"transition_id": made[1]["id"], "approve": True},
    )
    assert status == 403


def test_reports_with_cumulative_and_bad_months(world: World) -> None:
    url = f"/api/projects/{world.project_a.pk}/reports"
    this_month = TODAY.strftime("%Y-%m")
    last = (TODAY.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    assert call(world.a_manager, "post", url, {"month": last, "invested_wan": "100"})[0] == 201
    status, report = call(
        world.a_manager, "post", url, {"month": this_month, "invested_wan": "250.5"}
    )
    assert status == 201
    assert report["cumulative_wan"] == "350.50"
    next_month = (TODAY.replace(day=28) + timedelta(days=5)).strftime("%Y-%m")
    for bad in (this_month, next_month, "2026-13", "soon"):
        status, body = call(world.a_manager, "post", url, {"month": bad, "invested_wan": "1"})
        assert status == 400, bad
        assert "month" in body["error"]["fields"]
    status, reports = call(world.a_viewer, "get", url)
    assert [r["month"] for r in reports] == [this_month, last]


def test_kpis_endpoint(world: World) -> None:
    status, kpis = call(world.city_manager, "get", f"/api/kpis?year={TODAY.year}&month=6")
    assert status == 200
    assert kpis["time_elapsed"] == "50.0"
    assert kpis["start_rate"] is None  # nothing planned to start yet
    assert kpis["double_half"] is False
    status, body = call(world.city_manager, "get", "/api/kpis?month=13")
    assert status == 400
    assert "month" in body["error"]["fields"]


def test_years_and_months_out_of_range_are_field_errors_not_crashes(world: World) -> None:
    for url in ("/api/projects?year=99999", "/api/pipeline?year=99999", "/api/kpis?year=-1"):
        status, body = call(world.city_manager, "get", url)
        assert status == 400 and "year" in json.dumps(body["error"]), url
    status, body = call(
        world.a_manager,
        "post",
        f"/api/projects/{world.project_a.pk}/reports",
        {"month": "0000-01", "invested_wan": "1"},
    )
    assert status == 400 and "month" in body["error"]["fields"]
