"""Land's spreadsheets, by subdomain: the parcel ledger, the per-mu firm figures and results,
the commitment ledger."""

from .commitments import COMMITMENT_COLUMNS, export_commitments
from .firms import FirmPlan, export_results, plan_firms, read_firm_table
from .parcels import (
    EXPORT_COLUMNS,
    KNOWN,
    STATUS_NAMES,
    USE_NAMES,
    ImportPlan,
    PlanRow,
    export_parcels,
    plan_import,
    read_table,
)

__all__ = [
    "COMMITMENT_COLUMNS",
    "EXPORT_COLUMNS",
    "KNOWN",
    "STATUS_NAMES",
    "USE_NAMES",
    "FirmPlan",
    "ImportPlan",
    "PlanRow",
    "export_commitments",
    "export_parcels",
    "export_results",
    "plan_firms",
    "plan_import",
    "read_firm_table",
    "read_table",
]
