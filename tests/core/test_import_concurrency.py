"""SQLite under a long import: other writers wait for a chunk, they do not fail."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.installations import Installed

SCRIPT = Path(__file__).with_name("sqlite_concurrency.py")


def run_import(installed: Installed, tmp_path: Path, *args: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # a SQLite file
    env["ZONETRACK_DATA_DIR"] = str(tmp_path)
    installed.sqlite_into(tmp_path)  # migrated, when the suite runs on SQLite
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_writers_wait_a_chunk_of_a_long_import_and_succeed(
    installed: Installed, tmp_path: Path
) -> None:
    # Writers give up after 2 s here; the import takes several times as long, in chunks of
    # 250 zones. Written in one transaction (chunks of 100,000) the same writes fail.
    report = run_import(installed, tmp_path, "3000", "2", "250")
    assert report["imported"] == 2999
    assert float(report["import_s"]) > 2  # type: ignore[arg-type]  (outlasts the timeout)
    assert report["failures"] == []
    assert int(report["writes"]) >= 5  # type: ignore[call-overload]
