"""`zonetrack serve`: the production server (gunicorn) with static files (whitenoise)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


def run_server(*, host: str, port: int, workers: int) -> None:
    """Collect static files, then serve the WSGI application with gunicorn until stopped."""
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

    Server().run()


class Command(BaseCommand):
    help = "Serve zonetrack with gunicorn (DEBUG off unless set in the environment)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, host: str, port: int, workers: int, **opts: Any) -> None:
        self.stdout.write(f"zonetrack on http://{host}:{port}/  (DEBUG={settings.DEBUG})")
        run_server(host=host, port=port, workers=workers)
