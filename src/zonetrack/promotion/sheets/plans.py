"""What an import of a zone's sheet would write, checked row by row: the base of the lead
list's and the chain map's plans (all rows written or none)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from zonetrack.registry.models import Zone
    from zonetrack.sheets.reader import Table


@dataclass
class PlannedRow:
    """One row of the file: its number, its name, what would happen (create, unchanged,
    reject …) and what is wrong — ``cells`` names the column of each fault, ``problems`` are
    the row's own. Each kind of plan adds the ``draft`` it would write."""

    number: int
    name: str
    action: str = "create"
    cells: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    draft: Any = None

    @property
    def errors(self) -> list[str]:
        return [*self.problems, *(f"{column}: {message}" for column, message in self.cells)]


Row = TypeVar("Row", bound=PlannedRow)


@dataclass
class ZonePlan(Generic[Row]):
    """The checked rows of one zone's sheet, the file's own problems and the columns it has
    that are not imported. Each row has ``errors``, an ``action`` (create, unchanged,
    reject …) and the ``draft`` to write, if any."""

    zone_id: int
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows) and all(not r.errors for r in self.rows)

    @property
    def summary(self) -> dict[str, int]:
        counts = {"create": 0, "update": 0, "unchanged": 0, "reject": 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts

    def drafts(self) -> list[Any]:
        return [row.draft for row in self.rows if row.draft is not None]


class RowChecker(Protocol):
    def check(self, row: Any) -> Any: ...


Plan = TypeVar("Plan", bound=ZonePlan[Any])


def check_rows(
    plan: Plan,
    table: Table,
    *,
    zone: Zone,
    required: Iterable[str],
    known: dict[str, Any],
    checker: Callable[[], RowChecker],
    archived: str,
    empty: str,
    progress: Callable[[int], None] | None = None,
) -> Plan:
    """Fill ``plan`` with every row of ``table`` as ``checker()`` judges it, for ``zone``:
    nothing for an archived zone (``archived`` says why) or a file missing a required column,
    and ``empty`` when the file has no rows. Nothing is written."""
    if zone.is_archived:
        plan.problems.append(archived)
        return plan
    missing = [name for name in required if name not in table.labels]
    if missing:
        plan.problems.append(
            _("The column %(column)s is missing.") % {"column": known[missing[0]][0]}
        )
        return plan
    check = checker()
    for done, row in enumerate(table.rows(), start=1):
        plan.rows.append(check.check(row))
        if progress and done % 200 == 0:
            progress(done)
    if not plan.rows:
        plan.problems.append(empty)
    return plan
