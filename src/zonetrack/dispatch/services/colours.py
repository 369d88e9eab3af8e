"""Three-colour warnings (三色预警): the refresh that keeps the stored colours and their reasons
current by the colour rules (``colour_rules``), and a manager's override with its justification
and expiry."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts.models import User
from zonetrack.audit.choices import Action
from zonetrack.audit.services import actor_user, record_change
from zonetrack.core.bulk import bulk_set
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import Project

from .. import conf, permissions
from ..choices import COLOUR_RANK, Colour
from ..models import ColourChange, ColourStatus
from .colour_rules import (
    Found,
    Key,
    Rules,
    apply_investment,
    apply_milestones,
    apply_problems,
    apply_reports,
)


def colours_refresh(
    *,
    zone_ids: list[int] | None = None,
    project_ids: list[int] | None = None,
    today: date | None = None,
) -> int:
    """Recompute the colours of projects and milestones (all, some zones, or some projects)
    by the colour rules, store the current one with the reasons it has, clear overrides that
    ran out, and keep each change in the colour history. Returns how many colours changed.
    Reads and writes in bulk: a few queries per thousand projects."""
    today = today or timezone.localdate()
    grace = conf.grace_days()
    rules = Rules.load()
    projects = Project.objects.filter(archived_at__isnull=True).exclude(stage=Stage.TERMINATED)
    if zone_ids is not None:
        projects = projects.filter(zone_id__in=zone_ids)
    if project_ids is not None:
        projects = projects.filter(pk__in=project_ids)
    changed = 0
    last = 0
    while True:
        chunk = list(
            projects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "zone_id", "stage", "started_on", "stage_on")[:5000]
        )
        if not chunk:
            break
        last = chunk[-1][0]
        changed += _refresh_chunk(chunk, today, grace, rules)
    return changed


def _refresh_chunk(
    projects: list[tuple[int, int, str, date | None, date | None]],
    today: date,
    grace: int,
    rules: Rules,
) -> int:
    """Recompute one range of projects. Rows are read by primary-key range (cheaper than long
    IN lists) and as tuples; only new and changed colours become objects."""
    zones = {row[0]: row[1] for row in projects}
    low, high = min(zones), max(zones)
    found = {pk: Found() for pk in zones}
    milestone_colours = apply_milestones(found, zones, low, high, today, grace, rules)
    apply_investment(found, zones, low, high, today, rules)
    apply_problems(found, zones, low, high, today, rules)
    apply_reports(found, projects, low, high, today, rules)
    wanted: dict[Key, tuple[str, list[dict[str, Any]], int]] = {}
    for pk, p in found.items():
        p.reasons.sort(key=lambda r: -COLOUR_RANK[Colour(r["colour"])])
        wanted[(pk, None)] = (p.colour, p.reasons, p.days)
    for key, colour in milestone_colours.items():
        wanted[key] = (colour, [], 0)
    existing: dict[Key, tuple[Any, ...]] = {
        (row[1], row[2]): row
        for row in ColourStatus.objects.filter(
            project_id__gte=low, project_id__lte=high
        ).values_list(
            "pk",
            "project_id",
            "milestone_id",
            "computed",
            "colour",
            "override_colour",
            "zone_id",
            "reasons",
            "days_late",
            "override_until",
        )
    }
    now = timezone.now()
    new: list[ColourStatus] = []
    dirty: list[tuple[ColourStatus, list[str]]] = []
    history: list[ColourChange] = []
    for (project_id, milestone_id), (computed, reasons, days) in wanted.items():
        row = existing.get((project_id, milestone_id))
        if row is None:
            new.append(
                ColourStatus(
                    project_id=project_id,
                    milestone_id=milestone_id,
                    zone_id=zones[project_id],
                    computed=computed,
                    colour=computed,
                    reasons=reasons,
                    days_late=days,
                    since=now,
                )
            )
            continue
        pk, _p, _m, old_computed, old_colour, override, zone_id, old_reasons, old_days, until = row
        expired = bool(override and until and until < today)
        if (
            old_computed == computed
            and zone_id == zones[project_id]
            and old_reasons == reasons
            and old_days == days
            and not expired
        ):
            continue
        if expired:
            override = ""
        shown = override or computed
        status = ColourStatus(
            pk=pk,
            project_id=project_id,
            milestone_id=milestone_id,
            computed=computed,
            colour=shown,
            zone_id=zones[project_id],
            reasons=reasons,
            days_late=days,
        )
        fields = ["computed", "colour", "zone_id", "reasons", "days_late"]
        if expired:
            fields += [
                "override_colour",
                "override_reason",
                "override_by",
                "override_at",
                "override_until",
            ]
        if shown != old_colour:
            history.append(
                ColourChange(
                    status_id=pk,
                    from_colour=old_colour,
                    to_colour=shown,
                    changed_at=now,
                    note=_("The override ran out.") if expired else "",
                )
            )
            status.since = now
            fields.append("since")
        dirty.append((status, fields))
    with transaction.atomic():
        made = ColourStatus.objects.bulk_create(new, batch_size=1000)
        history += [
            ColourChange(status=s, from_colour="", to_colour=s.colour, changed_at=now)
            for s in made
            if s.pk
        ]
        for names in {tuple(f) for _s, f in dirty}:
            bulk_set(ColourStatus, [s for s, f in dirty if tuple(f) == names], names)
        ColourChange.objects.bulk_create(history, batch_size=1000)
    return len(history)


@transaction.atomic
def colour_override(
    *,
    actor: User | None,
    status: ColourStatus,
    colour: str,
    reason: str,
    until: date | None = None,
    today: date | None = None,
) -> ColourStatus:
    """Set the colour shown by hand, with a written justification and the last day it holds
    (``until``; after it the computed colour returns); ``colour`` empty returns to the computed
    colour. Both are kept in the colour history and the change history."""
    if not permissions.can_override_colour(actor, status):
        raise PermissionDenied
    reason = (reason or "").strip()
    if colour and colour not in Colour.values:
        raise ValidationError({"colour": _("Unknown colour.")})
    if not reason:
        raise ValidationError({"reason": _("An override needs a written justification.")})
    if colour and until is not None and until < (today or timezone.localdate()):
        raise ValidationError({"until": _("An override cannot end before today.")})
    status = ColourStatus.objects.select_for_update().get(pk=status.pk)
    shown = colour or status.computed
    before = {
        "colour": status.colour,
        "override_colour": status.override_colour,
        "override_until": status.override_until.isoformat() if status.override_until else None,
    }
    now = timezone.now()
    ColourChange.objects.create(
        status=status,
        from_colour=status.colour,
        to_colour=shown,
        is_override=True,
        note=reason,
        actor=actor_user(actor),
        changed_at=now,
    )
    if shown != status.colour:
        status.since = now
    status.colour = shown
    status.override_colour = colour
    status.override_reason = reason if colour else ""
    status.override_by = actor_user(actor) if colour else None
    status.override_at = now if colour else None
    status.override_until = until if colour else None
    status.save()
    record_change(
        actor=actor,
        obj=status,
        action=Action.UPDATE,
        before=before,
        after={
            "colour": status.colour,
            "override_colour": colour,
            "override_until": status.override_until.isoformat() if status.override_until else None,
            "reason": reason,
        },
    )
    return status
