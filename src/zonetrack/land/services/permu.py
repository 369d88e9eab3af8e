"""Writes of the per-mu evaluation: the year and its rule, the firms' figures, scoring,
publication for comment (公示), objections and their decisions, the final result."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.choices import Action
from zonetrack.audit.services import actor_user, record_change, tracked_create, tracked_update
from zonetrack.core.bulk import bulk_set

from .. import permissions
from ..choices import EvaluationStatus, FirmClass, ObjectionOutcome
from ..models import Evaluation, FirmYear, Objection
from ..permu import evaluate


def _require_status(evaluation: Evaluation, *allowed: str) -> None:
    if evaluation.status not in allowed:
        raise ValidationError(
            _("This step is not open while the evaluation is %(status)s.")
            % {"status": evaluation.get_status_display()}
        )


@transaction.atomic
def evaluation_create(
    *, actor: User | None, organisation: Organisation, year: int, title: str = "", **rule: Any
) -> Evaluation:
    """Open a year's evaluation with the default rule (or the one given)."""
    access.require(permissions.can_manage_evaluations(actor, organisation))
    evaluation = Evaluation(
        organisation=organisation,
        year=year,
        title=title or f"{year}年度亩均效益综合评价",
        **rule,
    )
    return tracked_create(actor=actor, obj=evaluation)


def evaluation_update(
    *,
    actor: User | None,
    evaluation: Evaluation,
    changes: dict[str, Any],
    expected_version: int | None = None,
) -> Evaluation:
    """Change the rule (weights, benchmarks, cut-offs, exemptions, days) of a draft."""
    access.require(permissions.can_manage_evaluation(actor, evaluation))
    _require_status(evaluation, EvaluationStatus.DRAFT)
    changes = {**changes, "scored_at": None}
    evaluation = tracked_update(
        actor=actor, obj=evaluation, changes=changes, expected_version=expected_version
    )
    return evaluation


def firm_errors(firm: FirmYear) -> dict[str, str]:
    """A firm row's own rules: no negative figure, land above zero."""
    errors: dict[str, str] = {}
    if firm.land_mu is None or firm.land_mu <= 0:
        errors["land_mu"] = str(_("The land used must be above zero."))
    for name in (
        "tax_wan",
        "value_added_wan",
        "output_wan",
        "energy_tce",
        "emissions_t",
        "electricity_wan_kwh",
        "rnd_wan",
    ):
        value = getattr(firm, name)
        if value is not None and value < 0:
            errors[name] = str(
                _("%(field)s cannot be negative.")
                % {"field": str(getattr(FirmYear._meta.get_field(name), "verbose_name", name))}
            )
    return errors


@transaction.atomic
def firms_replace(
    *, actor: User | None, evaluation: Evaluation, firms: list[FirmYear]
) -> list[FirmYear]:
    """Put a year's firm figures in place of the draft's (an import), all or none."""
    access.require(permissions.can_manage_evaluation(actor, evaluation))
    _require_status(evaluation, EvaluationStatus.DRAFT)
    for firm in firms:
        if errors := firm_errors(firm):
            raise ValidationError(errors)
        firm.evaluation = evaluation
    scored = evaluation.scored_at.isoformat() if evaluation.scored_at else None
    before = {"firms_count": evaluation.firms_count, "scored_at": scored}
    evaluation.firms.all().delete()
    created = FirmYear.objects.bulk_create(firms, batch_size=1000)
    evaluation.firms_count, evaluation.scored_at = len(created), None
    Evaluation.objects.filter(pk=evaluation.pk).update(firms_count=len(created), scored_at=None)
    record_change(
        actor=actor,
        obj=evaluation,
        action=Action.UPDATE,
        before=before,
        after={"firms_count": len(created), "scored_at": None},
    )
    return created


@transaction.atomic
def evaluation_score(*, actor: User | None, evaluation: Evaluation) -> dict[str, Any]:
    """Score, rank and class every firm of a draft by its rule; returns the benchmarks used."""
    access.require(permissions.can_manage_evaluation(actor, evaluation))
    _require_status(evaluation, EvaluationStatus.DRAFT)
    firms = list(evaluation.firms.all())
    if not firms:
        raise ValidationError(_("Import the firms' figures first."))
    outcome = evaluate(firms, evaluation)
    # One prepared UPDATE a firm (core.bulk): bulk_update's CASE WHEN costs seconds at 50,000.
    bulk_set(FirmYear, firms, ["score", "rank", "computed_class", "final_class", "notes"])
    evaluation.scored_at = timezone.now()
    Evaluation.objects.filter(pk=evaluation.pk).update(scored_at=evaluation.scored_at)
    record_change(
        actor=actor,
        obj=evaluation,
        action=Action.UPDATE,
        before={},
        after={"scored_at": evaluation.scored_at.isoformat()},
    )
    return {"benchmarks": outcome.benchmarks, "counts": outcome.counts}


def comment_period(published_on: date, days: int) -> date:
    """The last day of comment: ``days`` days counting the day of publication."""
    return published_on + timedelta(days=days - 1)


