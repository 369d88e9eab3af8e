"""The shared world on a committed (transactional) database, for tests whose threads write
through their own database connections."""

from __future__ import annotations

import pytest

from ..conftest import World


@pytest.fixture
def committed_world(migrated_data: None, world: World) -> World:
    """``world``, committed: other connections see it."""
    return world
