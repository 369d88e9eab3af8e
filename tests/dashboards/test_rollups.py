"""The cockpits' kept figures (``ZoneMonth``) equal a count from the records after every kind
of write that moves them, and read as the dispatch KPIs read the same records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zonetrack.dashboards import services as rollups
from zonetrack.dashboards.models import ZoneMonth
from zonetrack.projects import selectors, services
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import Project, StageTransition

from ..conftest import World

TODAY = timezone.localdate()
YEAR = TODAY.year
LAST_YEAR = YEAR - 1
THIS_MONTH = TODAY.replace(day=1)
LAST_MONTH = selectors.report_month(TODAY)


def _fresh(project: Project) -> Project:
    return Project.objects.get(pk=project.pk)


def _start(project: Project, day: date | None = None) -> Project:
    day = day or TODAY
    services.project_transition(
        actor=None,
        project=project,
        to_stage=Stage.STARTED,
        happened_on=day,
        skipped={"packaged": day, "signed": day},
    )
    return _fresh(project)


def _plan(project: Project, wan: int, year: int = YEAR, **extra: bool) -> None:
    services.year_plan_set(
        actor=None, project=project, year=year, planned_investment_wan=Decimal(wan), **extra
    )


def _report(project: Project, month: date, wan: int = 120) -> None:
    services.report_submit(
        actor=None,
        project=project,
        month=month,
        invested_wan=Decimal(wan),
        funds_in_place_wan=Decimal(wan // 2),
    )


def _started_last_year(w: World) -> None:
    """A project started in last December, reported then, whose start is put back to June."""
    _plan(w.project_a, 900, LAST_YEAR, planned_start=True)
    a = _start(w.project_a, date(LAST_YEAR, 12, 3))
    _report(a, date(LAST_YEAR, 12, 1))
    services.project_update(
        actor=None, project=_fresh(a), changes={"started_on": date(LAST_YEAR, 6, 15)}
    )


def _signed_a_year_earlier(w: World) -> None:
    a = _start(w.project_a)
    services.project_update(actor=None, project=a, changes={"signed_on": date(LAST_YEAR, 3, 1)})


def _moved_with_reports(w: World) -> None:
    a = _start(w.project_a, LAST_MONTH)
    _report(a, LAST_MONTH)
    services.project_update(actor=None, project=_fresh(a), changes={"zone": w.zone_b})


def _restored(w: World) -> None:
    a = services.project_archive(actor=None, project=_start(w.project_a))
    services.project_archive(actor=None, project=_fresh(a), restore=True)


def _assert_current() -> None:
    kept, live = rollups.rollup_kept(), rollups.rollup_live()
    assert kept == live
    assert ZoneMonth.objects.exists()


WRITES: dict[str, Callable[[World], None]] = {
    "plan": lambda w: _plan(w.project_a, 2000, planned_start=True, planned_completion=True),
    "start": lambda w: _start(w.project_a),
    "report": lambda w: services.report_submit(
        actor=None,
        project=_start(w.project_a),
        month=THIS_MONTH,
        invested_wan=Decimal(700),
        funds_in_place_wan=Decimal(300),
    ),
    "completed": lambda w: services.project_update(
        actor=None, project=_start(w.project_a), changes={"construction_status": "completed"}
    ),
    "investment": lambda w: services.project_update(
        actor=None,
        project=_start(w.project_a),
        changes={"total_investment_wan": Decimal(88000)},
    ),
    "moved zone": lambda w: services.project_update(
        actor=None, project=_start(w.project_a), changes={"zone": w.zone_b}
    ),
    "archived": lambda w: services.project_archive(actor=None, project=_start(w.project_a)),
    "terminated": lambda w: services.project_transition(
        actor=None,
        project=_start(w.project_a),
        to_stage=Stage.TERMINATED,
        happened_on=TODAY,
        note="投资方撤回",
        end_reason=__import__(
            "zonetrack.projects.models", fromlist=["EndReason"]
        ).EndReason.objects.first(),
    ),
    "report for an earlier month": lambda w: _report(_start(w.project_a, LAST_MONTH), LAST_MONTH),
    "report of last year": lambda w: _report(
        _start(w.project_a, date(LAST_YEAR, 11, 2)), date(LAST_YEAR, 12, 1)
    ),
    "start moved to last year": _started_last_year,
    "signing moved a year earlier": _signed_a_year_earlier,
    "plan of next year": lambda w: _plan(w.project_b, 300, YEAR + 1, planned_completion=True),
    "restored": _restored,
    "moved zone with reports": lambda w: _moved_with_reports(w),
    "verified": lambda w: services.verification_decide(
        actor=w.city_manager,
        transition=StageTransition.objects.filter(project=_start(w.project_a)).latest("pk"),
        approve=True,
        without_evidence=True,
    ),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_kept_figures_equal_a_live_count_after_every_kind_of_write(
    world: World, write: str
) -> None:
    _plan(world.project_a, 1000, planned_start=True)
    _plan(world.project_b, 500, planned_completion=True)
    _assert_current()
    WRITES[write](world)
    _assert_current()


def test_the_kept_month_reads_as_the_dispatch_kpis(world: World) -> None:
    _plan(world.project_a, 1000, planned_start=True)
    _plan(world.project_b, 4000, planned_start=True, planned_completion=True)
    a = _start(world.project_a)
    services.report_submit(
        actor=None,
        project=a,
        month=THIS_MONTH,
        invested_wan=Decimal(250),
        funds_in_place_wan=Decimal(100),
    )
    row = ZoneMonth.objects.get(zone=world.zone_a, month=THIS_MONTH)
    kpis = selectors.zone_kpis(user=world.superuser, year=YEAR, month=TODAY.month)
    zone_a = kpis[world.zone_a.pk].kpis
    assert (row.planned_wan, row.invested_wan, row.funds_wan) == (
        zone_a.planned_wan,
        zone_a.invested_wan,
        zone_a.funds_wan,
    )
    assert (row.planned_starts, row.started) == (zone_a.planned_starts, zone_a.started) == (1, 1)
    # The month before the start counts it not yet started (the KPIs read the whole year).
    if TODAY.month > 1:
        earlier = ZoneMonth.objects.get(zone=world.zone_a, month=LAST_MONTH)
        assert earlier.started == 0 and earlier.planned_starts == 1


def test_a_refresh_costs_the_same_whatever_the_zones_projects(world: World) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            rollups.rollup_refresh([world.zone_a.pk])
        return len(ctx.captured_queries)

    _plan(world.project_a, 1000, planned_start=True)
    few = queries()
    for i in range(12):
        project = services.project_create(
            actor=None, zone=world.zone_a, name=f"项目{i}", total_investment_wan=Decimal(100 + i)
        )
        _plan(_start(project), 100 + i, planned_start=True)
    ZoneMonth.objects.all().delete()
    assert queries() <= few + 1  # the inserts go in one statement
    _assert_current()


def test_owed_reports_are_kept_for_the_months_asked_for(world: World) -> None:
    a = _start(world.project_a, LAST_MONTH)
    row = ZoneMonth.objects.get(zone=world.zone_a, month=LAST_MONTH)
    assert row.reports_owed == 1
    services.report_submit(actor=None, project=a, month=LAST_MONTH, invested_wan=Decimal(10))
    row.refresh_from_db()
    assert row.reports_owed == 0


def test_a_write_to_one_project_adds_its_difference_without_recounting_its_zone(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plan(world.project_a, 1000, planned_start=True)
    _plan(world.project_b, 500, planned_completion=True)
    _report(_start(world.project_b, LAST_MONTH), LAST_MONTH)

    def recount(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a zone was recounted")

    monkeypatch.setattr(rollups, "_compute", recount)
    a = _start(world.project_a, LAST_MONTH)
    _report(a, THIS_MONTH, 400)
    _plan(a, 1500, planned_start=True, planned_completion=True)
    services.project_update(actor=None, project=_fresh(a), changes={"zone": world.zone_b})
    services.project_archive(actor=None, project=_fresh(a))
    monkeypatch.undo()
    _assert_current()


def test_kept_rows_that_cannot_have_been_current_are_recounted(world: World) -> None:
    other = services.project_create(
        actor=None, zone=world.zone_a, name="甲区另一项目", total_investment_wan=Decimal(900)
    )
    _plan(other, 700, planned_completion=True)
    _plan(world.project_a, 1000, planned_start=True)
    a = _start(world.project_a)
    ZoneMonth.objects.filter(zone=world.zone_a).delete()  # as a bulk load leaves them
    services.project_archive(actor=None, project=a)  # its difference would go below zero
    _assert_current()
    assert ZoneMonth.objects.get(zone=world.zone_a, month=THIS_MONTH).planned_wan == 700


def test_a_note_taken_before_another_write_is_not_used(world: World) -> None:
    """A write inside another write: the outer write's note no longer describes what the
    kept rows were counted from, so its announcement recounts the zone."""
    a = _start(world.project_a, LAST_MONTH)
    notes = services.notes_before([a.pk])
    _report(a, LAST_MONTH)  # announced with a note of its own
    services.announce_changed([a.zone_id], project_ids=[a.pk], notes=notes)
    _assert_current()
    row = ZoneMonth.objects.get(zone=world.zone_a, month=LAST_MONTH)
    assert row.invested_wan == 120  # counted once
