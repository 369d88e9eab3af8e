"""The layout of the monthly pack as data: the default provincial template, and the check that
refuses a bad layout with a message for each faulty field.

A layout is JSON::

    {"sheets": [
        {"name": "主要指标",                      # the sheet's tab
         "title": "{单位}开发区主要指标（{年}年1—{月}月）",  # the title row
         "unit": "单位：万元",                    # the unit row (optional)
         "rows": "zones",                        # zones | key_projects | problems | signings
         "subtotals": true,                      # zones only: by city, each with its subtotal
         "columns": [
            {"field": "seq"},
            {"field": "name", "header": "开发区名称"},
            {"field": "planned_wan", "group": "项目建设"},   # side-by-side columns of one
            {"field": "invested_wan", "group": "项目建设"},  # group share an upper header
         ]}
    ]}

Titles, units, groups and headers may name the report's organisation, year, month and day as
placeholders (``PLACEHOLDERS``), written in Chinese as the template is.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .fields import FIELDS, KEY_PROJECTS, PROBLEMS, ROW_KINDS, SIGNINGS, ZONES

MAX_SHEETS = 12
MAX_COLUMNS = 60
NAME_MAX = 31  # Excel's limit on a sheet's name
TEXT_MAX = {"title": 200, "unit": 100, "group": 60, "header": 60}
WIDTH_MIN, WIDTH_MAX = 3, 80
SHEET_KEYS = ("name", "title", "unit", "rows", "subtotals", "columns")
COLUMN_KEYS = ("field", "header", "group", "width")
_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

# The placeholders a title, unit, group or header may hold: 单位 the organisation's name, 年 and
# 月 the report's year and month, 截至 the day its figures are read at (2024年3月31日).
PLACEHOLDERS = ("单位", "年", "月", "截至")

Errors = dict[str, list[str]]


def _col(field: str, group: str = "", header: str = "") -> dict[str, str]:
    column = {"field": field}
    if group:
        column["group"] = group
    if header:
        column["header"] = header
    return column


def _zone_columns() -> list[dict[str, str]]:
    batches = ("pursued", "packaged", "signed", "started", "in_production")
    return [
        _col("seq"),
        _col("name", header="开发区名称"),
        _col("planned_wan", "项目建设", "年度计划投资"),
        _col("invested_wan", "项目建设", "累计完成投资"),
        _col("investment_rate", "项目建设", "投资完成率"),
        _col("funds_wan", "项目建设", "到位资金"),
        _col("funds_rate", "项目建设", "资金到位率"),
        _col("planned_starts", "计划新开工", "计划开工项目"),
        _col("started", "计划新开工", "已开工项目"),
        _col("start_rate", "计划新开工", "开工率"),
        _col("signed", "招商签约", "签约项目"),
        _col("signed_wan", "招商签约", "签约金额"),
        *[_col(f"claimed_{stage}", "五个一批（申报）") for stage in batches],
        *[_col(f"verified_{stage}", "其中：已认定") for stage in batches[2:]],
        _col("red", "预警与问题", "红色预警"),
        _col("yellow", "预警与问题", "黄色预警"),
        _col("problems_open", "预警与问题", "未办结问题"),
        _col("problems_overdue", "预警与问题", "逾期问题"),
        _col("reports_owed", "预警与问题", "欠报月报"),
        _col("supplied_mu", "土地", "已供地"),
        _col("idle_mu", "土地", "闲置土地"),
    ]


def default_layout() -> dict[str, Any]:
    """The provincial template zonetrack ships: zones' main indicators, key projects'
    progress, open problems and signings, one sheet each."""
    return {
        "sheets": [
            {
                "name": "主要指标",
                "title": "{单位}开发区主要指标完成情况表（{年}年1—{月}月）",
                "unit": "单位：个、万元、%、亩",
                "rows": ZONES,
                "subtotals": True,
                "columns": _zone_columns(),
            },
            {
                "name": "重点项目",
                "title": "{单位}省市重点项目推进情况表（截至{截至}）",
                "unit": "单位：万元",
                "rows": KEY_PROJECTS,
                "columns": [
                    _col("seq"),
                    _col("name", header="项目名称"),
                    _col("zone", header="所在开发区"),
                    _col("key_level", header="项目级别"),
                    _col("investor", header="项目单位"),
                    _col("stage", header="项目阶段"),
                    _col("total_investment_wan", header="总投资"),
                    _col("planned_wan", "{年}年投资", "年度计划投资"),
                    _col("invested_wan", "{年}年投资", "1—{月}月累计完成"),
                    _col("investment_rate", "{年}年投资", "占年度计划"),
                    _col("funds_wan", "{年}年投资", "到位资金"),
                    _col("progress", header="形象进度"),
                    _col("colour", header="预警"),
                    _col("problems_open", header="未办结问题"),
                    _col("leader", header="包联领导"),
                ],
            },
            {
                "name": "问题清单",
                "title": "{单位}项目建设问题清单（截至{截至}）",
                "rows": PROBLEMS,
                "columns": [
                    _col("seq"),
                    _col("project", header="项目名称"),
                    _col("zone", header="所在开发区"),
                    _col("description", header="问题描述"),
                    _col("category", header="问题类型"),
                    _col("raised_on", header="提出时间"),
                    _col("responsible_unit", "责任落实", "责任单位"),
                    _col("responsible_person", "责任落实", "责任人"),
                    _col("deadline_on", "责任落实", "办结时限"),
                    _col("status", "办理情况", "办理进展"),
                    _col("escalation_level", "办理情况", "办理层级"),
                    _col("days_overdue", "办理情况", "逾期天数"),
                ],
            },
            {
                "name": "签约项目",
                "title": "{单位}{年}年1—{月}月签约项目表",
                "unit": "单位：万元",
                "rows": SIGNINGS,
                "columns": [
                    _col("seq"),
                    _col("name", header="项目名称"),
                    _col("zone", header="所在开发区"),
                    _col("investor", "投资方", "投资方名称"),
                    _col("origin_region", "投资方", "来源地"),
                    _col("signed_on", header="签约日期"),
                    _col("total_investment_wan", header="总投资"),
                    _col("cluster", header="产业集群"),
                    _col("source_channel", header="招商方式"),
                    _col("stage", header="当前阶段"),
                ],
            },
        ]
    }


def fill(text: str, values: dict[str, str]) -> str:
    """A title, unit or header with its placeholders replaced (those unknown left as they are:
    a saved layout has none)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), text)


