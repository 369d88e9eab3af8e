"""Setting annual targets: one organisation's, or its children's (decomposition), in one
transaction, each change in the history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.choices import Action
from zonetrack.audit.services import (
    actor_user,
    record_change,
    tracked_archive,
    tracked_bulk_set,
    tracked_create,
    tracked_restore,
)

from .. import permissions
from ..models import Indicator, Target, TargetQuarter
from .checks import figure_problem

MIN_YEAR, MAX_YEAR = 2000, 2100
# How far the children's targets of an additive indicator may exceed their parent's (a
# fraction): a little over-cover is common practice, more is a decomposition error.
DEFAULT_TOLERANCE = Decimal("0.05")


def decomposition_tolerance() -> Decimal:
    """``ZONETRACK_TARGET_TOLERANCE`` in the settings (a fraction), else 5 %."""
    return Decimal(str(getattr(settings, "ZONETRACK_TARGET_TOLERANCE", DEFAULT_TOLERANCE)))


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
    if errors := _overcover(entries, year):
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
    changes: list[tuple[Target, dict]] = []
    by = actor_user(actor)
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
                set_by=by,
            )
            written.append(tracked_create(actor=actor, obj=target))
            continue
        # The loaded organisation and indicator name the row in its history without a query.
        target.organisation, target.indicator = entry.organisation, entry.indicator
        if target.is_archived:
            target = tracked_restore(actor=actor, obj=target)
        if target.value != entry.value:
            changes.append((target, {"value": entry.value, "set_by": by}))
        written.append(target)
    # A grid's changed cells are written together (one UPDATE run per row, one history
    # insert), each row's version moved and checked: the figures were checked above.
    tracked_bulk_set(changes, actor=actor)
    return written


def _overcover(entries: list[TargetEntry], year: int) -> dict[str, str]:
    """Errors on the cells of a decomposition whose children's targets, with these entries,
    exceed their parent's by more than the tolerance (additive indicators only)."""
    indicators = {e.indicator.pk: e.indicator for e in entries if e.indicator.is_additive}
    if not indicators:
        return {}
    touched = {e.organisation.pk for e in entries if e.indicator.pk in indicators}
    parents = touched | {
        e.organisation.parent_id
        for e in entries
        if e.indicator.pk in indicators and e.organisation.parent_id is not None
    }
    children: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for pk, parent_id, name in (
        Organisation.objects.active()
        .filter(parent__in=parents)
        .values_list("pk", "parent_id", "name")
    ):
        children.setdefault(parent_id, []).append(pk)
        names[pk] = name
    names |= dict(Organisation.objects.filter(pk__in=parents).values_list("pk", "name"))
    values: dict[tuple[int, int], Decimal] = {
        (o, i): v
        for o, i, v in Target.objects.active()
        .filter(
            year=year,
            indicator__in=indicators,
            organisation__in=parents | {c for kids in children.values() for c in kids},
        )
        .values_list("organisation_id", "indicator_id", "value")
    }
    for e in entries:
        if e.indicator.pk in indicators:
            key = (e.organisation.pk, e.indicator.pk)
            if e.value is None:
                values.pop(key, None)
            else:
                values[key] = e.value
    tolerance = decomposition_tolerance()
    in_batch = {(e.organisation.pk, e.indicator.pk) for e in entries}
    errors: dict[str, str] = {}
    for parent in parents:
        for ind_id, indicator in indicators.items():
            target = values.get((parent, ind_id))
            kids = [c for c in children.get(parent, []) if (c, ind_id) in values]
            if target is None or target <= 0 or not kids:
                continue
            total = sum((values[(c, ind_id)] for c in kids), Decimal(0))
            if total <= target * (1 + tolerance):
                continue
            message = _(
                "The targets of the organisations below %(parent)s add up to %(sum)s %(unit)s, "
                "more than its %(target)s by over %(tolerance)s%%: %(names)s."
            ) % {
                "parent": names.get(parent, ""),
                "sum": f"{total.normalize():f}",
                "unit": indicator.unit,
                "target": f"{target.normalize():f}",
                "tolerance": f"{(tolerance * 100).normalize():f}",
                "names": "、".join(names.get(c, "") for c in kids),
            }
            for org in [parent, *kids]:
                if (org, ind_id) in in_batch:
                    errors[target_cell(org, ind_id)] = message
    return errors


@transaction.atomic
def target_quarters_set(
    *, actor: User | None, target: Target, quarters: list[Decimal] | None
) -> Target:
    """Split a target over its four quarters (None takes the split away): each quarter a
    possible figure, the four adding up to the year's target. Set by whoever sets the target;
    the change is in the target's history."""
    if not permissions.can_set_target(actor, target.organisation):
        raise PermissionDenied
    before = [
        f"{v.normalize():f}"
        for v in target.quarters.order_by("quarter").values_list("value", flat=True)
    ]
    if quarters is not None:
        if len(quarters) != 4:
            raise ValidationError({"quarters": _("Give the four quarters.")})
        errors = {
            f"q{n}": problem
            for n, value in enumerate(quarters, start=1)
            if (problem := figure_problem(target.indicator, value))
        }
        if errors:
            raise ValidationError(errors)
        if not target.indicator.accumulates:
            raise ValidationError(
                {
                    "quarters": _("%(name)s is not summed over the year: it has no quarters.")
                    % {"name": target.indicator.name}
                }
            )
        total = sum(quarters, Decimal(0))
        if total != target.value:
            raise ValidationError(
                {
                    "quarters": _(
                        "The quarters add up to %(sum)s, not the year's target %(target)s."
                    )
                    % {"sum": f"{total.normalize():f}", "target": f"{target.value.normalize():f}"}
                }
            )
    target.quarters.all().delete()
    after: list[str] = []
    if quarters is not None:
        TargetQuarter.objects.bulk_create(
            TargetQuarter(target=target, quarter=n, value=v) for n, v in enumerate(quarters, 1)
        )
        after = [f"{v.normalize():f}" for v in quarters]
    if before != after:
        record_change(
            actor=actor,
            obj=target,
            action=Action.UPDATE,
            before={"quarters": before},
            after={"quarters": after},
        )
    return target
