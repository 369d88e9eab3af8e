"""The ranking as an .xlsx workbook: the table, then each item of the organisations shown."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from .selectors import Table


def write_ranking(table: Table, visible: set[int], stream: Any) -> None:
    """Write the ranking's workbook (``ranking_workbook``) to a file or response."""
    book = ranking_workbook(table, visible)
    book.save(stream)


def ranking_workbook(table: Table, visible: set[int]) -> Workbook:
    """The ranking sheet (rank, organisation, total, category subtotals) and an items sheet
    holding the inputs of the organisations in ``visible`` only."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Ranking")[:31]
    names = [name for _key, name in table.categories]
    sheet.append(
        [_("Rank"), _("Previous rank"), _("Organisation"), _("Total"), *names, _("Eligible")]
    )
    for line in table.lines:
        sheet.append(
            [
                line.rank,
                line.previous_rank,
                line.name,
                float(line.total),
                *[float(v) for _n, v in line.categories],
                _("yes") if line.eligible else _("no"),
            ]
        )
    items = book.create_sheet(_("Items")[:31])
    items.append(
        [
            _("Organisation"),
            _("Category"),
            _("Item"),
            _("Raw value"),
            _("Source"),
            _("Weight"),
            _("Score"),
        ]
    )
    for line in table.lines:
        if line.organisation_id not in visible:
            continue
        for item in table.item_lines(line):
            cell = item.cell
            items.append(
                [
                    line.name,
                    item.category,
                    item.name,
                    cell.get("raw"),
                    cell.get("source"),
                    float(Decimal(cell.get("weight") or 0)),
                    None if cell.get("points") is None else float(Decimal(cell["points"])),
                ]
            )
    return book
