"""A ledger import's plan: rows, their actions, and how a row is told apart from a total."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from zonetrack.projects.models import Project

from .columns import KIND_WORDS, NUMERALS, _key


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REJECT = "reject"
    SUBTOTAL = "subtotal"
    TOTAL = "total"
    SKIP = "skip"
    # Changed in zonetrack after the file was exported: kept as it is unless the user ticks it.
    STALE = "stale"


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
    # Each change as the preview shows it: (label in Chinese, before, after).
    diffs: list[tuple[str, str, str]] = field(default_factory=list)


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
