"""Writes of the standard-land commitment ledger: recording a promise, checking it at
completion and at the capacity review, and closing the follow-up a failed check opens."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import User
from zonetrack.audit.services import actor_user, tracked_create, tracked_update
from zonetrack.projects.models import ProgressReport, Project

from .. import permissions
from ..choices import (
    CommitmentCheckKind,
    EvaluationStatus,
    FollowUpStatus,
    ParcelStatus,
    PromiseOutcome,
)
from ..geometry import M2_PER_MU
from ..models import Commitment, CommitmentCheck, FirmYear, FollowUp, Parcel

# The capacity review comes this many years after the grant unless the promise names an
# earlier or later capacity deadline (REFERENCE.md: "about three years after grant").
DEFAULT_CAPACITY_REVIEW_YEARS = 3
CENT = Decimal("0.01")


def capacity_review_years() -> int:
    """Years from grant to the capacity review (a setting)."""
    return int(
        getattr(settings, "ZONETRACK_LAND_CAPACITY_REVIEW_YEARS", DEFAULT_CAPACITY_REVIEW_YEARS)
    )


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_due_on(commitment: Commitment, kind: str) -> date | None:
    """The day a check falls due: completion when the project went into production or its
    production deadline passed, whichever is first; the capacity review on the capacity
    deadline, or the set number of years after the grant."""
    if kind == CommitmentCheckKind.COMPLETION:
        days = [d for d in (commitment.project.production_on, commitment.production_by_on) if d]
        return min(days) if days else None
    return commitment.capacity_by_on or _years_after(commitment.granted_on, capacity_review_years())


@transaction.atomic
def commitment_create(
    *, actor: User | None, parcel: Parcel, project: Project, granted_on: date, **fields: Any
) -> Commitment:
    """Record what a project promised when it received a parcel of standard land."""
    access.require(permissions.can_change_parcel(actor, parcel))
    if parcel.status not in {ParcelStatus.SUPPLIED, ParcelStatus.GRANTING}:
        raise ValidationError(
            {"parcel": _("Only land being granted or supplied carries a commitment.")}
        )
    return tracked_create(
        actor=actor,
        obj=Commitment(parcel=parcel, project=project, granted_on=granted_on, **fields),
    )


def _firm_year(commitment: Commitment, day: date) -> FirmYear | None:
    """The firm's latest final per-mu figures of a year before the check."""
    if not commitment.credit_code:
        return None
    return (
        FirmYear.objects.filter(
            credit_code=commitment.credit_code,
            evaluation__status=EvaluationStatus.FINAL,
            evaluation__year__lte=day.year,
        )
        .select_related("evaluation")
        .order_by("-evaluation__year", "-id")
        .first()
    )


def _figure_item(
    item: str,
    promised: Decimal | None,
    actual: Decimal | None,
    unit: str,
    source: str,
    *,
    at_most: bool = False,
) -> dict[str, Any] | None:
    if promised is None:
        return None
    if actual is None:
        outcome = PromiseOutcome.NOT_STATED
    elif at_most:
        outcome = PromiseOutcome.MET if actual <= promised else PromiseOutcome.FAILED
    else:
        outcome = PromiseOutcome.MET if actual >= promised else PromiseOutcome.FAILED
    return {
        "item": item,
        "promised": f"{promised.normalize():f}",
        "actual": None if actual is None else f"{actual.quantize(CENT):f}",
        "unit": unit,
        "outcome": str(outcome),
        "source": source,
    }


def _date_item(
    item: str, promised: date | None, actual: date | None, day: date, source: str
) -> dict[str, Any] | None:
    if promised is None:
        return None
    if actual is not None:
        outcome = PromiseOutcome.MET if actual <= promised else PromiseOutcome.FAILED
    else:
        outcome = PromiseOutcome.FAILED if day > promised else PromiseOutcome.NOT_DUE
    return {
        "item": item,
        "promised": promised.isoformat(),
        "actual": actual.isoformat() if actual else None,
        "unit": "",
        "outcome": str(outcome),
        "source": source,
    }


