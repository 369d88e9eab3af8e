"""The cockpits: every figure equals a count made straight from the records, a city sees only
its zones and a zone only itself, each figure breaks down by zone into links to the records
behind it, and a page costs the same number of queries whatever the number of zones."""

from __future__ import annotations

import io
from dataclasses import fields
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zonetrack.accounts.models import Organisation
from zonetrack.dashboards.cockpit import CockpitFilters, Figures, cockpit
from zonetrack.dashboards.cockpit.links import FIGURES
from zonetrack.dispatch import services as dispatch_services
from zonetrack.dispatch.choices import EscalationLevel
from zonetrack.dispatch.models import Problem
from zonetrack.dispatch.selectors import ProblemFilters, colour_counts, problem_list
from zonetrack.land import services as land_services
from zonetrack.land.models import FollowUp, Parcel
from zonetrack.projects import selectors, services
from zonetrack.projects.choices import FIVE_BATCHES, Stage
from zonetrack.projects.models import ProgressReport, Project, YearPlan
from zonetrack.promotion.choices import OPEN_STATUSES
from zonetrack.promotion.models import Lead
from zonetrack.registry.models import Zone
from zonetrack.targets import services as target_services
from zonetrack.targets.models import Task
from zonetrack.targets.selectors import task_list

from ..conftest import World, api_client_for, client_for, make_zone
from ..dispatch.factories import make_problem
from ..land.factories import make_parcel, supplied_commitment
from ..land.test_commitments import PROMISE, _built
from ..promotion.factories import make_lead

TODAY = timezone.localdate()
YEAR = TODAY.year
PERIOD = selectors.report_month(TODAY)  # the month a cockpit opens on


def _start(project: Project, day: date) -> Project:
    services.project_transition(
        actor=None,
        project=project,
        to_stage=Stage.STARTED,
        happened_on=day,
        skipped={"packaged": day, "signed": day},
    )
    return Project.objects.get(pk=project.pk)


def _busy(world: World) -> None:
    """Both zones with plans, starts, reports of this year and last, signings, a red project,
    overdue problems and tasks, live leads, supplied and idle land and a failed promise."""
    first = date(YEAR, 1, 5) if PERIOD.month > 1 else PERIOD
    for zone, wan in ((world.zone_a, 5000), (world.zone_b, 3000)):
        extra = services.project_create(
            actor=None, zone=zone, name=f"{zone.name}扩建", total_investment_wan=Decimal(wan)
        )
        services.year_plan_set(
            actor=None,
            project=extra,
            year=YEAR,
            planned_investment_wan=Decimal(wan),
            planned_start=True,
            planned_completion=True,
        )
        started = _start(extra, first)
        services.report_submit(
            actor=None,
            project=started,
            month=PERIOD,
            invested_wan=Decimal(wan) / 4,
            funds_in_place_wan=Decimal(wan) / 5,
        )
        ProgressReport.objects.create(
            project=started, month=PERIOD.replace(year=YEAR - 1), invested_wan=Decimal(wan) / 8
        )
        services.year_plan_set(
            actor=None,
            project=started,
            year=YEAR - 1,
            planned_investment_wan=Decimal(wan) / 2,
            planned_start=True,
        )
    services.year_plan_set(
        actor=None,
        project=world.project_a,
        year=YEAR,
        planned_investment_wan=Decimal(2000),
        planned_start=True,
    )
    services.project_transition(
        actor=None,
        project=world.project_b,
        to_stage=Stage.SIGNED,
        happened_on=first,
        skipped={"packaged": first},
    )
    # A problem escalated to the province and three days overdue: project A is red.
    problem = make_problem(world.superuser, world.project_a)
    Problem.objects.filter(pk=problem.pk).update(
        escalation_level=EscalationLevel.PROVINCE, deadline_on=TODAY - timedelta(days=3)
    )
    make_problem(world.superuser, world.project_b)
    dispatch_services.colours_refresh()
    late = target_services.task_create(
        actor=None, organisation=world.org_a, title="完成园区污水厂验收", due_on=TODAY
    )
    Task.objects.filter(pk=late.pk).update(due_on=TODAY - timedelta(days=5))
    make_lead(world.zone_a)
    make_lead(world.zone_b, "新材料项目")
    make_parcel(world.zone_b, "乙-R1", area_mu="25", status="reserve")
    commitment = supplied_commitment(world.zone_a, world.project_a, "甲-C1", **PROMISE)
    _built(world.project_a, invested=["1000"], started=date(2023, 8, 1), production=None)
    land_services.commitment_check(
        actor=world.a_officer, commitment=commitment, kind="completion", day=date(2024, 7, 1)
    )
    idle = make_parcel(world.zone_b, "乙-I1", area_mu="12", status="granting")
    land_services.parcel_set_status(
        actor=None, parcel=idle, status="supplied", changed_on=TODAY, firm="某机械厂"
    )
    land_services.parcel_set_status(
        actor=None, parcel=Parcel.objects.get(pk=idle.pk), status="idle", changed_on=TODAY
    )


