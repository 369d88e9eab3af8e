"""The `zonetrack` console command: Django's management commands plus zonetrack's own."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command: `zonetrack init`, `zonetrack demo`, `zonetrack migrate`, …"""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["articles"]:
        # `articles clean` and `articles extract` read a file and print: they need no database,
        # so they run without starting Django (a second of start-up and system checks).
        from zonetrack.articles.text.command import run_quick

        if (status := run_quick(args[1:])) is not None:
            raise SystemExit(status)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zonetrack", *args])


if __name__ == "__main__":
    main()
