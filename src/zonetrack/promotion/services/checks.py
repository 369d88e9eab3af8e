"""The nightly check of incentive conditions that zonetrack can judge from its own records:
every investment and production condition that has fallen due and was not checked since, for
all agreements (or those under one organisation), read and written in bulk. A failed one
opens its agreement's follow-up (claw back what was paid, or suspend what is unpaid) unless
one is open, as a check by hand does. Conditions on reported figures (jobs, tax) wait for
whoever reports them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import DecimalField, Exists, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.audit.services import tracked_bulk_create
from zonetrack.projects.models import ProgressReport

from ..choices import ConditionKind, ConditionOutcome, FollowUpAction
from ..models import Agreement, Condition, ConditionCheck, IncentiveFollowUp, Payment, Promise

if TYPE_CHECKING:
    from zonetrack.accounts.models import Organisation, User

# Each pass reads and writes this many conditions at once: memory stays flat for a country.
CHUNK = 2000
_MONEY = DecimalField(max_digits=16, decimal_places=2)


@dataclass
class CheckRun:
    checked: int = 0
    met: int = 0
    failed: int = 0
    follow_ups: int = 0


def _sum(queryset: QuerySet[Any]) -> Coalesce:
    return Coalesce(Subquery(queryset), Value(Decimal(0)), output_field=_MONEY)


def due_conditions(day: date, organisation: Organisation | None = None) -> QuerySet[Condition]:
    """The investment and production conditions due by ``day`` not checked since they fell
    due, of agreements in force, with what the records say (investment reported up to the due
    date, the production date) and what was paid and promised on their agreements."""
    conditions = Condition.objects.filter(
        kind__in=(ConditionKind.INVESTMENT_BY, ConditionKind.PRODUCTION_BY),
        due_on__lte=day,
        agreement__archived_at__isnull=True,
    ).exclude(
        Exists(
            ConditionCheck.objects.filter(
                condition=OuterRef("pk"), checked_on__gte=OuterRef("due_on")
            )
        )
    )
    if organisation is not None:
        conditions = conditions.filter(
            agreement__in=access.within(Agreement.objects.all(), organisation)
        )
    invested = (
        ProgressReport.objects.filter(
            project=OuterRef("agreement__project"), month__lte=OuterRef("due_on")
        )
        .values("project")
        .annotate(s=Sum("invested_wan"))
        .values("s")
    )
    paid = (
        Payment.objects.filter(promise__agreement=OuterRef("agreement"))
        .values("promise__agreement")
        .annotate(s=Sum("amount_wan"))
        .values("s")
    )
    promised = (
        Promise.objects.filter(agreement=OuterRef("agreement"))
        .values("agreement")
        .annotate(s=Sum("amount_wan"))
        .values("s")
    )
    return (
        conditions.annotate(
            invested=_sum(invested),
            paid=_sum(paid),
            promised=_sum(promised),
            open_follow_up=Exists(
                IncentiveFollowUp.objects.open().filter(agreement=OuterRef("agreement"))
            ),
        )
        .select_related("agreement__project")
        .order_by("pk")
    )


@transaction.atomic
def conditions_check_due(
    *, actor: User | None, day: date, organisation: Organisation | None = None
) -> CheckRun:
    """Check every condition ``due_conditions`` finds, in chunks: each a kept check with the
    figure read; each agreement with a failure and no open follow-up gets one."""
    run = CheckRun()
    found = due_conditions(day, organisation)
    last = 0
    while True:
        chunk = list(found.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return run
        last = chunk[-1].pk
        checks: list[ConditionCheck] = []
        failing: dict[int, tuple[Any, int]] = {}
        for condition in chunk:
            figures: Any = condition  # annotated by due_conditions
            project = condition.agreement.project
            if condition.kind == ConditionKind.INVESTMENT_BY:
                actual, actual_on = figures.invested, None
                met = actual >= (condition.threshold or 0)
                source = _("monthly reports of %(project)s") % {"project": project.name}
            else:
                actual, actual_on = None, project.production_on
                met = actual_on is not None and actual_on <= condition.due_on
                source = _("the production date of %(project)s") % {"project": project.name}
            outcome = ConditionOutcome.MET if met else ConditionOutcome.FAILED
            checks.append(
                ConditionCheck(
                    condition=condition,
                    checked_on=day,
                    outcome=outcome,
                    actual=actual,
                    actual_on=actual_on,
                    source=source[:200],
                )
            )
            run.met += met
            run.failed += not met
            if not met and not figures.open_follow_up:
                failing.setdefault(condition.agreement_id, (condition, len(checks) - 1))
        made = tracked_bulk_create(ConditionCheck, checks, actor=actor)
        run.checked += len(made)
        follow_ups = [
            IncentiveFollowUp(
                agreement_id=agreement_id,
                check_run=made[index],
                action=FollowUpAction.CLAWBACK if condition.paid else FollowUpAction.SUSPEND,
                amount_wan=condition.paid if condition.paid else condition.promised,
                opened_on=day,
            )
            for agreement_id, (condition, index) in failing.items()
        ]
        run.follow_ups += len(tracked_bulk_create(IncentiveFollowUp, follow_ups, actor=actor))
