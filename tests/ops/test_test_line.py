"""The test line (scripts/test.sh) finds whichever PostgreSQL major version is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "test.sh"


def _find_pg_bin(root: Path) -> str:
    text = SCRIPT.read_text()
    start = text.index("find_pg_bin() {")
    function = text[start : text.index("\n}\n", start) + 3]
    script = f"set -euo pipefail\n{function}\nfind_pg_bin {root}"
    result = subprocess.run(
        [shutil.which("bash") or "/bin/bash", "-c", script],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def _install(root: Path, version: str, *, server: bool = True) -> None:
    bin_dir = root / version / "bin"
    bin_dir.mkdir(parents=True)
    for name in ["initdb", "pg_ctl"] if server else ["pg_dump"]:
        (bin_dir / name).write_text("#!/bin/sh\n")
        (bin_dir / name).chmod(0o755)


def test_test_line_picks_the_newest_postgresql_with_a_server(tmp_path: Path) -> None:
    for version in ["9.6", "13", "17"]:
        _install(tmp_path, version)
    _install(tmp_path, "18", server=False)  # client tools only: no cluster can be made
    assert _find_pg_bin(tmp_path) == str(tmp_path / "17" / "bin")


def test_test_line_finds_nothing_without_postgresql(tmp_path: Path) -> None:
    assert _find_pg_bin(tmp_path) == ""


def test_test_line_names_no_fixed_postgresql_version() -> None:
    text = SCRIPT.read_text()
    assert "postgresql/15" not in text
    assert "PostgreSQL 15" not in text


def test_test_line_installs_redis_and_requires_it_under_ci() -> None:
    text = SCRIPT.read_text()
    assert "APT_PACKAGES+=(redis-server)" in text
    assert 'die "Redis is required under CI' in text
