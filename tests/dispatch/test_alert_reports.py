"""The alert job's missing report follows the one definition of owing a monthly report
(``projects.selectors.owing_report``): a project that owes none raises no alert."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from zonetrack.dispatch.alerts import run_alerts
from zonetrack.dispatch.choices import AlertKind
from zonetrack.dispatch.models import ColourStatus
from zonetrack.dispatch.services import colours_refresh
from zonetrack.notices.models import Alert
from zonetrack.projects.models import Project
from zonetrack.projects.selectors import owing_report, report_month, reports_for
from zonetrack.projects.services import report_submit

from ..conftest import World

REAL_TODAY = timezone.localdate()
# After the report due day, so last month's missing reports count.
TODAY = REAL_TODAY if REAL_TODAY.day > 5 else REAL_TODAY + timedelta(days=6 - REAL_TODAY.day)
MONTH = report_month(TODAY)


def set_stage(project: Project, stage: str, **dates: date) -> None:
    Project.objects.filter(pk=project.pk).update(stage=stage, **dates)


def missing(project: Project) -> bool:
    return Alert.objects.filter(
        kind=AlertKind.REPORT_MISSING, key__startswith=f"r:{project.pk}:"
    ).exists()


@pytest.mark.parametrize(
    ("stage", "owes"),
    [
        ("signed", False),
        ("pursued", False),
        ("terminated", False),
        ("started", True),
        ("in_production", True),
        ("at_capacity", True),
    ],
)
def test_a_missing_report_alert_only_for_projects_that_owe_one(
    world: World, stage: str, owes: bool
) -> None:
    set_stage(
        world.project_a,
        stage,
        signed_on=TODAY - timedelta(days=200),
        started_on=TODAY - timedelta(days=120),
        stage_on=TODAY - timedelta(days=100),
    )
    defined = owing_report(Project.objects.filter(pk=world.project_a.pk), MONTH).exists()
    assert defined is owes
    run_alerts(today=TODAY)
    assert missing(world.project_a) is owes


def test_a_filed_or_archived_project_raises_no_alert(world: World) -> None:
    set_stage(world.project_a, "started", started_on=TODAY - timedelta(days=120))
    set_stage(world.project_b, "started", started_on=TODAY - timedelta(days=120))
    report_submit(actor=None, project=world.project_a, month=MONTH, invested_wan=Decimal(100))
    Project.objects.filter(pk=world.project_b.pk).update(archived_at=timezone.now())
    run_alerts(today=TODAY)
    assert not missing(world.project_a) and not missing(world.project_b)


def test_a_project_started_after_the_month_owes_no_report_anywhere(world: World) -> None:
    # Started on the first of this month: it has nothing to say about last month.
    set_stage(world.project_a, "started", started_on=MONTH_AFTER, stage_on=MONTH_AFTER)
    # Started on the last day of last month: it reports for it.
    set_stage(world.project_b, "started", started_on=MONTH_AFTER - timedelta(days=1))
    owing = set(owing_report(Project.objects.all(), MONTH).values_list("pk", flat=True))
    assert world.project_a.pk not in owing and world.project_b.pk in owing
    run_alerts(today=TODAY)
    assert not missing(world.project_a) and missing(world.project_b)
    colours_refresh(today=TODAY)
    assert "report_missing" not in rules_fired(world.project_a)
    assert "report_missing" in rules_fired(world.project_b)


@pytest.mark.parametrize("stage", ["pursued", "signed", "started", "in_production", "at_capacity"])
@pytest.mark.parametrize("started", [None, -40, -1, 0, 5])
@pytest.mark.parametrize("reached", [None, -40, 0])
def test_the_query_and_the_row_forms_of_owing_agree(
    world: World, stage: str, started: int | None, reached: int | None
) -> None:
    def day(offset: int | None) -> date | None:
        return None if offset is None else MONTH_AFTER + timedelta(days=offset)

    set_stage(world.project_a, stage, started_on=day(started), stage_on=day(reached))
    row = Project.objects.values_list("stage", "started_on", "stage_on").get(pk=world.project_a.pk)
    in_query = owing_report(Project.objects.filter(pk=world.project_a.pk), MONTH).exists()
    assert reports_for(*row, MONTH) is in_query


MONTH_AFTER = (MONTH.replace(day=28) + timedelta(days=4)).replace(day=1)


def rules_fired(project: Project) -> set[str]:
    status = ColourStatus.objects.get(project=project, milestone__isnull=True)
    return {reason["rule"] for reason in status.reasons}
