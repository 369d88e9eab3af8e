"""The ledger's columns and words, and the small helpers its import and export share."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from decimal import Decimal

from zonetrack.projects.choices import ConstructionStatus, ProjectKind, Stage

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
    # Hidden in the export: each project's version when the file was written.
    "version": ["数据版本"],
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
# Keyed by str: a project's kind is read from the database as plain text.
KIND_HEADINGS: dict[str, str] = {
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


_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")


def ledger_year(title: str | None) -> int | None:
    """The year a ledger's title names ("XX开发区2024年重点项目…" → 2024), or None."""
    match = _TITLE_YEAR.search(unicodedata.normalize("NFKC", title or ""))
    return int(match.group(1)) if match else None


def ledger_title(name: str, year: int, as_of: date) -> str:
    """The usual title line: "甲区2026年重点项目推进情况表（截至10月31日）"."""
    return f"{name}{year}年重点项目推进情况表（截至{as_of.month}月{as_of.day}日）"


def last_complete_day(today: date) -> date:
    """The last day of the last complete month on ``today``: a ledger exported on 4 December
    covers 1-11月, to 30 November (the month under way has no complete report yet)."""
    return today.replace(day=1) - timedelta(days=1)


def ledger_file_name(zone_name: str, today: date) -> str:
    """The export's file name: the zone's and the day's, "甲区项目台账-2026-12-06.xlsx"."""
    return f"{zone_name}项目台账-{today:%Y-%m-%d}.xlsx"


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
