"""`zonetrack demo`: migrate, load the demo dataset (idempotent), then serve it.

The data come from the loaders the apps register in `zonetrack.core.demo`: this command imports
no domain app."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from zonetrack.core import demo
from zonetrack.core.management.commands.serve import run_server


class Command(BaseCommand):
    help = "Set up the demo: migrate, load the demo dataset, print the logins and serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="load the data only")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, no_serve: bool, host: str, port: int, **opts: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        logins = demo.load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for username, who, role in logins:
            self.stdout.write(f"  {username:<15} {role:<10} {who}")
        if no_serve:
            return
        self.stdout.write(f"Open http://{host}:{port}/ and sign in.")
        run_server(host=host, port=port, workers=2)
