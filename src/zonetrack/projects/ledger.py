"""The project ledger (项目台账) spreadsheet: plan an import, apply it all or nothing, export it."""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from zonetrack.accounts import access
from zonetrack.accounts.models import User
from zonetrack.core.errors import StaleVersion
from zonetrack.registry.models import Cluster, Zone
from zonetrack.sheets.cells import CellError, clean_text, parse_bool, parse_decimal
from zonetrack.sheets.reader import Row, Table, open_table
from zonetrack.sheets.table import is_blank
from zonetrack.sheets.writer import FORMULA_STARTS

from . import services
from .choices import ConstructionStatus, MilestoneStatus, ProjectKind, Stage
from .models import MAX_AMOUNT_WAN, Milestone, ProgressReport, Project, YearPlan
from .validators import validate_credit_code

# Field → the header texts that name it. Years and months in headers are ignored when matching
# ("2025年计划投资", "1-3月累计完成投资"), so one synonym serves every year's and month's ledger.
LEDGER_COLUMNS: dict[str, list[str]] = {
    "seq": ["序号", "编号"],
    "name": ["项目名称", "项目", "名称"],
    "investor": ["建设单位", "项目单位", "业主单位", "投资主体", "实施单位", "项目业主", "投资方"],
    "credit_code": ["统一社会信用代码", "社会信用代码", "信用代码"],
    "location": ["建设地点/园区", "建设地点", "园区", "所在园区", "项目地点", "项目所在地"],
    "nature": ["建设性质", "项目性质"],
    "level": ["项目级别", "级别", "重点级别", "项目层级"],
    "industry": ["产业类别", "所属行业", "行业类别", "所属产业", "行业", "产业"],
    "description": [
        "建设规模及主要内容",
        "建设规模及内容",
        "主要建设内容",
        "建设内容",
        "建设规模",
        "项目概况",
    ],
    "period": ["建设起止年限", "建设年限", "起止年限"],
    "planned_start": ["计划开工时间"],
    "planned_end": ["计划竣工时间"],
    "total": ["总投资", "计划总投资", "项目总投资", "总投资额"],
    "prior": [
        "截至上年底累计完成投资",
        "截止上年底累计完成投资",
        "至上年底累计完成投资",
        "上年底累计完成投资",
        "以前年度累计完成投资",
    ],
    "plan": [
        "年度计划投资",
        "2026年计划投资",
        "2026年度计划投资",
        "本年计划投资",
        "本年度计划投资",
        "年计划投资",
        "年度计划",
    ],
    "month": ["本月完成投资", "当月完成投资", "10月完成投资", "本月完成"],
    "cumulative": [
        "1-10月累计完成投资",
        "1月累计完成投资",
        "1-10月完成投资",
        "累计完成投资",
        "本年累计完成投资",
        "本年度累计完成投资",
        "年度累计完成投资",
        "本年完成投资",
    ],
    "percent": ["占年度计划", "占年度计划比例", "完成年度计划比例", "投资完成率", "完成率"],
    "progress": ["形象进度", "项目进展情况", "进展情况", "项目进展", "工程进度"],
    "problems": ["存在问题", "存在的问题"],
    "next_steps": ["下步计划", "下一步计划", "下步工作计划", "需协调事项", "下步计划/需协调事项"],
    "responsible_unit": ["责任单位", "牵头单位"],
    "leader": ["包联领导", "联系领导", "责任领导", "分包领导", "包保领导"],
    "officer": ["项目专员", "专员", "项目联络员", "联络员"],
    "stage": ["阶段/状态", "项目状态", "项目阶段", "阶段", "状态"],
    "statistics": ["是否入统", "是否纳统", "入统"],
    "note": ["备注"],
}
AMOUNTS = ("total", "prior", "plan", "month", "cumulative")
# Amounts the import writes; a bad value there rejects the row, elsewhere it only warns.
IMPORTED_AMOUNTS = ("total", "plan", "cumulative")

