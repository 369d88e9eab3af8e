"""Choices of the registry app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.core.badges import badge_colours


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")


class ZoneKind(models.TextChoices):
    ETDZ = "etdz", _("Economic and technological development zone")
    HIGH_TECH = "high_tech", _("High-tech industrial development zone")
    AGRICULTURE = "agriculture", _("Modern agriculture demonstration zone")
    CULTURE_TOURISM = "culture_tourism", _("Culture and tourism demonstration zone")
    BONDED = "bonded", _("Comprehensive bonded zone")
    CLUSTER = "cluster", _("Industrial cluster zone")
    OTHER = "other", _("Other")


class ZoneLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    OTHER = "other", _("Other")


class Management(models.TextChoices):
    CITY = "city", _("City-managed")
    COUNTY = "county", _("County-managed")


class ZoneStatus(models.TextChoices):
    APPLYING = "applying", _("Applying")
    SETTING_UP = "setting_up", _("Being set up")
    OPERATING = "operating", _("Operating")


badge_colours(
    ZoneStatus,
    {
        ZoneStatus.APPLYING: "bg-yellow-lt",
        ZoneStatus.SETTING_UP: "bg-blue-lt",
        ZoneStatus.OPERATING: "bg-green-lt",
    },
)


class Infrastructure(models.TextChoices):
    """The standard items of infrastructure readiness ("七通一平": seven links and level land)."""

    ROAD = "road", _("Road")
    WATER = "water", _("Water supply")
    DRAINAGE = "drainage", _("Drainage and sewage")
    POWER = "power", _("Power")
    HEAT = "heat", _("Heat")
    GAS = "gas", _("Gas")
    TELECOM = "telecom", _("Telecom")
    LEVELLED = "levelled", _("Levelled land")