def placeholders(*, organisation: str, period: date, as_of: date) -> dict[str, str]:
    """The values of the placeholders for one pack."""
    return {
        "单位": organisation,
        "年": str(period.year),
        "月": str(period.month),
        "截至": f"{as_of.year}年{as_of.month}月{as_of.day}日",
    }


# -- the check --------------------------------------------------------------------------------


class _Check:
    """Collects a message for each faulty field, by its place in the layout."""

    def __init__(self) -> None:
        self.errors: Errors = {}

    def add(self, where: str, message: str) -> None:
        self.errors.setdefault(where, []).append(message)

    def unknown_keys(self, where: str, given: dict[str, Any], allowed: tuple[str, ...]) -> None:
        for key in given:
            if key not in allowed:
                self.add(
                    where,
                    _("Unknown key “%(key)s”; a layout knows: %(allowed)s.")
                    % {"key": key, "allowed": "、".join(allowed)},
                )

    def text(
        self, where: str, value: Any, limit: int, *, required: bool, placeholders: bool = True
    ) -> None:
        if value is None or value == "":
            if required:
                self.add(where, _("This field is required."))
            return
        if not isinstance(value, str) or len(value) > limit:
            self.add(where, _("Give text of at most %(max)s characters.") % {"max": limit})
            return
        if placeholders:
            for name in _PLACEHOLDER.findall(value):
                if name not in PLACEHOLDERS:
                    self.add(
                        where,
                        _("Unknown placeholder {%(name)s}; the placeholders are %(allowed)s.")
                        % {
                            "name": name,
                            "allowed": "、".join(f"{{{p}}}" for p in PLACEHOLDERS),
                        },
                    )


def validate(layout: Any) -> Errors:
    """The faults of a layout, each under its place (``sheets.1.columns.3.field``); empty when
    the layout is good. Messages speak the active language."""
    check = _Check()
    if not isinstance(layout, dict) or not isinstance(layout.get("sheets"), list):
        check.add("layout", _("A layout is an object holding a list of sheets."))
        return check.errors
    check.unknown_keys("layout", layout, ("sheets",))
    sheets = layout["sheets"]
    if not 1 <= len(sheets) <= MAX_SHEETS:
        check.add("layout", _("Give from 1 to %(max)s sheets.") % {"max": MAX_SHEETS})
    names: set[str] = set()
    for index, sheet in enumerate(sheets):
        where = f"sheets.{index}"
        if not isinstance(sheet, dict):
            check.add(where, _("A sheet is an object with a name, a title, rows and columns."))
            continue
        check.unknown_keys(where, sheet, SHEET_KEYS)
        _check_name(check, f"{where}.name", sheet.get("name"), names)
        check.text(f"{where}.title", sheet.get("title"), TEXT_MAX["title"], required=True)
        check.text(f"{where}.unit", sheet.get("unit"), TEXT_MAX["unit"], required=False)
        rows = sheet.get("rows")
        if rows not in FIELDS:
            check.add(
                f"{where}.rows",
                _("Choose what the sheet lists: %(allowed)s.")
                % {"allowed": "、".join(str(label) for label in ROW_KINDS.values())},
            )
        subtotals = sheet.get("subtotals", False)
        if not isinstance(subtotals, bool):
            check.add(f"{where}.subtotals", _("Give true or false."))
        elif subtotals and rows != ZONES:
            check.add(f"{where}.subtotals", _("Only a sheet of zones has subtotals by city."))
        _check_columns(check, where, sheet.get("columns"), rows if rows in FIELDS else None)
    return check.errors