KIND_ORDER = [
    ProjectKind.INDUSTRIAL,
    ProjectKind.INFRASTRUCTURE,
    ProjectKind.SERVICE,
    ProjectKind.AGRICULTURAL,
    ProjectKind.OTHER,
]
KIND_HEADINGS = {
    ProjectKind.INDUSTRIAL: "工业项目",
    ProjectKind.INFRASTRUCTURE: "基础设施项目",
    ProjectKind.SERVICE: "服务业项目",
    ProjectKind.AGRICULTURAL: "农业项目",
    ProjectKind.OTHER: "其他项目",
}
# Words of a category heading, checked in order: "农产品加工业" is agriculture, not 工业.
KIND_WORDS = [
    ("基础设施", ProjectKind.INFRASTRUCTURE),
    ("城建", ProjectKind.INFRASTRUCTURE),
    ("基建", ProjectKind.INFRASTRUCTURE),
    ("农业", ProjectKind.AGRICULTURAL),
    ("农产品", ProjectKind.AGRICULTURAL),
    ("服务", ProjectKind.SERVICE),
    ("商贸", ProjectKind.SERVICE),
    ("文旅", ProjectKind.SERVICE),
    ("工业", ProjectKind.INDUSTRIAL),
    ("制造", ProjectKind.INDUSTRIAL),
    ("社会事业", ProjectKind.OTHER),
    ("民生", ProjectKind.OTHER),
    ("其他", ProjectKind.OTHER),
]
NATURE_LABELS = {
    ConstructionStatus.PREPARATION: "前期",
    ConstructionStatus.NEW_START: "新建",
    ConstructionStatus.CONTINUING: "续建",
    ConstructionStatus.COMPLETED: "竣工",
    ConstructionStatus.SUSPENDED: "停缓建",
}
NATURE_WORDS = {
    "前期": ConstructionStatus.PREPARATION,
    "储备": ConstructionStatus.PREPARATION,
    "谋划": ConstructionStatus.PREPARATION,
    "新建": ConstructionStatus.NEW_START,
    "新开工": ConstructionStatus.NEW_START,
    "续建": ConstructionStatus.CONTINUING,
    "在建": ConstructionStatus.CONTINUING,
    "竣工": ConstructionStatus.COMPLETED,
    "已竣工": ConstructionStatus.COMPLETED,
    "完工": ConstructionStatus.COMPLETED,
    "停缓建": ConstructionStatus.SUSPENDED,
    "停建": ConstructionStatus.SUSPENDED,
    "缓建": ConstructionStatus.SUSPENDED,
}
# Kinds of works (扩建, 技改) rather than a construction status: read and left alone.
NATURE_IGNORED = {"扩建", "改建", "改扩建", "技改", "迁建", "新建/扩建"}
STAGE_LABELS = {
    Stage.PURSUED: "招商",
    Stage.PACKAGED: "包装",
    Stage.SIGNED: "签约",
    Stage.STARTED: "开工",
    Stage.IN_PRODUCTION: "投产",
    Stage.AT_CAPACITY: "达产",
    Stage.TERMINATED: "终止",
}
NUMERALS = "一二三四五六七八九十"
CENT = Decimal("0.01")


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REJECT = "reject"
    SUBTOTAL = "subtotal"
    TOTAL = "total"
    SKIP = "skip"


@dataclass
class LedgerRow:
    """What one ledger row will do, and why.

    `fields` are the project fields to create with or to change; `investor` (name, credit code)
    is resolved to an enterprise only when applied, since finding one may create it.
    """

    number: int
    name: str
    action: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    project: Project | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    investor: tuple[str, str] | None = None
    year_plan: Decimal | None = None
    plan_flags: tuple[bool, bool] = (False, False)
    report_wan: Decimal | None = None
    progress: str = ""
    changed: list[str] = field(default_factory=list)


@dataclass
class LedgerPlan:
    """The row-by-row plan of a ledger import for one zone and year; ``ok`` when nothing is
    rejected. Differences in cumulative investment become the report of ``report_month``."""

    zone_id: int
    year: int
    report_month: date
    rows: list[LedgerRow] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not any(r.action == Action.REJECT for r in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def summary(self) -> dict[str, int]:
        return {
            action: self.count(action)
            for action in (Action.CREATE, Action.UPDATE, Action.UNCHANGED, Action.REJECT)
        }


class LedgerRefused(Exception):
    """The plan has rejected rows or a row failed while writing: nothing is written."""


def read_ledger(data: bytes, filename: str) -> Table:
    """Open an uploaded ledger (xlsx or csv) with the ledger columns."""
    return open_table(data, filename, known=LEDGER_COLUMNS)


_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")


def ledger_year(title: str | None) -> int | None:
    """The year a ledger's title names ("XX开发区2024年重点项目…" → 2024), or None."""
    match = _TITLE_YEAR.search(unicodedata.normalize("NFKC", title or ""))
    return int(match.group(1)) if match else None


def ledger_title(name: str, year: int, as_of: date) -> str:
    """The usual title line: "甲区2026年重点项目推进情况表（截至10月31日）"."""
    return f"{name}{year}年重点项目推进情况表（截至{as_of.month}月{as_of.day}日）"


def _through_month(year: int, as_of: date) -> int:
    """The last month of `year` that counts as reported on `as_of` (0: none yet, 12: all)."""
    if as_of.year == year:
        return as_of.month
    return 12 if as_of.year > year else 0


def _key(text: str) -> str:
    return "".join(text.split())


def _person_key(text: str) -> str:
    return _key(unicodedata.normalize("NFKC", text)).casefold()


def _money(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}"


# Rows that are not projects: 合计, 小计 and category headings ("一、工业项目", "（二）续建项目").
_TOTAL = re.compile(r"^(?:合计|总计|总合计|全部合计|共计)")
# "其中：省重点项目" breaks a total down; notes under the table name who filled it in.
_ASIDE = re.compile(r"^(?:其中|填报|制表|审核|负责人|联系人|联系电话|注[:：]|说明)")
_LEVEL1_SEQ = re.compile(rf"^[{NUMERALS}]+[、.]?$")
_LEVEL2_SEQ = re.compile(rf"^\([{NUMERALS}]+\)[、.]?$")
_LEVEL1_TEXT = re.compile(rf"^[{NUMERALS}]+[、.](.*)$")
_LEVEL2_TEXT = re.compile(rf"^\([{NUMERALS}]+\)[、.]?(.*)$")
_DIGITS = re.compile(r"^\d+(?:\.0+)?$")


def _row_type(seq: str, name: str) -> tuple[str, int, str]:
    """("total" | "subtotal" | "aside" | "heading" | "project", heading level, heading text)."""
    seq = _key(unicodedata.normalize("NFKC", seq))
    label = _key(unicodedata.normalize("NFKC", name))
    if _TOTAL.match(label) or _TOTAL.match(seq):
        return "total", 0, ""
    if "小计" in label or "小计" in seq:
        return "subtotal", 0, ""
    if _ASIDE.match(label or seq):
        return "aside", 0, ""
    if _LEVEL1_SEQ.match(seq):
        return "heading", 1, label
    if _LEVEL2_SEQ.match(seq):
        return "heading", 2, label
    if seq and _DIGITS.match(seq):
        return "project", 0, ""
    text = label or seq
    if match := _LEVEL1_TEXT.match(text):
        return "heading", 1, match.group(1)
    if match := _LEVEL2_TEXT.match(text):
        return "heading", 2, match.group(1)
    return "project", 0, ""


def _heading_kind(text: str) -> str | None:
    for word, kind in KIND_WORDS:
        if word in text:
            return kind
    return None


@dataclass
class _Check:
    """A subtotal or total row's amounts and the sums of the project rows it covers."""

    row: LedgerRow
    stated: dict[str, Decimal]
    level: int = 0
    sums: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))


