"""Figures worked by hand through the kept rollups: a derived growth rate, the computation kinds
from projects and monthly reports, a quarterly split and the children's coverage of a target."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from zonetrack.projects.choices import Stage
from zonetrack.projects.services import project_transition, report_submit, verification_decide
from zonetrack.targets import selectors, services
from zonetrack.targets.choices import Status
from zonetrack.targets.models import Target

from ..conftest import World
from .factories import LAST_YEAR, open_month, report, set_targets

END = date(LAST_YEAR + 1, 1, 10)  # the year is over: the time share is 1


def cell(line: selectors.Line, code: str) -> selectors.Cell:
    return next(c for c in line.cells if c.indicator.code == code)


def test_a_growth_rate_is_derived_from_the_same_months_a_year_before(world: World) -> None:
    before = LAST_YEAR - 1
    for year, values in ((before, (100, 100, 999)), (LAST_YEAR, (110, 120))):
        for month, value in enumerate(values, start=1):
            period = date(year, month, 1)
            open_month(world.city, period)
            report(world.org_a, period, industrial_value_added=value)
    set_targets(
        LAST_YEAR,
        (world.org_a, "industrial_value_added_growth", 10),
        (world.org_a, "industrial_value_added", 1000),
    )
    result = selectors.progress_of(
        user=world.a_manager, organisation=world.org_a, year=LAST_YEAR, as_of=END
    )
    derived = cell(result.own, "industrial_value_added_growth")
    # 110 + 120 against 100 + 100 (months 1–2 only, not last year's March): +15 %.
    assert (derived.actual, derived.basis) == (Decimal("15.0"), "derived")
    assert derived.status == Status.GREEN  # 15 against 10: ratio 1.5
    assert derived.derivation == (
        f"Derived from months 1–2 of {LAST_YEAR}, summed, against the same months of {before}"
    )
    amount = cell(result.own, "industrial_value_added")
    assert (amount.actual, amount.growth) == (Decimal(230), Decimal("15.0"))
    assert amount.trend[:3] == [Decimal(110), Decimal(120), None]
    assert amount.sparkline  # two months: a line


def test_projects_and_monthly_reports_are_computed_by_kind(world: World) -> None:
    signed_on, started_on = date(LAST_YEAR, 1, 10), date(LAST_YEAR, 3, 1)
    project_transition(
        actor=None,
        project=world.project_a,
        to_stage=Stage.SIGNED,
        happened_on=signed_on,
        skipped={Stage.PACKAGED: signed_on},
    )
    project_transition(
        actor=None, project=world.project_a, to_stage=Stage.STARTED, happened_on=started_on
    )
    for transition in world.project_a.transitions.filter(verification="pending"):
        verification_decide(
            actor=world.city_manager, transition=transition, approve=True, without_evidence=True
        )
    march, april = date(LAST_YEAR, 3, 1), date(LAST_YEAR, 4, 1)
    report_submit(
        actor=None,
        project=world.project_a,
        month=march,
        invested_wan=Decimal(500),
        submitted_on=date(LAST_YEAR, 4, 2),
    )
    report_submit(
        actor=None,
        project=world.project_a,
        month=april,
        invested_wan=Decimal(300),
        submitted_on=date(LAST_YEAR, 6, 1),  # late
    )
    report_submit(
        actor=None,
        project=world.project_b,
        month=march,
        invested_wan=Decimal(200),
        submitted_on=date(LAST_YEAR, 4, 1),
    )
    set_targets(
        LAST_YEAR,
        (world.city, "completed_investment", 2000),
        (world.city, "reports_on_time", 90),
        (world.org_a, "reports_on_time", 50),
        (world.org_a, "days_to_start", 60),
        (world.org_a, "signed_investment", 1),
    )
    city = selectors.progress_of(
        user=world.city_manager, organisation=world.city, year=LAST_YEAR, as_of=END
    )
    done = cell(city.own, "completed_investment")
    assert (done.actual, done.status) == (Decimal(1000), Status.RED)  # half the year's target
    on_time = cell(city.own, "reports_on_time")
    assert (on_time.actual, on_time.status) == (Decimal("66.7"), Status.RED)  # 2 of 3
    zone = next(line for line in city.children if line.organisation == world.org_a)
    assert cell(zone, "reports_on_time").actual == Decimal("50.0")  # 1 of 2
    assert cell(zone, "reports_on_time").status == Status.GREEN
    days = cell(zone, "days_to_start")
    assert days.actual == Decimal((started_on - signed_on).days)  # 50 days
    assert days.status == Status.GREEN  # lower is better: 60 / 50 = 1.2
    assert cell(zone, "signed_investment").actual == world.project_a.total_investment_wan
    behind = selectors.computed_reports(
        user=world.city_manager,
        organisation=world.org_a,
        indicator=done.indicator,
        year=LAST_YEAR,
        as_of=END,
    )
    assert [(r.month, r.is_late) for r in behind] == [(march, False), (april, True)]


def test_a_quarterly_split_judges_the_quarters_elapsed(world: World) -> None:
    set_targets(LAST_YEAR, (world.org_a, "trade_total", 1200))
    target = Target.objects.get(organisation=world.org_a, year=LAST_YEAR)
    services.target_quarters_set(
        actor=world.city_manager,
        target=target,
        quarters=[Decimal(100), Decimal(200), Decimal(300), Decimal(600)],
    )
    for month in range(1, 7):
        period = date(LAST_YEAR, month, 1)
        open_month(world.city, period)
        report(world.org_a, period, trade_total=50)
    july = date(LAST_YEAR, 7, 15)
    own = cell(
        selectors.progress_of(
            user=world.a_manager, organisation=world.org_a, year=LAST_YEAR, as_of=july
        ).own,
        "trade_total",
    )
    # 300 of the 300 the first two quarters expect: on schedule (linearly it would be half).
    assert (own.actual, own.expected_share, own.is_split) == (Decimal(300), Decimal("0.25"), True)
    assert own.status == Status.GREEN
    services.target_quarters_set(actor=world.city_manager, target=target, quarters=None)
    own = cell(
        selectors.progress_of(
            user=world.a_manager, organisation=world.org_a, year=LAST_YEAR, as_of=july
        ).own,
        "trade_total",
    )
    assert (own.expected_share, own.status) == (Decimal("0.5"), Status.RED)


def test_the_parent_shows_how_far_its_children_cover_it(world: World) -> None:
    set_targets(
        LAST_YEAR,
        (world.city, "trade_total", 1000),
        (world.org_a, "trade_total", 400),
        (world.org_b, "trade_total", 500),
    )
    own = cell(
        selectors.progress_of(
            user=world.city_manager, organisation=world.city, year=LAST_YEAR, as_of=END
        ).own,
        "trade_total",
    )
    assert (own.children_sum, own.gap) == (Decimal(900), Decimal(-100))  # short by 100
