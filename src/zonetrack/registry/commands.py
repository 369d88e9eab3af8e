"""The zone list's `zonetrack import zones` and `zonetrack export zones`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

from zonetrack.accounts.models import Organisation
from zonetrack.sheets.reader import SheetError

from .imports import ImportRefused, apply_import, export_zones, plan_import, read_table
from .selectors import ZoneFilters, zone_list


def import_zones(path: Path, options: dict[str, Any], out: TextIO) -> int:
    """Plan, report row by row, and (unless a dry run) write all rows; 1 when refused."""
    try:
        table = read_table(path.read_bytes(), path.name)
    except SheetError as exc:
        out.write(f"{exc}\n")
        return 1
    plan = plan_import(table, user=None)
    for problem in plan.problems:
        out.write(f"{problem}\n")
    if plan.unknown_columns:
        out.write("Columns not imported: " + ", ".join(plan.unknown_columns) + "\n")
    for row in plan.rows:
        notes = "; ".join([*row.errors, *row.warnings])
        out.write(f"row {row.number:>5}  {row.action:<9}  {row.name}  {notes}".rstrip() + "\n")
    if plan.unmatched_terms:
        terms = ", ".join(f"{t} ({n})" for t, n in plan.unmatched)
        out.write(f"Industry terms not in the cluster list: {terms}\n")
    out.write("Summary: " + ", ".join(f"{n} {a}" for a, n in plan.summary.items()) + "\n")
    if not plan.ok:
        out.write("Rejected rows: nothing was imported.\n")
        return 1
    if options.get("dry_run"):
        out.write("Dry run: nothing was written.\n")
        return 0
    parent = _parent(options.get("under"), out)
    if parent is None:
        return 1
    try:
        apply_import(plan, actor=None, parent=parent)
    except ImportRefused as exc:
        out.write(f"{exc}\n")
        return 1
    out.write("Imported.\n")
    return 0


def _parent(under: int | None, out: TextIO) -> Organisation | None:
    if under is not None:
        parent = Organisation.objects.active().filter(pk=under).first()
        if parent is None:
            out.write(f"No organisation with id {under}.\n")
        return parent
    roots = list(Organisation.objects.active().filter(parent__isnull=True)[:2])
    if len(roots) != 1:
        out.write("Give --under ORG_ID: where new zone committees are created.\n")
        return None
    return roots[0]


def export_zones_to(path: Path, options: dict[str, Any], out: TextIO) -> int:
    zones = zone_list(user=None, filters=ZoneFilters(region=options.get("region") or ""))
    with path.open("wb") as f:
        export_zones(zones.select_related("region__parent__parent"), f)
    out.write(f"Wrote {zones.count()} zones to {path}.\n")
    return 0
