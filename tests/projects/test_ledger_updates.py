"""A ledger whose rows change existing projects: written in bulk with the same results as the
one-by-one edits (history, versions, plans, pipeline figures), refused as a whole, naming the
row, when a project changed since it was planned, and announced once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.conftest import World
from zonetrack.accounts.models import User
from zonetrack.audit.models import Change
from zonetrack.core import chunked
from zonetrack.projects import services
from zonetrack.projects.ledger import LedgerRefused, apply_ledger
from zonetrack.projects.models import PipelineTotal, Project, YearPlan

from .test_ledger import YEAR, _english, ledger_file, named_manager, plan_for, written  # noqa: F401


class _Rollback(Exception):
    pass


def _projects(world: World, count: int) -> list[Project]:
    """``count`` projects of zone A at 100 万元; every other one with this year's plan."""
    created = services.projects_bulk_create(
        actor=None,
        zone=world.zone_a,
        drafts=[
            {"name": f"续建项目{n:03d}", "total_investment_wan": Decimal(100)}
            for n in range(1, count + 1)
        ],
    )
    services.year_plans_bulk_create(
        actor=None, year=YEAR, entries=[(p, Decimal(50)) for p in created[::2]]
    )
    return created


def _changed_rows(count: int, *, total: int = 200) -> list[list[Any]]:
    """Each project with a new total, city-key level, leader, statistics flag and plan."""
    return [
        [str(n), f"续建项目{n:03d}", None, "市重点", total + n, 90 + n, None,
         None, "王主任", "是", None]
        for n in range(1, count + 1)
    ]  # fmt: skip


def _state(world: World) -> dict[str, Any]:
    """What an import leaves: the projects, their plans, their history and the zone's
    pipeline figures (history without ids and times, which differ between runs)."""
    projects = Project.objects.filter(zone=world.zone_a).order_by("pk")
    changes = Change.objects.filter(content_type__model__in=["project", "yearplan"])
    return {
        "projects": list(
            projects.values_list(
                "name",
                "version",
                "total_investment_wan",
                "is_city_key",
                "is_in_statistics",
                "leader_id",
            )
        ),
        "plans": sorted(
            YearPlan.objects.filter(project__zone=world.zone_a).values_list(
                "project__name", "year", "planned_investment_wan", "planned_start"
            )
        ),
        "history": sorted(
            (c.content_type.model, c.object_repr, c.action, c.before, c.after, c.version)
            for c in changes.select_related("content_type")
        ),
        "pipeline": sorted(
            PipelineTotal.objects.filter(zone=world.zone_a).values_list(
                "stage", "verified_stage", "projects", "investment_wan"
            )
        ),
    }


def _one_by_one(plan: Any, actor: User, world: World) -> dict[str, Any]:
    """The state the single edits (``project_update``, ``year_plan_set``) leave, rolled back."""
    state: dict[str, Any] = {}
    try:
        with transaction.atomic():
            for row in plan.rows:
                if row.action != "update":
                    continue
                if row.fields:
                    row.project = services.project_update(
                        actor=actor, project=row.project, changes=row.fields
                    )
                if row.year_plan is not None:
                    services.year_plan_set(
                        actor=actor,
                        project=row.project,
                        year=YEAR,
                        planned_investment_wan=row.year_plan,
                        planned_start=row.plan_flags[0],
                        planned_completion=row.plan_flags[1],
                    )
            state = _state(world)
            raise _Rollback
    except _Rollback:
        pass
    return state


def test_changed_rows_leave_what_one_by_one_edits_leave(
    world: World,
    named_manager: User,  # noqa: F811
) -> None:
    _projects(world, 6)
    data = ledger_file(_changed_rows(6))
    plan = plan_for(data, world)
    assert plan.summary["update"] == 6, [(r.number, r.errors) for r in plan.rows]
    expected = _one_by_one(plan, named_manager, world)
    edited = [p for p in expected["projects"] if p[0].startswith("续建项目")]
    assert len(edited) == 6 and all(p[1] > 1 for p in edited)  # the edits moved the versions

    apply_ledger(plan_for(data, world), actor=named_manager, zone=world.zone_a)
    assert _state(world) == expected
    project = Project.objects.get(name="续建项目006")
    assert project.total_investment_wan == 206 and project.leader == named_manager
    # Every change is in its project's history, by the importer, with the new version.
    change = Change.objects.filter(
        content_type__model="project", object_id=str(project.pk), action="update"
    ).get()
    assert change.after["total_investment_wan"] == "206.00"
    assert change.before["total_investment_wan"] == "100.00"
    assert change.version == project.version and change.actor == named_manager


def test_a_project_changed_since_the_preview_refuses_the_import_naming_its_row(
    world: World,
    named_manager: User,  # noqa: F811
) -> None:
    _projects(world, 4)
    plan = plan_for(ledger_file(_changed_rows(4)), world)
    assert plan.ok
    third = Project.objects.get(name="续建项目003")
    services.project_update(actor=None, project=third, changes={"description": "别人改过"})
    before = written()
    number = next(row.number for row in plan.rows if row.name == "续建项目003")
    with pytest.raises(LedgerRefused, match=f"Row {number}: This record was changed"):
        apply_ledger(plan, actor=named_manager, zone=world.zone_a)
    assert written() == before
    assert Project.objects.get(name="续建项目001").total_investment_wan == 100


def test_changed_rows_are_written_in_a_fixed_number_of_queries(
    world: World,
    named_manager: User,  # noqa: F811
) -> None:
    _projects(world, 40)

    def queries_for(count: int, total: int) -> int:
        plan = plan_for(ledger_file(_changed_rows(count, total=total)), world)
        assert plan.ok and plan.summary["update"] == count
        with CaptureQueriesContext(connection) as captured:
            apply_ledger(plan, actor=named_manager, zone=world.zone_a)
        return len(captured)

    queries_for(2, 300)  # warms the content-type cache
    few = queries_for(3, 400)
    many = queries_for(40, 500)
    assert many <= few + 3, (few, many)
    assert Project.objects.get(name="续建项目040").total_investment_wan == 540


def test_zones_are_announced_once_per_import(
    world: World,
    named_manager: User,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _projects(world, 10)
    monkeypatch.setattr(chunked, "CHUNK_ROWS", 2)  # changes only: chunks of 4, three of them
    sent: list[list[int]] = []

    def receiver(sender: Any, zone_ids: list[int], **kwargs: Any) -> None:
        sent.append(list(zone_ids))

    services.projects_changed.connect(receiver)
    try:
        plan = plan_for(ledger_file(_changed_rows(10)), world)
        apply_ledger(plan, actor=named_manager, zone=world.zone_a)
    finally:
        services.projects_changed.disconnect(receiver)
    assert sent == [[world.zone_a.pk]]
