"""Decisions on idle land (腾笼换鸟): the zone's managers decide what becomes of a listed parcel
— reclaim, re-plan, support — with their reasons; every decision is kept."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import User
from zonetrack.audit.services import actor_user, tracked_create

from .. import idle, permissions
from ..choices import IdleDecisionKind
from ..models import IdleDecision, Parcel


@transaction.atomic
def idle_decide(
    *, actor: User | None, parcel: Parcel, decision: str, note: str, decided_on: date | None = None
) -> IdleDecision:
    """Record the zone's decision on a parcel the idle-land rule lists, with the findings it
    was listed for."""
    access.require(permissions.can_decide_idle(actor, parcel))
    today = timezone.localdate()
    decided_on = decided_on or today
    errors: dict[str, str] = {}
    if decision not in IdleDecisionKind.values:
        errors["decision"] = _("Choose reclaim, re-plan or support.")
    if not (note or "").strip():
        errors["note"] = _("Say why, and what happens next.")
    if decided_on > today:
        errors["decided_on"] = _("A decision cannot be dated in the future.")
    listed = idle.listed(Parcel.objects.filter(pk=parcel.pk), as_of=today)
    if not listed:
        errors["parcel"] = _("This parcel is not on the idle-land list.")
    if errors:
        raise ValidationError(errors)
    return tracked_create(
        actor=actor,
        obj=IdleDecision(
            parcel=parcel,
            decision=decision,
            decided_on=decided_on,
            decided_by=actor_user(actor),
            reasons=listed[0].reasons,
            note=note.strip(),
        ),
    )
