"""Reading a ledger import: open the file, plan every row, then apply the plan or nothing."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from zonetrack.audit.services import record_created
from zonetrack.core import chunked
from zonetrack.core.chunked import Run
from zonetrack.projects import services
from zonetrack.projects.models import Enterprise, Project
from zonetrack.projects.services import bulk
from zonetrack.registry.models import Zone
from zonetrack.sheets.cells import clean_text
from zonetrack.sheets.reader import Row, Table, open_table
from zonetrack.sheets.table import is_blank

from .columns import CENT, LEDGER_COLUMNS, _money
from .planner import _Planner
from .plans import Action, LedgerPlan, LedgerRefused, LedgerRow, _Check, _heading_kind, _row_type

if TYPE_CHECKING:
    from zonetrack.accounts.models import User


def read_ledger(data: bytes | BinaryIO, filename: str) -> Table:
    """Open an uploaded ledger (xlsx or csv), its bytes or a binary file, with the ledger
    columns."""
    return open_table(data, filename, known=LEDGER_COLUMNS)


def plan_ledger(
    table: Table,
    *,
    user: Any,
    zone: Zone,
    year: int,
    as_of: date,
    progress: Callable[[int], None] | None = None,
) -> LedgerPlan:
    """Plan a ledger import for one zone: read, match and check every row; write nothing.

    Projects are matched by name (spaces ignored) among the zone's active projects; blank cells
    leave fields as they are. The year plan is set from 年度计划投资. When the ledger's cumulative
    investment for `year` exceeds the reports of that year, the difference becomes the report of
    `as_of`'s month if that month has none yet (otherwise a warning). Subtotal and total rows are
    checked against the project rows they cover; a mismatch is a warning on that row.
    `progress(rows)` is told how many rows are planned, every few hundred.
    """
    planner = _Planner(table, user=user, zone=zone, year=year, as_of=as_of)
    plan = LedgerPlan(
        zone_id=zone.pk,
        year=year,
        report_month=planner.report_month,
        unknown_columns=list(table.unknown_columns),
        missing_columns=[c for c in ("name",) if c not in table.labels],
    )
    if plan.missing_columns:
        plan.problems.append(_("The ledger has no 项目名称 column."))
        return plan
    if zone.is_archived:
        plan.problems.append(_("This zone is archived; its ledger cannot be imported."))
        return plan
    label = table.labels.get("cumulative", "")
    month = re.search(r"(\d{1,2})\s*月", unicodedata.normalize("NFKC", label))
    if month and planner.can_record and int(month.group(1)) != planner.report_month.month:
        plan.notes.append(
            _("%(column)s runs to month %(month)s; differences become the report of %(report)s.")
            % {"column": label, "month": month.group(1), "report": f"{planner.report_month:%Y-%m}"}
        )

    checks: list[_Check] = []
    open_headings: list[_Check] = []
    segment: dict[str, Decimal] = defaultdict(Decimal)
    everything: dict[str, Decimal] = defaultdict(Decimal)
    totals: list[_Check] = []
    for index, row in enumerate(table.rows(), start=1):
        if progress and index % 250 == 0:
            progress(index)
        seq, name = clean_text(row.values.get("seq")), clean_text(row.values.get("name"))
        kind, level, heading = _row_type(seq, name)
        item = LedgerRow(number=row.number, name=name or seq, action=Action.SUBTOTAL)
        plan.rows.append(item)
        if kind == "aside" or (kind == "project" and not _has_content(row)):
            item.action = Action.SKIP
            item.warnings.append(_("Not a project row; ignored."))
            continue
        if kind == "project":
            item.name = name
            amounts = planner.project_row(row, item)
            for sums in [*(c.sums for c in open_headings), segment, everything]:
                for key, value in amounts.items():
                    sums[key] += value
            continue
        # Subtotal rows are often formulas; they are not imported, so that is only a warning.
        item.warnings.extend(row.problems)
        stated = planner.amounts(row, item, strict=False)
        if kind == "total":
            item.action = Action.TOTAL
            totals.append(_Check(item, stated, sums=everything))
        elif kind == "subtotal":
            checks.append(_Check(item, stated, sums=segment))
            segment = defaultdict(Decimal)
        else:
            open_headings = [c for c in open_headings if c.level < level]
            check = _Check(item, stated, level)
            open_headings.append(check)
            checks.append(check)
            segment = defaultdict(Decimal)
            found = _heading_kind(heading)
            if found or level == 1:
                planner.kind = found
    for check in [*checks, *totals]:
        _check_sums(check, table)
    return plan


def _has_content(row: Row) -> bool:
    """Whether a row holds more than a running number or a remark."""
    return any(
        not is_blank(value) for name, value in row.values.items() if name not in ("seq", "note")
    )


def _check_sums(check: _Check, table: Table) -> None:
    for name, stated in check.stated.items():
        expected = check.sums.get(name, Decimal(0))
        if abs(stated - expected) > CENT:
            check.row.warnings.append(
                _("%(column)s: this row says %(stated)s but its projects add up to %(sum)s")
                % {"column": table.labels[name], "stated": _money(stated), "sum": _money(expected)}
            )


def apply_ledger(
    plan: LedgerPlan,
    *,
    actor: User | None,
    zone: Zone,
    run: Run | None = None,
    progress: Callable[[int, int], None] | None = None,
    publish: Callable[[], bool] | None = None,
) -> dict[str, int]:
    """Write every planned row, or none: any rejection or failure undoes the whole import.

    Rows are written in short transactions (``core.chunked``), so other writers wait at most
    one chunk; ``publish`` runs in the last one (see ``Run.write``). In each chunk new
    projects, their investors, year plans and the month's reports are written in bulk (a few
    inserts for a thousand rows, history included), and so are changed projects and their
    year plans (one UPDATE each, every change in its history, versions checked). The zones are
    announced once, at the end (``changes_batched``).
    """
    if not plan.ok:
        raise LedgerRefused(_("The ledger has rejected rows; nothing was imported."))
    if plan.zone_id != zone.pk:
        raise LedgerRefused(_("This plan was made for another zone."))
    rows = [row for row in plan.rows if row.action in (Action.CREATE, Action.UPDATE)]
    if any(row.action == Action.CREATE for row in rows) and not services.can_create_project(
        actor, zone
    ):
        raise LedgerRefused(_("You may not add projects to this zone."))
    run = run or ledger_run(zone)
    # A chunk of new projects takes most of a second to write (projects, investors, plans,
    # reports, their history); one of changes to existing projects a few tenths for twice the
    # rows. Either keeps other writers waiting under a second; fewer chunks of changes mean
    # fewer pauses between them (SQLite).
    creates = any(row.action == Action.CREATE for row in rows)
    with services.changes_batched():
        run.write(
            rows,
            lambda chunk: _write_chunk(chunk, plan, actor=actor, zone=zone),
            size=chunked.CHUNK_ROWS if creates else 2 * chunked.CHUNK_ROWS,
            progress=progress,
            publish=publish,
        )
    return plan.summary


def ledger_run(zone: Zone, run_id: str = "") -> Run:
    """The chunked run of a ledger import; undoing it also recounts the zone's pipeline."""
    return Run(run_id, on_undo=lambda: services.refresh_pipeline([zone.pk]))


