"""Promotion's spreadsheets: the lead list read into a checked plan and its blank template; the
lead ledger and the incentive ledger written out."""

from .leads import (
    KNOWN,
    TEMPLATE_COLUMNS,
    LeadPlan,
    PlanRow,
    plan_leads,
    read_table,
    write_template,
)
from .ledgers import AGREEMENT_COLUMNS, LEAD_COLUMNS, export_agreements, export_leads

__all__ = [
    "AGREEMENT_COLUMNS",
    "KNOWN",
    "LEAD_COLUMNS",
    "TEMPLATE_COLUMNS",
    "LeadPlan",
    "PlanRow",
    "export_agreements",
    "export_leads",
    "plan_leads",
    "read_table",
    "write_template",
]
