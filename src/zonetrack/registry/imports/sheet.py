"""Zone lists as spreadsheets: reading an upload with the zone columns, writing an export."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from zonetrack.sheets.reader import BinaryReader, Table, open_table
from zonetrack.sheets.writer import BinaryWriter, Column, write_xlsx

from ..models import Zone
from ..selectors import park_counts
from .columns import ZONE_COLUMNS


def read_table(data: bytes | BinaryReader, filename: str) -> Table:
    """Open an uploaded zone list (xlsx or csv) with the zone columns."""
    return open_table(data, filename, known=ZONE_COLUMNS)


EXPORT_COLUMNS = [
    Column("name", "开发区名称", 28),
    Column("short_name", "简称", 14),
    Column("catalogue_code", "代码", 10),
    Column("kind", "开发区类型", 20),
    Column("level", "级别", 8),
    Column("management", "管理层级", 8),
    Column("province", "省份", 10),
    Column("city", "城市/区县", 12),
    Column("region_code", "行政区划代码", 12),
    Column("status", "状态", 8),
    Column("approved_on", "批准时间", 12, number_format="yyyy-mm-dd"),
    Column("approval_authority", "批准机关", 16),
    Column("planned_area", "规划面积（平方公里）", 12, number_format="0.00##"),
    Column("clusters", "主导产业", 30),
    Column("lng", "经度", 11),
    Column("lat", "纬度", 11),
    Column("parks", "园区数", 8),
    Column("description", "简介", 40),
]


def export_rows(zones: Iterable[Zone], park_counts: dict[int, int]) -> Iterator[list[Any]]:
    """One spreadsheet row per zone, in EXPORT_COLUMNS order; import reads them back."""
    for zone in zones:
        region = zone.region
        province = region
        while province.parent_id is not None and province.parent is not None:
            province = province.parent
        yield [
            zone.name,
            zone.short_name,
            zone.catalogue_code,
            zone.get_kind_display(),
            zone.get_level_display(),
            zone.get_management_display(),
            province.name,
            region.name if region != province else "",
            region.code,
            zone.get_status_display(),
            zone.approved_on,
            zone.approval_authority,
            zone.planned_area_km2,
            "、".join(c.name for c in zone.clusters.all()),
            zone.center_lng,
            zone.center_lat,
            park_counts.get(zone.pk, 0),
            zone.description,
        ]


def export_zones(zones: QuerySet[Zone], out: BinaryWriter) -> None:
    """Write a zone list as .xlsx (streamed; cells that look like formulas stay text)."""
    counts = park_counts(zones.order_by().values("pk"))
    write_xlsx(
        out,
        sheet_name="开发区",
        title="开发区名录",
        columns=EXPORT_COLUMNS,
        rows=export_rows(zones, counts),
    )
