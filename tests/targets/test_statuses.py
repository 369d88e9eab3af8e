"""The cockpits' count of targets by colour: the same as the progress grid's lines, for every
kind of figure (summed, latest month, derived growth, 双过半, a quarterly split), read in a
fixed number of queries whatever the number of organisations."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from zonetrack.accounts.choices import OrganisationKind
from zonetrack.accounts.services import organisation_create
from zonetrack.projects.choices import Stage
from zonetrack.projects.services import project_transition, report_submit, year_plan_set
from zonetrack.targets import selectors, services
from zonetrack.targets.choices import Status
from zonetrack.targets.models import Target

from ..conftest import World
from .factories import LAST_YEAR, open_month, report, set_targets

BEFORE = LAST_YEAR - 1


def _grid_counts(world: World, as_of: date) -> dict[int, Counter[str]]:
    grid = selectors.progress_of(
        user=world.city_manager, organisation=world.city, year=LAST_YEAR, as_of=as_of
    )
    return {
        line.organisation.pk: Counter(cell.status for cell in line.cells)
        for line in [grid.own, *grid.children]
    }


def _figures(world: World) -> None:
    """Two years of reported months for both zones' committees, targets of every kind, a
    quarterly split, and a planned start started with investment reported (双过半)."""
    for year, last in ((BEFORE, 12), (LAST_YEAR, 7)):
        for month in range(1, last + 1):
            period = date(year, month, 1)
            open_month(world.city, period)
            grown = 10 if year == LAST_YEAR else 0
            report(
                world.org_a,
                period,
                industrial_value_added=100 + grown + month,
                fai_growth=5 + month,
                energy_per_value_added="0.5",
                trade_total=50,
            )
            report(world.org_b, period, industrial_value_added=90, fai_growth=3)
    set_targets(
        LAST_YEAR,
        (world.city, "industrial_value_added", 2000),
        (world.city, "double_half", 50),
        (world.org_a, "industrial_value_added_growth", 3),
        (world.org_b, "industrial_value_added_growth", 20),
        (world.org_a, "fai_growth", 10),
        (world.org_b, "fai_growth", 10),
        (world.org_a, "energy_per_value_added", "0.6"),
        (world.org_a, "trade_total", 1200),
        (world.org_b, "projects_started", 2),
        (world.org_a, "reports_on_time", 90),
    )
    services.target_quarters_set(
        actor=world.city_manager,
        target=Target.objects.get(organisation=world.org_a, indicator__code="trade_total"),
        quarters=[Decimal(100), Decimal(200), Decimal(300), Decimal(600)],
    )
    march = date(LAST_YEAR, 3, 1)
    year_plan_set(
        actor=None,
        project=world.project_a,
        year=LAST_YEAR,
        planned_investment_wan=Decimal(1000),
        planned_start=True,
    )
    project_transition(
        actor=None,
        project=world.project_a,
        to_stage=Stage.STARTED,
        happened_on=march,
        skipped={Stage.PACKAGED: march, Stage.SIGNED: march},
    )
    report_submit(
        actor=None,
        project=world.project_a,
        month=march,
        invested_wan=Decimal(600),
        submitted_on=date(LAST_YEAR, 4, 2),
    )


def test_statuses_count_as_the_progress_grid_does(world: World) -> None:
    _figures(world)
    orgs = [world.city.pk, world.org_a.pk, world.org_b.pk]
    for as_of in (
        date(LAST_YEAR, 1, 20),  # nothing judged yet
        date(LAST_YEAR, 5, 10),
        date(LAST_YEAR, 8, 1),
        date(LAST_YEAR + 1, 1, 10),  # the year is over
    ):
        found = selectors.target_statuses(
            user=world.city_manager, organisations=orgs, year=LAST_YEAR, as_of=as_of
        )
        assert found == _grid_counts(world, as_of), as_of
    # By hand, the year over: zone A grew 9.6 % on 3 %, its latest investment growth is 12 %
    # on 10 %, its energy use 0.5 on 0.6 and its one report on time on 90 % (green); its
    # trade is 350 of 1,200 (red). Zone B stood still on 20 %, has 3 % on 10 % and started
    # none of its 2 projects (red). The city is at 双过半 (60 % on 50 %), and its zones' value
    # added, 1,428, is short of its 2,000.
    end = selectors.target_statuses(
        user=world.city_manager, organisations=orgs, year=LAST_YEAR, as_of=date(LAST_YEAR + 1, 1, 3)
    )
    assert (end[world.org_a.pk][Status.GREEN], end[world.org_a.pk][Status.RED]) == (4, 1)
    assert end[world.org_b.pk][Status.RED] == 3
    assert (end[world.city.pk][Status.GREEN], end[world.city.pk][Status.RED]) == (1, 1)


def test_statuses_cost_the_same_whatever_the_number_of_organisations(world: World) -> None:
    _figures(world)
    as_of = date(LAST_YEAR, 8, 1)

    def queries(orgs: list[int]) -> int:
        with CaptureQueriesContext(connection) as ctx:
            selectors.target_statuses(
                user=world.city_manager, organisations=orgs, year=LAST_YEAR, as_of=as_of
            )
        return len(ctx.captured_queries)

    few = queries([world.org_a.pk, world.org_b.pk])
    more = [
        organisation_create(
            actor=None,
            name=f"新区{i}管委会",
            kind=OrganisationKind.ZONE_COMMITTEE,
            parent=world.city,
        )
        for i in range(3)
    ]
    set_targets(LAST_YEAR, *((org, "fai_growth", 10) for org in more))
    assert queries([world.org_a.pk, world.org_b.pk, *(o.pk for o in more)]) == few
