"""Count the cockpits' figures of an installation that had projects before they were kept."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def count(apps: Any, schema_editor: Any) -> None:
    # Derived rows, counted by the code that keeps them (a fresh database has nothing to count).
    from zonetrack.dashboards.services import rollup_rebuild

    rollup_rebuild()


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0001_initial"), ("projects", "0011_enterprise_profile")]

    operations = [migrations.RunPython(count, migrations.RunPython.noop)]
