"""The standard-land commitment ledger (标准地承诺台账) as a spreadsheet: each promise with its
deadlines, the checks run and failed, and the follow-ups still open."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from zonetrack.sheets.writer import Column, write_xlsx

from ..models import Commitment

COMMITMENT_COLUMNS = [
    Column("zone", "开发区", 24),
    Column("parcel", "地块编号", 16),
    Column("project", "项目", 28),
    Column("granted_on", "供地日期", 12),
    Column("credit_code", "统一社会信用代码", 20),
    Column("intensity", "承诺投资强度(万元/亩)", 16, "0.00"),
    Column("plot_ratio", "承诺容积率", 12, "0.00"),
    Column("tax", "承诺亩均税收(万元/亩)", 16, "0.00"),
    Column("energy", "承诺单位能耗(吨标煤/万元)", 18, "0.0000"),
    Column("start_by", "承诺开工", 12),
    Column("production_by", "承诺投产", 12),
    Column("capacity_by", "承诺达产", 12),
    Column("checks", "已核查次数", 10),
    Column("failed", "未兑现次数", 10),
    Column("open", "未办结整改", 10),
]


def export_commitments(commitments: Iterable[Commitment], target: Any, *, title: str) -> None:
    """Write the ledger as listed (the rows carry ``commitment_list``'s counts)."""
    rows = (
        {
            "zone": c.parcel.zone.name,
            "parcel": c.parcel.code,
            "project": c.project.name,
            "granted_on": c.granted_on,
            "credit_code": c.credit_code,
            "intensity": c.investment_intensity_wan_per_mu,
            "plot_ratio": c.plot_ratio,
            "tax": c.tax_wan_per_mu,
            "energy": c.energy_tce_per_wan,
            "start_by": c.start_by_on,
            "production_by": c.production_by_on,
            "capacity_by": c.capacity_by_on,
            "checks": getattr(c, "checks_run", 0),
            "failed": getattr(c, "checks_failed", 0),
            "open": getattr(c, "open_follow_ups", 0),
        }
        for c in commitments
    )
    write_xlsx(target, sheet_name="承诺台账", title=title, columns=COMMITMENT_COLUMNS, rows=rows)
