"""The project ledger (项目台账) spreadsheet: plan an import, apply it all or nothing, export it."""

from .columns import (
    AMOUNTS,
    CENT,
    IMPORTED_AMOUNTS,
    KIND_HEADINGS,
    KIND_ORDER,
    KIND_WORDS,
    LEDGER_COLUMNS,
    NATURE_IGNORED,
    NATURE_LABELS,
    NATURE_WORDS,
    NUMERALS,
    STAGE_LABELS,
    last_complete_day,
    ledger_file_name,
    ledger_title,
    ledger_year,
)
from .export import export_ledger
from .plans import Action, LedgerPlan, LedgerRefused, LedgerRow
from .providers import provided_columns, register_ledger_column, unregister_ledger_column
from .reading import apply_ledger, plan_ledger, read_ledger

__all__ = [
    "AMOUNTS",
    "CENT",
    "IMPORTED_AMOUNTS",
    "KIND_HEADINGS",
    "KIND_ORDER",
    "KIND_WORDS",
    "LEDGER_COLUMNS",
    "NATURE_IGNORED",
    "NATURE_LABELS",
    "NATURE_WORDS",
    "NUMERALS",
    "STAGE_LABELS",
    "Action",
    "LedgerPlan",
    "LedgerRefused",
    "LedgerRow",
    "apply_ledger",
    "export_ledger",
    "last_complete_day",
    "ledger_file_name",
    "ledger_title",
    "ledger_year",
    "plan_ledger",
    "provided_columns",
    "read_ledger",
    "register_ledger_column",
    "unregister_ledger_column",
]