def _live(user: Any, organisation: Organisation, period: date) -> dict[str, Any]:
    """Every figure counted from the records, the way each list page counts it."""
    zones = Zone.objects.active().filter(organisation__path__startswith=organisation.path)
    projects = Project.objects.active().filter(zone__in=zones)
    counted = projects.exclude(stage=Stage.TERMINATED)
    month_end = (period.replace(day=28) + timedelta(days=4)).replace(day=1)
    kpis = selectors.dispatch_kpis(user=user, year=period.year, month=period.month)
    batches: dict[str, list[int]] = {s.value: [0, 0] for s in FIVE_BATCHES}
    for project in counted:
        for index, stage in enumerate((project.stage, project.verified_stage)):
            stage = Stage.IN_PRODUCTION if stage == Stage.AT_CAPACITY else stage
            if stage in batches:
                batches[stage][index] += 1
    signed = counted.filter(signed_on__gte=date(period.year, 1, 1), signed_on__lt=month_end)
    before = ProgressReport.objects.filter(
        project__in=counted,
        month__gte=date(period.year - 1, 1, 1),
        month__lte=period.replace(year=period.year - 1),
    )
    colours = colour_counts(user=user)
    parcels = Parcel.objects.active().filter(zone__in=zones)
    return {
        "zones": zones.count(),
        "batches": batches,
        "pipeline_wan": counted.aggregate(s=Sum("total_investment_wan"))["s"] or 0,
        "planned_wan": kpis.planned_wan,
        "planned_starts": kpis.planned_starts,
        "started": kpis.started,
        "planned_completions": kpis.planned_completions,
        "completed": kpis.completed,
        "invested_wan": kpis.invested_wan,
        "funds_wan": kpis.funds_wan,
        "signed": signed.count(),
        "signed_wan": signed.aggregate(s=Sum("total_investment_wan"))["s"] or 0,
        "reports_owed": selectors.owing_report(counted, period).count(),
        "invested_before_wan": before.aggregate(s=Sum("invested_wan"))["s"] or 0,
        "planned_before_wan": YearPlan.objects.filter(
            project__in=counted, year=period.year - 1
        ).aggregate(s=Sum("planned_investment_wan"))["s"]
        or 0,
        "started_before": YearPlan.objects.filter(
            project__in=counted,
            year=period.year - 1,
            planned_start=True,
            project__started_on__year=period.year - 1,
            project__started_on__lt=month_end.replace(year=month_end.year - 1),
        ).count(),
        "planned_starts_before": YearPlan.objects.filter(
            project__in=counted, year=period.year - 1, planned_start=True
        ).count(),
        "signed_before": counted.filter(
            signed_on__gte=date(period.year - 1, 1, 1),
            signed_on__lt=month_end.replace(year=month_end.year - 1),
        ).count(),
        "red": colours.get("red", 0),
        "yellow": colours.get("yellow", 0),
        "problems_open": problem_list(user=user, filters=ProblemFilters(status="open")).count(),
        "problems_overdue": problem_list(user=user, filters=ProblemFilters(overdue=True)).count(),
        "tasks_overdue": task_list(user=user, status="overdue").count(),
        "leads_open": Lead.objects.active()
        .filter(zone__in=zones, status__in=OPEN_STATUSES)
        .count(),
        "supplied_mu": parcels.filter(status__in=["supplied", "idle", "low_efficiency"]).aggregate(
            s=Sum("area_mu")
        )["s"]
        or 0,
        "idle_mu": parcels.filter(status="idle").aggregate(s=Sum("area_mu"))["s"] or 0,
        "idle_parcels": parcels.filter(status="idle").count(),
        "land_follow_ups": FollowUp.objects.active()
        .filter(commitment__parcel__zone__in=zones, status="open")
        .count(),
        "incentive_follow_ups": 0,
    }


def _kept(figures: Figures) -> dict[str, Any]:
    return {f.name: getattr(figures, f.name) for f in fields(figures)}


