"""`zonetrack serve`: gunicorn with static files (WhiteNoise) and a supervised jobs consumer."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

logger = logging.getLogger(__name__)


def consumer_command() -> list[str]:
    """The huey consumer that runs background jobs, as a command line."""
    return [sys.executable, "-m", "zonetrack.cli", "run_huey", "--quiet"]


class Supervisor:
    """Keeps one child process running: restarts it when it dies, waiting longer after each
    quick death (``backoff`` seconds, doubling up to ``max_backoff``; a child that ran for
    ``stable_after`` seconds starts the count again), and stops it on ``stop``."""

    def __init__(
        self,
        command: list[str],
        *,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        stable_after: float = 60.0,
        poll: float = 1.0,
    ) -> None:
        self.command = command
        self.backoff, self.max_backoff = backoff, max_backoff
        self.stable_after, self.poll = stable_after, poll
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="jobs-supervisor", daemon=True)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self) -> Supervisor:
        self._spawn()
        self._thread.start()
        return self

    def _spawn(self) -> None:
        self.process = subprocess.Popen(self.command)  # noqa: S603 - our own command line
        self._started = time.monotonic()

    def _watch(self) -> None:
        delay = self.backoff
        while not self._stopping.wait(self.poll):
            assert self.process is not None
            code = self.process.poll()
            if code is None:
                continue
            if time.monotonic() - self._started >= self.stable_after:
                delay = self.backoff
            logger.error(
                "the jobs consumer (pid %s) ended with status %s; restarting in %.0f s",
                self.process.pid,
                code,
                delay,
            )
            if self._stopping.wait(delay):
                return
            self._spawn()
            self.restarts += 1
            delay = min(delay * 2, self.max_backoff)

    def stop(self, timeout: float = 10) -> None:
        """Stop watching, then end the child: politely, and by force after ``timeout``."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.poll + 1)
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=timeout)


def start_jobs_consumer() -> Supervisor | None:
    """The supervised jobs consumer (None when jobs run at once in the web process anyway)."""
    if settings.HUEY.get("immediate"):
        return None
    return Supervisor(consumer_command()).start()


# A Unix socket's path holds at most 107 bytes.
SOCKET_PATH_BYTES = 107


def control_socket(port: int) -> Path | None:
    """Where gunicorn's control socket of the server on ``port`` lives: in the data directory,
    named for the port, so several servers on one machine each have their own (gunicorn's
    default is one per user). None, and no control socket, when that path is too long."""
    path = Path(settings.DATA_DIR) / f"gunicorn-{port}.ctl"
    return path if len(str(path).encode()) <= SOCKET_PATH_BYTES else None


def run_server(*, host: str, port: int, workers: int, jobs: bool = True) -> None:
    """Collect static files, then serve the WSGI application with gunicorn until stopped,
    with the background jobs' consumer beside it."""
    from gunicorn.app.base import BaseApplication

    # Collect first: WhiteNoise indexes the static directory when the application loads.
    call_command("collectstatic", interactive=False, verbosity=0)
    from zonetrack.wsgi import application

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", 4)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 120)
            # A kept-alive connection idle past this is closed from the worker's main loop,
            # which a busy machine can hold up behind the worker's threads: with gunicorn's
            # 2 s a client reusing its connection after a pause was sometimes reset unread.
            self.cfg.set("keepalive", 15)
            socket = control_socket(port)
            if socket is None:
                self.cfg.set("control_socket_disable", True)
            else:
                socket.parent.mkdir(parents=True, exist_ok=True)
                self.cfg.set("control_socket", str(socket))

        def load(self) -> Any:
            return application

    consumer = start_jobs_consumer() if jobs else None
    try:
        Server().run()
    finally:
        if consumer is not None:
            consumer.stop()


class Command(BaseCommand):
    help = "Serve zonetrack with gunicorn (DEBUG off unless set in the environment)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--no-jobs",
            action="store_true",
            help="do not start the background jobs' consumer (run `zonetrack run_huey` apart)",
        )

    def handle(
        self, *args: Any, host: str, port: int, workers: int, no_jobs: bool, **opts: Any
    ) -> None:
        self.stdout.write(f"zonetrack on http://{host}:{port}/  (DEBUG={settings.DEBUG})")
        run_server(host=host, port=port, workers=workers, jobs=not no_jobs)
