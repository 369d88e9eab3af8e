"""What an import will do: the plan of each row and of the whole file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..models import Cluster, Zone


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REJECT = "reject"


@dataclass
class RowPlan:
    """What one spreadsheet row will do, and why."""

    number: int
    name: str
    action: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    clusters: list[Cluster] | None = None
    zone: Zone | None = None
    changed: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    """The row-by-row plan of an import; ``ok`` when nothing is rejected."""

    rows: list[RowPlan]
    unknown_columns: list[str]
    missing_columns: list[str]
    unmatched_terms: Counter[str]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not any(r.action == Action.REJECT for r in self.rows)

    @property
    def unmatched(self) -> list[tuple[str, int]]:
        """Industry terms that matched no cluster, most frequent first."""
        return self.unmatched_terms.most_common()

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def summary(self) -> dict[str, int]:
        return {
            action: self.count(action)
            for action in (Action.CREATE, Action.UPDATE, Action.UNCHANGED, Action.REJECT)
        }
