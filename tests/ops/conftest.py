"""Fixtures of the operations tests: a throwaway Redis, fresh PostgreSQL databases, and
`zonetrack` processes (servers, job workers) started and stopped around a test.

Redis is Debian's `redis-server`, started here on 127.0.0.1 on a free port with nothing kept on
disk; the test line (scripts/test.sh) installs it when it is missing. PostgreSQL databases are
made on the suite's own server (DATABASE_URL) or the test line's (ZONETRACK_TEST_POSTGRES_URL).
Under CI=true a missing server fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.installations import missing

ROOT = Path(__file__).resolve().parents[2]
ZONETRACK = [sys.executable, "-m", "zonetrack.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def redis_server_binary() -> str | None:
    return shutil.which("redis-server") or (
        "/usr/bin/redis-server" if os.access("/usr/bin/redis-server", os.X_OK) else None
    )


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A Redis of its own on 127.0.0.1 (a free port, nothing saved to disk), for one test."""
    binary = redis_server_binary()
    if binary is None:
        missing("needs Debian's redis-server (apt-get install redis-server)")
    assert binary is not None
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            *("--bind", "127.0.0.1", "--port", str(port), "--protected-mode", "yes"),
            *("--save", "", "--appendonly", "no", "--dir", str(tmp_path)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            assert process.poll() is None, "redis-server stopped at start"
            assert time.monotonic() < deadline, "redis-server did not answer"
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def base_env(**extra: str) -> dict[str, str]:
    """The environment of a zonetrack process: this one's, less what the suite set for itself."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DJANGO_SETTINGS_MODULE",
            "ZONETRACK_JOBS_IMMEDIATE",
        }
    }
    env.update(extra)
    return env


def run(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    """Run ``python -m ARGS`` (a zonetrack command or a helper) and return its output."""
    result = subprocess.run(
        [sys.executable, "-m", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


@dataclass
class Processes:
    """zonetrack processes started for a test, each logging to a file; all ended afterwards."""

    directory: Path
    started: list[tuple[subprocess.Popen[bytes], Path]] = field(default_factory=list)

    def start(self, name: str, env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
        log = self.directory / f"{name}.log"
        with log.open("wb") as out:
            # A session of its own: stopping it ends its children too (gunicorn's workers).
            process = subprocess.Popen(
                [*ZONETRACK, *args],
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started.append((process, log))
        return process

    def serve(self, name: str, env: dict[str, str]) -> str:
        """A web server without a jobs consumer (the production layout); its base URL once
        /healthz answers."""
        port = free_port()
        process = self.start(name, env, "serve", "--port", str(port), "--workers", "1", "--no-jobs")
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return base
            except (OSError, urllib.error.HTTPError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{name} did not start:\n{self.log(name)}")
            time.sleep(0.2)

    def log(self, name: str) -> str:
        return (self.directory / f"{name}.log").read_text(errors="replace")

    def stop(self) -> None:
        """End every process started, with its children: nothing of a test outlives it."""
        for process, _log in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process, _log in self.started:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    started = Processes(tmp_path)
    yield started
    started.stop()