def commitment_figures(commitment: Commitment, kind: str, day: date) -> list[dict[str, Any]]:
    """Promise against actual for each item a check covers: the start and production dates
    (stage dates), investment intensity (monthly reports over the parcel's area), plot ratio
    (the project's floor area), and at the capacity review tax per 亩 and energy per unit of
    value added (the firm's latest final per-mu figures)."""
    project = commitment.project
    area = commitment.parcel.area_mu
    invested = ProgressReport.objects.filter(project=project, month__lte=day).aggregate(
        total=Sum("invested_wan")
    )["total"]
    intensity = invested / area if invested is not None and area else None
    plot_ratio = (
        project.floor_m2 / (area * Decimal(M2_PER_MU)) if project.floor_m2 and area else None
    )
    items = [
        _date_item("start_by_on", commitment.start_by_on, project.started_on, day, "stages"),
        _date_item(
            "production_by_on", commitment.production_by_on, project.production_on, day, "stages"
        ),
        _figure_item(
            "investment_intensity",
            commitment.investment_intensity_wan_per_mu,
            intensity,
            "万元/亩",
            "reports",
        ),
        _figure_item("plot_ratio", commitment.plot_ratio, plot_ratio, "", "project"),
    ]
    if kind == CommitmentCheckKind.CAPACITY:
        firm = _firm_year(commitment, day)
        tax = firm.tax_wan / firm.land_mu if firm is not None and firm.land_mu else None
        energy = (
            firm.energy_tce / firm.value_added_wan
            if firm is not None and firm.energy_tce is not None and firm.value_added_wan
            else None
        )
        source = f"permu:{firm.evaluation.year}" if firm is not None else "permu"
        items += [
            _figure_item("tax_per_mu", commitment.tax_wan_per_mu, tax, "万元/亩", source),
            _figure_item(
                "energy_per_va",
                commitment.energy_tce_per_wan,
                energy,
                "吨标煤/万元",
                source,
                at_most=True,
            ),
        ]
    return [item for item in items if item is not None]


@transaction.atomic
def commitment_check(
    *, actor: User | None, commitment: Commitment, kind: str, day: date
) -> CommitmentCheck:
    """Check a commitment on ``day`` (refused before the check falls due); the check keeps
    every figure, and a failed one opens a follow-up unless one is open already."""
    access.require(permissions.can_change_parcel(actor, commitment.parcel))
    if kind not in CommitmentCheckKind.values:
        raise ValidationError({"kind": _("Unknown check.")})
    due = check_due_on(commitment, kind)
    if due is None or day < due:
        raise ValidationError(
            {
                "kind": _("This check is not yet due (due on %(day)s).")
                % {"day": due.isoformat() if due else _("the production date")}
            }
        )
    results = commitment_figures(commitment, kind, day)
    check = CommitmentCheck(
        commitment=commitment,
        kind=kind,
        checked_on=day,
        checked_by=actor_user(actor),
        results=results,
        is_met=not any(r["outcome"] == PromiseOutcome.FAILED for r in results),
    )
    check.save()
    if not check.is_met and not commitment.follow_ups.filter(status=FollowUpStatus.OPEN).exists():
        tracked_create(
            actor=actor, obj=FollowUp(commitment=commitment, check_run=check, opened_on=day)
        )
    return check


@transaction.atomic
def follow_up_close(
    *, actor: User | None, follow_up: FollowUp, closed_on: date, note: str
) -> FollowUp:
    """Close a follow-up with what was done (kept in its history)."""
    access.require(permissions.can_change_parcel(actor, follow_up.commitment.parcel))
    if follow_up.status == FollowUpStatus.CLOSED:
        raise ValidationError({"note": _("This follow-up is already closed.")})
    if not note.strip():
        raise ValidationError({"note": _("Say what was done before closing.")})
    if closed_on < follow_up.opened_on:
        raise ValidationError({"closed_on": _("A follow-up cannot close before it opened.")})
    return tracked_update(
        actor=actor,
        obj=follow_up,
        changes={"status": FollowUpStatus.CLOSED, "closed_on": closed_on, "note": note.strip()},
    )
