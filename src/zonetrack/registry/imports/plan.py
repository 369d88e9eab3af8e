"""Planning an import: every row becomes a create, an update, "unchanged" or a rejection with
its reasons, validated as the write would be; nothing is written."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.sheets.reader import Table

from .. import permissions
from ..choices import Management, ZoneLevel
from ..models import Zone
from .columns import IGNORED, REQUIRED, _norm
from .gazetteer import Gazetteer
from .plan_types import Action, ImportPlan, RowPlan
from .rows import _plan_row


def _area_unit(table: Table) -> str:
    """The planned area's unit: from the header ("核准面积_公顷", "面积（亩）"), else km²."""
    raw = table.labels.get("planned_area", "")
    unit = table.units.get("planned_area")
    if unit:
        return unit
    for word, name in (("公顷", "公顷"), ("亩", "亩"), ("平方米", "平方米")):
        if word in raw:
            return name
    return "平方公里"


def plan_import(
    table: Table,
    *,
    user: Any,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportPlan:
    """Plan a zone import: read, match and validate every row; write nothing.
    ``progress(rows)`` is told how many rows are planned, every few hundred."""
    gazetteer = Gazetteer()
    area_unit = _area_unit(table)
    unknown = [c for c in table.unknown_columns if _norm(c).lower() not in IGNORED]
    plan = ImportPlan(
        rows=[],
        unknown_columns=unknown,
        missing_columns=[c for c in REQUIRED if c not in table.labels],
        unmatched_terms=Counter(),
    )
    if plan.missing_columns:
        plan.problems.append(
            _("Required columns are missing: %(columns)s")
            % {"columns": ", ".join(plan.missing_columns)}
        )
        return plan
    visible = list(
        access.visible(Zone.objects.all(), user)
        .select_related("region", "organisation")
        .prefetch_related("clusters")
    )
    by_code = {z.catalogue_code: z for z in visible if z.catalogue_code}
    by_key = {(z.region_id, z.name): z for z in visible}
    # Names taken in each region, by zones the user may not see too: a clash is still a clash.
    taken = {
        (region_id, name): pk
        for pk, region_id, name in Zone.objects.values_list("pk", "region_id", "name").iterator()
    }
    seen: dict[tuple[int, str], int] = {}
    for index, row in enumerate(table.rows(), start=1):
        if progress and index % 500 == 0:
            progress(index)
        item = _plan_row(row, gazetteer, area_unit, today)
        plan.unmatched_terms.update(item.warnings_terms)
        row_plan = item.plan
        if row_plan.action != Action.REJECT:
            key = (row_plan.fields["region"].pk, row_plan.fields["name"])
            if key in seen:
                row_plan.action = Action.REJECT
                row_plan.errors.append(_("The same zone as row %(row)d.") % {"row": seen[key]})
            else:
                seen[key] = row_plan.number
                code = row_plan.fields.get("catalogue_code")
                existing = by_code.get(code) if code else None
                existing = existing or by_key.get(key)
                _decide(row_plan, existing, user, taken)
        plan.rows.append(row_plan)
    return plan


def _decide(
    plan: RowPlan, existing: Zone | None, user: Any, taken: dict[tuple[int, str], int]
) -> None:
    """Create, update or leave alone; validate the result so the preview shows every error.

    Validation runs the zone's field and rule checks in memory; the region was resolved from
    the gazetteer and name clashes are looked up in ``taken``, so a row costs no query.
    """
    fields = plan.fields
    if existing is None:
        fields.setdefault("management", Management.COUNTY)
        fields.setdefault("level", ZoneLevel.OTHER)
        candidate = Zone(**fields)
    else:
        if not permissions.can_change_zone(user, existing):
            plan.action = Action.REJECT
            plan.errors.append(_("You may not change this zone."))
            return
        plan.zone = existing
        plan.changed = [k for k, v in fields.items() if getattr(existing, k) != v]
        if plan.clusters is not None:
            current = {c.pk for c in existing.clusters.all()}
            if current != {c.pk for c in plan.clusters}:
                plan.changed.append("clusters")
        plan.action = Action.UPDATE if plan.changed else Action.UNCHANGED
        candidate = Zone(**{**_values(existing), **fields})
        candidate.pk = existing.pk
    errors: dict[str, list[str]] = {}
    try:
        candidate.clean_fields(exclude=["region", "organisation"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for name, message in candidate.rule_errors().items():
        errors.setdefault(name, []).append(str(message))
    holder = taken.get((candidate.region_id, candidate.name))
    if holder is not None and holder != candidate.pk:
        errors.setdefault("name", []).append(
            _("A zone of this name already exists in this region.")
        )
    if errors:
        plan.action = Action.REJECT
        plan.errors.extend(
            f"{_field_label(name)}: {message}"
            for name, messages in errors.items()
            for message in messages
        )


def _field_label(name: str) -> str:
    # Errors are only ever about the zone's own fields, never a reverse relation.
    return str(getattr(Zone._meta.get_field(name), "verbose_name", name))


def _values(zone: Zone) -> dict[str, Any]:
    return {f.attname: getattr(zone, f.attname) for f in zone._meta.concrete_fields}