def evaluation_publish(
    *, actor: User | None, evaluation: Evaluation, published_on: date | None = None
) -> Evaluation:
    """Publish the scored results for comment (公示) for the rule's number of days."""
    access.require(permissions.can_manage_evaluation(actor, evaluation))
    _require_status(evaluation, EvaluationStatus.DRAFT)
    if evaluation.scored_at is None:
        raise ValidationError(_("Score the firms before publishing."))
    published_on = published_on or timezone.localdate()
    return tracked_update(
        actor=actor,
        obj=evaluation,
        changes={
            "status": EvaluationStatus.PUBLISHED,
            "published_on": published_on,
            "comment_ends_on": comment_period(published_on, evaluation.comment_days),
        },
    )


def objection_file(
    *,
    actor: User | None,
    firm: FirmYear,
    text: str,
    evidence: str,
    filed_on: date | None = None,
) -> Objection:
    """A firm's objection to its published result, with its evidence, within the period."""
    evaluation = firm.evaluation
    access.require(permissions.can_file_objection(actor, evaluation))
    _require_status(evaluation, EvaluationStatus.PUBLISHED)
    filed_on = filed_on or timezone.localdate()
    errors: dict[str, str] = {}
    assert evaluation.published_on and evaluation.comment_ends_on  # set by publishing
    if not evaluation.published_on <= filed_on <= evaluation.comment_ends_on:
        errors["filed_on"] = _(
            "Objections are taken from %(start)s to %(end)s; the period is over."
        ) % {"start": evaluation.published_on, "end": evaluation.comment_ends_on}
    if not text.strip():
        errors["text"] = _("Say what the firm objects to.")
    if not evidence.strip():
        errors["evidence"] = _("An objection needs its evidence.")
    if errors:
        raise ValidationError(errors)
    objection = Objection(
        firm=firm,
        filed_on=filed_on,
        text=text.strip(),
        evidence=evidence.strip(),
        filed_by=actor_user(actor),
    )
    return tracked_create(actor=actor, obj=objection)


def objection_decide(
    *,
    actor: User | None,
    objection: Objection,
    outcome: str,
    reason: str,
    new_class: str = "",
    decided_on: date | None = None,
) -> Objection:
    """Decide an objection with its reason; upholding it gives the firm's class after review."""
    evaluation = objection.firm.evaluation
    access.require(permissions.can_manage_evaluation(actor, evaluation))
    _require_status(evaluation, EvaluationStatus.PUBLISHED)
    errors: dict[str, str] = {}
    if outcome not in {ObjectionOutcome.UPHELD, ObjectionOutcome.DISMISSED}:
        errors["outcome"] = _("Uphold or dismiss the objection.")
    if objection.outcome != ObjectionOutcome.PENDING:
        errors["outcome"] = _("This objection has been decided.")
    if not reason.strip():
        errors["reason"] = _("A decision gives its reason.")
    if outcome == ObjectionOutcome.UPHELD and new_class not in FirmClass.values:
        errors["new_class"] = _("An upheld objection states the firm's class after review.")
    if errors:
        raise ValidationError(errors)
    return tracked_update(
        actor=actor,
        obj=objection,
        changes={
            "outcome": outcome,
            "reason": reason.strip(),
            "new_class": new_class if outcome == ObjectionOutcome.UPHELD else "",
            "decided_on": decided_on or timezone.localdate(),
            "decided_by": actor_user(actor),
        },
    )


@transaction.atomic
def evaluation_finalise(
    *, actor: User | None, evaluation: Evaluation, on: date | None = None
) -> Evaluation:
    """Make the results final once the period is over and every objection decided: each
    firm's class is its computed one, or the one an upheld objection gave."""
    access.require(permissions.can_manage_evaluation(actor, evaluation))
    _require_status(evaluation, EvaluationStatus.PUBLISHED)
    on = on or timezone.localdate()
    assert evaluation.comment_ends_on
    if on <= evaluation.comment_ends_on:
        raise ValidationError(
            _("Comments are open until %(end)s; the results become final after.")
            % {"end": evaluation.comment_ends_on}
        )
    pending = Objection.objects.filter(
        firm__evaluation=evaluation, outcome=ObjectionOutcome.PENDING
    ).count()
    if pending:
        raise ValidationError(_("%(count)d objections wait for a decision.") % {"count": pending})
    revised = dict(
        Objection.objects.filter(firm__evaluation=evaluation, outcome=ObjectionOutcome.UPHELD)
        .order_by("decided_on", "id")
        .values_list("firm_id", "new_class")
    )
    firms = list(evaluation.firms.only("pk", "computed_class"))
    for firm in firms:
        firm.final_class = revised.get(firm.pk, firm.computed_class)
    bulk_set(FirmYear, firms, ["final_class"])
    return tracked_update(
        actor=actor,
        obj=evaluation,
        changes={"status": EvaluationStatus.FINAL, "finalised_on": on},
    )