class _Planner:
    """Everything a ledger import matches rows against, loaded in a fixed number of queries."""

    def __init__(self, table: Table, *, user: Any, zone: Zone, year: int, as_of: date) -> None:
        self.table = table
        self.user = user
        self.zone = zone
        self.year = year
        self.through = _through_month(year, as_of)
        self.report_month = date(as_of.year, as_of.month, 1)
        # The difference of cumulative investment is only ever recorded for the current year's
        # month, never in a month that has not begun.
        self.can_record = as_of.year == year and self.report_month <= timezone.localdate()
        self.may_create = services.can_create_project(user, zone)
        projects = (
            Project.objects.active()
            .filter(zone=zone)
            .select_related("investor", "leader", "officer", "park", "cluster")
        )
        self.by_key: dict[str, list[Project]] = defaultdict(list)
        for project in projects:
            self.by_key[_key(project.name)].append(project)
        reports = ProgressReport.objects.filter(project__zone=zone)
        self.reported_sum: dict[int, Decimal] = {}
        if self.through:
            self.reported_sum = dict(
                reports.filter(month__gte=date(year, 1, 1), month__lte=date(year, self.through, 1))
                .order_by()
                .values("project")
                .annotate(total=Sum("invested_wan"))
                .values_list("project", "total")
            )
        self.reported_this_month = set(
            reports.filter(month=self.report_month).values_list("project_id", flat=True)
        )
        self.plans = {
            plan.project_id: plan for plan in YearPlan.objects.filter(project__zone=zone, year=year)
        }
        self.parks = {_key(park.name): park for park in zone.parks.active()}
        self.clusters: dict[str, Cluster] = {}
        for cluster in Cluster.objects.filter(is_active=True):
            for word in (cluster.name, *cluster.aliases):
                self.clusters.setdefault(_key(word), cluster)
        # Leaders and officers are people of the zone committee or of a unit under it.
        self.people: dict[str, list[User]] = defaultdict(list)
        members = User.objects.filter(
            is_active=True, memberships__organisation__path__startswith=zone.organisation.path
        ).distinct()
        for person in members:
            for name in _names_of(person):
                self.people[name].append(person)
        self.seen: dict[str, int] = {}
        self.kind: str | None = None

    # -- cells ---------------------------------------------------------------------------

    def amount(self, values: dict[str, Any], name: str, notes: list[str]) -> Decimal | None:
        label = self.table.labels.get(name, name)
        unit = self.table.units.get(name) or self.table.unit
        try:
            value = parse_decimal(values.get(name), header_unit=unit, unit_to="万元")
        except CellError as exc:
            notes.append(f"{label}: {exc.message}")
            return None
        if value is None:
            return None
        if value < 0:
            notes.append(_("%(column)s: an amount cannot be negative") % {"column": label})
            return None
        if value > MAX_AMOUNT_WAN:
            notes.append(
                _("%(column)s: %(value)s 万元 is above 10,000 亿元, which is not plausible")
                % {"column": label, "value": f"{value:.2f}"}
            )
            return None
        return value.quantize(CENT, ROUND_HALF_UP)

    def amounts(self, row: Row, plan: LedgerRow, *, strict: bool) -> dict[str, Decimal]:
        found: dict[str, Decimal] = {}
        for name in AMOUNTS:
            if name not in self.table.labels:
                continue
            notes = plan.errors if strict and name in IMPORTED_AMOUNTS else plan.warnings
            value = self.amount(row.values, name, notes)
            if value is not None:
                found[name] = value
        return found

    def person(self, text: str, current: User | None, role: str, plan: LedgerRow) -> Any:
        """The member named `text`; `current` when it names the person already set."""
        key = _person_key(text)
        if current is not None and key in _names_of(current):
            return current
        found = self.people.get(key, [])
        if len(found) == 1:
            return found[0]
        if found:
            plan.errors.append(
                _("%(role)s “%(name)s” names %(count)d people; use the username")
                % {
                    "role": _("Leader") if role == "leader" else _("Officer"),
                    "name": text,
                    "count": len(found),
                }
            )
        elif role == "leader":
            plan.errors.append(_("unknown leader: %(name)s") % {"name": text})
        else:
            plan.errors.append(_("unknown officer: %(name)s") % {"name": text})
        return None

    # -- rows ----------------------------------------------------------------------------

    def project_row(self, row: Row, plan: LedgerRow) -> dict[str, Decimal]:
        values = row.values
        plan.errors.extend(row.problems)
        amounts = self.amounts(row, plan, strict=True)

        def text(name: str) -> str:
            return clean_text(values.get(name))

        key = _key(plan.name)
        if not key:
            plan.errors.append(_("The project has no name."))
        elif len(plan.name) > 200:
            plan.errors.append(_("The project name is longer than 200 characters."))
        elif key in self.seen:
            plan.errors.append(_("The same project as row %(row)d.") % {"row": self.seen[key]})
        else:
            self.seen[key] = plan.number
        matches = self.by_key.get(key, []) if key else []
        if len(matches) > 1:
            plan.errors.append(
                _("%(count)d projects of this zone have this name; rename them apart first.")
                % {"count": len(matches)}
            )
        project = matches[0] if len(matches) == 1 else None
        plan.project = project
        wanted: dict[str, Any] = {}

        if "total" in amounts:
            wanted["total_investment_wan"] = amounts["total"]
        investor, code = text("investor"), text("credit_code")
        code = unicodedata.normalize("NFKC", code).upper()
        if code:
            try:
                validate_credit_code(code)
            except ValidationError as exc:
                label = self.table.labels["credit_code"]
                plan.errors.extend(f"{label}: {message}" for message in exc.messages)
        if len(investor) > 200:
            plan.errors.append(_("The investor's name is longer than 200 characters."))
        if investor or code:
            current = project.investor if project else None
            if (
                current is None
                or (investor and _key(current.name) != _key(investor))
                or (code and current.credit_code != code)
            ):
                plan.investor = (investor, code)
        description = str(values.get("description") or "").replace("\r\n", "\n").strip()
        if description:
            wanted["description"] = description
        level = text("level")
        if level:
            flags = _level_flags(level)
            if flags is None:
                plan.warnings.append(
                    _("%(column)s “%(value)s” is not 省重点, 市重点 or 区重点; left as it was")
                    % {"column": self.table.labels["level"], "value": level}
                )
            else:
                wanted["is_provincial_key"], wanted["is_city_key"] = flags
        if text("statistics"):
            try:
                wanted["is_in_statistics"] = parse_bool(values.get("statistics"))
            except CellError as exc:
                plan.errors.append(f"{self.table.labels['statistics']}: {exc.message}")
        nature = _key(unicodedata.normalize("NFKC", text("nature")))
        if nature in NATURE_WORDS:
            wanted["construction_status"] = NATURE_WORDS[nature]
        elif nature and nature not in NATURE_IGNORED:
            plan.warnings.append(
                _("%(column)s “%(value)s” is not understood; left as it was")
                % {"column": self.table.labels["nature"], "value": text("nature")}
            )
        for role in ("leader", "officer"):
            if text(role):
                holder = getattr(project, role) if project else None
                person = self.person(text(role), holder, role, plan)
                if person is not None:
                    wanted[role] = person
        location = _key(text("location"))
        if location in self.parks:
            wanted["park"] = self.parks[location]
        elif location and location == _key(self.zone.name):
            wanted["park"] = None
        industry = text("industry")
        if industry:
            cluster = self.clusters.get(_key(industry))
            if cluster is None:
                plan.warnings.append(
                    _("Not in the cluster list: %(term)s; the cluster is left as it was")
                    % {"term": industry}
                )
            else:
                wanted["cluster"] = cluster
        if self.kind:
            wanted["kind"] = self.kind

        if project is None:
            plan.fields = wanted
        else:
            plan.fields = {k: v for k, v in wanted.items() if _current(project, k) != v}
        plan.changed = list(plan.fields)
        if plan.investor is not None:
            plan.changed.append("investor")
        self.money(plan, project, amounts, text("progress"))

        if plan.errors:
            plan.action = Action.REJECT
        elif project is None:
            plan.action = Action.CREATE
            if not self.may_create:
                plan.action = Action.REJECT
                plan.errors.append(_("You may not add projects to this zone."))
        elif plan.changed:
            plan.action = Action.UPDATE
            if not access.can_change(self.user, project):
                plan.action = Action.REJECT
                plan.errors.append(_("You may not change this project."))
        else:
            plan.action = Action.UNCHANGED
        return amounts

    def money(
        self, plan: LedgerRow, project: Project | None, amounts: dict[str, Decimal], progress: str
    ) -> None:
        """The year plan, and the month's report that makes the reports add up to the ledger's
        cumulative investment for the year."""
        existing = self.plans.get(project.pk) if project else None
        if "plan" in amounts and (
            existing is None or existing.planned_investment_wan != amounts["plan"]
        ):
            plan.year_plan = amounts["plan"]
            if existing is not None:
                plan.plan_flags = (existing.planned_start, existing.planned_completion)
            plan.changed.append("year_plan")
        if "cumulative" not in amounts:
            return
        reported = self.reported_sum.get(project.pk, Decimal(0)) if project else Decimal(0)
        difference = amounts["cumulative"] - reported
        if difference == 0:
            return
        if difference > 0 and self.can_record and (project is None or not self.reported(project)):
            plan.report_wan = difference
            plan.progress = progress
            plan.changed.append("report")
            return
        if difference < 0:
            why = _("reports are never reduced by an import")
        elif not self.can_record:
            why = _("only the current year's investment is recorded")
        else:
            why = _("%(month)s is reported already") % {"month": f"{self.report_month:%Y-%m}"}
        plan.warnings.append(
            _("%(column)s: the ledger says %(ledger)s, the reports add up to %(reported)s; %(why)s")
            % {
                "column": self.table.labels["cumulative"],
                "ledger": _money(amounts["cumulative"]),
                "reported": _money(reported),
                "why": why,
            }
        )

    def reported(self, project: Project) -> bool:
        return project.pk in self.reported_this_month


