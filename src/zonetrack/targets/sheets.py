"""Reported values as spreadsheets: the statistics office's sheet of a window's month imported
(a preview naming every bad cell, then all values or none), a window's values and an
organisation's targets overview exported as .xlsx."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, BinaryIO, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from zonetrack.accounts.models import Organisation
from zonetrack.core import jobs, uploads
from zonetrack.core.models import Job
from zonetrack.registry.models import Zone
from zonetrack.sheets.headers import normalise_header
from zonetrack.sheets.reader import SheetError, Table, open_table
from zonetrack.sheets.table import is_blank
from zonetrack.sheets.writer import Column, write_xlsx

from . import permissions, selectors, services
from .choices import ValueSource
from .models import Indicator, ReportingWindow

PREVIEW = "targets.values_preview"
IMPORT = "targets.values_import"

# The first column of the statistics office's sheet: the reporting unit.
ORGANISATION_HEADERS = [
    "单位名称",
    "单位",
    "地区",
    "开发区",
    "园区",
    "名称",
    "填报单位",
    "organisation",
]
_ORG = "organisation"


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


@dataclass
class SheetValue:
    """One number of the sheet, matched: its cell, organisation and indicator."""

    ref: str
    organisation_id: int
    indicator_id: int
    value: Decimal


@dataclass
class ValuesPlan:
    """What importing a sheet into a window would do; ``problems`` name their cells and
    nothing is written while there is one."""

    window_id: int
    values: list[SheetValue] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    matched: list[tuple[int, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.values)


def _organisation_names(organisations: list[Organisation]) -> dict[str, Organisation]:
    """Every name an organisation is known by on a statistics sheet: its name first, then its
    short name, its zones' names and short names (an exact name always wins)."""
    names: dict[str, Organisation] = {}
    for organisation in organisations:
        names.setdefault(_key(organisation.name), organisation)
    for organisation in organisations:
        if organisation.short_name:
            names.setdefault(_key(organisation.short_name), organisation)
    by_pk = {o.pk: o for o in organisations}
    for zone in Zone.objects.active().filter(organisation__in=list(by_pk)):
        owner = by_pk[zone.organisation_id]
        for alias in (zone.name, zone.short_name):
            if alias:
                names.setdefault(_key(str(alias)), owner)
    return names


def _header_cells(table: Table) -> list[tuple[str, Any]]:
    """(reference, value) of the header row's cells. The sheets Table keeps where its header
    ends to itself; reading the rows above the data again is cheap (a handful)."""
    last = table._data_after
    header: list[Any] = []
    number = 0
    for raw in table._source():
        if raw.number > last:
            break
        header, number = raw.values, raw.number
    return [(f"{get_column_letter(i + 1)}{number}", v) for i, v in enumerate(header)]


def _is_unit_row(values: dict[str, Any]) -> bool:
    """The unit row under the header: no organisation, or "单位"/"计量单位", and text units
    where the numbers will be."""
    name = values.get(_ORG)
    if not (is_blank(name) or "单位" in str(name)):
        return False
    figures = [v for k, v in values.items() if k != _ORG and not is_blank(v)]
    return bool(figures) and all(isinstance(v, str) for v in figures)


