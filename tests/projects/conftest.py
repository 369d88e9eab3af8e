"""The shared world on a committed (transactional) database, for tests whose threads write
through their own database connections."""

from __future__ import annotations

import pytest

from ..conftest import World


@pytest.fixture(scope="session")
def _data_migrations() -> list[tuple[object, object]]:
    """The RunPython steps of zonetrack's migrations, each with the models as they were then."""
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    loader = MigrationLoader(None, ignore_no_migrations=True)
    steps: list[tuple[object, object]] = []
    seen: set[tuple[str, str]] = set()
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            migration = loader.graph.nodes[key]
            if key in seen or not migration.__module__.startswith("zonetrack."):
                continue
            seen.add(key)
            state = loader.project_state(key, at_end=False)
            for operation in migration.operations:
                if isinstance(operation, RunPython):
                    steps.append((operation.code, state.clone().apps))
                else:
                    operation.state_forwards(migration.app_label, state)
    return steps


@pytest.fixture
def migrated_data(transactional_db: None, _data_migrations: list) -> None:  # type: ignore[type-arg]
    """Put back the rows that data migrations load (region codes, clusters, ...).

    A transactional test's database is emptied after it. Serialized rollback does not always
    restore it: once a browser test has run Playwright's event loop in the worker, Django
    hands later tests another connection object than the one serialized at setup.
    """
    from django.db import connection

    from zonetrack.registry.models import Region

    if Region.objects.exists():
        return
    with connection.schema_editor() as schema_editor:
        for code, apps in _data_migrations:
            code(apps, schema_editor)  # type: ignore[operator]


@pytest.fixture
def committed_world(migrated_data: None, world: World) -> World:
    """``world``, committed: other connections see it."""
    return world