@pytest.mark.parametrize("who", ["city_manager", "a_manager"])
def test_every_figure_equals_a_count_from_the_records(world: World, who: str) -> None:
    _busy(world)
    user = getattr(world, who)
    organisation = world.city if who == "city_manager" else world.org_a
    found = cockpit(user=user, organisation=organisation, filters=CockpitFilters(period=PERIOD))
    live = _live(user, organisation, PERIOD)
    assert _kept(found.total) == live
    # Something of each kind is there to count.
    assert found.total.red >= 1 and found.total.problems_overdue == 1
    assert found.total.tasks_overdue == 1 and found.total.invested_wan > 0
    assert found.total.invested_before_wan > 0 and found.total.land_follow_ups == 1
    assert found.total.investment_rate_before is not None
    # The lines add up to the total.
    summed = Figures()
    for line in found.lines:
        summed.add(line.figures)
    assert _kept(summed) == _kept(found.total)


def test_the_current_month_reads_as_the_dispatch_kpis(world: World) -> None:
    _busy(world)
    month = TODAY.replace(day=1)
    found = cockpit(
        user=world.city_manager, organisation=world.city, filters=CockpitFilters(period=month)
    )
    kpis = selectors.dispatch_kpis(user=world.city_manager, year=YEAR, month=TODAY.month)
    assert (found.total.start_rate, found.total.investment_rate, found.total.funds_rate) == (
        kpis.start_rate,
        kpis.investment_rate,
        kpis.funds_rate,
    )


def test_a_city_sees_its_zones_and_a_zone_only_itself(world: World) -> None:
    city = client_for(world.city_manager)
    assert city.get(_url("cockpit", world.city)).status_code == 200
    assert city.get(_url("cockpit", world.province)).status_code == 404
    zone = client_for(world.a_manager)
    assert zone.get(_url("cockpit", world.org_a)).status_code == 200
    for other in (world.org_b, world.city, world.province):
        assert zone.get(_url("cockpit", other)).status_code == 404
        assert zone.get(_url("cockpit_print", other)).status_code == 404
        assert zone.get(_url("cockpit_figure", other, key="red")).status_code == 404
    # Opening /overview/ lands on the user's topmost cockpit.
    assert zone.get(reverse("dashboards:cockpit_home"))["Location"] == _url("cockpit", world.org_a)
    nobody = client_for(world.nobody)
    assert nobody.get(reverse("dashboards:cockpit_home")).status_code == 200
    assert nobody.get(_url("cockpit", world.org_a)).status_code == 404


def _url(name: str, organisation: Organisation, **kwargs: Any) -> str:
    return reverse(f"dashboards:{name}", kwargs={"organisation_id": organisation.pk, **kwargs})


def test_each_figure_breaks_down_by_zone_into_the_records_behind_it(world: World) -> None:
    _busy(world)
    client = client_for(world.city_manager)
    page = client.get(_url("cockpit", world.city)).content.decode()
    for key in FIGURES:
        if f'data-figure="{key}"' not in page:
            continue
        breakdown = client.get(
            _url("cockpit_figure", world.city, key=key) + f"?period={PERIOD:%Y-%m}"
        )
        assert breakdown.status_code == 200, key
        for zone in (world.zone_a, world.zone_b):
            assert f'data-zone="{zone.pk}"' in breakdown.content.decode()
        for link in breakdown.context["rows"]:
            assert client.get(link["url"]).status_code == 200, (key, link["url"])
    assert client.get(_url("cockpit_figure", world.city, key="nonsense")).status_code == 404
    # The red projects' breakdown leads to the warning list of zone A, where project A is.
    rows = client.get(_url("cockpit_figure", world.city, key="red")).context["rows"]
    zone_a = next(row for row in rows if row["zone"] == world.zone_a)
    assert zone_a["value"] >= 1
    assert world.project_a.name in client.get(zone_a["url"]).content.decode()
    # The reports owed lead to the projects owing the month's report.
    owed = client.get(_url("cockpit_figure", world.city, key="reports_owed")).context["rows"]
    listed = client.get(next(r["url"] for r in owed if r["zone"] == world.zone_a))
    assert listed.context["page_obj"].paginator.count == next(
        r["value"] for r in owed if r["zone"] == world.zone_a
    )


def test_filters_choose_the_zones_counted(world: World) -> None:
    _busy(world)
    Zone.objects.filter(pk=world.zone_b.pk).update(kind="high_tech")
    only_high_tech = cockpit(
        user=world.city_manager,
        organisation=world.city,
        filters=CockpitFilters(period=PERIOD, kind="high_tech"),
    )
    assert [p.zone for p in only_high_tech.zones] == [world.zone_b]
    assert [line.organisation for line in only_high_tech.lines] == [world.org_b]
    alone = cockpit(
        user=world.b_manager, organisation=world.org_b, filters=CockpitFilters(period=PERIOD)
    )
    assert only_high_tech.total == alone.total  # zone A's figures and its unit's tasks left out


