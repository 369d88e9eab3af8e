"""`zonetrack init`: apply migrations and create the first administrator."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zonetrack.accounts.models import User
from zonetrack.accounts.services import user_create


class Command(BaseCommand):
    help = "Apply database migrations and create the first administrator if there is none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", help="administrator's username (no prompt)")
        parser.add_argument("--password", help="administrator's password (no prompt)")

    def handle(self, *args: Any, username: str | None, password: str | None, **opts: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database is up to date.")
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An administrator exists already.")
            return
        if not username:
            username = input("Administrator username: ").strip()
        if password is None:
            password = getpass.getpass("Password (12+ characters): ")
        try:
            user_create(actor=None, username=username, password=password, is_superuser=True)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Administrator {username!r} created."))
