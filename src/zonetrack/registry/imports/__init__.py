"""Zone lists in and out of spreadsheets: plan an import row by row, apply it all or nothing.

An import is planned first: every row becomes a create, an update, "unchanged" or a rejection
with its reasons, and nothing is written. Applying the plan writes every row or none. The same
plan serves the preview page, the API-less command line and the tests. The national zone
catalogue's columns (代码, 开发区名称, 省份, 城市/区县, 批准级别, 批准时间, 核准面积_公顷, 主导产业,
经度/纬度) are understood as they are.
"""

from __future__ import annotations

from .. import services
from .apply import ImportRefused, apply_import
from .columns import ZONE_COLUMNS
from .gazetteer import Gazetteer
from .plan import plan_import
from .plan_types import Action, ImportPlan, RowPlan
from .sheet import EXPORT_COLUMNS, export_rows, export_zones, read_table

__all__ = [
    "EXPORT_COLUMNS",
    "ZONE_COLUMNS",
    "Action",
    "Gazetteer",
    "ImportPlan",
    "ImportRefused",
    "RowPlan",
    "apply_import",
    "export_rows",
    "export_zones",
    "plan_import",
    "read_table",
    "services",
]
