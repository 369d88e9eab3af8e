"""The warnings API gives, for each warned project, the reasons its page shows: which rule,
which milestone or problems, days late or points (the same words, from dispatch.reasons)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from zonetrack.dispatch import services
from zonetrack.dispatch.models import ColourStatus
from zonetrack.projects.services import milestone_save

from ..conftest import World, api_client_for, client_for
from .factories import make_problem

TODAY = timezone.localdate()


def test_warnings_give_the_reasons_the_project_page_shows(world: World) -> None:
    node = milestone_save(
        actor=None, project=world.project_a, name="取得施工许可", planned_on=TODAY - timedelta(9)
    )
    raised = TODAY - timedelta(days=30)
    late = make_problem(world.a_officer, world.project_a, raised_on=raised, deadline_on=raised)
    services.colours_refresh()
    client, auth = api_client_for(world.a_viewer)
    response = client.get(f"/api/warnings?zone={world.zone_a.pk}&projects_only=true", headers=auth)
    assert response.status_code == 200
    [row] = [i for i in response.json()["items"] if i["project_id"] == world.project_a.pk]
    reasons = {reason["rule"]: reason for reason in row["reasons"]}
    assert reasons["milestone_late"]["milestone_id"] == node.pk
    assert reasons["milestone_late"]["milestone"] == "取得施工许可"
    assert reasons["milestone_late"]["days"] == 9
    assert reasons["problem_overdue"]["problem_ids"] == [late.pk]
    assert reasons["problem_overdue"]["days"] == 30 and reasons["problem_overdue"]["count"] == 1
    assert {reason["colour"] for reason in row["reasons"]} <= {"yellow", "red"}
    # The same words as the page (asked in the same language as the page is read).
    status = ColourStatus.objects.get(project=world.project_a, milestone__isnull=True)
    assert [reason["text"] for reason in row["reasons"]] == status.reason_texts
    page = client_for(world.a_viewer).get(
        reverse("projects:project_detail", args=[world.project_a.pk])
    )
    for reason in row["reasons"]:
        assert reason["text"] in page.content.decode()


def test_the_reasons_are_in_the_schema(world: World) -> None:
    client, auth = api_client_for(world.a_viewer)
    schema = client.get("/api/openapi.json", headers=auth).json()
    reason = schema["components"]["schemas"]["WarningReasonOut"]["properties"]
    assert {"rule", "text", "milestone_id", "problem_ids", "days", "points"} <= set(reason)