def _check_name(check: _Check, where: str, name: Any, names: set[str]) -> None:
    if not isinstance(name, str) or not name.strip():
        check.add(where, _("This field is required."))
        return
    if len(name) > NAME_MAX or _NAME_FORBIDDEN.search(name) or name.strip("'") != name:
        check.add(
            where,
            _(
                "A sheet's name has at most %(max)s characters, none of [ ] : * ? / and the "
                "backslash, and does not start or end with an apostrophe."
            )
            % {"max": NAME_MAX},
        )
    if name.casefold() in names:
        check.add(where, _("Another sheet has this name."))
    names.add(name.casefold())


def _check_columns(check: _Check, where: str, columns: Any, rows: str | None) -> None:
    if not isinstance(columns, list) or not 1 <= len(columns) <= MAX_COLUMNS:
        check.add(f"{where}.columns", _("Give from 1 to %(max)s columns.") % {"max": MAX_COLUMNS})
        return
    known = FIELDS[rows] if rows else {}
    seen: set[str] = set()
    closed: set[str] = set()  # groups whose columns have ended
    previous = ""
    for index, column in enumerate(columns):
        at = f"{where}.columns.{index}"
        if not isinstance(column, dict):
            check.add(at, _("A column names a field, and may give a header, a group and a width."))
            continue
        check.unknown_keys(at, column, COLUMN_KEYS)
        field = column.get("field")
        if not isinstance(field, str) or not field:
            check.add(f"{at}.field", _("This field is required."))
        elif rows and field not in known:
            check.add(
                f"{at}.field",
                _("“%(field)s” is not a column of a sheet of %(rows)s.")
                % {"field": field, "rows": ROW_KINDS[rows]},
            )
        elif field in seen:
            check.add(f"{at}.field", _("This column is in the sheet already."))
        else:
            seen.add(field)
        check.text(f"{at}.header", column.get("header"), TEXT_MAX["header"], required=False)
        group = column.get("group") or ""
        check.text(f"{at}.group", group, TEXT_MAX["group"], required=False)
        if isinstance(group, str) and group != previous:
            if group and group in closed:
                check.add(
                    f"{at}.group",
                    _("The columns of group “%(group)s” must stand side by side.")
                    % {"group": group},
                )
            if previous:
                closed.add(previous)
            previous = group
        width = column.get("width")
        if width is not None and (
            isinstance(width, bool)
            or not isinstance(width, int | float)
            or not WIDTH_MIN <= width <= WIDTH_MAX
        ):
            check.add(
                f"{at}.width",
                _("Give a width from %(min)s to %(max)s.") % {"min": WIDTH_MIN, "max": WIDTH_MAX},
            )


# The parts of a sheet or column, as a fault's place names them.
PART_LABELS: dict[str, Any] = {
    "name": gettext_lazy("Sheet name"),
    "title": gettext_lazy("Title row"),
    "unit": gettext_lazy("Unit row"),
    "rows": gettext_lazy("Rows"),
    "subtotals": gettext_lazy("Subtotals by city"),
    "columns": gettext_lazy("Columns"),
    "field": gettext_lazy("Column"),
    "header": gettext_lazy("Header"),
    "group": gettext_lazy("Upper header"),
    "width": gettext_lazy("Width"),
}


def where_label(where: str) -> str:
    """A fault's place in words: 第2张表 第4列 表头."""
    parts = where.split(".")
    if parts[0] != "sheets" or len(parts) < 2:
        return _("The layout")
    words = [_("Sheet %(number)s") % {"number": int(parts[1]) + 1}]
    rest = parts[2:]
    if rest[:1] == ["columns"] and len(rest) >= 2:
        words.append(_("column %(number)s") % {"number": int(rest[1]) + 1})
        rest = rest[2:]
    if rest:
        words.append(str(PART_LABELS.get(rest[0], rest[0])))
    return " ".join(words)


def normalised(layout: dict[str, Any]) -> dict[str, Any]:
    """A checked layout with what it left out filled in (no subtotals, no unit row)."""
    found = copy.deepcopy(layout)
    for sheet in found["sheets"]:
        sheet.setdefault("unit", "")
        sheet.setdefault("subtotals", False)
        sheet["columns"] = [
            {key: column[key] for key in COLUMN_KEYS if column.get(key) not in (None, "")}
            for column in sheet["columns"]
        ]
    return found
