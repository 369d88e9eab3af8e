"""The project ledger's `zonetrack import projects` and `zonetrack export projects`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, TextIO

from django.utils import timezone

from zonetrack.registry.models import Zone
from zonetrack.sheets.reader import SheetError

from .ledger import (
    LedgerPlan,
    LedgerRefused,
    apply_ledger,
    export_ledger,
    ledger_title,
    ledger_year,
    plan_ledger,
    read_ledger,
)
from .selectors import ProjectFilters, project_list


def _zone(zone_id: int, out: TextIO) -> Zone | None:
    zone = Zone.objects.select_related("organisation").filter(pk=zone_id).first()
    if zone is None:
        out.write(f"No zone with id {zone_id}.\n")
    return zone


def write_report(plan: LedgerPlan, out: TextIO) -> None:
    """The plan row by row, as the command line and its tests read it."""
    for problem in plan.problems:
        out.write(f"{problem}\n")
    if plan.unknown_columns:
        out.write("Columns not imported: " + ", ".join(plan.unknown_columns) + "\n")
    for note in plan.notes:
        out.write(f"{note}\n")
    for row in plan.rows:
        changed = f"[{', '.join(row.changed)}]" if row.action == "update" else ""
        notes = "; ".join([*row.errors, *row.warnings])
        parts = [f"row {row.number:>5}", f"{row.action:<9}", row.name, changed, notes]
        out.write("  ".join(part for part in parts if part).rstrip() + "\n")
    out.write("Summary: " + ", ".join(f"{n} {a}" for a, n in plan.summary.items()) + "\n")


def import_ledger(path: Path, options: dict[str, Any], out: TextIO) -> int:
    """Plan, report row by row, and (unless a dry run) write all rows; 1 when refused.

    The year is the one the title names ("2024年…"), else the current one; the ledger is taken
    as reported today.
    """
    if options.get("zone") is None:
        out.write("Give --zone ZONE_ID: the zone whose ledger this is.\n")
        return 1
    zone = _zone(options["zone"], out)
    if zone is None:
        return 1
    try:
        table = read_ledger(path.read_bytes(), path.name)
    except SheetError as exc:
        out.write(f"{exc}\n")
        return 1
    today = timezone.localdate()
    year = options.get("year") or ledger_year(table.title) or today.year
    plan = plan_ledger(table, user=None, zone=zone, year=year, as_of=today)
    write_report(plan, out)
    if not plan.ok:
        out.write("Rejected rows: nothing was imported.\n")
        return 1
    if options.get("dry_run"):
        out.write("Dry run: nothing was written.\n")
        return 0
    try:
        apply_ledger(plan, actor=None, zone=zone)
    except LedgerRefused as exc:
        out.write(f"{exc}\n")
        return 1
    out.write("Imported.\n")
    return 0


def export_ledger_to(path: Path, options: dict[str, Any], out: TextIO) -> int:
    """Write the ledger of one zone (--zone) or of all zones for --year (default this year)."""
    today = timezone.localdate()
    year = options.get("year") or today.year
    # A past year's ledger is the whole year's; the current one runs to today.
    as_of = date(year, 12, 31) if year < today.year else today
    zone = None
    if options.get("zone") is not None:
        zone = _zone(options["zone"], out)
        if zone is None:
            return 1
    projects = project_list(user=None, filters=ProjectFilters(zone=zone.pk if zone else None))
    title = ledger_title(zone.name if zone else "", year, as_of)
    with path.open("wb") as stream:
        export_ledger(projects, stream, year=year, as_of=as_of, title=title)
    out.write(f"Wrote {projects.count()} projects to {path}.\n")
    return 0
