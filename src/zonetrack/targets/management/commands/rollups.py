"""`zonetrack rollups [--check]`: recompute the kept rollups from the records (after a bulk load
or an organisation moved in the tree), or only report whether they are current."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from zonetrack.targets.models import Rollup
from zonetrack.targets.services import rollups


class Command(BaseCommand):
    help = (
        "Recompute every rollup (organisation × indicator × month) from the reported values and "
        "the projects, writing only what changed. --check writes nothing and fails when any is "
        "out of date."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="report, write nothing")

    def handle(self, *args: Any, check: bool, **opts: Any) -> None:
        if check:
            kept = {
                (r.organisation_id, r.indicator_id, r.period): rollups.Figure(
                    r.own_amount, r.own_base, r.amount, r.base, r.basis
                )
                for r in Rollup.objects.all()
            }
            live = rollups.live()
            stale = sum(1 for k in set(kept) | set(live) if kept.get(k) != live.get(k))
            if stale:
                raise CommandError(f"{stale} rollups are out of date: run `zonetrack rollups`.")
            self.stdout.write("Rollups are current.")
            return
        with transaction.atomic():
            written = rollups.rebuild()
        self.stdout.write(f"Rollups rebuilt: {written} rows written.")
