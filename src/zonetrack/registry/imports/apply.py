"""Applying a planned import: every row or none, in short transactions."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation, User
from zonetrack.core.chunked import Run

from .. import permissions, services
from ..models import Zone
from .plan_types import Action, ImportPlan, RowPlan


class ImportRefused(Exception):
    """The plan has rejected rows or problems: nothing is written."""


def apply_import(
    plan: ImportPlan,
    *,
    actor: User | None,
    parent: Organisation | None,
    run: Run | None = None,
    progress: Callable[[int, int], None] | None = None,
    publish: Callable[[], bool] | None = None,
) -> dict[str, int]:
    """Write every planned row, or none: any rejection or error undoes the whole import.

    Rows are written in short transactions (``core.chunked``), so other writers wait at most
    one chunk; ``publish`` runs in the last one (see ``Run.write``). New zones get a zone
    committee of their name under ``parent``.
    """
    if not plan.ok:
        raise ImportRefused(_("The file has rejected rows; nothing was imported."))
    new = [row for row in plan.rows if row.action == Action.CREATE]
    if new and parent is None:
        raise ImportRefused(_("Choose where new zone committees go."))
    if new:
        access.require(permissions.can_import_zones(actor, parent))
    work = new + [row for row in plan.rows if row.action == Action.UPDATE and row.zone]

    def write(rows: Sequence[RowPlan]) -> None:
        creates = [row for row in rows if row.action == Action.CREATE]
        if creates:
            assert parent is not None
            services.zones_bulk_create(
                actor=actor,
                parent=parent,
                zones=[(Zone(**row.fields), row.clusters) for row in creates],
            )
        for row in rows:
            if row.action != Action.UPDATE or row.zone is None:
                continue
            changes = {k: row.fields[k] for k in row.changed if k in row.fields}
            if "clusters" in row.changed:
                changes["clusters"] = row.clusters
            try:
                services.zone_update(actor=actor, zone=row.zone, changes=changes)
            except ValidationError as exc:
                raise ImportRefused(
                    _("Row %(row)d: %(error)s")
                    % {"row": row.number, "error": "; ".join(exc.messages)}
                ) from exc

    (run or Run()).write(work, write, progress=progress, publish=publish)
    return plan.summary
