"""Promotion's spreadsheets: the lead list read into a checked plan and its blank template; the
lead ledger and the incentive ledger written out; a zone's chain map read into a checked plan,
its blank template, and the map written out."""

from .chain_export import export_chain_map
from .chains import (
    ChainPlan,
    ChainRow,
    plan_chain_firms,
    read_chain_table,
    write_chain_template,
)
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
    "ChainPlan",
    "ChainRow",
    "LeadPlan",
    "PlanRow",
    "export_agreements",
    "export_chain_map",
    "export_leads",
    "plan_chain_firms",
    "plan_leads",
    "read_chain_table",
    "read_table",
    "write_chain_template",
    "write_template",
]
