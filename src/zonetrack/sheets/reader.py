"""Opening uploaded .xlsx and .csv files safely, as a Table of header and data rows."""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Protocol

from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from zonetrack.core.limits import MAX_SHEET_BYTES, Budget, LimitExceeded
from zonetrack.core.safezip import XLSX, SafeZipFile

from .headers import HeaderMatch, find_header, normalise_header
from .table import MergedRange, RawRow, Row, SheetError, Table, is_blank

__all__ = [
    "MAX_BYTES",
    "MAX_SECONDS",
    "HeaderMatch",
    "Row",
    "SheetError",
    "Table",
    "find_header",
    "normalise_header",
    "open_table",
]

MAX_BYTES = MAX_SHEET_BYTES
# Seconds one pass over a sheet may spend reading (not the importer's work between rows). A
# 200,000-row ledger of 23 columns takes about 3.5 minutes on a busy two-core machine; the zip
# caps bound the size, this bounds what a pathological sheet costs.
MAX_SECONDS = 900.0
_XLSX_MAGIC = b"PK\x03\x04"
# Old .xls workbooks and password-protected .xlsx files are both OLE compound documents.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_SUFFIXES = {".csv", ".txt"}


def _not_a_spreadsheet() -> SheetError:
    return SheetError(_("This file is not an .xlsx or .csv spreadsheet."))


def _damaged() -> SheetError:
    return SheetError(
        _("This .xlsx file is damaged and cannot be read. Open it, save it again and retry.")
    )


class BinaryReader(Protocol):
    """A binary file object to read from: an open file, an upload, a stored file."""

    def read(self, size: int = -1, /) -> bytes: ...


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.3g}"


def _read(data: bytes | str | os.PathLike[str] | BinaryReader, max_bytes: int) -> bytes:
    too_large = SheetError(
        _("This file is larger than the %(limit)s MB limit.") % {"limit": _megabytes(max_bytes)}
    )
    if isinstance(data, bytes | bytearray | memoryview):
        content = bytes(data)
    elif isinstance(data, str | os.PathLike):
        # Refuse by size before reading anything into memory.
        if os.path.getsize(data) > max_bytes:
            raise too_large
        content = Path(data).read_bytes()
    else:
        content = data.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise too_large
    return content


def _refusal(error: LimitExceeded) -> SheetError:
    # The caps speak English without Django; the message is shown in the user's language.
    return SheetError(_(error.template) % error.values if error.values else _(error.template))


def _checked_archive(content: bytes, budget: Budget) -> SafeZipFile:
    try:
        archive = SafeZipFile(content, XLSX, budget=budget)
    except LimitExceeded as error:
        raise _refusal(error) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _damaged() from None
    if not any(member.filename.startswith("xl/") for member in archive.infolist()):
        raise _not_a_spreadsheet()
    return archive


# A merged range in the sheet's XML, whatever its namespace prefix. Only tags are matched: "<"
# inside cell text is always escaped.
_MERGE_CELL = re.compile(
    rb"<(?:[\w.-]{1,32}:)?mergeCell\b[^<>]{0,256}?\bref=[\"']([A-Z0-9:$]{1,32})[\"']"
)
_CHUNK = 1 << 20


def _merged_ranges(archive: zipfile.ZipFile, path: str) -> list[MergedRange]:
    # Read-only mode streams rows but never reports merged ranges, which sit after the rows in
    # the sheet's XML. A byte scan finds them at the speed of inflating; a parser calling back
    # into Python for each of a large sheet's millions of elements took a minute.
    merges: list[MergedRange] = []
    seen: set[bytes] = set()
    tail = b""
    with archive.open(path.lstrip("/")) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = tail + chunk
            # A tag cut by the chunk's end waits for the next chunk. A merge tag is short: past
            # 512 bytes after the last "<", no tag is open at the end.
            last = data.rfind(b"<")
            cut = last if chunk and last >= 0 and len(data) - last <= 512 else len(data)
            # Merges sit after the rows: most chunks hold none, and a substring test is cheap.
            matches = _MERGE_CELL.finditer(data, 0, cut) if b"mergeCell" in data else ()
            for match in matches:
                ref = match.group(1)
                if ref in seen:
                    continue
                seen.add(ref)
                try:
                    min_col, min_row, max_col, max_row = range_boundaries(ref.decode())
                except (ValueError, TypeError):
                    continue
                if min_col and min_row and max_col and max_row:
                    merges.append(MergedRange(ref.decode(), min_col, min_row, max_col, max_row))
            if not chunk:
                return merges
            tail = data[cut:]