def _write_chunk(
    rows: Sequence[LedgerRow], plan: LedgerPlan, *, actor: User | None, zone: Zone
) -> None:
    try:
        investors = _investors([row.investor for row in rows if row.investor], actor=actor)
    except ValidationError as exc:
        raise LedgerRefused("; ".join(exc.messages)) from exc
    new = [row for row in rows if row.action == Action.CREATE]
    try:
        created = services.projects_bulk_create(
            actor=actor,
            zone=zone,
            drafts=[{"name": row.name, **_fields(row, investors)} for row in new],
        )
    except PermissionDenied as exc:
        raise LedgerRefused(_("You may not add projects to this zone.")) from exc
    except ValidationError as exc:
        raise LedgerRefused("; ".join(exc.messages)) from exc
    for row, project in zip(new, created, strict=True):
        row.project = project
    _update_rows(rows, plan, actor=actor, zone=zone, investors=investors)
    plans: list[tuple[Project, Decimal]] = []
    reports: list[tuple[Project, Decimal, str]] = []
    for row in rows:
        assert row.project is not None
        if row.year_plan is not None and row.action == Action.CREATE:
            plans.append((row.project, row.year_plan))
        if row.report_wan is not None:
            reports.append((row.project, row.report_wan, row.progress))
    try:
        services.year_plans_bulk_create(actor=actor, year=plan.year, entries=plans)
        services.reports_bulk_submit(actor=actor, month=plan.report_month, entries=reports)
    except PermissionDenied as exc:
        raise LedgerRefused(_("You may not change these projects.")) from exc
    except ValidationError as exc:
        raise LedgerRefused(_row_error(exc, list(rows))) from exc


