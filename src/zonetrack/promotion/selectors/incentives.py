"""Reads of incentive agreements: the list with what each promised, one agreement with its
promises, conditions, payments and follow-ups, and the ledger's totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from zonetrack.accounts import access

from ..models import Agreement, IncentiveFollowUp, Payment, Promise


def agreement_list(*, user: Any, zone: int | None = None) -> QuerySet[Agreement]:
    """The agreements of the projects the user sees, newest first, with what each promised and
    what was paid, and its open follow-ups counted: one query."""
    rows = access.visible(Agreement.objects.active(), user)
    if zone:
        rows = rows.filter(project__zone_id=zone)
    return (
        rows.select_related("project", "project__zone")
        .annotate(
            # A subquery, not a join: a join with the follow-ups would count each amount again.
            promised_wan=Subquery(
                Promise.objects.filter(agreement=OuterRef("pk"))
                .order_by()
                .values("agreement")
                .annotate(s=Sum("amount_wan"))
                .values("s")
            ),
            open_follow_ups=Coalesce(
                Subquery(
                    IncentiveFollowUp.objects.open()
                    .filter(agreement=OuterRef("pk"))
                    .order_by()
                    .values("agreement")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
        )
        .order_by("-signed_on", "-pk")
    )


def agreement_get(*, user: Any, agreement_id: int) -> Agreement:
    return access.get_visible(
        Agreement.objects.select_related("project", "project__zone__organisation"),
        user,
        pk=agreement_id,
    )


@dataclass
class Ledger:
    """The incentive ledger (政策兑现台账) of what the user sees: promised, paid, due and not
    paid, and at risk (unpaid on agreements whose condition failed), in 万元."""

    promised_wan: Decimal
    paid_wan: Decimal
    due_wan: Decimal
    at_risk_wan: Decimal


def incentive_ledger(*, user: Any, zone: int | None = None, today: date) -> Ledger:
    """The ledger's totals in three queries whatever the number of agreements."""
    agreements = agreement_list(user=user, zone=zone).values("pk")
    promises = Promise.objects.filter(agreement__in=agreements)
    paid_by = dict(
        Payment.objects.filter(promise__in=promises.values("pk"))
        .values("promise_id")
        .annotate(s=Sum("amount_wan"))
        .values_list("promise_id", "s")
    )
    blocked = set(
        IncentiveFollowUp.objects.open()
        .filter(agreement__in=agreements)
        .values_list("agreement_id", flat=True)
    )
    promised = paid = due = at_risk = Decimal(0)
    for pk, agreement_id, amount, due_on in promises.values_list(
        "pk", "agreement_id", "amount_wan", "due_on"
    ):
        done = paid_by.get(pk) or Decimal(0)
        promised += amount
        paid += done
        if agreement_id in blocked:
            at_risk += amount - done
        elif due_on <= today:
            due += amount - done
    return Ledger(promised, paid, due, at_risk)


def agreement_detail(agreement: Agreement) -> dict[str, Any]:
    """The agreement's promises with what was paid on each, its conditions with their latest
    check, its payments and follow-ups."""
    promises = list(agreement.promises.annotate(paid_wan=Sum("payments__amount_wan")))
    conditions = list(agreement.conditions.prefetch_related("checks"))
    for condition in conditions:
        checks = list(condition.checks.all())
        condition.latest = checks[0] if checks else None  # type: ignore[attr-defined]
    return {
        "promises": promises,
        "conditions": conditions,
        "payments": list(
            Payment.objects.filter(promise__agreement=agreement).select_related("promise")
        ),
        "follow_ups": list(agreement.follow_ups.select_related("check_run__condition")),
    }
