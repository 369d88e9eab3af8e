"""The monthly pack's Word summary (月度统计分析): the headline figures, the organisation's
lines and the five batches as charts with their tables, the red list and the latest published
ranking, in the official form and in Chinese whatever the reader's language (as the dispatch
briefing is). Every figure is the cockpit's (``cockpit.cockpit``), so the summary, the workbook
and the cockpit page agree."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from zonetrack.dispatch.choices import Colour
from zonetrack.dispatch.official import OfficialDocument, official_date
from zonetrack.dispatch.reasons import reason_text
from zonetrack.dispatch.selectors import warnings
from zonetrack.projects.choices import FIVE_BATCHES

from ..cockpit import Cockpit, Figures
from ..cockpit.links import FIGURES
from .charts import bar_chart
from .rows import Scope

EMPTY = "—"
# The red list lists this many projects; the count says how many more there are.
RED_LIST_MAX = 300
# The headline table: the cockpit's figures, in this order.
HEADLINE = (
    "zones",
    "planned_wan",
    "invested_wan",
    "investment_rate",
    "funds_wan",
    "funds_rate",
    "planned_starts",
    "started",
    "start_rate",
    "signed",
    "signed_wan",
    "red",
    "yellow",
    "problems_open",
    "problems_overdue",
    "reports_owed",
)
CHART_WIDTH = Mm(156)  # the type area's width


def _number(value: Any) -> str:
    if value is None:
        return EMPTY
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if value.as_tuple().exponent == -2 else f"{value:,}"
    return f"{value:,}"


def _rate(value: Decimal | None) -> str:
    return EMPTY if value is None else f"{value}%"


def _figure(key: str, figures: Figures) -> str:
    definition = FIGURES[key]
    value = definition.read(figures)
    return _rate(value) if definition.unit == "%" else _number(value)


def _header(key: str) -> str:
    definition = FIGURES[key]
    unit = definition.unit
    return f"{definition.label}（{unit}）" if unit else str(definition.label)


def _chart(document: OfficialDocument, png: bytes, caption: str) -> None:
    document.document.add_picture(io.BytesIO(png), width=CHART_WIDTH)
    document.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.centred(caption)


def _headline(document: OfficialDocument, board: Cockpit) -> None:
    total = board.total
    document.heading(1, _("Headline figures"))
    document.body(
        _(
            "From January to %(month)s the projects of the %(zones)s zones completed %(invested)s "
            "万元 of investment, %(rate)s of the year's planned %(planned)s 万元, against a time "
            "elapsed of %(elapsed)s%%. Of %(planned_starts)s projects planned to start this year, "
            "%(started)s have started (start rate %(start_rate)s). %(signed)s projects were "
            "signed this year, for %(signed_wan)s 万元."
        )
        % {
            "month": board.filters.month,
            "zones": total.zones,
            "invested": _number(total.invested_wan),
            "rate": _rate(total.investment_rate),
            "planned": _number(total.planned_wan),
            "elapsed": board.time_elapsed,
            "planned_starts": total.planned_starts,
            "started": total.started,
            "start_rate": _rate(total.start_rate),
            "signed": total.signed,
            "signed_wan": _number(total.signed_wan),
        }
    )
    if total.invested_growth is not None:
        growth = total.invested_growth
        document.body(
            (
                _("Investment completed is up %(change)s%% on the same months of last year.")
                if growth >= 0
                else _("Investment completed is down %(change)s%% on the same months of last year.")
            )
            % {"change": abs(growth)}
        )
    document.body(
        _(
            "%(red)s projects are red and %(yellow)s yellow; %(open)s problems are open, "
            "%(overdue)s of them overdue; %(owed)s monthly reports are owed."
        )
        % {
            "red": total.red,
            "yellow": total.yellow,
            "open": total.problems_open,
            "overdue": total.problems_overdue,
            "owed": total.reports_owed,
        }
    )
    rows = [
        [str(FIGURES[key].label), _figure(key, total), FIGURES[key].unit or EMPTY]
        for key in HEADLINE
    ]
    document.table([_("Indicator"), _("Value"), _("Unit of measure")], rows)


def _lines(document: OfficialDocument, board: Cockpit) -> None:
    document.heading(1, _("By organisation"))
    if not board.lines:
        document.body(_("None."))
        return
    _chart(
        document,
        bar_chart(
            [[line.figures.investment_rate or 0] for line in board.lines],
            reference=board.time_elapsed,
            decimals=1,
        ),
        _(
            "Chart 1: investment completion rate of each organisation below, in per cent; the "
            "dashed line is the time elapsed (%(elapsed)s%%). The numbers under the bars are "
            "those of the table."
        )
        % {"elapsed": board.time_elapsed},
    )
    keys = ("planned_wan", "invested_wan", "investment_rate", "start_rate", "signed", "red")
    header = [_("No."), _("Organisation"), *[_header(k) for k in keys]]
    rows = [
        [str(number), line.organisation.name, *[_figure(k, line.figures) for k in keys]]
        for number, line in enumerate(board.lines, start=1)
    ]
    rows.append([EMPTY, _("Total"), *[_figure(k, board.total) for k in keys]])
    document.table(header, rows)


def _batches(document: OfficialDocument, board: Cockpit) -> None:
    document.heading(1, _("Five batches"))
    batches = board.total.batches
    _chart(
        document,
        bar_chart([batches[stage.value] for stage in FIVE_BATCHES]),
        _(
            "Chart 2: projects at each stage, claimed by the zones (dark) and verified (light). "
            "The numbers under the bars are those of the table."
        ),
    )
    rows = [
        [str(number), str(stage.label), *[str(n) for n in batches[stage.value]]]
        for number, stage in enumerate(FIVE_BATCHES, start=1)
    ]
    document.table([_("No."), _("Stage"), _("Claimed by the zones"), _("Verified")], rows)


def _red_list(document: OfficialDocument, scope: Scope) -> None:
    document.heading(1, _("Red list"))
    red = (
        warnings(user=scope.user, colour=Colour.RED, projects_only=True, today=scope.today)
        .filter(zone__in=scope.zones.values("pk"))
        .select_related("zone")
    )
    shown = list(red[:RED_LIST_MAX])
    if not shown:
        document.body(_("None."))
        return
    count = red.count() if len(shown) == RED_LIST_MAX else len(shown)
    document.body(_("%(count)s projects are red:") % {"count": count})
    rows = [
        [
            str(number),
            status.project.name,
            status.zone.name,
            str(status.days_late),
            "；".join(filter(None, (reason_text(r) for r in status.reasons or []))) or EMPTY,
        ]
        for number, status in enumerate(shown, start=1)
    ]
    document.table([_("No."), _("Project"), _("Zone"), _("Days late"), _("Why")], rows)
    if count > len(shown):
        document.body(
            _("%(more)s more red projects are not listed here.") % {"more": count - len(shown)}
        )


def _ranking(document: OfficialDocument, board: Cockpit) -> None:
    document.heading(1, _("Ranking"))
    box = board.ranking
    if box is None:
        document.body(_("No ranking has been published yet."))
        return
    ranking = box.ranking
    document.body(
        _("%(scheme)s, period %(period)s, published on %(date)s.")
        % {
            "scheme": ranking.scheme.name,
            "period": ranking.period,
            "date": official_date(timezone.localdate(ranking.published_at)),
        }
    )
    rows = []
    for entry in box.entries:
        change = entry.rank_change
        moved = EMPTY if not change else (f"↑{change}" if change > 0 else f"↓{-change}")
        rows.append([str(entry.rank), entry.organisation.name, f"{entry.total:.2f}", moved])
    document.table([_("Rank"), _("Organisation"), _("Score"), _("Change on last time")], rows)


def summary_docx(scope: Scope, *, title: str, as_of: Any) -> bytes:
    """The summary of one pack, as .docx bytes (the caller sets the Chinese language)."""
    board = scope.board
    document = OfficialDocument()
    document.title(title)
    document.centred(_("Figures as of %(date)s") % {"date": official_date(as_of)})
    _headline(document, board)
    _lines(document, board)
    _batches(document, board)
    _red_list(document, scope)
    _ranking(document, board)
    document.signature(board.organisation.name, timezone.localdate())
    return bytes(document)
