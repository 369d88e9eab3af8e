"""DATABASE_REPLICA_URL: dashboard and list pages read from a real streaming replica.

The test makes a throwaway PostgreSQL primary and a standby of it (`pg_basebackup -R`), both on
127.0.0.1, in directories the `postgres` user owns (the server refuses to run as root: the
commands run through `runuser` when the test runs as root), with Debian's newest installed
PostgreSQL (as scripts/test.sh finds it). It then runs tests/ops/replica.py in a zonetrack
process configured with both and checks where each read went.

PostgreSQL only (the PostgreSQL run of the test line): the SQLite run skips it.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.installations import missing, suite_on_postgresql

from .conftest import base_env, free_port, run
from .pgcluster import Cluster, has_user, new_base, pg_bin

pytestmark = [
    pytest.mark.database,
    pytest.mark.skipif(
        not suite_on_postgresql(), reason="a read replica is PostgreSQL's (the PostgreSQL run)"
    ),
]


@pytest.fixture
def primary_and_replica() -> Iterator[tuple[str, str]]:
    """URLs of a database on a throwaway primary and of the same on its streaming replica."""
    bin_dir = pg_bin()
    if bin_dir is None or (os.geteuid() == 0 and not has_user("postgres")):
        missing("needs Debian's PostgreSQL server (and its postgres user when run as root)")
    assert bin_dir is not None
    base = new_base()
    cluster = Cluster(bin_dir, base)
    try:
        primary, replica = base / "primary", base / "replica"
        primary_port, replica_port = free_port(), free_port()
        cluster.run(
            "initdb",
            *("-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8"),
            "--locale=C.UTF-8",
        )
        cluster.start(primary, primary_port)
        cluster.run("createdb", "-h", "127.0.0.1", "-p", str(primary_port), "-U", "postgres", "zt")
        # -R writes standby.signal and primary_conninfo: the copy starts as a streaming standby.
        cluster.run(
            "pg_basebackup",
            *("-h", "127.0.0.1", "-p", str(primary_port), "-U", "postgres"),
            *("-D", str(replica), "-R", "-X", "stream", "-c", "fast"),
        )
        cluster.start(replica, replica_port)
        yield (
            f"postgres://postgres@127.0.0.1:{primary_port}/zt",
            f"postgres://postgres@127.0.0.1:{replica_port}/zt",
        )
    finally:
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


def test_dashboards_and_lists_read_from_the_replica_and_writes_stay_on_the_primary(
    primary_and_replica: tuple[str, str], tmp_path: Path
) -> None:
    primary, replica = primary_and_replica
    env = base_env(
        DATABASE_URL=primary,
        DATABASE_REPLICA_URL=replica,
        ZONETRACK_DATA_DIR=str(tmp_path / "var"),
        DATABASE_CONN_MAX_AGE="0",
    )
    run(env, "zonetrack.cli", "migrate", "-v", "0")
    facts = json.loads(run(env, "tests.ops.replica"))

    assert facts["replica_in_recovery"] is True  # it is the standby, not a second primary
    for page in ("dashboard", "project_list", "zone_list"):
        seen = facts[page]
        assert seen["status"] == 200, page
        assert seen["replica"] >= 1, page
        assert "projects_project" in seen["replica_sql"] or page == "zone_list", page
        # The primary answers only for the session and the signed-in user (and a transaction
        # of their own that the session's save opens).
        others = [
            sql
            for sql in seen["primary"]
            if not any(name in sql for name in ("django_session", "accounts_", "axes_"))
            and sql.split()[0] not in {"BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"}
        ]
        assert not others, (page, seen["primary"])
    detail = facts["project_detail"]
    assert detail["status"] == 200
    assert detail["replica"] == 0 and detail["primary"]
    assert facts["read_in_transaction"]["replica"] == 0
    assert facts["read_outside_transaction"]["replica"] == 1
    # Right after a write the same browser reads its list from the primary.
    after = facts["project_list_after_write"]
    assert after["status"] == 200
    assert after["replica"] == 0 and after["primary"]
