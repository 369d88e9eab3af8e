"""The targets pages as each persona uses them: the city sets its zones' targets and opens a
month, a zone officer enters the month's statistics, a zone leader reads the progress."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from zonetrack.targets import services
from zonetrack.targets.models import ReportedValue, ReportingWindow, Target

from ..conftest import World
from .conftest import english_client as client_for
from .factories import LAST_YEAR, indicator, open_month, report, set_targets

JAN = date(LAST_YEAR, 1, 1)


def decompose_url(world: World, org=None) -> str:  # type: ignore[no-untyped-def]
    return reverse("targets:target_decompose", kwargs={"organisation_id": (org or world.city).pk})


def test_the_city_sets_its_zones_targets_on_one_grid(world: World) -> None:
    iva = indicator("industrial_value_added")
    cell_a = services.target_cell(world.org_a.pk, iva.pk)
    cell_b = services.target_cell(world.org_b.pk, iva.pk)
    client = client_for(world.city_manager)
    page = client.get(decompose_url(world), {"year": LAST_YEAR}).content.decode()
    assert f'name="{cell_a}"' in page
    # The city's own target is set from above it: read-only here.
    assert f'name="{services.target_cell(world.city.pk, iva.pk)}"' not in page
    response = client.post(
        decompose_url(world), {"year": LAST_YEAR, cell_a: "1,000", cell_b: "800"}
    )
    assert response.status_code == 302
    assert sorted(Target.objects.values_list("value", flat=True)) == [800, 1000]
    page = client.get(decompose_url(world), {"year": LAST_YEAR}).content.decode()
    assert "1,800" in page  # the sum of the zones beside the city's target


def test_a_bad_cell_is_named_and_nothing_is_saved(world: World) -> None:
    iva = indicator("industrial_value_added")
    cell_a = services.target_cell(world.org_a.pk, iva.pk)
    cell_b = services.target_cell(world.org_b.pk, iva.pk)
    response = client_for(world.city_manager).post(
        decompose_url(world), {"year": LAST_YEAR, cell_a: "abc", cell_b: "800"}
    )
    assert response.status_code == 400
    assert "Enter a number." in response.content.decode()
    assert not Target.objects.exists()
    response = client_for(world.city_manager).post(
        decompose_url(world), {"year": LAST_YEAR, cell_a: "0", cell_b: "800"}
    )
    assert response.status_code == 400
    assert "zero" in response.content.decode()
    assert not Target.objects.exists()


def test_a_zone_reads_its_targets_but_does_not_set_them(world: World) -> None:
    set_targets(LAST_YEAR, (world.org_a, "trade_total", 10))
    client = client_for(world.a_manager)
    url = decompose_url(world, world.org_a)
    page = client.get(url, {"year": LAST_YEAR}).content.decode()
    cell = services.target_cell(world.org_a.pk, indicator("trade_total").pk)
    assert f'name="{cell}"' not in page  # its own: read-only
    # Posting the zone's own cell anyway changes nothing: it is not on the zone's form.
    client.post(url, {"year": LAST_YEAR, cell: "99"})
    assert Target.objects.get().value == 10
    assert client_for(world.a_viewer).post(url, {"year": LAST_YEAR}).status_code == 403
    assert client_for(world.a_manager).get(decompose_url(world, world.org_b)).status_code == 404


def test_a_zone_officer_enters_the_month_while_the_window_is_open(world: World) -> None:
    url = reverse("targets:value_entry", kwargs={"organisation_id": world.org_a.pk})
    cell = services.value_cell(indicator("general_budget_revenue").pk)
    client = client_for(world.a_officer)
    page = client.get(url, {"period": f"{JAN:%Y-%m}"}).content.decode()
    assert "No reporting window is open" in page
    refused = client.post(url, {"period": f"{JAN:%Y-%m}", cell: "50"})
    assert refused.status_code == 400
    assert not ReportedValue.objects.exists()
    window = open_month(world.city, JAN)
    response = client.post(url, {"period": f"{JAN:%Y-%m}", cell: "50"})
    assert response.status_code == 302
    assert ReportedValue.objects.get().value == 50
    bad = client.post(url, {"period": f"{JAN:%Y-%m}", cell: "-3"})
    assert bad.status_code == 400
    assert "cannot be below 0" in bad.content.decode()
    services.window_close(actor=None, window=window)
    locked = client.post(url, {"period": f"{JAN:%Y-%m}", cell: "60"})
    assert locked.status_code == 400
    assert "locked" in locked.content.decode()
    assert ReportedValue.objects.get().value == 50
    assert client_for(world.a_viewer).post(url, {"period": f"{JAN:%Y-%m}"}).status_code == 403


def test_the_city_opens_closes_and_reopens_a_window(world: World) -> None:
    client = client_for(world.city_manager)
    response = client.post(
        reverse("targets:window_create"),
        {"organisation": world.city.pk, "period": f"{JAN:%Y-%m}", "due_on": f"{LAST_YEAR}-02-05"},
    )
    assert response.status_code == 302
    window = ReportingWindow.objects.get()
    report(world.org_a, JAN, trade_total=5)
    detail = client.get(reverse("targets:window_detail", kwargs={"window_id": window.pk}))
    text = detail.content.decode()
    assert 'data-values="1"' in text and 'data-values="0"' in text  # 乙区 has not reported
    state = reverse("targets:window_state", kwargs={"window_id": window.pk})
    assert client_for(world.a_manager).post(state, {"action": "close"}).status_code == 403
    assert client.post(state, {"action": "close", "version": window.version}).status_code == 302
    again = client.post(state, {"action": "reopen", "reason": ""})
    assert again.status_code == 400
    assert "Say why" in again.content.decode()
    assert client.post(state, {"action": "reopen", "reason": "更正"}).status_code == 302
    assert ReportingWindow.objects.get().is_open


def test_a_zone_officer_may_not_open_a_window_for_the_city(world: World) -> None:
    response = client_for(world.a_manager).post(
        reverse("targets:window_create"),
        {"organisation": world.city.pk, "period": f"{JAN:%Y-%m}", "due_on": f"{LAST_YEAR}-02-05"},
    )
    assert response.status_code == 400  # the city is not among the organisations offered
    assert not ReportingWindow.objects.exists()


def test_the_zone_leader_reads_progress_in_colour(world: World) -> None:
    set_targets(LAST_YEAR, (world.org_a, "trade_total", 120))
    open_month(world.city, JAN)
    report(world.org_a, JAN, trade_total=60)  # half of the year's target, the year over: red
    page = (
        client_for(world.a_manager)
        .get(reverse("targets:overview"), {"year": LAST_YEAR})
        .content.decode()
    )
    assert 'data-indicator="trade_total" data-status="red"' in page
    assert "50.0%" in page
    # The zone's page does not offer its own targets for setting; the city's does.
    assert 'id="set-targets"' in page  # a zone manager decomposes to its departments
    assert (
        'id="set-targets"'
        not in client_for(world.a_viewer).get(reverse("targets:overview")).content.decode()
    )


def test_a_computed_figure_links_to_its_projects(world: World) -> None:
    url = reverse(
        "targets:computed_detail",
        kwargs={
            "organisation_id": world.org_a.pk,
            "indicator_id": indicator("projects_started").pk,
        },
    )
    assert client_for(world.a_viewer).get(url, {"year": LAST_YEAR}).status_code == 200
    assert client_for(world.b_manager).get(url).status_code == 404


def test_the_city_reads_each_zones_cells_in_colour_with_computed_figures_linked(
    world: World,
) -> None:
    set_targets(
        LAST_YEAR,
        (world.city, "trade_total", 1000),
        (world.org_a, "trade_total", 120),
        (world.org_b, "trade_total", 300),
        (world.org_a, "projects_started", 4),
    )
    open_month(world.city, JAN)
    report(world.org_a, JAN, trade_total=60)
    page = (
        client_for(world.city_manager)
        .get(
            reverse("targets:progress", kwargs={"organisation_id": world.city.pk}),
            {"year": LAST_YEAR},
        )
        .content.decode()
    )
    grid = page.split('id="children-progress"')[1]
    row_a = grid.split(f'data-organisation="{world.org_a.pk}"')[1].split("</tr>")[0]
    row_b = grid.split(f'data-organisation="{world.org_b.pk}"')[1].split("</tr>")[0]
    # Half of the year's target with the year over: red, 50 %.
    assert '<td class="text-end zt-num" data-status="red">' in row_a
    assert "60 / 120" in row_a and ">50%</span>" in row_a
    computed = reverse(
        "targets:computed_detail",
        kwargs={
            "organisation_id": world.org_a.pk,
            "indicator_id": indicator("projects_started").pk,
        },
    )
    assert f'<a href="{computed}?year={LAST_YEAR}">0</a> / 4' in row_a
    assert "— / 300" in row_b  # nothing reported yet
    assert 'data-status="none">' in row_b and ">Not judged yet</span>" in row_b


def test_a_rate_opens_to_the_year_plans_and_problems_it_counts(world: World) -> None:
    """开工率 lists the planned starts with whether each started; 问题按期销号率 lists the
    judged problems, linked, with whether each was closed on time; another zone sees neither."""
    from datetime import timedelta
    from decimal import Decimal

    from zonetrack.projects.services import year_plan_set

    from ..dispatch.factories import make_problem

    year_plan_set(
        actor=world.a_manager,
        project=world.project_a,
        year=LAST_YEAR,
        planned_investment_wan=Decimal(800),
        planned_start=True,
    )

    def url(code: str) -> str:
        return reverse(
            "targets:computed_detail",
            kwargs={"organisation_id": world.org_a.pk, "indicator_id": indicator(code).pk},
        )

    viewer = client_for(world.a_viewer)
    page = viewer.get(url("start_rate"), {"year": LAST_YEAR}).content.decode()
    table = page.split('id="counted-plans"')[1].split("</table>")[0]
    assert world.project_a.name in table and "not started" in table

    # Due 40 days ago: in a month whose figures are in, whatever the day of the month.
    today = timezone.localdate()
    overdue = make_problem(
        world.a_manager, world.project_a, raised_on=today - timedelta(days=50), days=10
    )
    year = overdue.deadline_on.year
    page = viewer.get(url("problems_on_time"), {"year": year}).content.decode()
    table = page.split('id="counted-records"')[1].split("</table>")[0]
    assert reverse("dispatch:problem_detail", kwargs={"problem_id": overdue.pk}) in table
    assert ">no</span>" in table  # open past its deadline: not closed on time
    assert client_for(world.b_manager).get(url("problems_on_time")).status_code == 404
