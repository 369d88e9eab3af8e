"""The idle-land rule and list (腾笼换鸟), a read: which supplied parcels lie idle, and why.

A parcel of a zone is listed when
- it was supplied ``ZONETRACK_LAND_IDLE_MONTHS`` months ago or more and its project has not
  started construction (or no project is recorded to show a start);
- it is marked idle (闲置);
- its firm — the supplied project's investor by credit code, or the firm it was supplied to by
  name — was classed D in its latest published or final per-mu evaluation;
- its firm paid no tax in each of its last ``ZONETRACK_LAND_NO_TAX_YEARS`` evaluated years.

Each listed parcel carries its findings and the zone's latest decision. Three queries whatever
the number of parcels.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access

from .choices import EvaluationStatus, FirmClass, IdleReason, ParcelStatus
from .models import FirmYear, IdleDecision, Parcel

LISTED_STATUSES = (ParcelStatus.SUPPLIED, ParcelStatus.IDLE, ParcelStatus.LOW_EFFICIENCY)


def idle_months() -> int:
    return int(getattr(settings, "ZONETRACK_LAND_IDLE_MONTHS", 12))


def no_tax_years() -> int:
    return int(getattr(settings, "ZONETRACK_LAND_NO_TAX_YEARS", 2))


@dataclass(frozen=True)
class Finding:
    reason: str  # an IdleReason
    detail: str

    @property
    def label(self) -> str:
        return str(IdleReason(self.reason).label)


@dataclass
class IdleParcel:
    parcel: Parcel
    findings: list[Finding] = field(default_factory=list)
    decision: IdleDecision | None = None

    @property
    def reasons(self) -> list[str]:
        return [f.reason for f in self.findings]


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (a month is complete on the same day of month)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def _firm_keys(parcel: Parcel) -> tuple[str, str]:
    """The parcel's firm as the per-mu figures know it: (credit code, name)."""
    project = parcel.supplied_project
    investor = project.investor if project is not None else None
    code = (investor.credit_code or "") if investor is not None else ""
    name = parcel.supplied_firm or (investor.name if investor is not None else "")
    return code, name.strip()


def _firm_years(parcels: list[Parcel]) -> dict[tuple[int, str], list[tuple[int, Any, str]]]:
    """The published or final per-mu figures of the parcels' firms, by (zone, code or name):
    (year, tax, class), in one query."""
    codes, names = set(), set()
    for parcel in parcels:
        code, name = _firm_keys(parcel)
        codes.add(code)
        names.add(name)
    codes.discard("")
    names.discard("")
    found: dict[tuple[int, str], list[tuple[int, Any, str]]] = defaultdict(list)
    if not codes and not names:
        return found
    zones_of: dict[int, set[int]] = defaultdict(set)  # organisation → its zones with parcels
    for parcel in parcels:
        zones_of[parcel.zone.organisation_id].add(parcel.zone_id)
    # A firm's figures name its zone, or only the authority that evaluated it (the zone's own
    # committee): then they stand for that authority's zones.
    rows = FirmYear.objects.filter(
        Q(credit_code__in=codes) | Q(name__in=names),
        Q(zone__in={p.zone_id for p in parcels})
        | Q(zone__isnull=True, evaluation__organisation__in=list(zones_of)),
        evaluation__status__in=[EvaluationStatus.PUBLISHED, EvaluationStatus.FINAL],
        evaluation__archived_at__isnull=True,
    ).values_list(
        "zone_id",
        "evaluation__organisation_id",
        "credit_code",
        "name",
        "evaluation__year",
        "tax_wan",
        "final_class",
        "computed_class",
    )
    for zone_id, org_id, code, name, year, tax, final, computed in rows:
        entry = (year, tax, final or computed)
        for zone in [zone_id] if zone_id else sorted(zones_of.get(org_id, ())):
            if code:
                found[(zone, code)].append(entry)
            found[(zone, name)].append(entry)
    return found


