"""A sheet's header and data rows as importers see them, whatever file they came from."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.utils.translation import gettext as _

from .headers import find_header, parse_unit


class SheetError(Exception):
    """The file cannot be read as a table; `message` tells the uploader what to do about it."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Row:
    """One data row: its spreadsheet row number (1-based), raw values by field, and problems."""

    number: int
    values: dict[str, Any]
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RawRow:
    """A non-empty row as a file reader found it: row number, cell values, suspect cells."""

    number: int
    values: list[Any]
    # Column index → "formula" or "error": cells whose content must not be imported as is.
    flags: dict[int, str]


@dataclass(frozen=True)
class MergedRange:
    """A merged cell range: its reference ("B5:J5") and 1-based bounds."""

    ref: str
    min_col: int
    min_row: int
    max_col: int
    max_row: int


def is_blank(value: object) -> bool:
    """True for an empty cell or one holding only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


class Table:
    """A sheet's header and a re-iterable stream of its data rows.

    `header` maps 0-based column indexes to fields; `labels` and `units` give each field's header
    as written and the unit it named; `unit` is the sheet's unit line ("单位：万元" → "万元") and
    `title` its title line. Importers convert with `units.get(field) or unit`.

    `source(max_col=None)` yields the sheet's non-empty rows; data rows are read only as far as
    the header's last known column.
    """

    def __init__(
        self,
        *,
        sheet_name: str,
        sheet_names: list[str],
        source: Callable[..., Iterator[RawRow]],
        merges: list[MergedRange],
        known: Mapping[str, Iterable[str]],
        max_scan: int,
    ) -> None:
        self.sheet_name = sheet_name
        self.sheet_names = sheet_names
        self._source = source
        scan = list(islice(source(), max_scan + 1))
        if not scan:
            raise SheetError(_("The sheet “%(sheet)s” is empty.") % {"sheet": sheet_name})
        grid = [list(raw.values) for raw in scan]
        _fill_merged(grid, [raw.number for raw in scan], merges)
        match = find_header(grid, known, max_scan=max_scan)
        if match is None:
            examples = "、".join(next(iter(synonyms), name) for name, synonyms in known.items())
            raise SheetError(
                _(
                    "No header row was found in the first %(count)s rows of “%(sheet)s”. "
                    "Expected columns such as %(examples)s."
                )
                % {"count": max_scan, "sheet": sheet_name, "examples": examples}
            )
        self.header: dict[int, str] = match.columns
        self.labels: dict[str, str] = match.labels
        self.units: dict[str, str] = match.units
        self.unknown_columns: list[str] = match.unknown
        self.missing_columns: list[str] = match.missing
        self.title, self.unit = _title_and_unit(grid[: match.first_row])
        # Cells right of the last known column are never imported, so they are never read.
        self._width = max(self.header, default=-1) + 1 or None
        self._data_after = scan[match.last_row].number
        mapped = set(self.header)
        # Merges inside the header are the header's layout; in data they hide values.
        self._merges = sorted(
            (
                merge
                for merge in merges
                if merge.max_row > self._data_after
                and any(merge.min_col - 1 <= index < merge.max_col for index in mapped)
            ),
            key=lambda merge: merge.min_row,
        )

    def rows(self) -> Iterator[Row]:
        """Data rows below the header, skipping rows with no value in a known column."""
        pending = iter(self._merges)
        upcoming = next(pending, None)
        active: list[MergedRange] = []
        for raw in self._source(max_col=self._width):
            if raw.number <= self._data_after:
                continue
            while upcoming is not None and upcoming.min_row <= raw.number:
                active.append(upcoming)
                upcoming = next(pending, None)
            active = [merge for merge in active if merge.max_row >= raw.number]
            values: dict[str, Any] = {}
            problems: list[str] = []
            for index, name in self.header.items():
                value = raw.values[index] if index < len(raw.values) else None
                flag = raw.flags.get(index)
                if flag == "formula":
                    problems.append(
                        _("%(column)s: formulas are not imported; paste values")
                        % {"column": self.labels[name]}
                    )
                    value = None
                elif flag == "error":
                    problems.append(
                        _("%(column)s: the cell shows the error %(error)s")
                        % {"column": self.labels[name], "error": value}
                    )
                    value = None
                values[name] = value
            if active:
                problems.append(
                    _("merged cells %(ranges)s: unmerge them and fill in every cell")
                    % {"ranges": ", ".join(merge.ref for merge in active)}
                )
            if problems or not all(is_blank(value) for value in values.values()):
                yield Row(raw.number, values, problems)


def _fill_merged(grid: list[list[Any]], numbers: list[int], merges: list[MergedRange]) -> None:
    # Header cells merged across children or down two levels name every column they cover.
    width = max(len(row) for row in grid)
    position = {number: index for index, number in enumerate(numbers)}
    for merge in merges:
        top = position.get(merge.min_row)
        if top is None or merge.min_col > width:
            continue
        source = grid[top]
        value = source[merge.min_col - 1] if merge.min_col <= len(source) else None
        last_col = min(merge.max_col, width)
        for number in range(merge.min_row, min(merge.max_row, numbers[-1]) + 1):
            if (index := position.get(number)) is None:
                continue
            row = grid[index]
            row.extend([None] * (last_col - len(row)))
            for column in range(merge.min_col - 1, last_col):
                row[column] = value


_UNIT_LINE = re.compile(r"单位[:：]\s*([^\s,;()，；（）]+)")


def _title_and_unit(rows: list[list[Any]]) -> tuple[str | None, str | None]:
    title = unit = None
    for row in rows:
        for value in row:
            if is_blank(value):
                continue
            text = " ".join(str(value).split())
            # "填报单位：XX开发区" also says 单位; only a real unit makes a unit line.
            found = [
                (match.start(), parsed)
                for match in _UNIT_LINE.finditer(unicodedata.normalize("NFKC", text))
                if (parsed := parse_unit(match.group(1)))
            ]
            if found and unit is None:
                unit = found[0][1]
            if title is None and not (found and found[0][0] == 0):
                title = text
    return title, unit