def _guarded(rows: Iterator[RawRow], budget: Budget) -> Iterator[RawRow]:
    # openpyxl parses lazily, so damage deep in a sheet (and a cap reached) surfaces while rows
    # are read. Only the time spent reading counts against the budget, not the importer's.
    try:
        yield from budget.iterate(rows)
    except SheetError:
        raise
    except LimitExceeded as error:
        raise _refusal(error) from None
    except Exception:
        raise _damaged() from None


# An empty zip: openpyxl's reader opens it harmlessly before it is handed the capped archive.
_EMPTY_ZIP = b"PK\x05\x06" + b"\0" * 18


class _UnsizedWorksheet(ReadOnlyWorksheet):
    """A read-only sheet that does not look for its declared size when it is opened: its rows
    are read as far as its cells go.

    The <dimension> a file declares may be wrong (or absurdly large), so zonetrack never
    trusts it; and openpyxl looks for it by parsing the sheet until its data ends. On a sheet
    without one, as openpyxl's own write-only mode (zonetrack's exports) writes them, that was
    a whole extra parse before the first row: 12 s for 200,000 rows."""

    def _get_size(self) -> None:
        return None


class _Reader(ExcelReader):
    def read_worksheets(self) -> None:
        # openpyxl's read-only branch of this method, with the unsized sheet; chart sheets,
        # which hold no cells, are left out.
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            worksheet = _UnsizedWorksheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def _load_workbook(archive: SafeZipFile) -> object:
    # openpyxl opens its own ZipFile from a path or stream; its reader is handed the capped
    # archive instead, so every part it reads (shared strings, styles, sheets) inflates under
    # the caps. The pinned openpyxl version and the reader tests keep this honest.
    reader = _Reader(io.BytesIO(_EMPTY_ZIP), read_only=True, data_only=False, keep_links=False)
    reader.archive.close()
    reader.archive = archive
    reader.valid_files = archive.namelist()
    reader.read()
    return reader.wb


def _open_xlsx(
    content: bytes,
    sheet: str | None,
    known: Mapping[str, Iterable[str]],
    max_scan: int,
    max_seconds: float,
) -> Table:
    budget = Budget(max_seconds)
    archive = _checked_archive(content, budget)
    try:
        # Always read-only: rows stream from the zip, so memory stays flat for any sheet size.
        workbook = _load_workbook(archive)
        worksheets = workbook.worksheets  # type: ignore[attr-defined]
        names = [worksheet.title for worksheet in worksheets]
        if not worksheets:
            raise SheetError(_("This workbook has no sheets."))
        if sheet is None:
            visible = [ws for ws in worksheets if ws.sheet_state == "visible"]
            worksheet = (visible or worksheets)[0]
        elif sheet in names:
            worksheet = worksheets[names.index(sheet)]
        else:
            raise SheetError(
                _("This workbook has no sheet named “%(sheet)s”; its sheets are %(names)s.")
                % {"sheet": sheet, "names": "、".join(names)}
            )
        # The sheet's part name is private to openpyxl; the pinned version and the merged-cell
        # tests keep this honest.
        merges = _merged_ranges(archive, worksheet._worksheet_path)
    except SheetError:
        raise
    except LimitExceeded as error:
        raise _refusal(error) from None
    except Exception:
        # openpyxl raises a wide, undocumented range of exceptions on malformed files.
        raise _damaged() from None

    def source(max_col: int | None = None) -> Iterator[RawRow]:
        # Rows stop at the header's last column once it is known: a stray cell far to the right
        # (column XFD) would otherwise make every row 16,384 cells wide.
        for number, cells in enumerate(worksheet.iter_rows(max_col=max_col), start=1):
            values = [cell.value for cell in cells]
            if all(is_blank(value) for value in values):
                continue
            flags = {
                index: "formula" if cell.data_type == "f" else "error"
                for index, cell in enumerate(cells)
                if cell.data_type in ("f", "e")
            }
            yield RawRow(number, values, flags)

    def budgeted(max_col: int | None = None) -> Iterator[RawRow]:
        # Every pass over the sheet gets its own time budget.
        budget = Budget(max_seconds)
        archive.budget = budget
        return _guarded(source(max_col), budget)

    return Table(
        sheet_name=worksheet.title,
        sheet_names=names,
        source=budgeted,
        merges=merges,
        known=known,
        max_scan=max_scan,
    )