def _findings(
    parcel: Parcel, firms: dict[tuple[int, str], list[tuple[int, Any, str]]], as_of: date
) -> list[Finding]:
    found = []
    if parcel.status == ParcelStatus.SUPPLIED and parcel.status_on is not None:
        months = months_between(parcel.status_on, as_of)
        project = parcel.supplied_project
        if months >= idle_months() and (project is None or project.started_on is None):
            detail = (
                _("Supplied %(months)s months ago; %(project)s has not started construction.")
                % {"months": months, "project": project.name}
                if project is not None
                else _("Supplied %(months)s months ago; no project is recorded to show a start.")
                % {"months": months}
            )
            found.append(Finding(IdleReason.NOT_STARTED, detail))
    if parcel.status == ParcelStatus.IDLE:
        since = parcel.status_on.isoformat() if parcel.status_on else "—"
        found.append(
            Finding(IdleReason.MARKED_IDLE, _("Marked idle since %(date)s.") % {"date": since})
        )
    code, name = _firm_keys(parcel)
    years = firms.get((parcel.zone_id, code)) if code else None
    if not years and name:
        years = firms.get((parcel.zone_id, name))
    if years:
        by_year = {year: (tax, klass) for year, tax, klass in sorted(years)}
        latest = max(by_year)
        if by_year[latest][1] == FirmClass.D:
            found.append(
                Finding(
                    IdleReason.CLASS_D,
                    _("%(firm)s was classed D in the %(year)s per-mu evaluation.")
                    % {"firm": name or code, "year": latest},
                )
            )
        wanted = no_tax_years()
        recent = [latest - n for n in range(wanted)]
        if all(y in by_year and not by_year[y][0] for y in recent):
            found.append(
                Finding(
                    IdleReason.NO_TAX,
                    _("%(firm)s paid no tax in %(first)s–%(last)s.")
                    % {"firm": name or code, "first": recent[-1], "last": latest},
                )
            )
    return found


def candidates(queryset: QuerySet[Parcel]) -> QuerySet[Parcel]:
    """The parcels the rule looks at: supplied, idle or low-efficiency, not archived."""
    return (
        queryset.filter(status__in=LISTED_STATUSES, archived_at__isnull=True)
        .select_related("zone", "park", "supplied_project", "supplied_project__investor")
        .order_by("zone__name", "code")
    )


def listed(parcels: QuerySet[Parcel], *, as_of: date | None = None) -> list[IdleParcel]:
    """The parcels of ``parcels`` the rule lists, each with its findings and latest decision."""
    as_of = as_of or timezone.localdate()
    rows = list(candidates(parcels))
    firms = _firm_years(rows)
    found = [IdleParcel(parcel=p, findings=f) for p in rows if (f := _findings(p, firms, as_of))]
    latest: dict[int, IdleDecision] = {}
    decisions = (
        IdleDecision.objects.active()
        .filter(parcel__in=[i.parcel.pk for i in found])
        .select_related("decided_by")
        .order_by("parcel_id", "-decided_on", "-id")
    )
    for decision in decisions:
        latest.setdefault(decision.parcel_id, decision)
    for item in found:
        item.decision = latest.get(item.parcel.pk)
    return found


def idle_list(
    *, user: Any, zone_id: int | None = None, undecided: bool = False, as_of: date | None = None
) -> list[IdleParcel]:
    """The idle-land list as the user may see it: undecided parcels first."""
    parcels = access.visible(Parcel.objects.all(), user)
    if zone_id is not None:
        parcels = parcels.filter(zone_id=zone_id)
    found = listed(parcels, as_of=as_of)
    if undecided:
        found = [i for i in found if i.decision is None]
    return sorted(found, key=lambda i: i.decision is not None)


def decisions_of(parcel: Parcel) -> QuerySet[IdleDecision]:
    """Every decision on a parcel, newest first."""
    return IdleDecision.objects.active().filter(parcel=parcel).select_related("decided_by")


def parcel_classes(parcels: list[Parcel]) -> dict[int, str]:
    """Each parcel's firm's class (A–D or exempt) in its latest published or final per-mu
    evaluation, by parcel id; parcels whose firm was not evaluated are left out. One query."""
    firms = _firm_years(parcels)
    found = {}
    for parcel in parcels:
        code, name = _firm_keys(parcel)
        years = (firms.get((parcel.zone_id, code)) if code else None) or (
            firms.get((parcel.zone_id, name)) if name else None
        )
        if years:
            latest = max(years)
            if latest[2]:
                found[parcel.pk] = latest[2]
    return found
