"""Writes of incentive agreements (招商协议 / 政策兑现): an agreement with what it promises and
the conditions the investor must meet; payments, refused beyond what was promised or while a
failed condition's follow-up is open; each check of a condition, read from the project's own
records (investment completed, production date) or from a figure reported when checking (jobs,
tax); a failed check opens a follow-up — claw back what was paid, or suspend what is not."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts.models import User
from zonetrack.audit.services import actor_user, tracked_create, tracked_update
from zonetrack.projects.models import ProgressReport, Project

from .. import permissions
from ..choices import (
    ConditionKind,
    ConditionOutcome,
    FollowUpAction,
    IncentiveKind,
)
from ..models import (
    Agreement,
    Condition,
    ConditionCheck,
    IncentiveFollowUp,
    Payment,
    Promise,
)


@dataclass
class PromiseDraft:
    kind: str
    amount_wan: Decimal
    due_on: date
    note: str = ""


@dataclass
class ConditionDraft:
    kind: str
    due_on: date
    threshold: Decimal | None = None


def _require(actor: User | None, project: Project) -> None:
    if actor is not None and not permissions.can_manage_agreement(actor, project):
        raise PermissionDenied


def _promise_errors(n: int, draft: PromiseDraft, signed_on: date) -> list[str]:
    errors = []
    if draft.kind not in IncentiveKind.values:
        errors.append(_("item %(n)s: choose what is promised.") % {"n": n})
    if draft.amount_wan is None or draft.amount_wan <= 0:
        errors.append(_("item %(n)s: the amount must be above zero.") % {"n": n})
    if draft.due_on < signed_on:
        errors.append(_("item %(n)s: due before the agreement was signed.") % {"n": n})
    return errors


def _condition_errors(n: int, draft: ConditionDraft, signed_on: date) -> list[str]:
    errors = []
    if draft.kind not in ConditionKind.values:
        errors.append(_("condition %(n)s: choose what the investor must meet.") % {"n": n})
    elif draft.kind != ConditionKind.PRODUCTION_BY and not (
        draft.threshold is not None and draft.threshold > 0
    ):
        errors.append(_("condition %(n)s: give the figure to reach.") % {"n": n})
    if draft.due_on < signed_on:
        errors.append(_("condition %(n)s: due before the agreement was signed.") % {"n": n})
    return errors


@transaction.atomic
def agreement_create(
    *,
    actor: User | None,
    project: Project,
    title: str,
    signed_on: date,
    promises: Sequence[PromiseDraft],
    conditions: Sequence[ConditionDraft] = (),
    note: str = "",
) -> Agreement:
    """Record an agreement with its promised items and conditions, all or nothing."""
    _require(actor, project)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Give the agreement a title.")]
    if signed_on > timezone.localdate():
        errors["signed_on"] = [_("An agreement cannot be signed in the future.")]
    if not promises:
        errors["promises"] = [_("Name at least one promised incentive.")]
    promise_errors = [
        e for n, p in enumerate(promises, 1) for e in _promise_errors(n, p, signed_on)
    ]
    condition_errors = [
        e for n, c in enumerate(conditions, 1) for e in _condition_errors(n, c, signed_on)
    ]
    if promise_errors:
        errors["promises"] = promise_errors
    if condition_errors:
        errors["conditions"] = condition_errors
    if errors:
        raise ValidationError(errors)
    agreement = tracked_create(
        actor=actor,
        obj=Agreement(project=project, title=title.strip(), signed_on=signed_on, note=note),
    )
    for draft in promises:
        tracked_create(
            actor=actor,
            obj=Promise(
                agreement=agreement,
                kind=draft.kind,
                amount_wan=draft.amount_wan,
                due_on=draft.due_on,
                note=draft.note,
            ),
        )
    for cdraft in conditions:
        tracked_create(
            actor=actor,
            obj=Condition(
                agreement=agreement,
                kind=cdraft.kind,
                threshold=cdraft.threshold if cdraft.kind != ConditionKind.PRODUCTION_BY else None,
                due_on=cdraft.due_on,
            ),
        )
    return agreement


def paid_on_promise(promise: Promise) -> Decimal:
    return promise.payments.aggregate(s=Sum("amount_wan"))["s"] or Decimal(0)


@transaction.atomic
def payment_record(
    *, actor: User | None, promise: Promise, paid_on: date, amount_wan: Decimal, note: str = ""
) -> Payment:
    """Record money paid on a promised item: never more than promised, never while a failed
    condition's follow-up is open."""
    agreement = Agreement.objects.select_for_update().get(pk=promise.agreement_id)
    _require(actor, agreement.project)
    errors: dict[str, str] = {}
    if amount_wan is None or amount_wan <= 0:
        errors["amount_wan"] = _("The amount must be above zero.")
    else:
        left = promise.amount_wan - paid_on_promise(promise)
        if amount_wan > left:
            errors["amount_wan"] = _(
                "Only %(left)s 万元 of the %(promised)s promised is left to pay."
            ) % {"left": f"{left:,.2f}", "promised": f"{promise.amount_wan:,.2f}"}
    if paid_on > timezone.localdate():
        errors["paid_on"] = _("A payment cannot be dated in the future.")
    if agreement.follow_ups.open().exists():
        errors["promise"] = _(
            "Payments are suspended: a condition of this agreement failed and its follow-up is "
            "open."
        )
    if errors:
        raise ValidationError(errors)
    return tracked_create(
        actor=actor,
        obj=Payment(
            promise=promise,
            paid_on=paid_on,
            amount_wan=amount_wan,
            note=note,
            recorded_by=actor_user(actor),
        ),
    )


