"""Regions (administrative divisions), zones and their parks."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts.models import Organisation
from zonetrack.core.models import Record

from .choices import Management, RegionLevel, ZoneKind, ZoneLevel, ZoneStatus

MAX_ZONE_AREA_KM2 = Decimal("2000")


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
    center_lat = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    center_lng = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
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

    def clean(self) -> None:
        if self.approved_on and self.approved_on > timezone.localdate():
            raise ValidationError({"approved_on": _("The approval date cannot be in the future.")})


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

    class Meta:
        ordering = ["zone_id", "name"]
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="park_unique_name_in_zone")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.zone_id and self.zone.is_archived and self._state.adding:
            raise ValidationError({"zone": _("This zone is archived; parks cannot be added.")})