def plan_values(table: Table, *, user: Any, window: ReportingWindow) -> ValuesPlan:
    """Match the sheet's rows to the window's organisations and its columns to the window's
    indicators, and check every number as the entry grid would."""
    plan = ValuesPlan(window_id=window.pk)
    indicators = {f"i{i.pk}": i for i in selectors.window_indicators(window=window)}
    indicator_names = {_key(i.name): i for i in indicators.values()} | {
        _key(i.code): i for i in indicators.values()
    }
    catalogue = {_key(i.name) for i in Indicator.objects.all()}
    letters = {name: get_column_letter(index + 1) for index, name in table.header.items()}
    if _ORG not in letters:
        plan.problems.append(
            _("No column names the organisations (单位名称); it must be the sheet's first column.")
        )
        return plan
    for ref, value in _header_cells(table):
        if is_blank(value):
            continue
        column = ref.rstrip("0123456789")
        if column in letters.values():
            continue
        text, _unit = normalise_header(value)
        if _key(text) in indicator_names:
            plan.problems.append(
                _("%(ref)s: the column “%(name)s” appears twice.") % {"ref": ref, "name": text}
            )
        elif _key(text) in catalogue:
            plan.problems.append(
                _("%(ref)s: “%(name)s” is not reported in this window.")
                % {"ref": ref, "name": text}
            )
        else:
            plan.problems.append(
                _("%(ref)s: “%(name)s” is not a known indicator.") % {"ref": ref, "name": text}
            )
    organisations = selectors.window_organisations(window=window, user=user)
    names = _organisation_names(organisations)
    # The window's other organisations: a zone importing the city's whole sheet leaves their
    # rows as they are (noted), rather than refusing its own.
    others = {
        key: o
        for key, o in _organisation_names(selectors.window_organisations(window=window)).items()
        if key not in names
    }
    skipped: list[str] = []
    actor = user
    seen: dict[int, int] = {}
    items: list[services.ValueItem] = []
    first = True
    for row in table.rows():
        if first and _is_unit_row(row.values):
            plan.notes.append(_("Row %(n)d is read as the unit row.") % {"n": row.number})
            first = False
            continue
        first = False
        for problem in row.problems:
            plan.problems.append(
                _("Row %(n)d: %(problem)s") % {"n": row.number, "problem": problem}
            )
        name_ref = f"{letters[_ORG]}{row.number}"
        written = "" if is_blank(row.values.get(_ORG)) else str(row.values[_ORG]).strip()
        if not written:
            plan.problems.append(_("%(ref)s: the organisation is blank.") % {"ref": name_ref})
            continue
        organisation = names.get(_key(written))
        if organisation is None and _key(written) in others:
            skipped.append(others[_key(written)].name)
            continue
        if organisation is None:
            plan.unmatched.append(written)
            plan.problems.append(
                _("%(ref)s: “%(name)s” is not an organisation of this window.")
                % {"ref": name_ref, "name": written}
            )
            continue
        if organisation.pk in seen:
            plan.problems.append(
                _("%(ref)s: %(name)s is on row %(row)d already.")
                % {"ref": name_ref, "name": organisation.name, "row": seen[organisation.pk]}
            )
            continue
        seen[organisation.pk] = row.number
        plan.matched.append((row.number, written, organisation.name))
        if not permissions.can_report_values(actor, organisation):
            plan.problems.append(
                _("%(ref)s: you may not report the values of %(name)s.")
                % {"ref": name_ref, "name": organisation.name}
            )
            continue
        for name, indicator in indicators.items():
            if name not in letters:
                continue
            ref = f"{letters[name]}{row.number}"
            raw = row.values.get(name)
            try:
                # A number cell arrives as int or float; text is read as the grid reads it.
                value = (
                    Decimal(str(raw))
                    if isinstance(raw, int | float) and not isinstance(raw, bool)
                    else services.parse_figure(raw)
                )
            except (ValueError, ArithmeticError):
                plan.problems.append(
                    _("%(ref)s: “%(text)s” is not a number.") % {"ref": ref, "text": raw}
                )
                continue
            if value is None:
                continue
            plan.values.append(SheetValue(ref, organisation.pk, indicator.pk, value))
            items.append(services.ValueItem(organisation, indicator, window.period, value, ref))
    if skipped:
        plan.notes.append(
            _("Rows of organisations you do not report are left as they are: %(names)s.")
            % {"names": "、".join(skipped)}
        )
    missing = [i.name for n, i in indicators.items() if n not in letters]
    if missing:
        plan.notes.append(
            _("Indicators not in the sheet: %(names)s.") % {"names": "、".join(missing)}
        )
    if not plan.problems and items:
        plan.problems.extend(_check(actor, items))
    if not plan.values and not plan.problems:
        plan.problems.append(_("The sheet holds no values."))
    existing = selectors.window_values(window=window, organisations=organisations)
    # "reject": the problems found, each naming its cell (the summary badges of every import).
    summary = {"create": 0, "update": 0, "unchanged": 0, "reject": len(plan.problems)}
    for value in plan.values:
        current = existing.get((value.organisation_id, value.indicator_id))
        if current is None:
            summary["create"] += 1
        elif current.value == value.value:
            summary["unchanged"] += 1
        else:
            summary["update"] += 1
    plan.summary = summary
    return plan


def _check(actor: Any, items: list[services.ValueItem]) -> list[str]:
    """The service's refusals of each cell, found by writing in a transaction rolled back."""
    from django.db import transaction

    class _Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            services.values_write(actor=actor, items=items, source=ValueSource.IMPORTED)
            raise _Rollback
    except _Rollback:
        return []
    except PermissionDenied:
        return [_("You may not report some of these organisations' values.")]
    except ValidationError as exc:
        return [
            f"{ref}: {message}"
            for ref, messages in exc.message_dict.items()
            for message in messages
        ]


def read_values(data: BinaryIO, filename: str, window: ReportingWindow) -> Table:
    known: dict[str, list[str]] = {_ORG: ORGANISATION_HEADERS}
    for indicator in selectors.window_indicators(window=window):
        known[f"i{indicator.pk}"] = [indicator.name, indicator.code]
    return open_table(data, filename, known=known)


def apply_values(plan: ValuesPlan, *, actor: Any, window: ReportingWindow) -> dict[str, int]:
    """Write a clean plan's values, all or none (the service refuses a locked cell)."""
    organisations = {
        o.pk: o
        for o in Organisation.objects.filter(pk__in={v.organisation_id for v in plan.values})
    }
    indicators = {
        i.pk: i for i in Indicator.objects.filter(pk__in={v.indicator_id for v in plan.values})
    }
    services.values_write(
        actor=actor,
        items=[
            services.ValueItem(
                organisations[v.organisation_id],
                indicators[v.indicator_id],
                window.period,
                v.value,
                v.ref,
            )
            for v in plan.values
        ],
        source=ValueSource.IMPORTED,
    )
    return plan.summary