def _current(project: Project, name: str) -> Any:
    value = getattr(project, name)
    # Compared as the import reads it, so surrounding spaces alone are not a change.
    return value.replace("\r\n", "\n").strip() if name == "description" else value


def _names_of(person: User) -> set[str]:
    names = {person.display_name, person.get_full_name(), person.username, str(person)}
    return {_person_key(name) for name in names if name}


def _level_flags(text: str) -> tuple[bool, bool] | None:
    """(provincial, city) from 项目级别: 省重点, 市重点, both, or 区/县重点 (neither)."""
    text = _key(text)
    provincial, city = "省" in text, "市" in text
    if provincial or city:
        return provincial, city
    if any(word in text for word in ("区", "县", "一般", "其他")):
        return False, False
    return None


def plan_ledger(table: Table, *, user: Any, zone: Zone, year: int, as_of: date) -> LedgerPlan:
    """Plan a ledger import for one zone: read, match and check every row; write nothing.

    Projects are matched by name (spaces ignored) among the zone's active projects; blank cells
    leave fields as they are. The year plan is set from 年度计划投资. When the ledger's cumulative
    investment for `year` exceeds the reports of that year, the difference becomes the report of
    `as_of`'s month if that month has none yet (otherwise a warning). Subtotal and total rows are
    checked against the project rows they cover; a mismatch is a warning on that row.
    """
    planner = _Planner(table, user=user, zone=zone, year=year, as_of=as_of)
    plan = LedgerPlan(
        zone_id=zone.pk,
        year=year,
        report_month=planner.report_month,
        unknown_columns=list(table.unknown_columns),
        missing_columns=[c for c in ("name",) if c not in table.labels],
    )
    if plan.missing_columns:
        plan.problems.append(_("The ledger has no 项目名称 column."))
        return plan
    if zone.is_archived:
        plan.problems.append(_("This zone is archived; its ledger cannot be imported."))
        return plan
    label = table.labels.get("cumulative", "")
    month = re.search(r"(\d{1,2})\s*月", unicodedata.normalize("NFKC", label))
    if month and planner.can_record and int(month.group(1)) != planner.report_month.month:
        plan.notes.append(
            _("%(column)s runs to month %(month)s; differences become the report of %(report)s.")
            % {"column": label, "month": month.group(1), "report": f"{planner.report_month:%Y-%m}"}
        )

    checks: list[_Check] = []
    open_headings: list[_Check] = []
    segment: dict[str, Decimal] = defaultdict(Decimal)
    everything: dict[str, Decimal] = defaultdict(Decimal)
    totals: list[_Check] = []
    for row in table.rows():
        seq, name = clean_text(row.values.get("seq")), clean_text(row.values.get("name"))
        kind, level, heading = _row_type(seq, name)
        item = LedgerRow(number=row.number, name=name or seq, action=Action.SUBTOTAL)
        plan.rows.append(item)
        if kind == "aside" or (kind == "project" and not _has_content(row)):
            item.action = Action.SKIP
            item.warnings.append(_("Not a project row; ignored."))
            continue
        if kind == "project":
            item.name = name
            amounts = planner.project_row(row, item)
            for sums in [*(c.sums for c in open_headings), segment, everything]:
                for key, value in amounts.items():
                    sums[key] += value
            continue
        # Subtotal rows are often formulas; they are not imported, so that is only a warning.
        item.warnings.extend(row.problems)
        stated = planner.amounts(row, item, strict=False)
        if kind == "total":
            item.action = Action.TOTAL
            totals.append(_Check(item, stated, sums=everything))
        elif kind == "subtotal":
            checks.append(_Check(item, stated, sums=segment))
            segment = defaultdict(Decimal)
        else:
            open_headings = [c for c in open_headings if c.level < level]
            check = _Check(item, stated, level)
            open_headings.append(check)
            checks.append(check)
            segment = defaultdict(Decimal)
            found = _heading_kind(heading)
            if found or level == 1:
                planner.kind = found
    for check in [*checks, *totals]:
        _check_sums(check, table)
    return plan


