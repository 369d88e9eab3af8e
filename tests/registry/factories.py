"""factory_boy factories of the registry; each row is made by its service, as in use."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import factory

from zonetrack.registry.choices import ZoneKind, ZoneLevel
from zonetrack.registry.models import Park, Region, Zone
from zonetrack.registry.services import park_create, zone_create

from ..accounts.factories import ZoneCommitteeFactory


class ZoneFactory(factory.Factory):
    """A zone owned by its own committee (under a new city bureau unless given)."""

    class Meta:
        model = Zone

    name = factory.Sequence(lambda n: f"第{n}开发区")
    kind = ZoneKind.ETDZ
    level = ZoneLevel.PROVINCIAL
    region = factory.LazyFunction(lambda: Region.objects.get(code="141002"))
    organisation = factory.SubFactory(ZoneCommitteeFactory)
    approved_on = date(2006, 3, 8)
    planned_area_km2 = Decimal("30.5")

    @classmethod
    def _create(cls, model_class: type[Zone], **kwargs: Any) -> Zone:
        return zone_create(actor=None, **kwargs)


class ParkFactory(factory.Factory):
    class Meta:
        model = Park

    zone = factory.SubFactory(ZoneFactory)
    name = factory.Sequence(lambda n: f"第{n}园")
    area_km2 = Decimal("5")

    @classmethod
    def _create(cls, model_class: type[Park], **kwargs: Any) -> Park:
        return park_create(actor=None, **kwargs)
