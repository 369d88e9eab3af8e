"""`zonetrack import zones FILE [--dry-run] [--under ORG_ID]`: import a zone list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zonetrack.accounts.models import Organisation
from zonetrack.registry.imports import ImportRefused, apply_import, plan_import, read_table
from zonetrack.sheets.reader import SheetError


class Command(BaseCommand):
    help = (
        "Import records from a spreadsheet (.xlsx or .csv). Prints a row-by-row report; writes "
        "all rows or none, and exits non-zero when anything is rejected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["zones"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
        parser.add_argument(
            "--under",
            type=int,
            help="organisation id under which new zone committees are created "
            "(default: the only top-level organisation)",
        )

    def handle(
        self, *args: Any, what: str, file: Path, dry_run: bool, under: int | None, **opts: Any
    ) -> None:
        try:
            table = read_table(file.read_bytes(), file.name)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        except SheetError as exc:
            raise CommandError(str(exc)) from exc
        plan = plan_import(table, user=None)
        for problem in plan.problems:
            self.stderr.write(problem)
        if plan.unknown_columns:
            self.stdout.write("Columns not imported: " + ", ".join(plan.unknown_columns))
        for row in plan.rows:
            notes = "; ".join([*row.errors, *row.warnings])
            self.stdout.write(f"row {row.number:>5}  {row.action:<9}  {row.name}  {notes}".rstrip())
        if plan.unmatched_terms:
            terms = ", ".join(f"{t} ({n})" for t, n in plan.unmatched_terms.most_common())
            self.stdout.write(f"Industry terms not in the cluster list: {terms}")
        summary = ", ".join(f"{n} {action}" for action, n in plan.summary.items())
        self.stdout.write(f"Summary: {summary}")
        if not plan.ok:
            raise CommandError("Rejected rows: nothing was imported.")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        parent = self._parent(under)
        try:
            apply_import(plan, actor=None, parent=parent)
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Imported."))

    def _parent(self, under: int | None) -> Organisation:
        if under is not None:
            parent = Organisation.objects.active().filter(pk=under).first()
            if parent is None:
                raise CommandError(f"No organisation with id {under}.")
            return parent
        roots = list(Organisation.objects.active().filter(parent__isnull=True)[:2])
        if len(roots) != 1:
            raise CommandError("Give --under ORG_ID: where new zone committees are created.")
        return roots[0]