def _has_content(row: Row) -> bool:
    """Whether a row holds more than a running number or a remark."""
    return any(
        not is_blank(value) for name, value in row.values.items() if name not in ("seq", "note")
    )


def _check_sums(check: _Check, table: Table) -> None:
    for name, stated in check.stated.items():
        expected = check.sums.get(name, Decimal(0))
        if abs(stated - expected) > CENT:
            check.row.warnings.append(
                _("%(column)s: this row says %(stated)s but its projects add up to %(sum)s")
                % {"column": table.labels[name], "stated": _money(stated), "sum": _money(expected)}
            )


@transaction.atomic
def apply_ledger(plan: LedgerPlan, *, actor: Any, zone: Zone) -> dict[str, int]:
    """Write every planned row, or none: any rejection or failure rolls the whole import back."""
    if not plan.ok:
        raise LedgerRefused(_("The ledger has rejected rows; nothing was imported."))
    if plan.zone_id != zone.pk:
        raise LedgerRefused(_("This plan was made for another zone."))
    for row in plan.rows:
        if row.action not in (Action.CREATE, Action.UPDATE):
            continue
        try:
            _apply_row(row, plan, actor=actor, zone=zone)
        except PermissionDenied as exc:
            raise LedgerRefused(
                _("Row %(row)d: you may not change this project.") % {"row": row.number}
            ) from exc
        except (ValidationError, StaleVersion) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [exc.message]
            raise LedgerRefused(
                _("Row %(row)d: %(error)s") % {"row": row.number, "error": "; ".join(messages)}
            ) from exc
    return plan.summary


