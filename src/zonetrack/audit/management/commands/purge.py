"""`zonetrack purge APP.MODEL ID --yes`: delete one archived record for good."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import ProtectedError

from zonetrack.audit.services import purge


class Command(BaseCommand):
    help = (
        "Delete an archived record permanently (its change history is kept). "
        "The UI and API only archive; this is the administrator's explicit purge."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("model", help="app_label.ModelName, e.g. registry.Zone")
        parser.add_argument("pk")
        parser.add_argument("--yes", action="store_true", help="confirm the purge")

    def handle(self, *args: Any, model: str, pk: str, yes: bool, **opts: Any) -> None:
        try:
            model_class = apps.get_model(model)
        except (LookupError, ValueError) as exc:
            raise CommandError(f"Unknown model {model!r}.") from exc
        obj = model_class._base_manager.filter(pk=pk).first()
        if obj is None:
            raise CommandError(f"No {model} with id {pk}.")
        if getattr(obj, "archived_at", True) is None:
            raise CommandError("Archive the record first; only archived records can be purged.")
        if not yes:
            raise CommandError("Add --yes to confirm: the record will be gone for good.")
        try:
            purge(actor=None, obj=obj)
        except ProtectedError as exc:
            held_by = sorted({str(o._meta.verbose_name) for o in exc.protected_objects})
            raise CommandError(
                f"{model} {pk} is still referenced by: {', '.join(held_by)}. Purge those first."
            ) from exc
        self.stdout.write(f"Purged {model} {pk} ({obj}).")
