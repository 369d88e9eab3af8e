"""The monthly pack's workbook: one sheet per sheet of the layout, each with its title row, unit
row, one or two header rows (a group's columns share an upper header), its rows with subtotal
and total rows in bold. Written with openpyxl's write-only workbook, row by row, so memory
stays flat; text is never a formula (as ``zonetrack.sheets.writer`` writes it)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from copy import copy
from dataclasses import dataclass
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from zonetrack.sheets.writer import FORMULA_STARTS

from .fields import FIELDS, Field
from .layout import fill
from .rows import Row

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=16)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(vertical="center", wrap_text=True)
# Rows written between two reports of progress.
PROGRESS_EVERY = 500
# Where the header starts: row 1 the title, row 2 the unit.
HEADER_ROW = 3


@dataclass(frozen=True)
class Column:
    """A column of one sheet: its field, header, upper header (group) and width."""

    field: Field
    header: str
    group: str
    width: float

    @property
    def key(self) -> str:
        return self.field.key


def columns_of(sheet: dict[str, Any], values: dict[str, str]) -> list[Column]:
    """The columns of a checked sheet layout, with their placeholders filled."""
    known = FIELDS[sheet["rows"]]
    found = []
    for column in sheet["columns"]:
        field = known[column["field"]]
        found.append(
            Column(
                field=field,
                header=field.header(fill(column.get("header") or "", values)),
                group=fill(column.get("group") or "", values),
                width=float(column.get("width") or field.default_width),
            )
        )
    return found


def _text(sheet: Any, value: str, *, font: Font | None = None, align: Alignment = _LEFT) -> Any:
    value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32_767]
    cell = WriteOnlyCell(sheet, value=value)
    if value.startswith(FORMULA_STARTS) or value in ERROR_CODES:
        # openpyxl would type "=…" as a formula and "#N/A" as an error: keep them text.
        cell.data_type = "s"
        cell.quotePrefix = value.startswith(FORMULA_STARTS)
    if font is not None:
        cell.font = font
    cell.alignment = align
    return cell


class _Styles:
    """Each column's cell style, plain and bold, made once: a cell takes a copy of it, where
    setting border, font and format cell by cell would look each up in the workbook's style
    tables again (most of the time of a large sheet)."""

    def __init__(self, sheet: Any, columns: list[Column]) -> None:
        self.sheet = sheet
        self.styles: dict[tuple[int, bool], Any] = {}
        for index, column in enumerate(columns):
            field = column.field
            for bold in (False, True):
                model = WriteOnlyCell(sheet)
                model.border = _BORDER
                model.alignment = _CENTRE if column.key == "seq" or field.kind == "date" else _LEFT
                if field.number_format:
                    model.number_format = field.number_format
                if bold:
                    model.font = _BOLD
                self.styles[(index, bold)] = model._style

    def cell(self, index: int, value: Any, *, bold: bool) -> Any:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32_767]
            if value.startswith(FORMULA_STARTS) or value in ERROR_CODES:
                cell = _text(self.sheet, value, font=_BOLD if bold else None)
                cell.border = _BORDER
                return cell
        cell = WriteOnlyCell(self.sheet, value=value)
        cell._style = copy(self.styles[(index, bold)])
        return cell


def _label_key(columns: list[Column]) -> str:
    """Where a subtotal's or total's name goes: the name column, else the first text one."""
    keys = [c.key for c in columns]
    for key in ("name", "project"):
        if key in keys:
            return key
    texts = [c.key for c in columns if not c.field.is_number and c.key != "seq"]
    return (texts or keys)[0]


def _headers(sheet: Any, columns: list[Column]) -> int:
    """Write the header rows and merge them; returns how many there are."""
    grouped = any(c.group for c in columns)
    upper: list[str | None] = []
    lower: list[str | None] = []
    previous = None
    for column in columns:
        if column.group:
            upper.append(column.group if column.group != previous else None)
            lower.append(column.header)
        else:
            upper.append(column.header)
            lower.append(None)
        previous = column.group or None
    rows: list[list[str | None]] = [upper, lower] if grouped else [[c.header for c in columns]]
    for texts in rows:
        cells = []
        for text in texts:
            cell = _text(sheet, text or "", font=_BOLD, align=_CENTRE)
            cell.border = _BORDER
            cells.append(cell)
        sheet.append(cells)
    if grouped:
        index = 0
        while index < len(columns):
            group = columns[index].group
            end = index
            while group and end + 1 < len(columns) and columns[end + 1].group == group:
                end += 1
            first, last = get_column_letter(index + 1), get_column_letter(end + 1)
            if not group:  # a column without a group spans both header rows
                sheet.merged_cells.add(f"{first}{HEADER_ROW}:{first}{HEADER_ROW + 1}")
            elif end > index:
                sheet.merged_cells.add(f"{first}{HEADER_ROW}:{last}{HEADER_ROW}")
            index = end + 1
    return len(rows)


def _print_layout(sheet: Any, header_rows: int) -> None:
    """A3 landscape, every column on the page's width, the header rows on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "8"  # A3 in the SpreadsheetML paper-size table
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + header_rows - 1}"
    sheet.print_options.horizontalCentered = True


def write_sheet(
    workbook: Any,
    layout: dict[str, Any],
    rows: Iterable[Row],
    values: dict[str, str],
    progress: Callable[[int], None] | None = None,
) -> None:
    """Append one sheet of the pack to a write-only workbook."""
    columns = columns_of(layout, values)
    sheet = workbook.create_sheet(title=layout["name"])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    grouped = any(c.group for c in columns)
    header_rows = 2 if grouped else 1
    # Panes go into the sheet's XML before the first row: the headers and names stay in view.
    frozen = next((i for i, c in enumerate(columns) if c.key in ("name", "project")), -1)
    sheet.freeze_panes = f"{get_column_letter(frozen + 2)}{HEADER_ROW + header_rows}"
    _print_layout(sheet, header_rows)
    last = get_column_letter(len(columns))
    sheet.append([_text(sheet, fill(layout["title"], values), font=_TITLE, align=_CENTRE)])
    if len(columns) > 1:
        sheet.merged_cells.add(f"A1:{last}1")
    unit = fill(layout.get("unit") or "", values)
    unit_cell = _text(sheet, unit, align=Alignment(horizontal="right", vertical="center"))
    sheet.append([None] * (len(columns) - 1) + [unit_cell])
    _headers(sheet, columns)
    label_key = _label_key(columns)
    styles = _Styles(sheet, columns)
    for count, row in enumerate(rows, start=1):
        bold = row.style != "item"
        cells = []
        for index, column in enumerate(columns):
            value = row.values.get(column.key)
            if bold and column.key == label_key and row.label:
                value = row.label
            cells.append(styles.cell(index, value, bold=bold))
        sheet.append(cells)
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(PROGRESS_EVERY)


def save(workbook: Any, out: str | os.PathLike[str] | BinaryIO) -> None:
    workbook.save(out)


def new_workbook() -> Any:
    return Workbook(write_only=True)
