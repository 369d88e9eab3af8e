"""Regions (administrative divisions), zones and their parks."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts.models import Organisation
from zonetrack.core.models import Record, latitude_field, longitude_field

from .choices import Infrastructure, Management, RegionLevel, ZoneKind, ZoneLevel, ZoneStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_ZONE_AREA_KM2 = Decimal("2000")
CHINESE_NUMERALS = "零一二三四五六七八九十"


def validate_geojson(value: Any) -> None:
    """A GeoJSON geometry or feature with a known type (the map draws it as given)."""
    kinds = {"Polygon", "MultiPolygon", "Point", "LineString", "Feature", "FeatureCollection"}
    if value in (None, ""):
        return
    if not isinstance(value, dict) or value.get("type") not in kinds:
        raise ValidationError(_("Not a GeoJSON geometry: a Polygon or MultiPolygon is expected."))
    if value["type"] in {"Polygon", "MultiPolygon", "Point", "LineString"} and not isinstance(
        value.get("coordinates"), list
    ):
        raise ValidationError(_("The GeoJSON geometry has no coordinates."))


def validate_infrastructure(value: Any) -> None:
    """``{"road": true, …, "extra": [{"name": "污水处理", "ready": false}]}``."""
    if not isinstance(value, dict):
        raise ValidationError(_("Infrastructure must be a set of items."))
    for key, ready in value.items():
        if key == "extra":
            if not isinstance(ready, list) or not all(
                isinstance(item, dict)
                and isinstance(item.get("name"), str)
                and item["name"].strip()
                and isinstance(item.get("ready"), bool)
                for item in ready
            ):
                raise ValidationError(_("Each extra item needs a name and whether it is ready."))
        elif key not in Infrastructure.values or not isinstance(ready, bool):
            raise ValidationError(_("Unknown infrastructure item: %(key)s") % {"key": key})


@dataclass(frozen=True)
class Readiness:
    """How ready a park's infrastructure is: "七通一平 7/8" and what is missing."""

    label: str
    ready: int
    total: int
    missing: list[str]

    def __str__(self) -> str:
        return f"{self.label} {self.ready}/{self.total}"


def readiness_of(infrastructure: dict[str, Any]) -> Readiness:
    """Count the standard items and the free ones; levelled land is the "一平"."""
    items: list[tuple[str, bool]] = [
        (str(choice.label), bool(infrastructure.get(choice.value, False)))
        for choice in Infrastructure
    ]
    items += [(item["name"], item["ready"]) for item in infrastructure.get("extra", [])]
    links = len(items) - 1  # every item but levelled land is a "通"
    numeral = CHINESE_NUMERALS[links] if links <= 10 else str(links)
    return Readiness(
        label=f"{numeral}通一平",
        ready=sum(ready for _name, ready in items),
        total=len(items),
        missing=[name for name, ready in items if not ready],
    )


class Region(models.Model):
    """An administrative division: province (2-digit code), city (4) or county (6).

    Reference data loaded from the shipped division codes; not edited in the UI.
    """

    code = models.CharField(_("division code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=60)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Cluster(models.Model):
    """An industry cluster (产业集群) from a managed vocabulary, edited by administrators."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    aliases = models.JSONField(
        _("other names"),
        default=list,
        blank=True,
        help_text=_("Other words for the same cluster, used to match imported text."),
    )
    sort_order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("industry cluster")
        verbose_name_plural = _("industry clusters")

    def __str__(self) -> str:
        return self.name


class Zone(Record):
    """A development zone (开发区), owned by its zone committee organisation."""

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ZoneKind.choices)
    level = models.CharField(_("level"), max_length=20, choices=ZoneLevel.choices)
    management = models.CharField(
        _("managed by"), max_length=10, choices=Management.choices, default=Management.COUNTY
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="zones"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("zone committee"),
        on_delete=models.PROTECT,
        related_name="zones",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ZoneStatus.choices, default=ZoneStatus.OPERATING
    )
    approved_on = models.DateField(_("approval date"), null=True, blank=True)
    approval_authority = models.CharField(_("approving authority"), max_length=100, blank=True)
    planned_area_km2 = models.DecimalField(
        _("planned area (km²)"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0.0001"), _("The planned area must be above zero.")),
            MaxValueValidator(
                MAX_ZONE_AREA_KM2, _("A planned area above 2,000 km² is not plausible.")
            ),
        ],
    )
    catalogue_code = models.CharField(_("catalogue code"), max_length=20, blank=True)
    description = models.TextField(_("description"), blank=True)
    center_lat = latitude_field()
    center_lng = longitude_field()
    boundary = models.JSONField(
        _("boundary (GeoJSON)"), null=True, blank=True, validators=[validate_geojson]
    )
    clusters = models.ManyToManyField(
        Cluster, verbose_name=_("leading clusters"), blank=True, related_name="zones"
    )

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="zone_unique_name_in_region",
                violation_error_message=_("A zone of this name already exists in this region."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def validate_constraints(self, exclude: Any = None) -> None:
        # The name-in-region rule is checked in clean(), to report it on the name field.
        super().validate_constraints(exclude={*(exclude or ()), "name"})

    def rule_errors(self) -> dict[str, StrOrPromise]:
        """The zone's own rules, checked without the database (imports check many at once)."""
        errors: dict[str, StrOrPromise] = {}
        if (self.center_lat is None) != (self.center_lng is None):
            errors["center_lng"] = _("Give both latitude and longitude, or neither.")
        if self.approved_on and self.approved_on > timezone.localdate():
            errors["approved_on"] = _("The approval date cannot be in the future.")
        return errors

    def clean(self) -> None:
        errors = self.rule_errors()
        if self.name and self.region_id:
            twins = Zone.objects.filter(region_id=self.region_id, name=self.name)
            if twins.exclude(pk=self.pk).exists():
                errors["name"] = _("A zone of this name already exists in this region.")
        if errors:
            raise ValidationError(errors)


class Park(Record):
    """A park inside a zone (一区多园)."""

    org_path = "zone__organisation"

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="parks"
    )
    name = models.CharField(_("name"), max_length=100)
    positioning = models.TextField(_("positioning"), blank=True)
    area_km2 = models.DecimalField(
        _("area (km²)"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0.0001"), _("The area must be above zero.")),
            MaxValueValidator(MAX_ZONE_AREA_KM2),
        ],
    )
    boundary = models.JSONField(
        _("boundary (GeoJSON)"), null=True, blank=True, validators=[validate_geojson]
    )
    clusters = models.ManyToManyField(
        Cluster, verbose_name=_("leading clusters"), blank=True, related_name="parks"
    )
    infrastructure = models.JSONField(
        _("infrastructure readiness"),
        default=dict,
        blank=True,
        validators=[validate_infrastructure],
        help_text=_("Standard items ready or not, plus free items."),
    )

    class Meta:
        ordering = ["zone_id", "name"]
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="park_unique_name_in_zone")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def readiness(self) -> Readiness:
        return readiness_of(self.infrastructure)

    def validate_constraints(self, exclude: Any = None) -> None:
        # The name-in-zone rule is checked in clean(), to report it on the name field.
        super().validate_constraints(exclude={*(exclude or ()), "name"})

    def clean(self) -> None:
        if self.name and self.zone_id:
            twins = Park.objects.filter(zone_id=self.zone_id, name=self.name)
            if twins.exclude(pk=self.pk).exists():
                raise ValidationError({"name": _("This zone already has a park of this name.")})
        if self.zone_id and self.zone.is_archived and self._state.adding:
            raise ValidationError({"zone": _("This zone is archived; parks cannot be added.")})
