"""Matching land to a project (地等项目): the parcels on offer ranked against its needs, each
with the reasons for its place.

The order is lexicographic, most important first: the land use fits; the parcel is large
enough (at least the needed area, less the tolerance); its park has the infrastructure the
project cannot do without; it is standard land, ready to grant;
it lies in the preferred park; its park's infrastructure is readier; its area is closer to the
need. Parcels that fail the first tests still appear, lower, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from zonetrack.registry.choices import Infrastructure

from .choices import ParcelStatus
from .models import Parcel

# A parcel this much smaller than the need still counts as large enough (surveys round).
AREA_TOLERANCE = Decimal("0.05")


@dataclass(frozen=True)
class Needs:
    """What a project needs: area in 亩, a land use, a preferred park (ids), the items of
    infrastructure it cannot do without (``Infrastructure`` codes, e.g. gas, heat); all
    optional."""

    area_mu: Decimal | None = None
    land_use: str = ""
    park_id: int | None = None
    items: tuple[str, ...] = ()


def lacking(park: Any, items: tuple[str, ...]) -> list[str]:
    """The needed items of infrastructure the park (or no park) does not have, by name."""
    have = park.infrastructure if park is not None else {}
    names = dict(Infrastructure.choices)
    return [str(names.get(item, item)) for item in items if not have.get(item)]


@dataclass
class Match:
    """A parcel's place for the needs, and why."""

    parcel: Parcel
    key: tuple[Any, ...]
    reasons: list[str] = field(default_factory=list)


def _plain(value: Decimal) -> str:
    """12.50 → "12.5", 50.00 → "50" (never "5E+1")."""
    return f"{value.normalize():f}"


def rank(parcels: Iterable[Parcel], needs: Needs) -> list[Match]:
    """The parcels best first, each with its reasons."""
    matches = []
    # A park's readiness is every parcel's of the park: counted once a park, not a parcel.
    readiness_of_park: dict[int | None, Any] = {}
    for parcel in parcels:
        reasons: list[str] = []
        use_fits = not needs.land_use or parcel.land_use == needs.land_use
        reasons.append(_("land use fits") if use_fits else _("another land use"))
        if needs.area_mu:
            big_enough = parcel.area_mu >= needs.area_mu * (1 - AREA_TOLERANCE)
            gap = abs(parcel.area_mu - needs.area_mu)
            reasons.append(
                _("%(area)s 亩, %(gap)s 亩 from the need")
                % {"area": _plain(parcel.area_mu), "gap": _plain(gap)}
                if big_enough
                else _("too small: %(area)s 亩") % {"area": _plain(parcel.area_mu)}
            )
        else:
            big_enough, gap = True, Decimal(0)
        missing = lacking(parcel.park, needs.items) if needs.items else []
        if needs.items:
            reasons.append(
                _("lacks %(items)s") % {"items": "、".join(missing)}
                if missing
                else _("has the infrastructure needed")
            )
        is_standard = parcel.status == ParcelStatus.STANDARD
        reasons.append(_("standard land, ready to grant") if is_standard else _("reserve land"))
        in_park = needs.park_id is not None and parcel.park_id == needs.park_id
        if in_park:
            reasons.append(_("in the preferred park"))
        if parcel.park_id not in readiness_of_park:
            readiness_of_park[parcel.park_id] = parcel.readiness
        readiness = readiness_of_park[parcel.park_id]
        share = Decimal(readiness.ready) / readiness.total if readiness else Decimal(0)
        if readiness:
            reasons.append(str(readiness))
        key = (use_fits, big_enough, not missing, is_standard, in_park, share, -gap, -parcel.pk)
        matches.append(Match(parcel=parcel, key=key, reasons=reasons))
    matches.sort(key=lambda match: match.key, reverse=True)
    return matches
