"""Reads of promotion: leads in view (filtered, by status for the board, the user's own),
one lead with its interactions, duplicate pursuits and overdue next actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from zonetrack.accounts import access

from ..choices import OPEN_STATUSES, LeadStatus
from ..conf import response_hours
from ..models import (
    Channel,
    Enquiry,
    Event,
    EventSigning,
    Interaction,
    Lead,
    Region,
    Trip,
)

LIST_RELATED = ("zone", "investor", "cluster", "channel", "region", "owner")
# How many cards a board column shows; its heading counts them all.
BOARD_CARDS = 30


@dataclass
class LeadFilters:
    q: str = ""
    zone: int | None = None
    status: str = ""
    channel: int | None = None
    region: int | None = None


def lead_list(
    *, user: Any, filters: LeadFilters | None = None, for_page: bool = False
) -> QuerySet[Lead]:
    """The active leads the user may see, filtered, newest first.

    ``for_page``: the result is only sliced for one page (``lead_count`` gives its total), so
    when it spans many zones it is read along the newest-first index and stops after a page,
    instead of collecting every visible lead to sort it."""
    f = filters or LeadFilters()
    broad = for_page and not f.zone and not f.q
    leads = access.visible(Lead.objects.active(), user, ordered_scan=broad).select_related(
        *LIST_RELATED
    )
    if f.q:
        leads = leads.filter(
            Q(name__icontains=f.q) | Q(prospect__icontains=f.q) | Q(investor__name__icontains=f.q)
        )
    if f.zone:
        leads = leads.filter(zone_id=f.zone)
    if f.status:
        leads = leads.filter(status=f.status)
    if f.channel:
        leads = leads.filter(channel_id=f.channel)
    if f.region:
        leads = leads.filter(region_id=f.region)
    return leads.order_by("-created_at", "-pk")


def lead_count(*, user: Any, filters: LeadFilters | None = None) -> int:
    """How many leads ``lead_list`` holds (counted in the form the database counts fastest)."""
    return lead_list(user=user, filters=filters).order_by().count()


def lead_get(*, user: Any, lead_id: int) -> Lead:
    return access.get_visible(
        Lead.objects.select_related(
            *LIST_RELATED, "zone__organisation", "lost_to", "project", "trip", "node__chain"
        ),
        user,
        pk=lead_id,
    )


def my_leads(*, user: Any) -> QuerySet[Lead]:
    """The user's own open leads, next action due first."""
    return (
        access.visible(Lead.objects.active(), user)
        .filter(owner=user if getattr(user, "is_authenticated", False) else None)
        .filter(status__in=OPEN_STATUSES)
        .select_related(*LIST_RELATED)
        .order_by("next_action_on", "-pk")
    )


@dataclass
class BoardColumn:
    status: str
    label: str
    count: int
    leads: list[Lead]


