"""Three-colour warnings (三色预警): the schedule rule, the bulk refresh that keeps the stored
colours current, and a manager's override with its justification."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts.models import User
from zonetrack.audit.choices import Action
from zonetrack.audit.services import actor_user, record_change
from zonetrack.projects.choices import MilestoneStatus, Stage
from zonetrack.projects.models import Milestone, Project

from .. import conf, permissions
from ..choices import Colour
from ..models import ColourChange, ColourStatus

_RANK = {Colour.GREEN: 0, Colour.YELLOW: 1, Colour.RED: 2}


def milestone_colour(
    *, planned_on: date, actual_on: date | None, status: str, today: date, grace: int
) -> str:
    """Green on schedule; red when the planned date (plus grace days) has passed without it
    being reached; yellow when it was reached late — red once, since caught up."""
    if status == MilestoneStatus.CANCELLED:
        return Colour.GREEN
    limit = planned_on + timedelta(days=grace)
    if actual_on is not None:
        return Colour.YELLOW if actual_on > limit else Colour.GREEN
    return Colour.RED if today > limit else Colour.GREEN


def worst(colours: Iterable[str]) -> str:
    """A project's colour: its worst milestone's (green without milestones)."""
    return max(colours, key=lambda c: _RANK[Colour(c)], default=Colour.GREEN)


def colours_refresh(
    *,
    zone_ids: list[int] | None = None,
    project_ids: list[int] | None = None,
    today: date | None = None,
) -> int:
    """Recompute the colours of projects and milestones (all, some zones, or some projects),
    store the current one, and keep each change in the colour history. Returns how many
    colours changed. Reads and writes in bulk: a few queries per thousand projects."""
    today = today or timezone.localdate()
    grace = conf.grace_days()
    projects = Project.objects.filter(archived_at__isnull=True).exclude(stage=Stage.TERMINATED)
    if zone_ids is not None:
        projects = projects.filter(zone_id__in=zone_ids)
    if project_ids is not None:
        projects = projects.filter(pk__in=project_ids)
    changed = 0
    last = 0
    while True:
        chunk = list(
            projects.filter(pk__gt=last).order_by("pk").values_list("pk", "zone_id")[:5000]
        )
        if not chunk:
            break
        last = chunk[-1][0]
        changed += _refresh_chunk(dict(chunk), today, grace)
    return changed


def _refresh_chunk(zones: dict[int, int], today: date, grace: int) -> int:
    """Recompute one range of projects. Rows are read by primary-key range (cheaper than long
    IN lists) and as tuples; only new and changed colours become objects."""
    low, high = min(zones), max(zones)
    wanted: dict[tuple[int, int | None], str] = {(pk, None): Colour.GREEN for pk in zones}
    for pk, project_id, planned_on, actual_on, milestone_status in Milestone.objects.filter(
        project_id__gte=low, project_id__lte=high
    ).values_list("pk", "project_id", "planned_on", "actual_on", "status"):
        if project_id not in zones:
            continue
        colour = milestone_colour(
            planned_on=planned_on,
            actual_on=actual_on,
            status=milestone_status,
            today=today,
            grace=grace,
        )
        wanted[(project_id, pk)] = colour
        wanted[(project_id, None)] = worst([wanted[(project_id, None)], colour])
    existing: dict[tuple[int, int | None], tuple[Any, ...]] = {
        (row[1], row[2]): row
        for row in ColourStatus.objects.filter(
            project_id__gte=low, project_id__lte=high
        ).values_list(
            "pk", "project_id", "milestone_id", "computed", "colour", "override_colour", "zone_id"
        )
    }
    now = timezone.now()
    new: list[ColourStatus] = []
    dirty: list[tuple[ColourStatus, list[str]]] = []
    history: list[ColourChange] = []
    for (project_id, milestone_id), computed in wanted.items():
        row = existing.get((project_id, milestone_id))
        if row is None:
            new.append(
                ColourStatus(
                    project_id=project_id,
                    milestone_id=milestone_id,
                    zone_id=zones[project_id],
                    computed=computed,
                    colour=computed,
                    since=now,
                )
            )
            continue
        pk, _p, _m, old_computed, old_colour, override, zone_id = row
        if old_computed == computed and zone_id == zones[project_id]:
            continue
        shown = override or computed
        status = ColourStatus(
            pk=pk,
            project_id=project_id,
            milestone_id=milestone_id,
            computed=computed,
            colour=shown,
            zone_id=zones[project_id],
        )
        fields = ["computed", "colour", "zone_id"]
        if shown != old_colour:
            history.append(
                ColourChange(status_id=pk, from_colour=old_colour, to_colour=shown, changed_at=now)
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
            ColourStatus.objects.bulk_update(
                [s for s, f in dirty if tuple(f) == names], list(names), batch_size=1000
            )
        ColourChange.objects.bulk_create(history, batch_size=1000)
    return len(history)


@transaction.atomic
def colour_override(
    *, actor: User | None, status: ColourStatus, colour: str, reason: str
) -> ColourStatus:
    """Set the colour shown by hand, with a written justification; ``colour`` empty returns
    to the computed colour. Both are kept in the colour history and the change history."""
    if not permissions.can_override_colour(actor, status):
        raise PermissionDenied
    reason = (reason or "").strip()
    if colour and colour not in Colour.values:
        raise ValidationError({"colour": _("Unknown colour.")})
    if not reason:
        raise ValidationError({"reason": _("An override needs a written justification.")})
    status = ColourStatus.objects.select_for_update().get(pk=status.pk)
    shown = colour or status.computed
    before = {"colour": status.colour, "override_colour": status.override_colour}
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
    status.save()
    record_change(
        actor=actor,
        obj=status,
        action=Action.UPDATE,
        before=before,
        after={"colour": status.colour, "override_colour": colour, "reason": reason},
    )
    return status