def _apply_row(row: LedgerRow, plan: LedgerPlan, *, actor: Any, zone: Zone) -> None:
    fields = dict(row.fields)
    if row.investor is not None:
        name, code = row.investor
        fields["investor"] = services.enterprise_for(name=name, credit_code=code)
    project = row.project
    if project is None:
        project = services.project_create(actor=actor, zone=zone, name=row.name, **fields)
    elif fields:
        project = services.project_update(actor=actor, project=project, changes=fields)
    if row.year_plan is not None:
        services.year_plan_set(
            actor=actor,
            project=project,
            year=plan.year,
            planned_investment_wan=row.year_plan,
            planned_start=row.plan_flags[0],
            planned_completion=row.plan_flags[1],
        )
    if row.report_wan is not None:
        services.report_submit(
            actor=actor,
            project=project,
            month=plan.report_month,
            invested_wan=row.report_wan,
            progress=row.progress,
        )


# -- export ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    key: str
    header: str
    width: float
    number_format: str | None = None
    group: bool = False  # under the year's investment header (the two-level part)


def _columns(year: int, through: int) -> list[_Column]:
    if through > 1:
        cumulative = f"1-{through}月累计完成投资"
    elif through == 1:
        cumulative = "1月累计完成投资"
    else:
        cumulative = "累计完成投资"
    return [
        _Column("seq", "序号", 6),
        _Column("name", "项目名称", 28),
        _Column("investor", "建设单位", 24),
        _Column("location", "建设地点/园区", 14),
        _Column("nature", "建设性质", 8),
        _Column("level", "项目级别", 10),
        _Column("industry", "产业类别", 12),
        _Column("description", "建设规模及主要内容", 40),
        _Column("period", "建设起止年限", 12),
        _Column("total", "总投资", 12, "0.00"),
        _Column("prior", "截至上年底累计完成投资", 14, "0.00"),
        _Column("plan", "年度计划投资", 12, "0.00", group=True),
        _Column("month", "本月完成投资", 12, "0.00", group=True),
        _Column("cumulative", cumulative, 14, "0.00", group=True),
        _Column("percent", "占年度计划%", 10, "0.0", group=True),
        _Column("progress", "形象进度", 30),
        _Column("problems", "存在问题", 24),
        _Column("next_steps", "下步计划", 24),
        _Column("responsible_unit", "责任单位", 14),
        _Column("leader", "包联领导", 10),
        _Column("officer", "项目专员", 10),
        _Column("stage", "阶段/状态", 8),
        _Column("statistics", "是否入统", 8),
    ]


