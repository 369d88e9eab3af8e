"""The nightly check of incentive conditions: every investment and production condition that
fell due and was not checked since is checked from the records, in bulk, exactly as a check by
hand judges it; a failure opens one follow-up per agreement; a second night checks nothing
again; conditions on reported figures and those not yet due are left alone."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from zonetrack.promotion import services
from zonetrack.promotion.choices import ConditionOutcome, FollowUpAction
from zonetrack.promotion.models import ConditionCheck, IncentiveFollowUp

from ..conftest import World
from .test_incentives import SIGNED, TODAY, _agreement, _invested


def test_due_conditions_are_checked_once_from_the_records(world: World) -> None:
    agreement = _agreement(world)
    _invested(world.project_a, (TODAY - timedelta(days=160)).replace(day=1), 12000)
    services.payment_record(
        actor=world.a_officer,
        promise=agreement.promises.get(kind="subsidy"),
        paid_on=SIGNED + timedelta(days=40),
        amount_wan=Decimal(200),
    )
    run = services.conditions_check_due(actor=None, day=TODAY)
    # Investment met (12,000 ≥ 10,000 by its due date); production not reached: failed. The
    # jobs condition is a reported figure, the tax one not yet due: neither is touched.
    assert (run.checked, run.met, run.failed, run.follow_ups) == (2, 1, 1, 1)
    outcomes = {
        c.condition.kind: (c.outcome, c.actual)
        for c in ConditionCheck.objects.select_related("condition")
    }
    assert outcomes == {
        "investment_by": (ConditionOutcome.MET, Decimal("12000.00")),
        "production_by": (ConditionOutcome.FAILED, None),
    }
    follow_up = IncentiveFollowUp.objects.get()
    assert (follow_up.action, follow_up.amount_wan) == (FollowUpAction.CLAWBACK, Decimal(200))
    # A second night finds nothing left to check.
    again = services.conditions_check_due(actor=None, day=TODAY)
    assert (again.checked, again.follow_ups) == (0, 0)


def test_the_nightly_check_judges_as_a_check_by_hand(world: World) -> None:
    """The same agreement checked by hand and by the batch gives the same outcomes."""
    by_hand = _agreement(world)
    batch = _agreement(world, project=world.project_b, actor=world.b_manager)
    for agreement in (by_hand, batch):
        _invested(agreement.project, (TODAY - timedelta(days=130)).replace(day=1), 4000)
    for condition in by_hand.conditions.filter(kind__in=("investment_by", "production_by")):
        services.condition_check(actor=None, condition=condition, day=TODAY)
    services.conditions_check_due(actor=None, day=TODAY, organisation=world.org_b)

    def outcomes(agreement: object) -> list[tuple[str, str, object]]:
        return sorted(
            (c.condition.kind, c.outcome, c.actual)
            for c in ConditionCheck.objects.filter(condition__agreement=agreement)
        )

    assert outcomes(by_hand) == outcomes(batch) and len(outcomes(batch)) == 2
    unpaid = IncentiveFollowUp.objects.get(agreement=batch)
    assert (unpaid.action, unpaid.amount_wan) == (FollowUpAction.SUSPEND, Decimal(800))


def test_a_condition_not_due_waits_and_an_archived_agreement_is_left(world: World) -> None:
    agreement = _agreement(world)
    early = timezone.localdate() - timedelta(days=200)
    assert services.conditions_check_due(actor=None, day=early).checked == 0
    type(agreement).objects.filter(pk=agreement.pk).update(archived_at=timezone.now())
    assert services.conditions_check_due(actor=None, day=TODAY).checked == 0
