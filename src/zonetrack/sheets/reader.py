"""Opening uploaded .xlsx and .csv files safely, as a Table of header and data rows."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from .headers import HeaderMatch, find_header, normalise_header
from .table import MergedRange, RawRow, Row, SheetError, Table, is_blank

__all__ = [
    "MAX_BYTES",
    "HeaderMatch",
    "Row",
    "SheetError",
    "Table",
    "find_header",
    "normalise_header",
    "open_table",
]

MAX_BYTES = 20 * 1024 * 1024
# A real ledger of a few thousand rows unpacks to tens of MB; far more means a zip bomb.
_MAX_UNPACKED = 200 * 1024 * 1024
_MAX_RATIO = 100
_LARGE_MEMBER = 10 * 1024 * 1024
_MAX_MEMBERS = 10_000
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


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.3g}"


def _read(data: bytes | str | os.PathLike[str] | BinaryIO, max_bytes: int) -> bytes:
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


def _checked_archive(content: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _damaged() from None
    # Sizes come from the zip's directory, so nothing is inflated to judge them; zipfile then
    # refuses to inflate any member past its declared size.
    unpacked = sum(member.file_size for member in members)
    bomb = len(members) > _MAX_MEMBERS or unpacked > _MAX_UNPACKED
    bomb = bomb or any(
        member.file_size > _LARGE_MEMBER
        and member.file_size > _MAX_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if bomb:
        raise SheetError(
            _(
                "This .xlsx file unpacks to far more data than a spreadsheet holds "
                "(%(size)s MB); it was refused."
            )
            % {"size": _megabytes(unpacked)}
        )
    if not any(member.filename.startswith("xl/") for member in members):
        raise _not_a_spreadsheet()
    return archive


def _merged_ranges(archive: zipfile.ZipFile, path: str) -> list[MergedRange]:
    # Read-only mode streams rows but never reports merged ranges, which sit after the rows in
    # the sheet's XML; a second pass with a bare expat parser finds them without building a tree.
    merges: list[MergedRange] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(":")[2] != "mergeCell":
            return
        ref = attributes.get("ref", "")
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            return
        if min_col and min_row and max_col and max_row:
            merges.append(MergedRange(ref, min_col, min_row, max_col, max_row))

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    with archive.open(path.lstrip("/")) as stream:
        parser.ParseFile(stream)
    return merges


def _guarded(rows: Iterator[RawRow]) -> Iterator[RawRow]:
    # openpyxl parses lazily, so damage deep in a sheet surfaces while rows are read.
    try:
        yield from rows
    except SheetError:
        raise
    except Exception:
        raise _damaged() from None


def _open_xlsx(
    content: bytes, sheet: str | None, known: Mapping[str, Iterable[str]], max_scan: int
) -> Table:
    archive = _checked_archive(content)
    try:
        # Always read-only: rows stream from the zip, so memory stays flat for any sheet size.
        workbook = load_workbook(
            io.BytesIO(content), read_only=True, data_only=False, keep_links=False
        )
        worksheets = workbook.worksheets
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
        # The <dimension> a file declares may be wrong (or absurdly large); trust the cells.
        worksheet.reset_dimensions()
        # The sheet's part name is private to openpyxl; the pinned version and the merged-cell
        # tests keep this honest.
        merges = _merged_ranges(archive, worksheet._worksheet_path)
    except SheetError:
        raise
    except Exception:
        # openpyxl raises a wide, undocumented range of exceptions on malformed files.
        raise _damaged() from None

    def source() -> Iterator[RawRow]:
        for number, cells in enumerate(worksheet.iter_rows(), start=1):
            values = [cell.value for cell in cells]
            if all(is_blank(value) for value in values):
                continue
            flags = {
                index: "formula" if cell.data_type == "f" else "error"
                for index, cell in enumerate(cells)
                if cell.data_type in ("f", "e")
            }
            yield RawRow(number, values, flags)

    return Table(
        sheet_name=worksheet.title,
        sheet_names=names,
        source=lambda: _guarded(source()),
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
    content: bytes, filename: str, known: Mapping[str, Iterable[str]], max_scan: int
) -> Table:
    text = _decode(content)
    sample = text[:8192]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","

    def source() -> Iterator[RawRow]:
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            # Records, not physical lines, are what a spreadsheet shows as numbered rows.
            for number, record in enumerate(reader, start=1):
                values = [None if is_blank(value) else value for value in record]
                if any(value is not None for value in values):
                    yield RawRow(number, values, {})
        except csv.Error:
            raise _not_a_spreadsheet() from None

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
    data: bytes | str | os.PathLike[str] | BinaryIO,
    filename: str,
    *,
    known: Mapping[str, Iterable[str]],
    sheet: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_scan: int = 10,
) -> Table:
    """Open an uploaded .xlsx or .csv and find its header; SheetError says what is wrong.

    `data` is the file's bytes, a path or a binary file object; `filename` is the name it was
    uploaded under (only its extension matters, and only for text files: an .xlsx is known by its
    content). `known` maps each field to the header texts that mean it. The first visible sheet is
    read unless `sheet` names another. Formula, error and merged data cells become row problems.
    """
    content = _read(data, max_bytes)
    if content.startswith(_XLSX_MAGIC):
        return _open_xlsx(content, sheet, known, max_scan)
    if content.startswith(_OLE_MAGIC):
        raise SheetError(
            _(
                "This is an old .xls workbook or a password-protected file. "
                "Save it as .xlsx without a password and upload it again."
            )
        )
    if Path(filename).suffix.lower() in _TEXT_SUFFIXES:
        return _open_csv(content, filename, known, max_scan)
    raise _not_a_spreadsheet()
