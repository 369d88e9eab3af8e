"""Parcels of a zone and their dated status changes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.projects.models import Project
from zonetrack.registry.models import Park, Readiness, Zone

from ..choices import LandUse, ParcelStatus
from ..geometry import MU_PER_HA, MU_PER_KM2
from .zoned import ZoneCodedRecord

# A parcel above this is a whole park, not a parcel: a typing slip.
MAX_PARCEL_MU = Decimal("150000")


class Parcel(ZoneCodedRecord):
    """A parcel of land a zone can offer or has supplied (地块), owned by its zone."""

    park_elsewhere = _("This park is not in the parcel's zone.")
    code_taken = _("This zone already has a parcel with this code.")

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="parcels"
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        on_delete=models.PROTECT,
        related_name="parcels",
        null=True,
        blank=True,
    )
    code = models.CharField(_("parcel code"), max_length=40)
    name = models.CharField(_("name"), max_length=100, blank=True)
    area_mu = models.DecimalField(
        _("area (亩)"),
        max_digits=10,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.01"), _("The area must be above zero.")),
            MaxValueValidator(MAX_PARCEL_MU, _("An area above 150,000 亩 is not a parcel.")),
        ],
    )
    land_use = models.CharField(
        _("land use"), max_length=20, choices=LandUse.choices, default=LandUse.INDUSTRIAL
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ParcelStatus.choices, default=ParcelStatus.RESERVE
    )
    status_on = models.DateField(_("status since"), null=True, blank=True)
    geometry = models.JSONField(_("outline (GeoJSON)"), null=True, blank=True)
    measured_mu = models.DecimalField(
        _("measured area (亩)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # The outline's bounding box, so overlap checks and map queries read only nearby parcels.
    min_lng = models.FloatField(null=True, blank=True, editable=False)
    min_lat = models.FloatField(null=True, blank=True, editable=False)
    max_lng = models.FloatField(null=True, blank=True, editable=False)
    max_lat = models.FloatField(null=True, blank=True, editable=False)
    overlaps = models.JSONField(
        _("overlaps accepted"),
        default=list,
        blank=True,
        help_text=_("Codes of parcels of the zone this outline overlaps, saved on purpose."),
    )
    supplied_project = models.ForeignKey(
        Project,
        verbose_name=_("supplied to project"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    supplied_firm = models.CharField(_("supplied to firm"), max_length=100, blank=True)
    # 地等项目: a parcel reserved for a project is off the market until released.
    reserved_for = models.ForeignKey(
        Project,
        verbose_name=_("reserved for"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reserved_on = models.DateField(_("reserved on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["zone_id", "code"]
        verbose_name = _("parcel")
        verbose_name_plural = _("parcels")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "code"],
                name="parcel_unique_code_in_zone",
                violation_error_message=_("This zone already has a parcel with this code."),
            )
        ]
        indexes = [
            models.Index(fields=["zone", "status"], name="parcel_zone_status"),
            models.Index(fields=["zone", "min_lng", "min_lat"], name="parcel_zone_bbox"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def area_ha(self) -> Decimal:
        return (self.area_mu / MU_PER_HA).quantize(Decimal("0.0001"))

    @property
    def area_km2(self) -> Decimal:
        return (self.area_mu / MU_PER_KM2).quantize(Decimal("0.000001"))

    @property
    def readiness(self) -> Readiness | None:
        """The park's infrastructure readiness, which its parcels inherit."""
        return self.park.readiness if self.park_id and self.park else None

    def more_errors(self) -> dict[str, Any]:
        project = self.supplied_project if self.supplied_project_id else None
        if project is not None and self.zone_id and project.zone_id != self.zone_id:
            return {"supplied_project": _("This project is not in the parcel's zone.")}
        return {}


class ParcelStatusChange(models.Model):
    """One dated change of a parcel's status (a domain event: days in reserve, idle since …)."""

    parcel = models.ForeignKey(
        Parcel, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("parcel")
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=ParcelStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ParcelStatus.choices)
    changed_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["parcel_id", "changed_on", "id"]
        verbose_name = _("parcel status change")
        verbose_name_plural = _("parcel status changes")

    def __str__(self) -> str:
        return f"{self.parcel_id}: {self.from_status} → {self.to_status} ({self.changed_on})"
