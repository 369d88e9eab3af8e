"""A ledger's preview of changed projects reads what it matches against once, not per row."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import World
from zonetrack.accounts.models import User

from .test_ledger import ledger_file, named_manager, plan_for  # noqa: F401
from .test_ledger_updates import _changed_rows, _projects


def test_the_preview_of_changed_rows_takes_a_fixed_number_of_queries(
    world: World,
    named_manager: User,  # noqa: F811
) -> None:
    _projects(world, 40)

    def queries_for(count: int) -> int:
        data = ledger_file(_changed_rows(count))
        with CaptureQueriesContext(connection) as captured:
            plan = plan_for(data, world)
        assert plan.ok and plan.summary["update"] == count
        # Each changed row shows what changes: its total, from 100 万元 to the ledger's.
        assert ("100.00", f"{200 + count:,.2f}") in [
            (before, after) for _label, before, after in plan.rows[-1].diffs
        ], plan.rows[-1].diffs
        return len(captured)

    queries_for(2)  # warms the caches
    few = queries_for(3)
    many = queries_for(40)
    assert many <= few + 2, (few, many)
