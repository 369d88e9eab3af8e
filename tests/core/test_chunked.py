"""Imports written in chunks: a failure in a late chunk leaves the database as before."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.apps import apps
from django.utils import timezone, translation

from tests.conftest import World
from tests.projects.test_ledger import YEAR, ledger_file
from tests.projects.test_ledger_pages import new_rows
from zonetrack.core import chunked
from zonetrack.projects import services as project_services
from zonetrack.projects.ledger import LedgerRefused, apply_ledger, plan_ledger, read_ledger
from zonetrack.projects.models import Project
from zonetrack.registry import imports
from zonetrack.registry import services as zone_services
from zonetrack.registry.models import Zone


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunked, "CHUNK_ROWS", 2)
    monkeypatch.setattr(chunked, "UNDO_ROWS", 3)


def everything() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the apps an import touches, as values (totals, which are recounted, by
    their content only). Project counters are left out: like a database sequence, a number
    handed to an undone run is not handed out again, so no code ever names two projects."""
    return {
        model._meta.label: sorted(
            model._base_manager.values_list(
                *[
                    f.attname
                    for f in model._meta.concrete_fields
                    if not (f.primary_key and model._meta.label == "projects.PipelineTotal")
                ]
            )
        )
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in {"accounts", "audit", "registry", "projects"}
        and model._meta.label != "projects.ProjectCounter"
    }


def zone_file(rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["开发区名称", "行政区划代码", "规划面积", "主导产业"])
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_zone_import_failing_in_its_last_chunk_leaves_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [[f"新{n}区", "141023", n, "新材料"] for n in range(1, 6)]
    rows.append(["甲区", "141002", 99, "光伏"])  # an update, written in the last chunk
    plan = imports.plan_import(
        imports.read_table(zone_file(rows), "z.xlsx"), user=world.city_manager
    )
    assert plan.ok and plan.summary["create"] == 5 and plan.summary["update"] == 1
    before = everything()
    written: list[int] = []
    real_update = zone_services.zone_update

    def failing_update(**kwargs: Any) -> Any:
        real_update(**kwargs)  # written, then the chunk fails after it
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(zone_services, "zone_update", failing_update)
    with pytest.raises(RuntimeError):
        imports.apply_import(
            plan,
            actor=world.city_manager,
            parent=world.city,
            progress=lambda done, total: written.append(done),
        )
    assert written == [2, 4]  # two chunks were committed before the failing one
    assert everything() == before
    assert Zone.objects.get(pk=world.zone_a.pk).planned_area_km2 == world.zone_a.planned_area_km2


def test_a_ledger_import_failing_in_its_last_chunk_leaves_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with translation.override("en"):
        plan = plan_ledger(
            read_ledger(ledger_file(new_rows(5)), "ledger.xlsx"),
            user=world.a_manager,
            zone=world.zone_a,
            year=YEAR,
            as_of=timezone.localdate(),
        )
    assert plan.ok and plan.summary["create"] == 5
    before = everything()
    calls: list[date] = []
    real_submit = project_services.reports_bulk_submit

    def failing_submit(**kwargs: Any) -> Any:
        calls.append(kwargs["month"])
        result = real_submit(**kwargs)
        if len(calls) == 3:  # the last chunk
            raise LedgerRefused("the disk is full")
        return result

    monkeypatch.setattr(project_services, "reports_bulk_submit", failing_submit)
    with pytest.raises(LedgerRefused):
        apply_ledger(plan, actor=world.a_manager, zone=world.zone_a)
    assert len(calls) == 3
    assert not Project.objects.filter(name__startswith="新建项目").exists()
    assert everything() == before


def test_a_publish_that_finds_the_work_done_undoes_the_run(world: World) -> None:
    rows = [[f"新{n}区", "141023", n, ""] for n in range(1, 4)]
    plan = imports.plan_import(
        imports.read_table(zone_file(rows), "z.xlsx"), user=world.city_manager
    )
    before = everything()
    with pytest.raises(chunked.Superseded):
        imports.apply_import(
            plan, actor=world.city_manager, parent=world.city, publish=lambda: False
        )
    assert everything() == before