def test_a_page_costs_the_same_whatever_the_number_of_zones(world: World) -> None:
    _busy(world)
    client = client_for(world.city_manager)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url("cockpit", world.city)).status_code == 200
        return len(ctx.captured_queries)

    queries()  # the first request also saves the session
    few = queries()
    for i in range(4):  # more zones, in both branches
        zone = make_zone(f"新区{i}", world.org_b if i % 2 else world.org_a)
        project = services.project_create(
            actor=None, zone=zone, name=f"新项目{i}", total_investment_wan=Decimal(100)
        )
        _start(project, PERIOD)
    assert queries() == few


def test_the_api_gives_the_cockpit_figures(world: World) -> None:
    _busy(world)
    client, headers = api_client_for(world.city_manager)
    answer = client.get(
        f"/api/overview?organisation={world.city.pk}&period={PERIOD:%Y-%m}", headers=headers
    )
    assert answer.status_code == 200
    body = answer.json()
    found = cockpit(
        user=world.city_manager, organisation=world.city, filters=CockpitFilters(period=PERIOD)
    )
    assert body["total"]["red"] == found.total.red >= 1
    assert Decimal(str(body["total"]["invested_wan"])) == found.total.invested_wan
    assert {line["organisation"] for line in body["lines"]} == {world.org_a.pk, world.org_b.pk}
    assert (
        client.get(f"/api/overview?organisation={world.province.pk}", headers=headers).status_code
        == 404
    )
    bad = client.get("/api/overview?period=2026-13", headers=headers)
    assert bad.status_code in (400, 422) and "period" in bad.content.decode()
    # Without an organisation: the user's topmost cockpit.
    assert client.get("/api/overview", headers=headers).json()["organisation"] == world.city.pk


def test_print_view_holds_the_figures_on_one_landscape_page(world: World) -> None:
    _busy(world)
    page = client_for(world.city_manager).get(_url("cockpit_print", world.city))
    html = page.content.decode()
    assert page.status_code == 200
    assert "cockpit-print.css" in html and 'id="print-lines"' in html
    assert world.org_a.name in html and world.project_a.name in html  # the red list


def test_nothing_needs_attention_says_so(world: World) -> None:
    page = client_for(world.a_manager).get(_url("cockpit", world.org_a))
    assert 'id="cockpit-attention-none"' in page.content.decode()


def test_the_extract_holds_the_cockpit_figures(world: World) -> None:
    _busy(world)
    response = client_for(world.city_manager).get(
        _url("cockpit_extract", world.city) + f"?period={PERIOD:%Y-%m}"
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    found = cockpit(
        user=world.city_manager, organisation=world.city, filters=CockpitFilters(period=PERIOD)
    )
    values = {row[0]: row[1] for row in book.worksheets[0].iter_rows(min_row=3, values_only=True)}
    assert values[str(FIGURES["red"].label)] == found.total.red
    assert Decimal(str(values[str(FIGURES["invested_wan"].label)])) == found.total.invested_wan
    names = [row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert names[:2] == [world.org_a.name, world.org_b.name]
    outsider = client_for(world.a_manager).get(_url("cockpit_extract", world.city))
    assert outsider.status_code == 404


def test_the_map_comes_in_its_own_request_with_each_zones_target_colour(world: World) -> None:
    _busy(world)
    Zone.objects.filter(pk=world.zone_a.pk).update(center_lat=36.08, center_lng=111.52)
    client = client_for(world.city_manager)
    page = client.get(_url("cockpit", world.city))
    assert 'id="cockpit-map-chart"' in page.content.decode()
    zones = client.get(_url("cockpit_map", world.city)).json()["zones"]
    assert [z["name"] for z in zones] == [world.zone_a.name]  # zone B has no centre
    assert zones[0]["status"] in {"green", "amber", "red", "none"}
    found = cockpit(
        user=world.city_manager, organisation=world.city, filters=CockpitFilters(PERIOD)
    )
    zone_a = next(p for p in found.zones if p.zone.pk == world.zone_a.pk)
    assert zones[0]["invested"] == float(zone_a.figures.invested_wan)
    assert client_for(world.a_manager).get(_url("cockpit_map", world.city)).status_code == 404


def test_the_five_batches_read_as_the_zones_claims_in_chinese(world: World) -> None:
    """The funnel's "Claimed" is what the zones declared (申报), not what an article claims."""
    client = client_for(world.city_manager)
    for name in ("cockpit", "cockpit_print"):
        html = client.get(_url(name, world.city), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert "申报" in html and "文章所称" not in html, name
