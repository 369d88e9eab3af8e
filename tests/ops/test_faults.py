"""Faults survived, with real processes: a job worker killed (`kill -9`) in the middle of an
import and in the middle of an export.

An import of 2,000 zones is written in chunks of 500; its worker is killed once a chunk is
committed. The periodic watch then fails the job and takes back what it wrote (nothing of a
half import stays), its owner may retry it, and the retry writes every zone once. An export's
worker is killed while it writes the file: no file is kept, the job is failed with a retry, and
the retry delivers the whole file. Runs on the suite's database (SQLite, or PostgreSQL in the
PostgreSQL run), with the queue of that installation (the SQLite queue in its data directory).

Disk full during an upload is tests/ops/test_disk_full.py; PostgreSQL restarted under load is
the benchmark bench/faults.py (its result in bench/results/faults-pg-restart.txt).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.installations import Installed, suite_on_postgresql

from .conftest import Processes, base_env, run

pytestmark = pytest.mark.database

ROWS = 2000
CHUNK = 500


def _reader(env: dict[str, str]) -> Callable[[str], Any]:
    """One value from the installation's database, read directly (no Django in this process)."""
    if "DATABASE_URL" in env:

        def read_pg(sql: str) -> Any:
            with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
                row = conn.execute(sql).fetchone()
                return row[0] if row else None

        return read_pg
    path = Path(env["ZONETRACK_DATA_DIR"]) / "zonetrack.sqlite3"

    def read_sqlite(sql: str) -> Any:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30) as conn:
            row = conn.execute(sql).fetchone()
            return row[0] if row else None

    return read_sqlite


def _wait(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def job_field(read: Callable[[str], Any], job: int, field: str) -> Any:
    return read(f"SELECT {field} FROM core_job WHERE id = {int(job)}")  # noqa: S608 - ours


def _kill_9(process: Any) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@pytest.fixture
def installation(
    request: pytest.FixtureRequest, installed: Installed, tmp_path: Path
) -> dict[str, str]:
    extra = {"ZONETRACK_DATA_DIR": str(tmp_path / "var")}
    if suite_on_postgresql():
        extra["DATABASE_URL"] = request.getfixturevalue("pg_database")(migrated=True)
    else:
        installed.sqlite_into(tmp_path / "var")
    env = base_env(**extra)
    run(env, "zonetrack.cli", "migrate", "-v", "0")
    return env


def state(env: dict[str, str], job: int) -> dict[str, Any]:
    return dict(json.loads(run(env, "tests.ops.faults", "state", str(job))))


def test_a_worker_killed_mid_import_and_mid_export_leaves_nothing_partial_and_a_retry(
    installation: dict[str, str], processes: Processes
) -> None:
    env, read = installation, _reader(installation)
    job = int(json.loads(run(env, "tests.ops.faults", "seed-import", str(ROWS)))["job"])
    zones = "SELECT count(*) FROM registry_zone WHERE name LIKE '故障区%'"

    # kill -9 once the first chunk is committed, before the last one is.
    worker = processes.start("worker-1", env, "run_huey")
    _wait(lambda: read(zones) >= CHUNK, 60, "the first chunk")
    _kill_9(worker)
    written = read(zones)
    assert CHUNK <= written < ROWS, "the import finished before the worker was killed"
    assert job_field(read, job, "status") == "running"

    run(env, "tests.ops.faults", "worker-died", str(job))
    died = state(env, job)
    assert died["status"] == "failed" and died["result"].get("undone") and died["can_retry"]
    assert died["zones"] == 0  # nothing of the half import stays

    # The retry writes every zone, once.
    processes.start("worker-2", env, "run_huey")
    run(env, "tests.ops.faults", "retry", str(job))
    _wait(lambda: job_field(read, job, "status") == "done", 90, "retry")
    done = state(env, job)
    assert done["zones"] == ROWS and done["distinct_names"] == ROWS
    assert done["attempts"] == 2 and done["result"]["imported"]["create"] == ROWS
    processes.stop()

    # An export killed while it writes its file keeps no file and can be retried.
    export = int(run(env, "tests.ops.faults", "queue-export"))
    worker = processes.start("worker-3", env, "run_huey")
    _wait(lambda: job_field(read, export, "status") != "queued", 60, "the export to start")
    _kill_9(worker)
    assert job_field(read, export, "status") == "running", "the export finished first"
    assert job_field(read, export, "file") == ""
    run(env, "tests.ops.faults", "worker-died", str(export))
    died = state(env, export)
    assert died["status"] == "failed" and died["can_retry"] and died["file_rows"] is None

    processes.start("worker-4", env, "run_huey")
    run(env, "tests.ops.faults", "retry", str(export))
    _wait(lambda: job_field(read, export, "status") == "done", 90, "the export's retry")
    assert state(env, export)["file_rows"] >= ROWS