def _invested_by(project: Project, due_on: date) -> Decimal:
    """Investment completed reported for the months before the due date's month ends."""
    total = ProgressReport.objects.filter(project=project, month__lte=due_on).aggregate(
        s=Sum("invested_wan")
    )["s"]
    return total or Decimal(0)


@transaction.atomic
def condition_check(
    *,
    actor: User | None,
    condition: Condition,
    day: date | None = None,
    actual: Decimal | None = None,
    source: str = "",
) -> ConditionCheck:
    """Check a condition on a day: met, failed or not yet due, kept with the figure read. A
    failed check opens a follow-up unless one is open: claw back what was paid on the
    agreement, or suspend what is unpaid."""
    agreement = condition.agreement
    project = agreement.project
    _require(actor, project)
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"day": _("A check cannot be dated in the future.")})
    due = day >= condition.due_on
    actual_on: date | None = None
    if condition.kind == ConditionKind.INVESTMENT_BY:
        actual = _invested_by(project, condition.due_on)
        source = _("monthly reports of %(project)s") % {"project": project.name}
        met = actual >= (condition.threshold or 0)
    elif condition.kind == ConditionKind.PRODUCTION_BY:
        actual, actual_on = None, project.production_on
        source = _("the production date of %(project)s") % {"project": project.name}
        met = actual_on is not None and actual_on <= condition.due_on
    else:
        if actual is None and due:
            raise ValidationError(
                {
                    "actual": _(
                        "zonetrack holds no %(what)s of the project: give the figure reported "
                        "and where it comes from."
                    )
                    % {"what": condition.get_kind_display()}
                }
            )
        if actual is not None and not source.strip():
            raise ValidationError({"source": _("Say where the reported figure comes from.")})
        met = actual is not None and actual >= (condition.threshold or 0)
    outcome = (
        ConditionOutcome.MET
        if met
        else (ConditionOutcome.FAILED if due else ConditionOutcome.NOT_DUE)
    )
    check = tracked_create(
        actor=actor,
        obj=ConditionCheck(
            condition=condition,
            checked_on=day,
            outcome=outcome,
            actual=actual,
            actual_on=actual_on,
            source=source.strip()[:200],
            checked_by=actor_user(actor),
        ),
    )
    if outcome == ConditionOutcome.FAILED and not agreement.follow_ups.open().exists():
        paid = Payment.objects.filter(promise__agreement=agreement).aggregate(s=Sum("amount_wan"))[
            "s"
        ] or Decimal(0)
        promised = agreement.promises.aggregate(s=Sum("amount_wan"))["s"] or Decimal(0)
        tracked_create(
            actor=actor,
            obj=IncentiveFollowUp(
                agreement=agreement,
                check_run=check,
                action=FollowUpAction.CLAWBACK if paid else FollowUpAction.SUSPEND,
                amount_wan=paid if paid else promised,
                opened_on=day,
            ),
        )
    return check


@transaction.atomic
def incentive_follow_up_close(
    *, actor: User | None, follow_up: IncentiveFollowUp, closed_on: date, note: str
) -> IncentiveFollowUp:
    """Close a follow-up saying what was done (money recovered, agreement amended …)."""
    _require(actor, follow_up.agreement.project)
    if not follow_up.is_open:
        raise ValidationError({"note": _("This follow-up is already closed.")})
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what was done before closing.")})
    if closed_on < follow_up.opened_on:
        raise ValidationError({"closed_on": _("A follow-up cannot close before it opened.")})
    return tracked_update(
        actor=actor, obj=follow_up, changes={"closed_on": closed_on, "note": note.strip()}
    )
