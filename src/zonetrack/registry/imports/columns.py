"""The zone list's columns and the words its cells are matched by (kind, level, status,
place-name suffixes)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from ..choices import ZoneKind, ZoneLevel, ZoneStatus

# Canonical field → header words that name it (after normalisation: no spaces, NFKC).
ZONE_COLUMNS: dict[str, set[str]] = {
    "name": {"开发区名称", "名称", "开发区", "园区名称", "zone", "name"},
    "short_name": {"简称", "shortname"},
    "catalogue_code": {"代码", "目录编码", "编码", "目录代码", "cataloguecode"},
    "kind": {"开发区类型", "类型", "类别", "kind"},
    "level": {"级别", "批准级别", "开发区级别", "level"},
    "management": {"管理层级", "管理方式", "市管县管", "management"},
    "province": {"省份", "省", "所在省份", "province"},
    "city": {"城市/区县", "城市", "地市", "所在地", "区县", "所在市县", "city"},
    "region_code": {"行政区划代码", "区划代码", "divisioncode", "regioncode"},
    "status": {"状态", "status"},
    "approved_on": {"批准时间", "批准日期", "设立时间", "approvedon", "approvaldate"},
    "approval_authority": {"批准机关", "审批机关", "approvalauthority"},
    "planned_area": {"规划面积", "核准面积", "面积", "核准面积_公顷", "plannedarea"},
    "clusters": {"主导产业", "产业", "产业集群", "clusters"},
    "lng": {"经度", "经度_wgs84", "longitude", "lng"},
    "lat": {"纬度", "纬度_wgs84", "latitude", "lat"},
    "description": {"简介", "描述", "概况", "description"},
}
REQUIRED = ("name",)
# The catalogue's own running number and geocoding notes are read and ignored, not reported.
IGNORED = {"序号", "地理编码精度", "no", "#"}

KIND_WORDS = [
    ("经济技术开发区", ZoneKind.ETDZ),
    ("经开区", ZoneKind.ETDZ),
    ("高新技术产业开发区", ZoneKind.HIGH_TECH),
    ("高新区", ZoneKind.HIGH_TECH),
    ("农业", ZoneKind.AGRICULTURE),
    ("文旅", ZoneKind.CULTURE_TOURISM),
    ("旅游", ZoneKind.CULTURE_TOURISM),
    ("保税", ZoneKind.BONDED),
    ("集聚区", ZoneKind.CLUSTER),
]
LEVEL_WORDS = [
    ("国务院", ZoneLevel.NATIONAL),
    ("国家", ZoneLevel.NATIONAL),
    ("省", ZoneLevel.PROVINCIAL),
]
STATUS_WORDS = [("申报", ZoneStatus.APPLYING), ("筹建", ZoneStatus.SETTING_UP)]
REGION_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "省",
    "市",
    "区",
    "县",
    "盟",
    "旗",
)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).strip()


def _stem(name: str) -> str:
    """A place name without its administrative suffix: 临汾市 → 临汾, 东丽区 → 东丽."""
    for suffix in REGION_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _choose(text: str, words: list[tuple[str, Any]], values: Iterable[str]) -> Any:
    text = _norm(text)
    if text in set(values):
        return text
    for word, value in words:
        if word in text:
            return value
    return None
