"""Writing tables as streamed .xlsx or .csv files that spreadsheets never evaluate as formulas."""

from __future__ import annotations

import codecs
import csv
import io
import math
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, BinaryIO, Protocol

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# Text starting with one of these is run as a formula when a spreadsheet opens a CSV, or when
# someone edits the cell in Excel (full-width forms included: some input methods convert them).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_MAX_CELL_TEXT = 32_767  # Excel's limit; longer text makes Excel "repair" the file.
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class BinaryWriter(Protocol):
    """A binary file object to write to: an open file, an in-memory file, an HTTP response."""

    def write(self, data: bytes, /) -> object: ...


@dataclass(frozen=True)
class Column:
    """One output column: the row key it reads, its header text, width and number format."""

    key: str
    header: str
    width: float = 12
    number_format: str | None = None


_UNFORMATTED = Column("", "")

Rows = Iterable[Sequence[Any] | Mapping[str, Any]]


def _values(row: Sequence[Any] | Mapping[str, Any], columns: Sequence[Column]) -> Sequence[Any]:
    if isinstance(row, Mapping):
        return [row.get(column.key) for column in columns]
    return row


def _plain(value: Any) -> Any:
    # Normalise what both formats share: no NaN, no time zones, text for unknown types.
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        return None
    if isinstance(value, datetime) and timezone.is_aware(value):
        # Spreadsheets have no time zones; people read times in the site's zone.
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, str | int | float | Decimal | date):
        return value
    return str(value)


def _sheet_title(name: str) -> str:
    return _SHEET_TITLE_FORBIDDEN.sub("_", name).strip("'")[:31] or "Sheet1"


def _xlsx_cell(sheet: Any, value: Any, column: Column) -> Any:
    value = _plain(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:_MAX_CELL_TEXT]
        formula_like = value.startswith(FORMULA_STARTS)
        if not formula_like and value not in ERROR_CODES:
            return value
        cell = WriteOnlyCell(sheet, value=value)
        # openpyxl types text starting with "=" as a formula and "#N/A" as an error; force a
        # plain string cell, and quote-prefix formula-like text so Excel keeps it text even
        # after someone edits the cell.
        cell.data_type = "s"
        cell.quotePrefix = formula_like
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        default = "yyyy-mm-dd hh:mm" if isinstance(value, datetime) else "yyyy-mm-dd"
        cell.number_format = column.number_format or default
        return cell
    if column.number_format and isinstance(value, int | float | Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = column.number_format
        return cell
    return value


def _styled(
    sheet: Any,
    text: str,
    *,
    font: Font | None = None,
    horizontal: str = "center",
    wrap: bool = False,
) -> Cell:
    cell = _xlsx_cell(sheet, text, _UNFORMATTED)
    if not isinstance(cell, Cell):
        cell = WriteOnlyCell(sheet, value=cell)
    if font:
        cell.font = font
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap)
    return cell


def write_xlsx(
    target: str | os.PathLike[str] | BinaryWriter,
    *,
    sheet_name: str,
    title: str | None,
    columns: Sequence[Column],
    rows: Rows,
    unit_note: str | None = None,
) -> None:
    """Stream a one-sheet workbook: optional title and unit lines, a bold frozen header, rows.

    Rows are sequences in column order or mappings by Column.key. Numbers stay numbers, dates
    are date cells, and text is always stored as text, never as a formula. Memory stays flat
    however many rows there are (openpyxl write-only mode).
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_name))
    # Widths and panes go into the sheet's XML before the first row, so they are set first.
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header_row = 1 + bool(title) + bool(unit_note)
    sheet.freeze_panes = f"A{header_row + 1}"
    if title:
        cell = _styled(sheet, title, font=Font(bold=True, size=14), horizontal="center")
        sheet.append([cell])
        if len(columns) > 1:
            sheet.merged_cells.add(f"A1:{get_column_letter(len(columns))}1")
    if unit_note:
        sheet.append([None] * (len(columns) - 1) + [_styled(sheet, unit_note, horizontal="right")])
    sheet.append(
        [_styled(sheet, column.header, font=Font(bold=True), wrap=True) for column in columns]
    )
    for row in rows:
        values = _values(row, columns)
        sheet.append([_xlsx_cell(sheet, v, c) for v, c in zip(values, columns, strict=False)])
    workbook.save(target)


def _csv_text(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        # Fixed-point, so 1E+4 is written 10000 and read back by any spreadsheet.
        return format(value, "f")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    # CSV has no cell types: a leading apostrophe is the one marker spreadsheets read as text.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@contextmanager
def _binary(target: str | os.PathLike[str] | BinaryIO) -> Iterator[BinaryIO]:
    if isinstance(target, str | os.PathLike):
        with open(target, "wb") as stream:
            yield stream
    else:
        yield target


def write_csv(
    target: str | os.PathLike[str] | BinaryIO,
    *,
    columns: Sequence[Column],
    rows: Rows,
    title: str | None = None,
    unit_note: str | None = None,
    encoding: str = "utf-8-sig",
) -> None:
    """Write rows as CSV to a path or binary stream, row by row, with text guarded like write_xlsx.

    UTF-8 with a byte-order mark by default, since that is what makes Excel read Chinese right.
    """
    encoder = codecs.getincrementalencoder(encoding)()
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def lines() -> Iterator[list[str]]:
        if title:
            yield [_csv_text(title)]
        if unit_note:
            yield [""] * (len(columns) - 1) + [_csv_text(unit_note)]
        yield [_csv_text(column.header) for column in columns]
        for row in rows:
            yield [_csv_text(value) for value in _values(row, columns)]

    with _binary(target) as stream:
        for line in lines():
            writer.writerow(line)
            stream.write(encoder.encode(buffer.getvalue()))
            buffer.seek(0)
            buffer.truncate()
        stream.write(encoder.encode("", final=True))