def _decode(content: bytes) -> str:
    # Excel saves "Unicode text" as UTF-16 with a BOM; otherwise UTF-8 (BOM or not), then the
    # GB encodings older Chinese Excel and WPS use.
    encodings = ["utf-16"] if content[:2] in (b"\xff\xfe", b"\xfe\xff") else []
    for encoding in [*encodings, "utf-8-sig", "gb18030"]:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for char in text if char < " " and char not in "\t\r\n")
        if "\x00" in text or controls > 2 + len(text) // 100:
            raise _not_a_spreadsheet()
        return text
    raise _not_a_spreadsheet()


def _open_csv(
    content: bytes,
    filename: str,
    known: Mapping[str, Iterable[str]],
    max_scan: int,
    max_seconds: float,
) -> Table:
    text = _decode(content)
    sample = text[:8192]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","

    def records(max_col: int | None) -> Iterator[RawRow]:
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            # Records, not physical lines, are what a spreadsheet shows as numbered rows.
            for number, record in enumerate(reader, start=1):
                values = [None if is_blank(value) else value for value in record[:max_col]]
                if any(value is not None for value in values):
                    yield RawRow(number, values, {})
        except csv.Error:
            raise _not_a_spreadsheet() from None

    def source(max_col: int | None = None) -> Iterator[RawRow]:
        budget = Budget(max_seconds)
        try:
            yield from budget.iterate(records(max_col))
        except LimitExceeded as error:
            raise _refusal(error) from None

    name = Path(filename).stem or filename
    return Table(
        sheet_name=name,
        sheet_names=[name],
        source=source,
        merges=[],
        known=known,
        max_scan=max_scan,
    )


def open_table(
    data: bytes | str | os.PathLike[str] | BinaryReader,
    filename: str,
    *,
    known: Mapping[str, Iterable[str]],
    sheet: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_scan: int = 10,
    max_seconds: float = MAX_SECONDS,
) -> Table:
    """Open an uploaded .xlsx or .csv and find its header; SheetError says what is wrong.

    `data` is the file's bytes, a path or a binary file object; `filename` is the name it was
    uploaded under (only its extension matters, and only for text files: an .xlsx is known by its
    content). `known` maps each field to the header texts that mean it. The first visible sheet is
    read unless `sheet` names another. Formula, error and merged data cells become row problems.
    An .xlsx inflates under the zip caps of `zonetrack.core.safezip`; each pass over the rows
    may spend `max_seconds` reading, after which it is refused.
    """
    content = _read(data, max_bytes)
    if content.startswith(_XLSX_MAGIC):
        return _open_xlsx(content, sheet, known, max_scan, max_seconds)
    if content.startswith(_OLE_MAGIC):
        raise SheetError(
            _(
                "This is an old .xls workbook or a password-protected file. "
                "Save it as .xlsx without a password and upload it again."
            )
        )
    if Path(filename).suffix.lower() in _TEXT_SUFFIXES:
        return _open_csv(content, filename, known, max_scan, max_seconds)
    raise _not_a_spreadsheet()
