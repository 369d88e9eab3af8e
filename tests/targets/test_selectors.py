"""The progress of an organisation's targets: actuals reported, summed from the organisations
below, or computed from verified projects; the queries do not grow with the zones."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from zonetrack.accounts.choices import OrganisationKind
from zonetrack.accounts.services import organisation_create
from zonetrack.projects.choices import Stage
from zonetrack.projects.services import project_create, project_transition, verification_decide
from zonetrack.targets import selectors
from zonetrack.targets.choices import Status

from ..conftest import World, make_zone
from .factories import LAST_YEAR, open_month, report, set_targets

END = date(LAST_YEAR + 1, 1, 10)  # the year is over: the time share is 1


def cell(line: selectors.Line, code: str) -> selectors.Cell:
    return next(c for c in line.cells if c.indicator.code == code)


def test_a_city_figure_is_its_zones_sum_and_each_zone_is_coloured(world: World) -> None:
    set_targets(
        LAST_YEAR,
        (world.city, "industrial_value_added", 2000),
        (world.org_a, "industrial_value_added", 1000),
        (world.org_b, "industrial_value_added", 1000),
    )
    for month in (1, 2):
        period = date(LAST_YEAR, month, 1)
        open_month(world.city, period)
        report(world.org_a, period, industrial_value_added=500)  # 1,000 of 1,000: green
        report(world.org_b, period, industrial_value_added=460)  # 920: amber
    result = selectors.progress_of(
        user=world.city_manager, organisation=world.city, year=LAST_YEAR, as_of=END
    )
    own = cell(result.own, "industrial_value_added")
    assert (own.actual, own.basis, own.status) == (Decimal(1920), "summed", Status.AMBER)
    a, b = result.children
    assert cell(a, "industrial_value_added").status == Status.GREEN
    assert cell(b, "industrial_value_added").status == Status.AMBER
    assert result.children_sum[own.indicator.pk] == Decimal(2000)


def test_a_growth_rate_is_the_latest_month_and_does_not_add_up(world: World) -> None:
    set_targets(LAST_YEAR, (world.org_a, "fai_growth", 20), (world.city, "fai_growth", 15))
    for month, value in ((1, 25), (2, 17)):
        period = date(LAST_YEAR, month, 1)
        open_month(world.city, period)
        report(world.org_a, period, fai_growth=value)
    result = selectors.progress_of(
        user=world.city_manager, organisation=world.city, year=LAST_YEAR, as_of=END
    )
    assert cell(result.own, "fai_growth").actual is None  # rates are not summed upwards
    zone = cell(result.children[0], "fai_growth")
    assert (zone.actual, zone.latest, zone.status) == (
        Decimal(17),
        date(LAST_YEAR, 2, 1),
        Status.RED,  # 17 / 20 = 0.85
    )


def test_a_computed_figure_counts_verified_starts_above_the_threshold(world: World) -> None:
    set_targets(
        LAST_YEAR,
        (world.org_a, "projects_started", 2),
        (world.org_a, "projects_started_500m", 1),
    )
    small = project_create(
        actor=None, zone=world.zone_a, name="甲区小项目", total_investment_wan=Decimal("20000")
    )
    pending = project_create(
        actor=None, zone=world.zone_a, name="甲区待认定项目", total_investment_wan=Decimal("90000")
    )
    on = date(LAST_YEAR, 3, 1)
    for project in (world.project_a, small, pending):
        project_transition(
            actor=None,
            project=project,
            to_stage=Stage.STARTED,
            happened_on=on,
            skipped={Stage.PACKAGED: on, Stage.SIGNED: on},
        )
    for project in (world.project_a, small):
        for transition in project.transitions.filter(verification="pending"):
            verification_decide(
                actor=world.city_manager, transition=transition, approve=True, without_evidence=True
            )
    result = selectors.progress_of(
        user=world.a_manager, organisation=world.org_a, year=LAST_YEAR, as_of=END
    )
    assert cell(result.own, "projects_started").actual == 2  # the pending claim is not counted
    assert cell(result.own, "projects_started").status == Status.GREEN
    assert cell(result.own, "projects_started_500m").actual == 1  # 5亿元 and above: project_a
    behind = selectors.computed_projects(
        user=world.a_manager,
        organisation=world.org_a,
        indicator=cell(result.own, "projects_started_500m").indicator,
        year=LAST_YEAR,
        as_of=END,
    )
    assert [t.project for t in behind] == [world.project_a]


def test_a_zone_sees_its_own_targets_never_a_siblings(world: World) -> None:
    set_targets(LAST_YEAR, (world.org_a, "trade_total", 10), (world.org_b, "trade_total", 20))
    result = selectors.progress_of(
        user=world.a_manager, organisation=world.org_a, year=LAST_YEAR, as_of=END
    )
    assert [line.organisation for line in result.children] == [world.dept_a]
    assert cell(result.own, "trade_total").target == 10


def _zones(world: World, count: int, start: int) -> None:
    for n in range(start, start + count):
        org = organisation_create(
            actor=None,
            name=f"丙{n}区管委会",
            kind=OrganisationKind.ZONE_COMMITTEE,
            parent=world.city,
        )
        make_zone(f"丙{n}区", org)
        set_targets(
            LAST_YEAR,
            (org, "industrial_value_added", 100),
            (org, "fai_growth", 10),
            (org, "projects_started", 1),
        )
        period = date(LAST_YEAR, 1, 1)
        report(org, period, industrial_value_added=9, fai_growth=11)


def test_the_progress_page_reads_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    from django.urls import reverse

    from ..conftest import client_for

    open_month(world.city, date(LAST_YEAR, 1, 1))
    _zones(world, 2, 0)
    client = client_for(world.city_manager)
    url = reverse("targets:progress", kwargs={"organisation_id": world.city.pk})
    client.get(url, {"year": LAST_YEAR})
    with django_assert_max_num_queries(20) as few:
        response = client.get(url, {"year": LAST_YEAR})
    assert response.status_code == 200
    _zones(world, 10, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"year": LAST_YEAR})
    assert response.content.decode().count('data-organisation="') == 14
