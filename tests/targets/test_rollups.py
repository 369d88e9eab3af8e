"""The kept rollups equal a live computation from the records after every kind of write: a value
entered, values loaded in bulk (then the rebuild job), a stage claimed, a stage verified, a
monthly report, a project moved to another zone, a project archived."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zonetrack.projects.choices import Stage
from zonetrack.projects.services import (
    changes_batched,
    project_archive,
    project_transition,
    project_update,
    report_submit,
    verification_decide,
)
from zonetrack.targets.models import ReportedValue, Rollup
from zonetrack.targets.services import rollups

from ..conftest import World
from .factories import LAST_YEAR, indicator, open_month, report


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
    monkeypatch.setattr(rollups, "CHUNK", 1)  # the projects read one query at a time
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
