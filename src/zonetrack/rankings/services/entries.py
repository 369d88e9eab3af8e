"""The panel's scores and the events that bonus, deduction and disqualifying items count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.choices import Action
from zonetrack.audit.services import record_change, snapshot

from .. import permissions
from ..choices import UNWEIGHTED_RULES, RuleKind
from ..models import Item, PanelScore, ScoredEvent
from ..periods import parse


@transaction.atomic
def panel_score_set(
    *, actor: User | None, item: Item, organisation: Organisation, period: str, score: Decimal
) -> PanelScore:
    """Enter (or change) a panel member's score of an organisation on a manual item."""
    scheme = item.category.scheme
    access.require(permissions.can_score_panel(actor, scheme))
    if item.rule != RuleKind.MANUAL:
        raise ValidationError({"item": _("Only a manual item is scored by a panel.")})
    label = parse(scheme.period_kind, period).label
    top = Decimal(str((item.params or {}).get("max", 100)))
    if not Decimal(0) <= score <= top:
        raise ValidationError({"score": _("A score is between 0 and %(max)s.") % {"max": top}})
    row, created = PanelScore.objects.update_or_create(
        item=item,
        organisation=organisation,
        period=label,
        defaults={"score": score, "member": actor if isinstance(actor, User) else None},
    )
    record_change(
        actor=actor,
        obj=row,
        action=Action.CREATE if created else Action.UPDATE,
        before={},
        after=snapshot(row),
    )
    return row


@transaction.atomic
def panel_scores_set(
    *, actor: User | None, period: str, entries: list[tuple[Item, Organisation, Decimal]]
) -> list[PanelScore]:
    """Save a panel grid: every score or none (a refused cell names its grid cell)."""
    saved = []
    errors: dict[str, list[str]] = {}
    for item, organisation, score in entries:
        try:
            saved.append(
                panel_score_set(
                    actor=actor, item=item, organisation=organisation, period=period, score=score
                )
            )
        except ValidationError as exc:
            errors[f"s_{item.pk}_{organisation.pk}"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return saved


@transaction.atomic
def event_record(
    *,
    actor: User | None,
    item: Item,
    organisation: Organisation,
    happened_on: date,
    evidence: str,
    department: str,
    count: int = 1,
) -> ScoredEvent:
    """Record an event a bonus, deduction or disqualifying item counts."""
    access.require(permissions.can_score_panel(actor, item.category.scheme))
    if item.rule not in UNWEIGHTED_RULES:
        raise ValidationError(
            {"item": _("Only bonus, deduction and disqualifying items count events.")}
        )
    event = ScoredEvent(
        item=item,
        organisation=organisation,
        happened_on=happened_on,
        count=count,
        evidence=evidence,
        department=department,
        entered_by=actor if isinstance(actor, User) else None,
    )
    event.full_clean()
    event.save()
    record_change(actor=actor, obj=event, action=Action.CREATE, before={}, after=snapshot(event))
    return event