def _update_rows(
    rows: Sequence[LedgerRow],
    plan: LedgerPlan,
    *,
    actor: User | None,
    zone: Zone,
    investors: dict[tuple[str, str], Any],
) -> None:
    """The changed projects of a chunk and their changed year plans, all at once: each keeps
    its history and is refused, naming its row, when it changed since it was planned."""
    updates = [row for row in rows if row.action == Action.UPDATE]
    for row in updates:
        assert row.project is not None
        row.project.zone = zone  # the plan's zone: the permission reads its organisation
    number = {id(row.project): row.number for row in updates}
    changes = [
        (row, row.project, fields)
        for row in updates
        if row.project is not None and (fields := _fields(row, investors))
    ]
    try:
        bulk.projects_bulk_update(
            actor=actor, changes=[(project, fields) for _row, project, fields in changes]
        )
    except (PermissionDenied, ValidationError) as exc:
        raise LedgerRefused(_refusal(changes, actor) or str(exc)) from exc
    except bulk.StaleProject as exc:
        raise LedgerRefused(
            _("Row %(row)d: %(error)s")
            % {"row": number.get(id(exc.project), 0), "error": exc.message}
        ) from exc
    try:
        bulk.year_plans_bulk_set(
            actor=actor,
            year=plan.year,
            entries=[
                (row.project, row.year_plan, *row.plan_flags)
                for row in updates
                if row.project is not None and row.year_plan is not None
            ],
        )
    except PermissionDenied as exc:
        raise LedgerRefused(_("You may not change these projects.")) from exc
    except ValidationError as exc:
        raise LedgerRefused(_row_error(exc, list(rows))) from exc


def _refusal(changes: list[tuple[LedgerRow, Project, dict[str, Any]]], actor: Any) -> str:
    """The first row whose change is refused, checked again one by one, as a message naming
    it (a bulk refusal names no project)."""
    for row, project, fields in changes:
        try:
            bulk.project_change_check(actor, project, fields)
        except PermissionDenied:
            return _("Row %(row)d: you may not change this project.") % {"row": row.number}
        except ValidationError as exc:
            return _("Row %(row)d: %(error)s") % {
                "row": row.number,
                "error": "; ".join(exc.messages),
            }
    return ""


def _investors(pairs: list[tuple[str, str]], *, actor: User | None) -> dict[tuple[str, str], Any]:
    """The investors of these rows, made when new; the new ones enter the history, so that an
    undone import takes them back too."""
    codes = {code.strip().upper() for _name, code in pairs if code.strip()}
    names = {name.strip() for name, code in pairs if not code.strip()}
    known = set(
        Enterprise.objects.filter(
            Q(credit_code__in=codes) | Q(name__in=names, credit_code__isnull=True)
        ).values_list("pk", flat=True)
    )
    found = services.enterprises_for(pairs)
    new = {e.pk: e for e in found.values() if e.pk not in known}
    record_created(actor=actor, objs=list(new.values()))
    return found


def _row_error(error: ValidationError, rows: list[LedgerRow]) -> str:
    """The message of a bulk write's refusal, naming the ledger rows it concerns."""
    message = "; ".join(error.messages)
    reported = {
        project
        for problem in getattr(error, "error_dict", {}).get("month", [])
        for project in (problem.params or {}).get("projects", [])
    }
    numbers = [row.number for row in rows if row.project and row.project.pk in reported]
    if not numbers:
        return message
    return "; ".join(
        _("Row %(row)d: %(error)s") % {"row": number, "error": message} for number in numbers
    )


def _fields(row: LedgerRow, investors: dict[tuple[str, str], Any]) -> dict[str, Any]:
    fields = dict(row.fields)
    if row.investor is not None:
        name, code = row.investor
        fields["investor"] = investors.get((name.strip(), code.strip().upper()))
    return fields
