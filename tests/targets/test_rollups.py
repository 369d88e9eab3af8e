"""The kept rollups equal a live computation from the records after every kind of write: a value
entered, values loaded in bulk (then the rebuild job), a stage claimed, a stage verified, a
monthly report, a project moved to another zone, a project archived."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zonetrack.accounts.choices import Role
from zonetrack.dispatch import services as dispatch
from zonetrack.dispatch.models import Problem
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import Project
from zonetrack.projects.selectors import dispatch_kpis, zone_kpis
from zonetrack.projects.services import (
    changes_batched,
    project_archive,
    project_transition,
    project_update,
    report_submit,
    verification_decide,
    year_plan_set,
)
from zonetrack.targets import selectors
from zonetrack.targets.models import ReportedValue, Rollup
from zonetrack.targets.selectors import figures
from zonetrack.targets.services import counting, rollups

from ..conftest import World, make_user
from ..dispatch.factories import make_problem
from .factories import LAST_YEAR, indicator, open_month, report, set_targets


def kept() -> dict[rollups.Key, rollups.Figure]:
    return {
        (r.organisation_id, r.indicator_id, r.period): rollups.Figure(
            r.own_amount, r.own_base, r.amount, r.base, r.basis
        )
        for r in Rollup.objects.all()
    }


def assert_kept_is_live() -> None:
    live = rollups.live()
    assert kept() == live


def figure(org_id: int, code: str, period: date) -> rollups.Figure | None:
    return kept().get((org_id, indicator(code).pk, period))


def test_entered_values_settle_up_the_tree(world: World) -> None:
    period = date(LAST_YEAR, 3, 1)
    open_month(world.city, period)
    report(world.org_a, period, industrial_value_added=500, fai_growth=12)
    report(world.org_b, period, industrial_value_added=300)
    assert_kept_is_live()
    city = figure(world.city.pk, "industrial_value_added", period)
    assert city is not None and (city.amount, city.basis) == (Decimal(800), "summed")
    assert figure(world.city.pk, "fai_growth", period) is None  # a rate is not summed
    assert figure(world.province.pk, "industrial_value_added", period).amount == 800  # type: ignore[union-attr]
    report(world.org_b, period, industrial_value_added=100)  # a correction
    assert_kept_is_live()
    assert figure(world.city.pk, "industrial_value_added", period).amount == 600  # type: ignore[union-attr]


def test_a_bulk_load_is_settled_by_the_rebuild_job(world: World) -> None:
    period = date(LAST_YEAR, 4, 1)
    ReportedValue.objects.bulk_create(
        ReportedValue(
            organisation=org, indicator=indicator("trade_total"), period=period, value=value
        )
        for org, value in ((world.org_a, Decimal(70)), (world.dept_a, Decimal(5)))
    )
    assert kept() != rollups.live()  # a bulk load bypasses the services ...
    assert rollups.rebuild() > 0  # ... and the job catches up
    assert_kept_is_live()
    assert rollups.rebuild() == 0  # nothing left to write


def _start(world: World, on: date) -> None:
    project_transition(
        actor=None,
        project=world.project_a,
        to_stage=Stage.STARTED,
        happened_on=on,
        skipped={Stage.PACKAGED: on, Stage.SIGNED: on},
    )


def test_stage_claims_verification_reports_and_moves_keep_the_counts(world: World) -> None:
    on = date(LAST_YEAR, 5, 10)
    month = date(LAST_YEAR, 5, 1)
    _start(world, on)  # claimed: nothing counts yet
    assert_kept_is_live()
    assert figure(world.org_a.pk, "projects_started", month) is None
    for transition in world.project_a.transitions.filter(verification="pending"):
        verification_decide(
            actor=world.city_manager, transition=transition, approve=True, without_evidence=True
        )
    assert_kept_is_live()
    assert figure(world.org_a.pk, "projects_started", month).amount == 1  # type: ignore[union-attr]
    assert figure(world.city.pk, "projects_started", month).amount == 1  # type: ignore[union-attr]
    signed = figure(world.city.pk, "signed_investment", month)
    assert signed is not None and signed.amount == world.project_a.total_investment_wan

    report_submit(actor=None, project=world.project_a, month=month, invested_wan=Decimal("1200"))
    assert_kept_is_live()
    done = figure(world.city.pk, "completed_investment", month)
    assert done is not None and done.amount == 1200
    share = figure(world.org_a.pk, "reports_on_time", month)
    assert share is not None and (share.amount, share.base) == (Decimal(0), Decimal(1))  # late

    world.project_a.refresh_from_db()
    project_update(actor=None, project=world.project_a, changes={"zone": world.zone_b})
    assert_kept_is_live()
    assert figure(world.org_a.pk, "projects_started", month) is None
    assert figure(world.org_b.pk, "projects_started", month).amount == 1  # type: ignore[union-attr]
    assert figure(world.city.pk, "projects_started", month).amount == 1  # type: ignore[union-attr]

    world.project_a.refresh_from_db()
    project_archive(actor=None, project=world.project_a)
    assert_kept_is_live()
    assert figure(world.city.pk, "projects_started", month) is None


def test_a_batch_of_project_writes_is_counted_once_at_its_end(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(counting, "CHUNK", 1)  # the projects read one query at a time
    month = date(LAST_YEAR, 6, 1)
    with changes_batched():
        for project in (world.project_a, world.project_b):
            report_submit(actor=None, project=project, month=month, invested_wan=Decimal("300"))
        # Inside the batch the rollups wait: the reports are kept, the figures not yet.
        assert figure(world.city.pk, "completed_investment", month) is None
    assert_kept_is_live()
    done = figure(world.city.pk, "completed_investment", month)
    assert done is not None and done.amount == 600


def test_the_rollups_command_checks_and_rebuilds(world: World) -> None:
    import pytest
    from django.core.management import CommandError, call_command

    ReportedValue.objects.create(
        organisation=world.org_a,
        indicator=indicator("trade_total"),
        period=date(LAST_YEAR, 6, 1),
        value=Decimal(9),
    )
    with pytest.raises(CommandError, match="out of date"):
        call_command("rollups", "--check")
    call_command("rollups")
    call_command("rollups", "--check")
    assert_kept_is_live()


def test_a_claim_verified_behind_the_counted_stage_still_counts(world: World) -> None:
    on = date(LAST_YEAR, 5, 10)
    _start(world, on)
    claims = list(world.project_a.transitions.filter(verification="pending").order_by("-pk"))
    for transition in claims:  # the start first, the signing after it
        verification_decide(
            actor=world.city_manager, transition=transition, approve=True, without_evidence=True
        )
        assert_kept_is_live()
    assert figure(world.city.pk, "signed_investment", date(LAST_YEAR, 5, 1)) is not None


def test_a_grid_of_corrections_is_written_in_bulk_with_history_and_live_rollups(
    world: World,
) -> None:
    from zonetrack.audit.services import history_of
    from zonetrack.targets.services import ValueItem, values_write

    period = date(LAST_YEAR, 5, 1)
    open_month(world.city, period)
    codes = ("industrial_value_added", "fai_growth")
    report(world.org_a, period, industrial_value_added=500, fai_growth=12)
    report(world.org_b, period, industrial_value_added=300, fai_growth=8)
    items = [
        ValueItem(org, indicator(code), period, Decimal(value), f"{org.pk}_{code}")
        for org, values in ((world.org_a, (510, 13)), (world.org_b, (300, 9)))
        for code, value in zip(codes, values, strict=True)
    ]
    written = values_write(actor=world.city_manager, items=items)
    assert len(written) == 3  # zone B's unchanged value writes nothing
    assert_kept_is_live()
    assert figure(world.city.pk, "industrial_value_added", period).amount == 810  # type: ignore[union-attr]
    row = ReportedValue.objects.get(
        organisation=world.org_a, indicator=indicator("industrial_value_added"), period=period
    )
    assert (row.value, row.version, row.entered_by) == (Decimal(510), 2, world.city_manager)
    change = history_of(row).first()
    assert change is not None and change.actor == world.city_manager
    assert (change.before["value"], change.after["value"]) == ("500.00", "510.00")


def _year_actual(org_id: int, code: str, year: int) -> Decimal | None:
    ind = indicator(code)
    sums = figures.rollup_sums(
        organisations=[org_id], indicators=[ind], year=year, before=date(year + 1, 1, 1)
    )
    return figures.figure_from_sums(ind, sums.get((org_id, ind.pk))).actual


def test_start_and_investment_rates_are_the_dispatch_kpis(world: World) -> None:
    """开工率 and 投资完成率 as targets count them equal the 调度表's, for a zone and the city,
    and follow a plan changed, a start and a report."""
    year = LAST_YEAR
    year_plan_set(
        actor=world.a_manager,
        project=world.project_a,
        year=year,
        planned_investment_wan=Decimal(1000),
        planned_start=True,
    )
    year_plan_set(
        actor=world.b_manager,
        project=world.project_b,
        year=year,
        planned_investment_wan=Decimal(500),
        planned_start=True,
    )
    _start(world, date(year, 5, 10))
    report_submit(
        actor=None, project=world.project_a, month=date(year, 5, 1), invested_wan=Decimal(300)
    )
    report_submit(
        actor=None, project=world.project_b, month=date(year, 6, 1), invested_wan=Decimal(200)
    )
    assert_kept_is_live()
    assert _year_actual(world.city.pk, "start_rate", year) == Decimal("50.0")  # 1 of 2 starts
    assert _year_actual(world.city.pk, "investment_rate", year) == Decimal("33.3")  # 500 / 1500
    assert _year_actual(world.org_a.pk, "start_rate", year) == Decimal("100.0")
    assert _year_actual(world.org_b.pk, "investment_rate", year) == Decimal("40.0")
    city = dispatch_kpis(user=world.city_manager, year=year, month=12)
    assert (city.start_rate, city.investment_rate) == (Decimal("50.0"), Decimal("33.3"))
    zone_b = zone_kpis(user=world.city_manager, year=year, month=12)[world.zone_b.pk].kpis
    assert zone_b.investment_rate == _year_actual(world.org_b.pk, "investment_rate", year)

    # 双过半: the lower of the two rates, month by month and for each zone on the city's page.
    half = indicator("double_half")
    history = selectors.indicator_history(
        organisation=world.city, indicator=half, as_of=date(year + 1, 1, 15), years=2
    )
    trend = history[0].figure.trend
    assert (trend[3], trend[4], trend[5]) == (Decimal("0.0"), Decimal("20.0"), Decimal("33.3"))
    assert history[0].figure.actual == Decimal("33.3")
    set_targets(year, (world.city, "double_half", 100), (world.org_a, "double_half", 100))
    page = selectors.progress_of(
        user=world.city_manager, organisation=world.city, year=year, as_of=date(year + 1, 1, 15)
    )
    by_org = {line.organisation.pk: line for line in page.children}
    assert by_org[world.org_a.pk].cells[0].actual == Decimal("30.0")  # 100 % started, 300 / 1000
    assert by_org[world.org_b.pk].cells[0].actual == Decimal("0.0")  # nothing started

    # A plan raised lowers the rate at once.
    year_plan_set(
        actor=world.b_manager,
        project=world.project_b,
        year=year,
        planned_investment_wan=Decimal(1500),
        planned_start=True,
    )
    assert_kept_is_live()
    assert _year_actual(world.city.pk, "investment_rate", year) == Decimal("20.0")  # 500 / 2500


def test_problems_closed_by_their_deadline(world: World) -> None:
    """A problem counts once closed or past its deadline, in the month of its deadline, and
    counts as on time when closed by then; an open problem not yet due is not judged."""
    today = timezone.localdate()
    raised = today - timedelta(days=30)
    closer = make_user("unitclerk", (world.org_a, Role.OFFICER))

    def close(problem: Problem) -> None:
        dispatch.problem_start(actor=closer, problem=Problem.objects.get(pk=problem.pk))
        dispatch.problem_answer(
            actor=closer, problem=Problem.objects.get(pk=problem.pk), note="已协调解决"
        )
        dispatch.problem_accept(actor=world.a_manager, problem=Problem.objects.get(pk=problem.pk))

    def raise_due(deadline: date) -> Problem:
        days = (deadline - raised).days
        return make_problem(world.a_manager, world.project_a, raised_on=raised, days=days)

    on_time = raise_due(today + timedelta(days=5))
    late = raise_due(today - timedelta(days=3))
    raise_due(today - timedelta(days=1))  # open past its deadline: judged, not on time
    raise_due(today + timedelta(days=9))  # open, not yet due: not judged
    assert_kept_is_live()
    assert _all_months(world.org_a.pk, "problems_on_time") == (Decimal(0), Decimal(2))
    close(on_time)
    close(late)
    assert_kept_is_live()
    assert _all_months(world.org_a.pk, "problems_on_time") == (Decimal(1), Decimal(3))
    assert _all_months(world.city.pk, "problems_on_time") == (Decimal(1), Decimal(3))


def _all_months(org_id: int, code: str) -> tuple[Decimal, Decimal]:
    rows = Rollup.objects.filter(organisation_id=org_id, indicator=indicator(code))
    return (
        sum((r.amount for r in rows), Decimal(0)),
        sum((r.base or Decimal(0) for r in rows), Decimal(0)),
    )


def test_a_deadline_passing_overnight_is_counted_by_the_nightly_job(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = timezone.localdate()
    make_problem(world.a_manager, world.project_a, raised_on=today - timedelta(days=3), days=3)
    assert _all_months(world.org_a.pk, "problems_on_time") == (Decimal(0), Decimal(0))
    tomorrow = today + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert dispatch.deadlines_passed() == 1
    assert _all_months(world.org_a.pk, "problems_on_time") == (Decimal(0), Decimal(1))
    assert_kept_is_live()


def test_double_half_names_the_investment_rate_it_is_worked_from(world: World) -> None:
    from django.core.exceptions import ValidationError

    from zonetrack.targets.models import Indicator

    wrong = Indicator(
        code="double_half_2",
        name="双过半（测试）",
        unit="%",
        source="computed",
        computation="double_half",
        derived_from=indicator("start_rate"),
    )
    with pytest.raises(ValidationError) as refused:
        wrong.full_clean()
    assert "derived_from" in refused.value.message_dict
    wrong.derived_from = indicator("investment_rate")
    wrong.full_clean()


def test_one_read_of_the_reports_feeds_completed_investment_and_the_investment_rate(
    world: World,
) -> None:
    """The monthly reports are read once for both kinds; a terminated project's report counts
    in the investment completed, not in 投资完成率 (as the dispatch KPIs count it)."""
    month = date(LAST_YEAR, 5, 1)
    report_submit(actor=None, project=world.project_a, month=month, invested_wan=Decimal(300))
    report_submit(actor=None, project=world.project_b, month=month, invested_wan=Decimal(200))
    Project.objects.filter(pk=world.project_b.pk).update(stage=Stage.TERMINATED)
    done, rate = indicator("completed_investment"), indicator("investment_rate")
    with CaptureQueriesContext(connection) as queries:
        own = counting.own_computed(
            [done, rate], Q(zone__organisation__in=[world.org_a.pk, world.org_b.pk])
        )
    reads = [q for q in queries.captured_queries if "projects_progressreport" in q["sql"]]
    assert len(reads) == 1
    assert own[(world.org_a.pk, done.pk, month)] == (Decimal(300), None)
    assert own[(world.org_b.pk, done.pk, month)] == (Decimal(200), None)
    assert own[(world.org_a.pk, rate.pk, month)] == (Decimal(300), Decimal(0))
    assert (world.org_b.pk, rate.pk, month) not in own


def test_a_write_to_one_project_adds_its_difference_without_recounting_its_zones(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claims, verification, reports of this and an earlier month, plans and a start put back
    to the year before are each added as the project's difference (counted by its id alone),
    and the kept figures stay those a recount gives."""
    counted: list[str] = []
    real = rollups.own_computed

    def spy(indicators: list[Any], zone_filter: Q) -> dict[Any, Any]:
        counted.append(str(zone_filter))
        return real(indicators, zone_filter)

    monkeypatch.setattr(rollups, "own_computed", spy)
    year = LAST_YEAR
    year_plan_set(
        actor=None,
        project=world.project_a,
        year=year,
        planned_investment_wan=Decimal(1000),
        planned_start=True,
    )
    _start(world, date(year, 5, 10))
    for transition in world.project_a.transitions.filter(verification="pending"):
        verification_decide(
            actor=world.city_manager, transition=transition, approve=True, without_evidence=True
        )
    report_submit(
        actor=None, project=world.project_a, month=date(year, 6, 1), invested_wan=Decimal(300)
    )
    report_submit(
        actor=None, project=world.project_a, month=date(year, 5, 1), invested_wan=Decimal(200)
    )
    assert_kept_is_live()
    world.project_a.refresh_from_db()
    project_update(
        actor=None, project=world.project_a, changes={"started_on": date(year - 1, 12, 20)}
    )
    assert_kept_is_live()
    assert counted and all("pk__in" in q or "isnull" in q for q in counted), counted
    # Moved away from the zone it was alone in, it leaves figures of nothing but zeros, which
    # the difference cannot tell from records counting zero: those zones are recounted.
    world.project_a.refresh_from_db()
    project_update(actor=None, project=world.project_a, changes={"zone": world.zone_b})
    assert_kept_is_live()
    assert figure(world.org_b.pk, "completed_investment", date(year, 6, 1)).amount == 300  # type: ignore[union-attr]
    assert figure(world.org_a.pk, "completed_investment", date(year, 6, 1)) is None


def test_a_figure_left_with_nothing_but_zeros_is_recounted(world: World) -> None:
    """A report of nothing invested counts (a figure of 0); moved away with its project, what
    the difference leaves is 0 as well, which cannot tell whether anything is still counted:
    the zone is recounted, and the figure goes."""
    month = date(LAST_YEAR, 7, 1)
    report_submit(actor=None, project=world.project_a, month=month, invested_wan=Decimal(0))
    assert figure(world.org_a.pk, "completed_investment", month) is not None
    world.project_a.refresh_from_db()
    project_update(actor=None, project=world.project_a, changes={"zone": world.zone_b})
    assert_kept_is_live()
    assert figure(world.org_a.pk, "completed_investment", month) is None
    assert figure(world.org_b.pk, "completed_investment", month).amount == 0  # type: ignore[union-attr]