_BOLD = Font(bold=True)
_MONEY = DecimalField(max_digits=16, decimal_places=2)


def _cell(sheet: Any, value: Any, column: _Column | None = None, *, bold: bool = False) -> Any:
    """A cell that a spreadsheet never runs as a formula, as in zonetrack.sheets.writer."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32_767]
        formula_like = value.startswith(FORMULA_STARTS)
        if not (formula_like or value in ERROR_CODES or bold):
            return value
        cell = WriteOnlyCell(sheet, value=value)
        if formula_like or value in ERROR_CODES:
            # openpyxl would type "=…" as a formula and "#N/A" as an error; keep them text, and
            # quote-prefix them so Excel keeps them text after an edit too.
            cell.data_type = "s"
            cell.quotePrefix = formula_like
    else:
        cell = WriteOnlyCell(sheet, value=value)
        if column is not None and column.number_format:
            cell.number_format = column.number_format
    if bold:
        cell.font = _BOLD
    return cell


def _percent(done: Decimal | None, planned: Decimal | None) -> Decimal | None:
    if not planned:
        return None
    return (Decimal(done or 0) * 100 / planned).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _period(started_on: date | None, last_planned: date | None) -> str:
    if started_on is None and last_planned is None:
        return ""
    start = str(started_on.year) if started_on else ""
    end = str(last_planned.year) if last_planned else ""
    return f"{start}–{end}"


def _level_label(project: Project) -> str:
    words = [
        word
        for flag, word in ((project.is_provincial_key, "省重点"), (project.is_city_key, "市重点"))
        if flag
    ]
    return "、".join(words) or "区重点"


def _sums_by_kind(ids: QuerySet[Any], year: int, month: date | None) -> dict[str, dict[str, Any]]:
    """Subtotals per project kind, in three grouped queries whatever the number of projects."""
    start = date(year, 1, 1)
    result: dict[str, dict[str, Any]] = defaultdict(dict)
    projects = (
        Project.objects.filter(pk__in=ids)
        .order_by()
        .values("kind")
        .annotate(count=Count("pk"), total=Sum("total_investment_wan"))
    )
    for item in projects:
        result[item["kind"]].update(count=item["count"], total=item["total"])
    sums: dict[str, Any] = {"prior": Sum("invested_wan", filter=Q(month__lt=start))}
    if month is not None:
        sums["cumulative"] = Sum("invested_wan", filter=Q(month__gte=start, month__lte=month))
        sums["month"] = Sum("invested_wan", filter=Q(month=month))
    reports = (
        ProgressReport.objects.filter(project__in=ids)
        .order_by()
        .values("project__kind")
        .annotate(**sums)
    )
    for item in reports:
        result[item["project__kind"]].update({k: item[k] for k in sums})
    plans = (
        YearPlan.objects.filter(project__in=ids, year=year)
        .order_by()
        .values("project__kind")
        .annotate(plan=Sum("planned_investment_wan"))
    )
    for item in plans:
        result[item["project__kind"]]["plan"] = item["plan"]
    return result


def _ledger_rows(ids: QuerySet[Any], year: int, month: date | None) -> Iterator[Project]:
    """The projects with their year's figures annotated, by kind, streamed in one query."""
    reports = ProgressReport.objects.filter(project=OuterRef("pk")).order_by().values("project")

    def summed(**lookups: Any) -> Subquery:
        return Subquery(
            reports.filter(**lookups).annotate(total=Sum("invested_wan")).values("total"),
            output_field=_MONEY,
        )

    start = date(year, 1, 1)
    latest = month or date(year - 1, 12, 1)
    rank = Case(
        *(When(kind=kind, then=Value(index)) for index, kind in enumerate(KIND_ORDER)),
        default=Value(len(KIND_ORDER)),
        output_field=IntegerField(),
    )
    none = Value(None, output_field=_MONEY)
    projects = (
        Project.objects.filter(pk__in=ids)
        .select_related("zone__organisation", "park", "investor", "cluster", "leader", "officer")
        .annotate(
            kind_rank=rank,
            prior_wan=summed(month__lt=start),
            cumulative_wan=summed(month__gte=start, month__lte=month) if month else none,
            month_wan=(
                Subquery(
                    reports.filter(month=month).values("invested_wan")[:1], output_field=_MONEY
                )
                if month
                else none
            ),
            plan_wan=Subquery(
                YearPlan.objects.filter(project=OuterRef("pk"), year=year).values(
                    "planned_investment_wan"
                )[:1],
                output_field=_MONEY,
            ),
            latest_progress=Subquery(
                ProgressReport.objects.filter(project=OuterRef("pk"), month__lte=latest)
                .order_by("-month")
                .values("progress")[:1]
            ),
            last_planned_on=Subquery(
                Milestone.objects.filter(project=OuterRef("pk"))
                .exclude(status=MilestoneStatus.CANCELLED)
                .order_by("-planned_on")
                .values("planned_on")[:1]
            ),
        )
        .order_by("kind_rank", "zone_id", "code", "pk")
    )
    return projects.iterator(chunk_size=500)


