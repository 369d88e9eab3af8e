"""`zonetrack serve`: the production server (gunicorn) with static files (whitenoise)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


def start_jobs_consumer() -> subprocess.Popen[bytes] | None:
    """The huey consumer that runs background jobs, as a child process (None when jobs run
    at once in the web process anyway)."""
    if settings.HUEY.get("immediate"):
        return None
    return subprocess.Popen([sys.executable, "-m", "zonetrack.cli", "run_huey", "--quiet"])


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

        def load(self) -> Any:
            return application

    consumer = start_jobs_consumer() if jobs else None
    try:
        Server().run()
    finally:
        if consumer is not None:
            consumer.terminate()
            consumer.wait(timeout=10)


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