def plan_to_result(plan: ValuesPlan) -> dict[str, Any]:
    return {
        "ok": plan.ok,
        "summary": plan.summary,
        "problems": plan.problems[:500],
        "unmatched": plan.unmatched,
        "matched": plan.matched,
        "notes": plan.notes,
        "window": plan.window_id,
        "values": len(plan.values),
    }


@jobs.handler(PREVIEW, template="targets/includes/values_preview_job.html")
def run_preview(job: Job, progress: jobs.Progress) -> None:
    """Read and check an uploaded statistics sheet against its window; keep the plan."""
    window = selectors.window_get(user=job.owner, window_id=job.params["window"])
    progress.step(0, 0, _("Reading the file"))
    try:
        with uploads.open_stashed(job.params) as stored:
            table = read_values(cast(BinaryIO, stored), job.params["name"], window)
            plan = plan_values(table, user=job.owner, window=window)
    except SheetError as exc:
        uploads.discard(job.params)
        raise jobs.JobRefused(str(exc)) from exc
    job.result = plan_to_result(plan)
    if plan.ok:
        jobs.keep_plan(job, plan)
    else:
        uploads.discard(job.params)


@jobs.handler(IMPORT, template="targets/includes/values_import_job.html")
def run_import(job: Job, progress: jobs.Progress) -> None:
    """Write the values its preview kept, all or none, once."""
    preview = jobs.preview_of(job, PREVIEW)
    job.result = dict(preview.result)
    if preview.applied_at is not None:
        job.result["already"] = True
        return
    plan = jobs.load_plan(preview)
    window = selectors.window_get(user=job.owner, window_id=plan.window_id)
    if not jobs.claim_plan(preview):
        job.result["already"] = True
        return
    try:
        job.result["imported"] = apply_values(plan, actor=job.owner, window=window)
    except ValidationError as exc:
        raise jobs.JobRefused("；".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise jobs.JobRefused(_("You may not report some of these organisations' values.")) from exc
    uploads.discard(preview.params)


# -- exports ---------------------------------------------------------------------------------


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_window(stream: Any, *, user: Any, window: ReportingWindow) -> None:
    """A window's values in the statistics office's layout: a title, the organisations as
    rows, the indicators as columns with their units; it imports back as it is."""
    organisations = selectors.window_organisations(window=window, user=user)
    indicators = selectors.window_indicators(window=window)
    values = selectors.window_values(window=window, organisations=organisations)
    columns = [Column("organisation", "单位名称", 24)] + [
        Column(f"i{i.pk}", f"{i.name}（{i.unit}）", 16) for i in indicators
    ]
    rows = [
        {"organisation": o.name}
        | {f"i{i.pk}": values[(o.pk, i.pk)].value for i in indicators if (o.pk, i.pk) in values}
        for o in organisations
    ]
    title = f"{window.organisation.name} {window.period:%Y年%m月}主要指标填报"
    write_xlsx(stream, sheet_name=f"{window.period:%Y-%m}", title=title, columns=columns, rows=rows)


def window_file_name(window: ReportingWindow) -> str:
    return f"values-{window.period:%Y%m}-{timezone.localdate():%Y%m%d}.xlsx"


OVERVIEW_COLUMNS = [
    Column("organisation", "单位", 24),
    Column("indicator", "指标", 24),
    Column("unit", "单位（计量）", 10),
    Column("target", "年度目标", 14),
    Column("actual", "完成", 14),
    Column("completion", "完成率", 10, "0.0%"),
    Column("time_share", "序时进度", 10, "0.0%"),
    Column("status", "状态", 10),
]


def write_overview(stream: Any, *, user: Any, organisation: Organisation, year: int) -> None:
    """An organisation's targets of a year against actual and time elapsed, with its
    children's, as the progress page shows them."""
    today = timezone.localdate()
    result = selectors.progress_of(user=user, organisation=organisation, year=year, as_of=today)
    rows = []
    for line in [result.own, *result.children]:
        for cell in line.cells:
            rows.append(
                {
                    "organisation": line.organisation.name,
                    "indicator": cell.indicator.name,
                    "unit": cell.indicator.unit,
                    "target": cell.target,
                    "actual": cell.actual,
                    "completion": cell.completion,
                    "time_share": result.share,
                    "status": cell.status_label,
                }
            )
    title = f"{organisation.name} {year}年目标完成情况（截至{today:%Y-%m-%d}）"
    write_xlsx(stream, sheet_name=str(year), title=title, columns=OVERVIEW_COLUMNS, rows=rows)


def overview_file_name(organisation: Organisation, year: int) -> str:
    return f"targets-{year}-{timezone.localdate():%Y%m%d}.xlsx"


__all__ = [
    "IMPORT",
    "PREVIEW",
    "ValuesPlan",
    "plan_values",
    "read_values",
    "write_overview",
    "write_window",
]