def _project_values(project: Any, number: int) -> dict[str, Any]:
    return {
        "seq": number,
        "name": project.name,
        "investor": project.investor.name if project.investor else "",
        "location": project.park.name if project.park else project.zone.name,
        "nature": NATURE_LABELS.get(project.construction_status, ""),
        "level": _level_label(project),
        "industry": project.cluster.name if project.cluster else "",
        "description": project.description,
        "period": _period(project.started_on, project.last_planned_on),
        "total": project.total_investment_wan,
        "prior": project.prior_wan,
        "plan": project.plan_wan,
        "month": project.month_wan,
        "cumulative": project.cumulative_wan,
        "percent": _percent(project.cumulative_wan, project.plan_wan),
        "progress": project.latest_progress or "",
        "responsible_unit": project.zone.organisation.name,
        "leader": str(project.leader) if project.leader else "",
        "officer": str(project.officer) if project.officer else "",
        "stage": STAGE_LABELS.get(project.stage, project.stage),
        "statistics": "是" if project.is_in_statistics else "否",
    }


def _sum_values(seq: str, name: str, sums: dict[str, Any]) -> dict[str, Any]:
    values = {key: Decimal(sums.get(key) or 0) for key in ("total", "prior", "plan", "month")}
    values["cumulative"] = Decimal(sums.get("cumulative") or 0)
    values["percent"] = _percent(values["cumulative"], values["plan"])
    return {"seq": seq, "name": name, **values}


def export_ledger(
    projects: QuerySet[Project],
    out: str | os.PathLike[str] | BinaryIO,
    *,
    year: int,
    as_of: date,
    title: str,
) -> None:
    """Write the ledger of `projects` for `year` as reported on `as_of` (.xlsx, streamed).

    A title line, the unit line (万元), a two-level header, then per kind of project a subtotal
    row (一、工业项目 …) before its projects, and a 合计 row. Totals are numbers, not formulas.
    Memory and the number of queries stay the same however many projects there are.
    """
    through = _through_month(year, as_of)
    month = date(year, through, 1) if through else None
    columns = _columns(year, through)
    ids = projects.order_by().values("pk")
    subtotals = _sums_by_kind(ids, year, month)

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="项目台账")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "C5"
    last = get_column_letter(len(columns))
    title_cell = _cell(sheet, title, bold=True)
    if title_cell is not None:
        title_cell.font = Font(bold=True, size=14)
        title_cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.append([title_cell])
    sheet.merged_cells.add(f"A1:{last}1")
    unit = WriteOnlyCell(sheet, value="单位：万元")
    unit.alignment = Alignment(horizontal="right")
    sheet.append([None] * (len(columns) - 1) + [unit])
    sheet.append(_header_row(sheet, columns, year, upper=True))
    sheet.append(_header_row(sheet, columns, year, upper=False))
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if not column.group:
            sheet.merged_cells.add(f"{letter}3:{letter}4")
    grouped = [i for i, column in enumerate(columns, start=1) if column.group]
    sheet.merged_cells.add(f"{get_column_letter(grouped[0])}3:{get_column_letter(grouped[-1])}3")

    def append(values: dict[str, Any], *, bold: bool = False) -> None:
        sheet.append([_cell(sheet, values.get(c.key), c, bold=bold) for c in columns])

    current: str | None = None
    headings = 0
    for number, project in enumerate(_ledger_rows(ids, year, month), start=1):
        if project.kind != current:
            current = project.kind
            headings += 1
            seq = NUMERALS[headings - 1] + "、"
            heading = KIND_HEADINGS.get(project.kind, "其他项目")
            append(_sum_values(seq, heading, subtotals[current]), bold=True)
        append(_project_values(project, number))
    everything: dict[str, Any] = defaultdict(Decimal)
    for sums in subtotals.values():
        for key, value in sums.items():
            everything[key] += value or 0
    append(_sum_values("", "合计", everything), bold=True)
    workbook.save(out)


def _header_row(sheet: Any, columns: Iterable[_Column], year: int, *, upper: bool) -> list[Any]:
    cells: list[Any] = []
    first_group = True
    for column in columns:
        if column.group:
            text = (f"{year}年投资完成情况" if first_group else None) if upper else column.header
            first_group = False
        else:
            text = column.header if upper else None
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = _BOLD
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cells.append(cell)
    return cells