def lead_board(*, user: Any, zone: int | None = None) -> list[BoardColumn]:
    """One column per status: its count, and its latest leads (a fixed number, so the page
    costs the same however many leads there are)."""
    leads = access.visible(Lead.objects.active(), user)
    if zone:
        leads = leads.filter(zone_id=zone)
    counts = dict(
        leads.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    columns = []
    for status in LeadStatus:
        rows = (
            list(
                # A card shows the lead's name, zone and investment: one join, not a list's
                # six (a join's planning costs more than reading a column's 30 rows).
                leads.filter(status=status)
                .select_related("zone")
                .order_by("-status_on", "-pk")[:BOARD_CARDS]
            )
            if counts.get(status.value)
            else []
        )
        columns.append(
            BoardColumn(status.value, str(status.label), counts.get(status.value, 0), rows)
        )
    return columns


def duplicate_pursuits(*, user: Any) -> dict[int, list[Lead]]:
    """Investors (by credit code) pursued by open leads of more than one zone of one city:
    the projects app's duplicate-investor rule, applied to leads and grouped by the level
    above the zones (the city)."""
    visible = access.visible(Lead.objects.active(), user).filter(
        status__in=OPEN_STATUSES, investor__credit_code__isnull=False
    )
    shared = (
        visible.order_by()
        .values("investor_id", "zone__organisation__parent_id")
        .annotate(zones=Count("zone", distinct=True))
        .filter(zones__gt=1)
    )
    keys = {(row["investor_id"], row["zone__organisation__parent_id"]) for row in shared}
    result: dict[int, list[Lead]] = {}
    rows = visible.filter(investor_id__in={k[0] for k in keys}).select_related(
        "zone", "zone__organisation", "investor"
    )
    for lead in rows.order_by("investor_id", "zone_id", "pk"):
        if (lead.investor_id, lead.zone.organisation.parent_id) in keys and lead.investor_id:
            result.setdefault(lead.investor_id, []).append(lead)
    return result


def overdue_leads(day: date) -> QuerySet[Lead]:
    """Open leads whose next action was due before ``day``, with an owner to tell."""
    return (
        Lead.objects.active()
        .filter(status__in=OPEN_STATUSES, next_action_on__lt=day, owner__isnull=False)
        .filter(zone__organisation__archived_at=None)
        .select_related("zone", "owner")
        .order_by("next_action_on", "pk")
    )


def channels() -> QuerySet[Channel]:
    return Channel.objects.filter(is_active=True)


def regions() -> QuerySet[Region]:
    return Region.objects.filter(is_active=True)


def enquiry_list(*, user: Any, zone: int | None = None) -> QuerySet[Enquiry]:
    """The active enquiries the user may see, newest first."""
    enquiries = access.visible(Enquiry.objects.active(), user).select_related(
        "zone", "channel", "owner"
    )
    if zone:
        enquiries = enquiries.filter(zone_id=zone)
    return enquiries.order_by("-received_at", "-pk")


@dataclass
class ResponseTimes:
    """How fast the enquiries in view were answered: counts per band of hours, and the share
    answered within the target."""

    target_hours: int
    total: int
    on_time: int
    late: int
    waiting: int
    overdue: int
    bands: list[tuple[str, int]]

    @property
    def on_time_share(self) -> float | None:
        answered = self.on_time + self.late
        return round(100 * self.on_time / answered, 1) if answered else None


# Upper bounds (hours) of the response-time bands the bureau's page shows.
BANDS = (4, 24, 72)


def response_times(*, user: Any, zone: int | None = None, now: datetime) -> ResponseTimes:
    """Response times of the enquiries in view, counted by the database in one query."""
    hours = response_hours()
    rows = enquiry_list(user=user, zone=zone).order_by()
    answered = Q(first_response_at__isnull=False)
    within = lambda h: answered & Q(first_response_at__lte=F("received_at") + timedelta(hours=h))  # noqa: E731
    counts = rows.aggregate(
        total=Count("pk"),
        on_time=Count("pk", filter=within(hours)),
        answered=Count("pk", filter=answered),
        waiting=Count("pk", filter=Q(first_response_at__isnull=True)),
        overdue=Count(
            "pk",
            filter=Q(first_response_at__isnull=True, received_at__lt=now - timedelta(hours=hours)),
        ),
        **{f"b{h}": Count("pk", filter=within(h)) for h in BANDS},
    )
    bands, below = [], 0
    for h in BANDS:
        bands.append((f"≤{h}h", counts[f"b{h}"] - below))
        below = counts[f"b{h}"]
    bands.append((f">{BANDS[-1]}h", counts["answered"] - below))
    return ResponseTimes(
        target_hours=hours,
        total=counts["total"],
        on_time=counts["on_time"],
        late=counts["answered"] - counts["on_time"],
        waiting=counts["waiting"],
        overdue=counts["overdue"],
        bands=bands,
    )


def late_enquiries(now: datetime) -> QuerySet[Enquiry]:
    """Enquiries not answered within the target, with an owner to tell."""
    return (
        Enquiry.objects.active()
        .filter(
            first_response_at__isnull=True,
            received_at__lt=now - timedelta(hours=response_hours()),
            owner__isnull=False,
        )
        .select_related("zone")
        .order_by("received_at", "pk")
    )


def event_list(*, user: Any) -> QuerySet[Event]:
    """Events in view, newest first, each with the number and investment of its signings."""
    return (
        access.visible(Event.objects.active(), user)
        .select_related("organisation")
        .annotate(
            signed=Count("signings"),
            signed_wan=Sum("signings__project__total_investment_wan"),
        )
        .order_by("-held_on", "-pk")
    )


@dataclass
class EventYear:
    """A year's events in view: how many, the projects signed at them (each counted once,
    however many organisers claim the event) and their investment."""

    year: int
    events: int
    signed: int
    signed_wan: Decimal


def event_years(*, user: Any) -> list[EventYear]:
    """Events in view by year, latest first: two grouped counts."""
    events = access.visible(Event.objects.active(), user).order_by()
    held = dict(
        events.annotate(year=ExtractYear("held_on"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    signed = {
        year: (n, wan or Decimal(0))
        for year, n, wan in EventSigning.objects.filter(event__in=events)
        .annotate(year=ExtractYear("event__held_on"))
        .order_by()
        .values_list("year")
        .annotate(n=Count("pk"), wan=Sum("project__total_investment_wan"))
        .values_list("year", "n", "wan")
    }
    return [
        EventYear(year, held[year], *signed.get(year, (0, Decimal(0))))
        for year in sorted(held, reverse=True)
    ]


def event_get(*, user: Any, event_id: int) -> Event:
    return access.get_visible(Event.objects.select_related("organisation"), user, pk=event_id)


def event_signings(event: Event) -> list[EventSigning]:
    return list(
        event.signings.select_related("project", "project__zone", "project__investor").order_by(
            "pk"
        )
    )


@dataclass
class Overview:
    """The promotion overview of the leads in view (one zone, or all): by status, channel and
    origin region, the conversion rate, and the enquiries' response times."""

    zone: int | None
    total: int
    by_status: list[tuple[str, str, int]]
    by_channel: list[tuple[str, str, int]]
    by_region: list[tuple[str, str, int]]
    conversion_rate: float | None
    times: ResponseTimes


def overview(*, user: Any, zone: int | None = None, now: datetime) -> Overview:
    """Counted by the database: a fixed number of queries whatever the number of leads.
    Conversion rate: converted leads among those decided (converted or lost)."""
    leads = access.visible(Lead.objects.active(), user)
    if zone:
        leads = leads.filter(zone_id=zone)
    leads = leads.order_by()
    statuses = dict(leads.values_list("status").annotate(n=Count("pk")))
    channels_ = leads.values_list("channel_id", "channel__name").annotate(n=Count("pk"))
    regions_ = leads.values_list("region_id", "region__name").annotate(n=Count("pk"))
    converted = statuses.get(LeadStatus.CONVERTED.value, 0)
    decided = converted + statuses.get(LeadStatus.LOST.value, 0)
    return Overview(
        zone=zone,
        total=sum(statuses.values()),
        by_status=[(s.value, str(s.label), statuses.get(s.value, 0)) for s in LeadStatus],
        by_channel=sorted(
            ((str(k or ""), name or "—", n) for k, name, n in channels_), key=lambda r: -r[2]
        ),
        by_region=sorted(
            ((str(k or ""), name or "—", n) for k, name, n in regions_), key=lambda r: -r[2]
        ),
        conversion_rate=round(100 * converted / decided, 1) if decided else None,
        times=response_times(user=user, zone=zone, now=now),
    )


# --- outbound trips ----------------------------------------------------------------------------


def trip_list(*, user: Any) -> QuerySet[Trip]:
    """The trips of the organisations the user sees, latest first, with their visits and the
    leads they produced counted."""
    return (
        access.visible(Trip.objects.active(), user)
        .select_related("organisation", "leader")
        .annotate(
            visit_count=Count("visits", distinct=True), lead_count=Count("leads", distinct=True)
        )
        .order_by("-starts_on", "-pk")
    )


def trip_get(*, user: Any, trip_id: int) -> Trip:
    return access.get_visible(
        Trip.objects.select_related("organisation", "leader"), user, pk=trip_id
    )


def trip_visits(trip: Trip) -> QuerySet[Interaction]:
    return trip.visits.select_related("lead", "lead__zone").order_by("happened_on", "pk")


def trip_leads(trip: Trip) -> QuerySet[Lead]:
    return trip.leads.select_related("zone").order_by("pk")


@dataclass
class DaysAway:
    """A leader's outbound trips of a year and the days away (within the year)."""

    leader: Any
    trips: int = 0
    days: int = 0


def days_away(*, user: Any, year: int) -> list[DaysAway]:
    """Days away on promotion trips per leader in ``year`` (of the trips the user sees), most
    first: a trip across the new year counts its days in each year."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    rows = access.visible(Trip.objects.active(), user).filter(
        starts_on__lte=last, ends_on__gte=first
    )
    found: dict[int, DaysAway] = {}
    for trip in rows.select_related("leader"):
        cell = found.setdefault(trip.leader_id, DaysAway(leader=trip.leader))
        cell.trips += 1
        cell.days += (min(trip.ends_on, last) - max(trip.starts_on, first)).days + 1
    return sorted(found.values(), key=lambda d: (-d.days, d.leader.username))
