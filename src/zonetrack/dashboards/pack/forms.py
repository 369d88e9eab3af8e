"""The forms of the monthly pack: the month to generate, and the layout editor.

The editor shows a layout as fields, not JSON: each sheet its name, title, unit row, what it
lists and whether it has subtotals; each column its place, field (from the list of what that
sheet may show), header, upper header and width, with a few blank column lines to add more and
a blank sheet to add one. What was typed comes back with each fault beside its field, so a
refused layout loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as default
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..cockpit import parse_period
from .fields import FIELDS, ROW_KINDS
from .layout import MAX_COLUMNS, MAX_SHEETS, default_layout

# Blank column lines offered under each sheet, to add columns.
BLANK_COLUMNS = 4


class PackStartForm(forms.Form):
    """The month of the pack: one gone or under way."""

    period = forms.CharField(
        label=gettext_lazy("Month"),
        widget=forms.TextInput(attrs={"type": "month", "class": "form-control"}),
    )

    def clean_period(self) -> date:
        found = parse_period(self.cleaned_data["period"])
        if found is None:
            raise forms.ValidationError(
                _("Give a month written yyyy-mm, not one to come."), code="invalid"
            )
        return found


@dataclass
class ColumnLine:
    """One column line of the editor: what it holds and its faults, by part."""

    prefix: str
    field: str = ""
    header: str = ""
    group: str = ""
    width: str = ""
    order: str = ""
    errors: dict[str, list[str]] = default(default_factory=dict)


@dataclass
class SheetBlock:
    """One sheet of the editor."""

    prefix: str
    name: str = ""
    title: str = ""
    unit: str = ""
    rows: str = ""
    subtotals: bool = False
    order: str = ""
    is_new: bool = False
    columns: list[ColumnLine] = default(default_factory=list)
    errors: dict[str, list[str]] = default(default_factory=dict)

    @property
    def rows_label(self) -> str:
        return str(ROW_KINDS.get(self.rows, ""))

    @property
    def shown_columns(self) -> list[tuple[str, str]]:
        """(upper header, header) of each column, as the sheet shows them."""
        known = FIELDS.get(self.rows, {})
        return [
            (line.group, known[line.field].header(line.header) if line.field in known else "")
            for line in self.columns
            if line.field
        ]

    @property
    def field_choices(self) -> list[tuple[str, str]]:
        """The columns this sheet may show, by their header."""
        return [(key, f.header()) for key, f in FIELDS.get(self.rows, {}).items()]


def row_choices() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in ROW_KINDS.items()]


def default_columns(rows: str) -> list[dict[str, Any]]:
    """A new sheet's columns: those of the default layout's sheet of the same rows, else every
    column the sheet may show."""
    for sheet in default_layout()["sheets"]:
        if sheet["rows"] == rows:
            return list(sheet["columns"])
    return [{"field": key} for key in FIELDS.get(rows, {})]


class LayoutEditor:
    """The layout as the editor's blocks, from a kept layout or from what was posted."""

    def __init__(self, blocks: list[SheetBlock]) -> None:
        self.blocks = blocks
        self.errors: list[tuple[str, str]] = []  # (place in words, message), for the summary
        # Where each sheet and column of the posted layout came from (its input prefixes).
        self.origins: dict[str, str] = {}

    @classmethod
    def from_layout(cls, layout: dict[str, Any]) -> LayoutEditor:
        blocks = []
        for index, sheet in enumerate(layout["sheets"]):
            block = SheetBlock(
                prefix=f"s{index}",
                name=sheet.get("name", ""),
                title=sheet.get("title", ""),
                unit=sheet.get("unit", ""),
                rows=sheet.get("rows", ""),
                subtotals=bool(sheet.get("subtotals")),
                order=str(index + 1),
            )
            block.columns = [
                ColumnLine(
                    prefix=f"{block.prefix}-c{number}",
                    field=column.get("field", ""),
                    header=column.get("header", ""),
                    group=column.get("group", ""),
                    width=str(column.get("width", "")),
                    order=str(number + 1),
                )
                for number, column in enumerate(sheet.get("columns", []))
            ]
            blocks.append(block)
        editor = cls(blocks)
        editor.add_blanks()
        return editor

    def add_blanks(self) -> None:
        """Blank lines to add columns, and a blank sheet to add one."""
        for block in self.blocks:
            if block.is_new:
                continue
            start = len(block.columns)
            room = max(0, min(BLANK_COLUMNS, MAX_COLUMNS - start))
            block.columns += [
                ColumnLine(prefix=f"{block.prefix}-c{start + n}") for n in range(room)
            ]
        if len(self.blocks) < MAX_SHEETS and not any(b.is_new for b in self.blocks):
            self.blocks.append(SheetBlock(prefix=f"s{len(self.blocks)}", is_new=True))

    @classmethod
    def from_post(cls, data: Any) -> tuple[LayoutEditor, dict[str, Any]]:
        """The editor as posted, and the layout it says (to check and keep)."""
        blocks: list[SheetBlock] = []
        count = _count(data.get("sheets"), MAX_SHEETS + 1)
        for index in range(count):
            prefix = f"s{index}"
            if data.get(f"{prefix}-drop"):
                continue
            block = SheetBlock(
                prefix=prefix,
                name=data.get(f"{prefix}-name", "").strip(),
                title=data.get(f"{prefix}-title", "").strip(),
                unit=data.get(f"{prefix}-unit", "").strip(),
                rows=data.get(f"{prefix}-rows", ""),
                subtotals=bool(data.get(f"{prefix}-subtotals")),
                order=data.get(f"{prefix}-order", "").strip(),
                is_new=bool(data.get(f"{prefix}-new")),
            )
            if block.is_new and not (block.name or block.title):
                continue  # the blank sheet, left blank
            was = data.get(f"{prefix}-was", "")
            if block.is_new or block.rows != was:
                # A new sheet, or one that lists something else now: the default columns of
                # what it lists (the page says so).
                block.columns = [
                    ColumnLine(
                        prefix=f"{prefix}-c{n}",
                        field=column["field"],
                        header=column.get("header", ""),
                        group=column.get("group", ""),
                        width=str(column.get("width", "")),
                        order=str(n + 1),
                    )
                    for n, column in enumerate(default_columns(block.rows))
                ]
                block.is_new = False
            else:
                for number in range(_count(data.get(f"{prefix}-columns"), MAX_COLUMNS + 1)):
                    at = f"{prefix}-c{number}"
                    line = ColumnLine(
                        prefix=at,
                        field=data.get(f"{at}-field", ""),
                        header=data.get(f"{at}-header", "").strip(),
                        group=data.get(f"{at}-group", "").strip(),
                        width=data.get(f"{at}-width", "").strip(),
                        order=data.get(f"{at}-order", "").strip(),
                    )
                    if line.field:  # a blank line (or one emptied) is no column
                        block.columns.append(line)
                block.columns.sort(key=lambda line: _position(line.order))
            blocks.append(block)
        blocks.sort(key=lambda block: _position(block.order))
        editor = cls(blocks)
        return editor, editor.layout()

    def layout(self) -> dict[str, Any]:
        """The layout the blocks say; where each part came from is kept for its faults."""
        sheets = []
        for index, block in enumerate(self.blocks):
            self.origins[f"sheets.{index}"] = block.prefix
            sheet: dict[str, Any] = {
                "name": block.name,
                "title": block.title,
                "rows": block.rows,
                "columns": [],
            }
            if block.unit:
                sheet["unit"] = block.unit
            if block.subtotals:
                sheet["subtotals"] = True
            for number, line in enumerate(block.columns):
                self.origins[f"sheets.{index}.columns.{number}"] = line.prefix
                column: dict[str, Any] = {"field": line.field}
                for name in ("header", "group"):
                    if getattr(line, name):
                        column[name] = getattr(line, name)
                if line.width:
                    column["width"] = _width(line.width)
                sheet["columns"].append(column)
            sheets.append(sheet)
        return {"sheets": sheets}

    def attach(self, errors: dict[str, list[str]], where_label: Any) -> None:
        """Put each fault beside the field it is about, and in the summary in words."""
        blocks = {b.prefix: b for b in self.blocks}
        lines = {line.prefix: line for b in self.blocks for line in b.columns}
        for where, messages in errors.items():
            for message in messages:
                self.errors.append((where_label(where), message))
            parts = where.split(".")
            if len(parts) >= 4 and parts[2] == "columns":
                line = lines.get(self.origins.get(".".join(parts[:4]), ""))
                if line is not None:
                    line.errors.setdefault(parts[4] if len(parts) > 4 else "field", []).extend(
                        messages
                    )
                    continue
            block = blocks.get(self.origins.get(".".join(parts[:2]), ""))
            if block is not None:
                block.errors.setdefault(parts[2] if len(parts) > 2 else "name", []).extend(messages)


def _count(value: Any, limit: int) -> int:
    text = str(value or "").strip()
    return min(int(text), limit) if text.isdecimal() else 0


def _position(text: str) -> float:
    """A place typed by hand: a number (decimals allowed, to put one between two), else last."""
    try:
        return float(text)
    except ValueError:
        return float("inf")


def _width(text: str) -> Any:
    """A width as a number; what is not one is passed on for the check to refuse."""
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number
