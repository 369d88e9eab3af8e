"""The dispatch KPIs per zone (the 调度表), hand-worked on a small world, and the one
definition of "owes a monthly report" read by every page."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zonetrack.accounts.choices import OrganisationKind
from zonetrack.accounts.services import organisation_create
from zonetrack.dispatch import services as dispatch_services
from zonetrack.dispatch.selectors.table import dispatch_table
from zonetrack.projects import selectors, services
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import Project

from ..conftest import World, client_for, make_zone
from ..dispatch.factories import make_problem
from .factories import ProjectFactory, ReportFactory

TODAY = timezone.localdate()
YEAR = TODAY.year
LAST_MONTH = selectors.report_month(TODAY)


def _start(project: Project, day: date) -> Project:
    services.project_transition(
        actor=None,
        project=project,
        to_stage=Stage.STARTED,
        happened_on=day,
        skipped={"packaged": day, "signed": day},
    )
    return Project.objects.get(pk=project.pk)


def _plan(project: Project, wan: int, **extra: bool) -> None:
    services.year_plan_set(
        actor=None, project=project, year=YEAR, planned_investment_wan=Decimal(wan), **extra
    )


def _small_world(world: World) -> None:
    """Zone A: two planned starts (1,000 and 3,000 万元), one started, 600 + 400 invested,
    500 in place. Zone B: one planned start of 2,000 万元, started and completed as planned,
    1,200 invested, 1,000 in place."""
    day = date(YEAR, 1, 2) if date(YEAR, 1, 3) <= TODAY else TODAY
    second = services.project_create(
        actor=None, zone=world.zone_a, name="第二项目", total_investment_wan=Decimal(9000)
    )
    _plan(world.project_a, 1000, planned_start=True)
    _plan(second, 3000, planned_start=True)
    _plan(world.project_b, 2000, planned_start=True, planned_completion=True)
    a = _start(world.project_a, day)
    b = _start(world.project_b, day)
    services.project_update(actor=None, project=b, changes={"construction_status": "completed"})
    jan = date(YEAR, 1, 1)
    services.report_submit(
        actor=None, project=a, month=jan, invested_wan=Decimal(600), funds_in_place_wan=500
    )
    services.report_submit(actor=None, project=second, month=jan, invested_wan=Decimal(400))
    services.report_submit(
        actor=None, project=b, month=jan, invested_wan=Decimal(1200), funds_in_place_wan=1000
    )


def test_zone_kpis_hand_worked(world: World) -> None:
    _small_world(world)
    rows = selectors.zone_kpis(user=world.city_manager, year=YEAR, month=6)
    a, b = rows[world.zone_a.pk], rows[world.zone_b.pk]
    assert a.by_batch == [1, 0, 0, 1, 0]
    assert (a.kpis.start_rate, a.kpis.investment_rate, a.kpis.funds_rate) == (
        Decimal("50.0"),
        Decimal("25.0"),
        Decimal("12.5"),
    )
    assert a.kpis.completion_rate is None and not a.kpis.double_half
    assert a.kpis.behind_schedule  # 25 % against a 序时进度 of 50 %
    assert b.by_batch == [0, 0, 0, 1, 0]
    assert (b.kpis.start_rate, b.kpis.investment_rate, b.kpis.funds_rate) == (
        Decimal("100.0"),
        Decimal("60.0"),
        Decimal("50.0"),
    )
    assert b.kpis.completion_rate == Decimal("100.0") and b.kpis.double_half
    # One definition: a zone's row is the API's figures for that zone.
    api_a = selectors.dispatch_kpis(
        user=world.city_manager,
        year=YEAR,
        month=6,
        filters=selectors.ProjectFilters(zone=a.zone_id),
    )
    assert api_a == a.kpis
    # The whole city: 3 of 6,000 万元 planned starts … 2 of 3 started, 2,200 of 6,000 invested.
    total = selectors.dispatch_kpis(user=world.city_manager, year=YEAR, month=6)
    assert (total.start_rate, total.investment_rate) == (Decimal("66.7"), Decimal("36.7"))
    assert set(selectors.zone_kpis(user=world.b_manager, year=YEAR, month=6)) == {b.zone_id}


def test_dispatch_table_rows_colours_overdue_and_total(world: World) -> None:
    _small_world(world)
    make_problem(None, world.project_b, days=7, raised_on=TODAY - timedelta(days=10))
    make_problem(None, world.project_b, days=5)
    table = dispatch_table(user=world.city_manager, params={"year": str(YEAR), "month": "6"})
    rows = {row.zone_id: row for row in table.rows}
    assert set(rows) == {world.zone_a.pk, world.zone_b.pk}
    assert rows[world.zone_b.pk].overdue == 1 and rows[world.zone_a.pk].overdue == 0
    assert table.rows[0].zone_id == world.zone_b.pk  # the zone with overdue problems first
    assert [n for _, n in table.total.by_batch] == [1, 0, 0, 2, 0]  # 第二项目 is pursued
    assert table.total.kpis.start_rate == Decimal("66.7") and table.total.overdue == 1
    only_a = dispatch_table(user=world.city_manager, params={"zone": str(world.zone_a.pk)})
    assert [row.zone_id for row in only_a.rows] == [world.zone_a.pk]
    assert [row.zone_id for row in dispatch_table(user=world.b_manager).rows] == [world.zone_b.pk]


def _more_zones(world: World, n: int, first: int = 0) -> None:
    for i in range(first, first + n):
        org = organisation_create(
            actor=None,
            name=f"丙{i}区管委会",
            kind=OrganisationKind.ZONE_COMMITTEE,
            parent=world.city,
        )
        zone = make_zone(f"丙{i}区", org)
        project = ProjectFactory(zone=zone)
        _plan(project, 100, planned_start=True)
        make_problem(None, project, days=4, raised_on=TODAY - timedelta(days=5))


def _queries(world: World) -> int:
    with CaptureQueriesContext(connection) as captured:
        dispatch_table(user=world.city_manager)
    return len(captured)


def test_dispatch_table_queries_do_not_grow_with_zones(world: World) -> None:
    _more_zones(world, 1)
    _queries(world)  # the user's memberships are read once, then kept
    few = _queries(world)
    _more_zones(world, 4, first=1)
    assert _queries(world) == few
    assert len(dispatch_table(user=world.city_manager).rows) == 7


def test_dispatch_overview_shows_the_table_each_figure_a_link(world: World) -> None:
    _small_world(world)
    dispatch_services.colours_refresh()
    make_problem(None, world.project_b, days=7, raised_on=TODAY - timedelta(days=10))
    response = client_for(world.city_manager).get(reverse("dispatch:home"))
    assert response.status_code == 200
    html = response.content.decode()
    zone = world.zone_b.pk
    projects, problems = reverse("projects:project_list"), reverse("dispatch:problem_list")
    warnings = reverse("dispatch:warning_list")
    assert 'id="kpi-table"' in html
    assert f'href="{problems}?zone={zone}&amp;overdue=1">1</a>' in html
    assert f'href="{projects}?zone={zone}&amp;stage=started">1</a>' in html
    assert f'href="{warnings}?zone={zone}&amp;colour=red"' in html
    assert f'href="{projects}?zone={zone}&amp;stage=started&amp;year={YEAR}"' in html
    # A zone's dispatch page: the table narrowed to that zone.
    one = client_for(world.city_manager).get(reverse("dispatch:home"), {"zone": zone})
    assert f'data-zone="{world.zone_a.pk}"' not in one.content.decode()
    assert f'data-zone="{zone}"' in one.content.decode()


def test_owing_a_report_is_one_definition(world: World) -> None:
    """Started without last month's report: owes. Started with it, or only pursued: does not."""
    leader = world.a_manager
    owing = _start(ProjectFactory(zone=world.zone_a, leader=leader), LAST_MONTH)
    reported = _start(ProjectFactory(zone=world.zone_a, leader=leader), LAST_MONTH)
    ReportFactory(project=reported, month=LAST_MONTH)
    ProjectFactory(zone=world.zone_a, leader=leader)  # pursued: nothing to report
    mine = selectors.owing_report(selectors.my_projects(user=leader), LAST_MONTH)
    assert [p.pk for p in mine] == [owing.pk]
    rows = {p.pk: p for p in selectors.my_projects_owing(user=leader, month=LAST_MONTH)}
    assert [pk for pk, p in rows.items() if p.owes_report] == [owing.pk]
    assert [pk for pk, p in rows.items() if not p.has_previous] == [owing.pk]
    # Both pages count the same for the same person.
    client = client_for(leader)
    my_page = client.get(reverse("projects:my_projects"))
    leaders_page = client.get(reverse("projects:leader_workload"))
    load = next(x for x in leaders_page.context["loads"] if x.leader_id == leader.pk)
    assert my_page.context["owing"] == load.reports_owed == 1
