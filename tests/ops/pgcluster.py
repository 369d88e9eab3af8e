"""Throwaway PostgreSQL clusters on 127.0.0.1 for the operations tests and the fault benchmark.

PostgreSQL refuses to run as root: when run as root, every command runs as the `postgres` user
(runuser) on directories that user owns. The server is Debian's newest installed major version
with a server, found as scripts/test.sh finds it.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path


def pg_bin(root: Path = Path("/usr/lib/postgresql")) -> Path | None:
    """The bin directory of the newest installed PostgreSQL with a server (scripts/test.sh)."""
    found = [
        (int(d.parent.name.split(".")[0]), d)
        for d in root.glob("*/bin")
        if (d / "initdb").is_file() and d.parent.name.split(".")[0].isdigit()
    ]
    return max(found)[1] if found else None


class Cluster:
    """Runs the PostgreSQL commands as the user that owns the clusters."""

    def __init__(self, bin_dir: Path, base: Path) -> None:
        self.bin, self.base = bin_dir, base
        self.as_root = os.geteuid() == 0
        self.started: list[Path] = []

    def run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{tool}: {result.stderr}{result.stdout}"

    def start(self, data: Path, port: int, *, durable: bool = False) -> None:
        """Start a server; ``durable`` keeps fsync on (tests leave it off for speed)."""
        fast = "" if durable else " -c fsync=off -c full_page_writes=off"
        self.run(
            "pg_ctl",
            *("-D", str(data), "-l", str(self.base / f"{data.name}.log"), "-w", "start"),
            "-o",
            f"-h 127.0.0.1 -p {port} -k {self.base}{fast}",
        )
        if data not in self.started:
            self.started.append(data)

    def stop_server(self, data: Path, mode: str = "fast") -> None:
        """Stop one server (``fast``: as a service stop or a restart does)."""
        self.run("pg_ctl", "-D", str(data), "stop", "-w", "-m", mode)

    def stop(self) -> None:
        for data in reversed(self.started):
            with contextlib.suppress(AssertionError):  # already stopped
                self.run("pg_ctl", "-D", str(data), "stop", "-m", "immediate")


def has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def new_base() -> Path:
    """A directory for clusters under /tmp (the postgres user must reach it, and a socket path
    must stay short), owned by that user when run as root."""
    base = Path(tempfile.mkdtemp(prefix="zt-pg-", dir="/tmp"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    return base
