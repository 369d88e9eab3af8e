"""`zonetrack backup`, `restore` and `dbcopy` on real installations, each in its own process.

Each test builds an installation (a data directory, and a PostgreSQL database where it needs
one) with tests/ops/records.py, runs the commands as an administrator would, and compares what
must survive: the rows of every table, the investment totals per zone and the uploaded files.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.installations import Installed

ROOT = Path(__file__).resolve().parents[2]
# One worker runs the module, so the SQLite installation its tests share is built once.
pytestmark = pytest.mark.xdist_group("backup")


def _env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    }
    env["ZONETRACK_DATA_DIR"] = str(data_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def zonetrack(env: dict[str, str], *args: str, ok: bool = True) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    result = subprocess.run(
        [sys.executable, "-m", "zonetrack.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if ok:
        assert result.returncode == 0, result.stderr + result.stdout
    return result


def records(env: dict[str, str], action: str) -> dict:  # type: ignore[type-arg]
    result = subprocess.run(
        [sys.executable, "-m", "tests.ops.records", action],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if action == "facts" else {}


def installation(
    installed: Installed, data_dir: Path, database_url: str | None = None
) -> tuple[dict[str, str], dict]:  # type: ignore[type-arg]
    """A migrated installation with records in it, and its facts. Its database starts as a
    copy of a migrated one (tests/installations.py) where there is one."""
    env = _env(data_dir, database_url)
    if database_url is None:
        installed.sqlite_into(data_dir)
    zonetrack(env, "migrate", "-v", "0")
    records(env, "make")
    return env, records(env, "facts")


@pytest.fixture(scope="module")
def sqlite_source(
    installed: Installed, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, str], dict]:  # type: ignore[type-arg]
    return installation(installed, tmp_path_factory.mktemp("source") / "data")


def _check_facts(facts: dict, restored: dict) -> None:  # type: ignore[type-arg]
    assert restored["counts"] == facts["counts"]
    assert restored["totals"] == facts["totals"]
    assert restored["files"] == facts["files"]
    assert facts["counts"]["projects_project"] == 8
    assert facts["counts"]["dispatch_problem"] == 8
    assert len(facts["totals"]) == 2
    assert len(facts["files"]) == 2


def test_backup_and_restore_round_trip_on_sqlite(sqlite_source, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env, facts = sqlite_source
    archive = tmp_path / "zonetrack.tar"
    zonetrack(env, "backup", str(archive))
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        names = tar.getnames()
    assert manifest["vendor"] == "sqlite"
    assert manifest["zonetrack_version"]
    assert "0008_pipeline_totals" in manifest["migrations"]["projects"]
    for table, count in facts["counts"].items():
        assert manifest["row_counts"][table] == count
    assert "database.sqlite3" in names
    assert sorted(n for n in names if n.startswith("media/")) == sorted(
        f"media/{name}" for name in facts["files"]
    )
    fresh = _env(tmp_path / "restored")
    done = zonetrack(fresh, "restore", str(archive))
    assert "counts checked" in done.stdout
    _check_facts(facts, records(fresh, "facts"))


def test_restore_refuses_a_database_with_data_unless_forced(sqlite_source, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env, facts = sqlite_source
    archive = tmp_path / "zonetrack.tar"
    zonetrack(env, "backup", str(archive))
    target = tmp_path / "used"
    shutil.copytree(env["ZONETRACK_DATA_DIR"], target)
    used = _env(target)
    zonetrack(
        used,
        "shell",
        "-c",
        "from zonetrack.projects.models import Project; "
        "Project.objects.filter(name='备份项目0-0').update(total_investment_wan=1)",
    )
    refused = zonetrack(used, "restore", str(archive), ok=False)
    assert refused.returncode != 0
    assert "already holds data" in refused.stderr
    assert "--force" in refused.stderr
    assert records(used, "facts")["totals"] != facts["totals"]  # nothing was touched
    forced = zonetrack(used, "restore", str(archive), "--force")
    assert "previous media directory was kept" in forced.stdout
    _check_facts(facts, records(used, "facts"))


def _with_manifest(archive: Path, out: Path, change: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
    with tarfile.open(archive) as source, tarfile.open(out, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))


def test_restore_refuses_a_backup_from_a_newer_schema(sqlite_source, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env, _facts = sqlite_source
    archive = tmp_path / "zonetrack.tar"
    zonetrack(env, "backup", str(archive))
    newer = tmp_path / "newer.tar"

    def from_the_future(manifest: dict) -> None:  # type: ignore[type-arg]
        manifest["zonetrack_version"] = "9.0.0"
        manifest["migrations"]["projects"].append("0099_from_a_newer_version")

    _with_manifest(archive, newer, from_the_future)
    fresh = _env(tmp_path / "fresh")
    refused = zonetrack(fresh, "restore", str(newer), ok=False)
    assert refused.returncode != 0
    assert "newer schema" in refused.stderr
    assert "projects.0099_from_a_newer_version" in refused.stderr
    assert "9.0.0" in refused.stderr
    assert not (tmp_path / "fresh" / "zonetrack.sqlite3").exists()
    assert not (tmp_path / "fresh" / "media").exists()


def test_backup_and_restore_round_trip_on_postgresql(
    pg_database, installed, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    env, facts = installation(installed, tmp_path / "source", pg_database(migrated=True))
    archive = tmp_path / "zonetrack.tar"
    zonetrack(env, "backup", str(archive))
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        assert "database.pgdump" in tar.getnames()
    assert manifest["vendor"] == "postgresql"
    for table, count in facts["counts"].items():
        assert manifest["row_counts"][table] == count
    fresh = _env(tmp_path / "restored", pg_database())
    zonetrack(fresh, "restore", str(archive))
    _check_facts(facts, records(fresh, "facts"))
    # A second restore over it needs --force, and gives the same result.
    assert zonetrack(fresh, "restore", str(archive), ok=False).returncode != 0
    zonetrack(fresh, "restore", str(archive), "--force")
    _check_facts(facts, records(fresh, "facts"))


def test_restore_refuses_a_backup_of_another_database_vendor(  # type: ignore[no-untyped-def]
    sqlite_source, pg_database, tmp_path: Path
) -> None:
    env, _facts = sqlite_source
    archive = tmp_path / "zonetrack.tar"
    zonetrack(env, "backup", str(archive))
    refused = zonetrack(_env(tmp_path / "pg", pg_database()), "restore", str(archive), ok=False)
    assert refused.returncode != 0
    assert "backup of a sqlite database" in refused.stderr
    assert "dbcopy" in refused.stderr


def test_dbcopy_moves_an_sqlite_installation_to_postgresql(  # type: ignore[no-untyped-def]
    sqlite_source, pg_database, tmp_path: Path
) -> None:
    env, facts = sqlite_source
    target = pg_database()
    copied = zonetrack(env, "dbcopy", "--to", target, "--batch", "3")
    assert "row counts match" in copied.stdout
    moved = _env(Path(env["ZONETRACK_DATA_DIR"]), target)
    _check_facts(facts, records(moved, "facts"))
    # Sequences continue after the copied keys: a new record gets a new id.
    new = zonetrack(
        moved,
        "shell",
        "--no-imports",
        "-c",
        "from zonetrack.accounts.services import organisation_create as c; "
        "print(c(actor=None, name='迁移后新建', kind='province_dept', parent=None).pk)",
    )
    assert int(new.stdout.strip()) > facts["counts"]["accounts_organisation"]
    # Into a database that holds data it refuses.
    again = zonetrack(env, "dbcopy", "--to", target, ok=False)
    assert again.returncode != 0
    assert "already holds data" in again.stderr


class _Server:
    """Stands for a database connection to a server of one major version."""

    def __init__(self, major: int) -> None:
        self.pg_version = major * 10000 + 1

    def ensure_connection(self) -> None:
        return None


def _fake_tool(directory: Path, version: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    tool = directory / "pg_dump"
    tool.write_text(f"#!/bin/sh\necho 'pg_dump (PostgreSQL) {version}'\n")
    tool.chmod(0o755)


def test_pg_tools_come_from_path_when_not_older_than_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zonetrack.core.backup import BackupError, pg_tool

    _fake_tool(tmp_path / "old", "97.2")
    _fake_tool(tmp_path / "new", "99.1")
    monkeypatch.setenv("PATH", f"{tmp_path / 'old'}:/usr/bin:/bin")
    with pytest.raises(BackupError, match=r"version 97, older than the server \(98\)"):
        pg_tool("pg_dump", _Server(98))  # type: ignore[arg-type]
    monkeypatch.setenv("PATH", f"{tmp_path / 'new'}:/usr/bin:/bin")
    assert pg_tool("pg_dump", _Server(98)) == str(tmp_path / "new" / "pg_dump")  # type: ignore[arg-type]
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    with pytest.raises(BackupError, match="postgresql-client-98"):
        pg_tool("pg_dump", _Server(98))  # type: ignore[arg-type]
