"""Promotion's ledgers written out as .xlsx, in Chinese with title and unit lines: the lead
ledger (招商线索台账, which imports back) and the incentive ledger (政策兑现台账)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import translation

from zonetrack.sheets.writer import BinaryWriter, Column, write_xlsx

from ..choices import LeadStatus
from ..models import Agreement, Lead, Promise
from ..selectors import Ledger
from .leads import KNOWN, TITLE, UNIT_NOTE

LEAD_COLUMNS = [
    Column("zone", "开发区", 22),
    Column("name", KNOWN["name"][0], 28),
    Column("investor", KNOWN["investor"][0], 28),
    Column("credit_code", KNOWN["credit_code"][0], 22),
    Column("cluster", KNOWN["cluster"][0], 14),
    Column("investment_wan", "意向投资额（万元）", 16, "0.00"),
    Column("channel", KNOWN["channel"][0], 14),
    Column("region", KNOWN["region"][0], 14),
    Column("owner", KNOWN["owner"][0], 12),
    Column("status", "状态", 10),
    Column("status_on", "状态日期", 12),
    Column("next_action", KNOWN["next_action"][0], 28),
    Column("next_action_on", KNOWN["next_action_on"][0], 14),
    Column("trip", "外出招商", 22),
    Column("project", "转化项目", 28),
    Column("notes", KNOWN["notes"][0], 30),
]


def export_leads(leads: Iterable[Lead], target: BinaryWriter) -> None:
    """Write the leads as listed (with their zone, investor, cluster, channel, region, owner,
    trip and project loaded) as the lead ledger."""
    with translation.override("zh-hans"):
        statuses = {value: str(label) for value, label in LeadStatus.choices}
    rows = (
        {
            "zone": lead.zone.name,
            "name": lead.name,
            "investor": lead.investor_name,
            "credit_code": (lead.investor.credit_code or "") if lead.investor else "",
            "cluster": lead.cluster.name if lead.cluster else "",
            "investment_wan": lead.investment_wan,
            "channel": lead.channel.name if lead.channel else "",
            "region": lead.region.name if lead.region else "",
            "owner": str(lead.owner) if lead.owner else "",
            "status": statuses.get(lead.status, lead.status),
            "status_on": lead.status_on,
            "next_action": lead.next_action,
            "next_action_on": lead.next_action_on,
            "trip": str(lead.trip) if lead.trip else "",
            "project": lead.project.name if lead.project else "",
            "notes": lead.notes,
        }
        for lead in leads
    )
    write_xlsx(
        target, sheet_name=TITLE, title=TITLE, columns=LEAD_COLUMNS, rows=rows, unit_note=UNIT_NOTE
    )


INCENTIVE_TITLE = "政策兑现台账"
AGREEMENT_COLUMNS = [
    Column("zone", "开发区", 22),
    Column("project", "项目名称", 28),
    Column("title", "协议名称", 28),
    Column("signed_on", "签订日期", 12),
    Column("promised", "承诺金额", 12, "0.00"),
    Column("paid", "已兑现金额", 12, "0.00"),
    Column("due", "到期未兑现金额", 14, "0.00"),
    Column("at_risk", "风险金额（条件未满足）", 16, "0.00"),
    Column("follow_ups", "未办结追回/暂停", 14),
]


def agreement_rows(
    agreements: list[Agreement], *, ledger: Ledger, today: date
) -> Iterator[dict[str, Any]]:
    """One row per agreement (as ``agreement_list`` annotates it) with what was promised, paid,
    due and at risk on it, reckoned as the ledger reckons its totals, then the ledger's totals."""
    promises = (
        Promise.objects.filter(agreement__in=[a.pk for a in agreements])
        .annotate(paid=Sum("payments__amount_wan"))
        .values_list("agreement_id", "amount_wan", "due_on", "paid")
    )
    figures: dict[int, dict[str, Decimal]] = {}
    blocked = {a.pk for a in agreements if getattr(a, "open_follow_ups", 0)}
    for agreement_id, amount, due_on, paid in promises:
        cell = figures.setdefault(
            agreement_id, {"paid": Decimal(0), "due": Decimal(0), "at_risk": Decimal(0)}
        )
        paid = paid or Decimal(0)
        cell["paid"] += paid
        if agreement_id in blocked:
            cell["at_risk"] += amount - paid
        elif due_on <= today:
            cell["due"] += amount - paid
    for agreement in agreements:
        cell = figures.get(agreement.pk, {})
        yield {
            "zone": agreement.project.zone.name,
            "project": agreement.project.name,
            "title": agreement.title,
            "signed_on": agreement.signed_on,
            "promised": getattr(agreement, "promised_wan", None) or Decimal(0),
            "paid": cell.get("paid", Decimal(0)),
            "due": cell.get("due", Decimal(0)),
            "at_risk": cell.get("at_risk", Decimal(0)),
            "follow_ups": getattr(agreement, "open_follow_ups", 0),
        }
    yield {
        "zone": "合计",
        "promised": ledger.promised_wan,
        "paid": ledger.paid_wan,
        "due": ledger.due_wan,
        "at_risk": ledger.at_risk_wan,
    }


def export_agreements(
    agreements: Iterable[Agreement], target: BinaryWriter, *, ledger: Ledger, today: date
) -> None:
    """Write the incentive ledger: the agreements as listed, then the ledger's totals."""
    rows = agreement_rows(list(agreements), ledger=ledger, today=today)
    write_xlsx(
        target,
        sheet_name=INCENTIVE_TITLE,
        title=INCENTIVE_TITLE,
        columns=AGREEMENT_COLUMNS,
        rows=rows,
        unit_note=UNIT_NOTE,
    )
