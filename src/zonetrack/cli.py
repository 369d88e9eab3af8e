"""The `zonetrack` console command: Django's management commands plus zonetrack's own."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command: `zonetrack init`, `zonetrack demo`, `zonetrack migrate`, …"""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zonetrack", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
