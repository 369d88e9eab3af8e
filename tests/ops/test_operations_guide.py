"""The operations guide and its example files say only what the product does.

Every `zonetrack …` command in docs/operations.md and in the example systemd units parses with
the real command's options; the files the guide links exist; the environment file names only
documented variables; and the production layout (`serve --no-jobs` beside `run_huey`) answers
/healthz and /metrics as the guide says. Backup, restore and dbcopy are run for real in
tests/core/test_backup.py.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "operations.md"
DEPLOY = ROOT / "docs" / "deploy"


def _fenced_lines(text: str) -> list[str]:
    """The lines of the guide's shell blocks (```sh); diagrams and YAML are left out."""
    lines, inside = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            inside = line.strip() == "```sh"
            continue
        if inside:
            lines.append(line.strip())
    return lines


def _zonetrack_commands(lines: list[str]) -> list[list[str]]:
    """The argument lists of the lines that run zonetrack (by name, by its path, or exec)."""
    found = []
    for line in lines:
        # A shell substitution (a dated file name) stands for one word.
        words = shlex.split(re.sub(r"\$\([^)]*\)", "X", line), comments=True)
        if words[:1] == ["exec"]:
            words = words[1:]
        if words and (words[0] == "zonetrack" or words[0].endswith("/bin/zonetrack")):
            found.append(words[1:])
    return found


def _guide_commands() -> list[list[str]]:
    return _zonetrack_commands(_fenced_lines(GUIDE.read_text()))


def _unit_commands() -> list[list[str]]:
    lines = []
    for unit in DEPLOY.glob("*.service"):
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart="):
                command = line.removeprefix("ExecStart=")
                inner = re.search(r"sh -c '(.*)'", command)
                lines.append((inner.group(1) if inner else command).replace("%%", "%"))
    return _zonetrack_commands(lines)


def _check_parses(args: list[str]) -> None:
    name, rest = args[0], args[1:]
    assert name in get_commands(), f"zonetrack {name}: no such command"
    command = load_command_class(get_commands()[name], name)
    parser = command.create_parser("zonetrack", name)
    try:
        parser.parse_args(rest)
    except (CommandError, SystemExit) as exc:
        pytest.fail(f"zonetrack {shlex.join(args)}: {exc}")


def test_the_guide_shows_the_commands_an_administrator_needs() -> None:
    used = {args[0] for args in _guide_commands()}
    assert len(_guide_commands()) >= 10
    assert {
        "init",
        "serve",
        "migrate",
        "check",
        "backup",
        "restore",
        "dbcopy",
    } <= used
    assert any(args[:1] == ["dbcopy"] and "--to" in args for args in _guide_commands())
    assert any(args[:1] == ["restore"] and "--force" in args for args in _guide_commands())


@pytest.mark.parametrize("args", _guide_commands() + _unit_commands(), ids=shlex.join)
def test_every_command_of_the_guide_and_the_units_parses(args: list[str]) -> None:
    _check_parses(args)


def test_the_units_run_the_web_server_without_jobs_and_the_worker_apart() -> None:
    units = {tuple(args[:1]): args for args in _unit_commands()}
    assert "--no-jobs" in units[("serve",)]
    assert ("run_huey",) in units
    assert ("backup",) in units


def test_the_guide_links_files_that_exist_and_the_readme_links_the_guide() -> None:
    links = re.findall(r"\]\((deploy/[^)]+)\)", GUIDE.read_text())
    assert len(links) >= 6
    for link in links:
        assert (GUIDE.parent / link).is_file(), link
    for path in DEPLOY.iterdir():
        assert f"deploy/{path.name}" in GUIDE.read_text(), f"{path.name} is not in the guide"
    assert "](docs/operations.md)" in (ROOT / "README.md").read_text()


def test_the_environment_file_names_only_documented_variables() -> None:
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", readme.split("## Configuration")[1]))
    example = (DEPLOY / "zonetrack.env").read_text()
    named = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", example, re.M))
    assert {"ZONETRACK_DATA_DIR", "DATABASE_URL", "ZONETRACK_HTTPS"} <= named
    assert named <= documented, named - documented


def test_the_shell_scripts_of_the_deploy_examples_are_valid() -> None:
    sh = shutil.which("sh") or "/bin/sh"
    script = DEPLOY / "zonetrack-admin"
    assert os.access(script, os.X_OK)
    subprocess.run([sh, "-n", str(script)], check=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_production_layout_answers_health_and_metrics(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(ZONETRACK_DATA_DIR=str(tmp_path / "var"), ZONETRACK_METRICS_TOKEN="scrape-me")
    zonetrack = [sys.executable, "-m", "zonetrack.cli"]
    migrated = subprocess.run([*zonetrack, "migrate", "-v", "0"], env=env, timeout=300)
    assert migrated.returncode == 0
    port = _free_port()
    web = subprocess.Popen(
        [*zonetrack, "serve", "--port", str(port), "--workers", "1", "--no-jobs"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [*zonetrack, "run_huey"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # Up to a minute: collecting static files and booting are slow on a busy machine.
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = _get(f"{base}/healthz")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert (status, body) == (200, '{"database": "ok", "jobs": "ok"}')
        assert _get(f"{base}/metrics")[0] == 401
        status, text = _get(f"{base}/metrics", {"Authorization": "Bearer scrape-me"})
        assert status == 200
        assert re.search(
            r'^zonetrack_http_requests_total\{route="healthz",method="GET",status="200",'
            r'pid="\d+"\} 1$',
            text,
            re.M,
        )
        assert "zonetrack_jobs_queue_length{" in text
        assert worker.poll() is None, "the job worker stopped"
    finally:
        for process in (web, worker):
            process.terminate()
            process.wait(timeout=15)
