"""`zonetrack alerts run`: the daily alert job, by hand or from cron."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zonetrack.notices.delivery import run_daily


class Command(BaseCommand):
    help = "Run the alert job of every app: its steps, notifications, e-mail and webhook."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["run"])
        parser.add_argument("--date", help="pretend today is this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("date"):
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD") from exc
        result = run_daily(today=today)
        self.stdout.write(
            f"alerts {result.alerts}, notifications {result.notifications}, "
            f"e-mails {result.emails}, webhooks {result.webhooks}, failures {result.failures}"
            + "".join(f", {name.replace('_', ' ')} {n}" for name, n in result.steps.items())
        )
        for kind, n in sorted(result.by_kind.items()):
            self.stdout.write(f"  {kind}: {n}")
