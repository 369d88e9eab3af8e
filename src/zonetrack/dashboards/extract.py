"""A cockpit as a spreadsheet (驾驶舱数据): its headline figures, and each line's figures —
what a subscriber receives by e-mail and what the cockpit page downloads."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from zonetrack.accounts.models import Organisation

from .cockpit import CockpitFilters, cockpit
from .cockpit.links import FIGURES

# The figures of the lines' sheet, in the order of the cockpit's table.
LINE_FIGURES = (
    "zones",
    "invested_wan",
    "planned_wan",
    "investment_rate",
    "start_rate",
    "signed",
    "signed_wan",
    "reports_owed",
    "red",
    "problems_overdue",
    "leads_open",
    "supplied_mu",
    "idle_mu",
)


def _cell(value: Any) -> Any:
    return None if value is None else (float(value) if not isinstance(value, int) else value)


def cockpit_extract_xlsx(
    *, user: Any, organisation: Organisation, filters: CockpitFilters
) -> bytes:
    """The cockpit of ``organisation`` for ``filters`` as an .xlsx: one sheet of every figure
    with its unit, one of the lines (children or zones) with their main figures."""
    found = cockpit(user=user, organisation=organisation, filters=filters, with_attention=False)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Figures")
    sheet.append([f"{organisation.name} · {_('Cockpit')} · {filters.period_label}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Figure"), _("Value"), _("Unit")])
    for figure in FIGURES.values():
        sheet.append([str(figure.label), _cell(figure.read(found.total)), figure.unit])
    sheet.append([_("Time elapsed (%)"), float(found.time_elapsed), "%"])
    sheet.column_dimensions["A"].width = 36

    lines = book.create_sheet(_("By organisation"))
    lines.append([_("Organisation"), *[str(FIGURES[key].label) for key in LINE_FIGURES]])
    for line in found.lines:
        lines.append(
            [
                line.organisation.name,
                *[_cell(FIGURES[key].read(line.figures)) for key in LINE_FIGURES],
            ]
        )
    lines.append([_("Total"), *[_cell(FIGURES[key].read(found.total)) for key in LINE_FIGURES]])
    lines.column_dimensions["A"].width = 30
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
