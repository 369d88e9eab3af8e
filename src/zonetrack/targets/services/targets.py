"""Setting annual targets: one organisation's, or its children's (decomposition), in one
transaction, each change in the history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.services import (
    actor_user,
    tracked_archive,
    tracked_create,
    tracked_restore,
    tracked_update,
)

from .. import permissions
from ..models import Indicator, Target
from .checks import figure_problem

MIN_YEAR, MAX_YEAR = 2000, 2100


def target_cell(organisation_id: int, indicator_id: int) -> str:
    """The name of one cell of the targets grid (and of its errors)."""
    return f"t_{organisation_id}_{indicator_id}"


@dataclass(frozen=True)
class TargetEntry:
    """One cell: a value for an organisation's indicator, or None to take the target away."""

    organisation: Organisation
    indicator: Indicator
    value: Decimal | None


def _problem(entry: TargetEntry) -> str | None:
    if entry.value is None:
        return None
    if entry.value == 0:
        return _("A target of zero leaves nothing to measure progress against.")
    return figure_problem(entry.indicator, entry.value)


@transaction.atomic
def targets_set(*, actor: User | None, year: int, entries: Iterable[TargetEntry]) -> list[Target]:
    """Set (or take away) targets of one year: all or nothing. Each organisation's target is set
    only by someone above it (PermissionDenied otherwise); an impossible figure is refused with
    an error on its cell. A cell equal to the target already set writes nothing."""
    entries = list(entries)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": _("Choose a year between 2000 and 2100.")})
    for entry in entries:
        if not permissions.can_set_target(actor, entry.organisation):
            raise PermissionDenied
    errors = {
        target_cell(e.organisation.pk, e.indicator.pk): problem
        for e in entries
        if (problem := _problem(e))
    }
    if errors:
        raise ValidationError(errors)
    existing = {
        (t.organisation_id, t.indicator_id): t
        for t in Target.objects.filter(
            year=year,
            organisation__in=[e.organisation.pk for e in entries],
            indicator__in=[e.indicator.pk for e in entries],
        )
    }
    written: list[Target] = []
    for entry in entries:
        target = existing.get((entry.organisation.pk, entry.indicator.pk))
        if entry.value is None:
            if target is not None and not target.is_archived:
                written.append(tracked_archive(actor=actor, obj=target))
            continue
        if target is None:
            target = Target(
                organisation=entry.organisation,
                indicator=entry.indicator,
                year=year,
                value=entry.value,
                set_by=actor_user(actor),
            )
            written.append(tracked_create(actor=actor, obj=target))
            continue
        if target.is_archived:
            target = tracked_restore(actor=actor, obj=target)
        if target.value != entry.value:
            target = tracked_update(
                actor=actor,
                obj=target,
                changes={"value": entry.value, "set_by": actor_user(actor)},
            )
        written.append(target)
    return written
