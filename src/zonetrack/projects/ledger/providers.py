"""Ledger columns another app fills: projects may not read dispatch, so dispatch registers the
text of 存在问题 (its open problems) here from its ``AppConfig.ready``, as ``core.links`` slots
let an app add links to another's page."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import QuerySet

# Given the exported projects' ids (a ``values("pk")`` query), each project's text.
ColumnProvider = Callable[[QuerySet[Any]], Mapping[int, str]]

_PROVIDERS: dict[str, ColumnProvider] = {}


def register_ledger_column(key: str, provider: ColumnProvider) -> None:
    """Fill the export's column ``key`` (e.g. "problems") from ``provider``; registering the
    same key again replaces it (ready() may run more than once in tests)."""
    _PROVIDERS[key] = provider


def unregister_ledger_column(key: str) -> None:
    """Leave a column empty again (tests)."""
    _PROVIDERS.pop(key, None)


def provided_columns(ids: QuerySet[Any]) -> dict[str, Mapping[int, str]]:
    """Every registered column's text per project, read once for the whole export."""
    return {key: provider(ids) for key, provider in _PROVIDERS.items()}
