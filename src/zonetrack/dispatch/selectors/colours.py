"""Reads of the three colours: current colours in view, one colour and its history, counts."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from zonetrack.accounts import access
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import Project
from zonetrack.registry.models import Zone

from ..choices import COLOUR_RANK, Colour
from ..models import ColourChange, ColourStatus


def with_current_colour(
    statuses: QuerySet[ColourStatus], today: date | None = None
) -> QuerySet[ColourStatus]:
    """Annotate the colour shown today (``shown``: an override past its last day no longer
    counts, before the daily job clears it) and its urgency rank."""
    today = today or timezone.localdate()
    expired = Q(override_until__lt=today) & ~Q(override_colour="")
    shown = Case(When(expired, then=F("computed")), default=F("colour"), output_field=CharField())
    urgency = Case(
        *[When(Q(**{"shown": c}), then=Value(rank)) for c, rank in COLOUR_RANK.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    return statuses.annotate(shown=shown).annotate(urgency=urgency)


def warnings(
    *,
    user: Any,
    zone_id: int | None = None,
    colour: str = "",
    projects_only: bool = False,
    today: date | None = None,
) -> QuerySet[ColourStatus]:
    """Current colours of the projects (and their milestones) the user can see, most urgent
    first: red, then yellow, then green, each by days late."""
    # Archived and terminated projects keep their last colours in history but leave the lists.
    statuses = with_current_colour(
        access.visible(ColourStatus.objects.all(), user)
        .filter(project__archived_at__isnull=True)
        .exclude(project__stage=Stage.TERMINATED),
        today,
    )
    if zone_id:
        statuses = statuses.filter(zone_id=zone_id)
    if colour in Colour.values:
        statuses = statuses.filter(**{"shown": colour})
    if projects_only:
        statuses = statuses.filter(milestone__isnull=True)
    return statuses.select_related("project", "milestone", "override_by").order_by(
        F("urgency").desc(), "-days_late", "project_id", "milestone__planned_on", "pk"
    )


def colour_get(*, user: Any, status_id: int) -> ColourStatus:
    return access.get_visible(
        ColourStatus.objects.select_related("project", "milestone", "zone__organisation"),
        user,
        pk=status_id,
    )


def colour_counts(*, user: Any) -> dict[str, int]:
    """How many of the projects the user can see stand at each colour."""
    return {
        row["now"]: row["n"]
        for row in warnings(user=user, projects_only=True)
        .order_by()
        .values(now=F("shown"))
        .annotate(n=Count("pk"))
    }


def _shown_in(colours: list[str], today: date) -> Q:
    """The rows whose colour shown today (``with_current_colour``) is one of ``colours``, as a
    filter on the stored columns (no annotation, so the zone index serves it)."""
    expired = Q(override_until__lt=today) & ~Q(override_colour="")
    return (~expired & Q(colour__in=colours)) | (expired & Q(computed__in=colours))


def warning_counts_by_zone(
    zones: QuerySet[Zone], today: date | None = None
) -> dict[int, dict[str, int]]:
    """Red and yellow projects of each of ``zones`` (already the zones in view), counted as
    ``warnings`` counts them: the kept colours along the zone index, less those of archived
    and terminated projects (found from the projects' side, a few), with the few overrides that
    ran out counted at their computed colour."""
    today = today or timezone.localdate()
    colours = [Colour.RED, Colour.YELLOW]
    scope = zones.values("pk")
    statuses = ColourStatus.objects.filter(milestone__isnull=True).order_by()
    ended = Project.objects.filter(zone__in=scope, stage=Stage.TERMINATED).values("pk")
    archived = Project.objects.filter(zone__in=scope, archived_at__isnull=False).values("pk")
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {Colour.RED: 0, Colour.YELLOW: 0})
    ran_out = statuses.filter(
        pk__in=_ran_out(today), zone__in=scope, project__archived_at__isnull=True
    ).exclude(project__stage=Stage.TERMINATED)
    # (rows, the column of the colour counted, +1 to count them or -1 to take them off): every
    # kept colour (from the zone index alone), less those of archived and terminated projects,
    # less the kept colour of overrides that ran out, plus their computed colour.
    parts = [
        (statuses.filter(zone__in=scope, colour__in=colours), "colour", 1),
        (statuses.filter(project__in=ended, colour__in=colours), "colour", -1),
        (statuses.filter(project__in=archived, colour__in=colours), "colour", -1),
        (ran_out.filter(colour__in=colours), "colour", -1),
        (ran_out.filter(computed__in=colours), "computed", 1),
    ]
    for rows, shown, sign in parts:
        for zone, colour, n in rows.values_list("zone_id", shown).annotate(n=Count("zone")):
            counts[zone][colour] += sign * n
    return {zone: c for zone, c in counts.items() if c[Colour.RED] or c[Colour.YELLOW]}


def _ran_out(today: date) -> list[int]:
    """The overrides that ran out, found first along their own index: they are few, and a
    database starting from the zones (SQLite does) would read every colour of them to find
    them."""
    expired = Q(override_until__lt=today) & ~Q(override_colour="")
    return list(
        ColourStatus.objects.filter(expired, milestone__isnull=True).values_list("pk", flat=True)
    )


def reddest(zones: QuerySet[Zone], limit: int, today: date | None = None) -> list[ColourStatus]:
    """The ``limit`` red projects of ``zones`` (already in view) latest first (most days late),
    each with its project and zone. The kept reds are walked along the ``colour_latest`` index
    a page at a time (the few whose override ran out merged in), and the projects joined only
    for the page, to leave out archived and terminated ones."""
    today = today or timezone.localdate()
    expired = Q(override_until__lt=today) & ~Q(override_colour="")
    in_zones = ColourStatus.objects.filter(zone__in=zones.values("pk"), milestone__isnull=True)
    columns = ("days_late", "project_id", "pk")
    kept = in_zones.filter(colour=Colour.RED).exclude(expired).order_by("-days_late", "project_id")
    ran_out = list(
        in_zones.filter(pk__in=_ran_out(today), computed=Colour.RED).values_list(*columns)
    )
    found: list[ColourStatus] = []
    seen: set[int] = set()
    depth = limit * 4
    while True:
        page = list(kept.values_list(*columns)[:depth])
        fresh = [
            pk
            for _late, _project, pk in sorted(page + ran_out, key=lambda r: (-r[0], r[1]))
            if pk not in seen
        ]
        seen.update(fresh)
        found += list(
            ColourStatus.objects.filter(pk__in=fresh, project__archived_at__isnull=True)
            .exclude(project__stage=Stage.TERMINATED)
            .select_related("project", "zone")
        )
        if len(found) >= limit or len(page) < depth:
            break
        depth *= 4
    found.sort(key=lambda s: (-s.days_late, s.project_id))
    return found[:limit]


def zone_colour_counts(*, user: Any, zone_id: int | None = None) -> dict[int, dict[str, int]]:
    """Red and yellow projects per zone the user can see (zones with neither are left out)."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {Colour.RED: 0, Colour.YELLOW: 0})
    rows = (
        warnings(user=user, zone_id=zone_id, projects_only=True)
        .filter(**{"shown__in": [Colour.RED, Colour.YELLOW]})
        .order_by()
        .values_list("zone_id", F("shown"))
        .annotate(n=Count("pk"))
    )
    for zone, colour, n in rows:
        counts[zone][colour] = n
    return dict(counts)


def colour_changes(status: ColourStatus, limit: int = 200) -> list[ColourChange]:
    """The latest changes of one colour already checked as visible, newest first."""
    return list(status.changes.select_related("actor")[:limit])


def colour_of_projects(project_ids: list[int]) -> dict[int, ColourStatus]:
    """The stored project colours of some projects already checked as visible."""
    return {
        s.project_id: s
        for s in ColourStatus.objects.filter(project_id__in=project_ids, milestone__isnull=True)
    }


def zone_colour_rows(*, user: Any, zone_id: int | None = None) -> list[dict[str, Any]]:
    """The red and yellow counts per zone as table rows, the zone with most reds first."""
    counts = zone_colour_counts(user=user, zone_id=zone_id)
    names = dict(Zone.objects.filter(pk__in=list(counts)).values_list("pk", "name"))
    rows = [
        {"zone_id": pk, "name": names.get(pk, ""), "red": c[Colour.RED], "yellow": c[Colour.YELLOW]}
        for pk, c in counts.items()
    ]
    return sorted(rows, key=lambda r: (-r["red"], -r["yellow"], r["name"]))
