"""Standard factories (标准厂房): buildings of a zone and the units they let — floor area, storey
height, floor load, power, crane, rent — with their occupant and lease, or a reservation for a
project."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zonetrack.core.models import Record, latitude_field, longitude_field
from zonetrack.projects.models import Project
from zonetrack.registry.models import Park, Zone

from .zoned import ZoneCodedRecord

_measure: dict[str, Any] = {"max_digits": 10, "decimal_places": 2, "null": True, "blank": True}
_positive = [MinValueValidator(Decimal("0.01"), _("The figure must be above zero."))]


class FactoryBuilding(ZoneCodedRecord):
    """A standard factory building a zone offers (标准厂房), owned by its zone."""

    park_elsewhere = _("This park is not in the building's zone.")
    code_taken = _("This zone already has a building with this code.")

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="factory_buildings"
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        on_delete=models.PROTECT,
        related_name="factory_buildings",
        null=True,
        blank=True,
    )
    code = models.CharField(_("building code"), max_length=40)
    name = models.CharField(_("name"), max_length=100, blank=True)
    storeys = models.PositiveSmallIntegerField(
        _("storeys"), default=1, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    completed_year = models.PositiveSmallIntegerField(
        _("completed in"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    # Where it stands, for the land map (WGS-84); both or neither.
    center_lat = latitude_field()
    center_lng = longitude_field()
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["zone_id", "code"]
        verbose_name = _("standard factory building")
        verbose_name_plural = _("standard factory buildings")
        constraints = [
            models.UniqueConstraint(fields=["zone", "code"], name="factory_unique_code_in_zone")
        ]

    def __str__(self) -> str:
        return self.name or self.code

    def more_errors(self) -> dict[str, Any]:
        if (self.center_lat is None) != (self.center_lng is None):
            return {"center_lng": _("Give both latitude and longitude, or neither.")}
        return {}


class FactoryUnit(Record):
    """A unit of a standard factory let on its own: its measures, rent, occupant and lease, or
    a reservation for a project (地等项目) that takes it off the market until released."""

    org_path = "building__zone__organisation"

    building = models.ForeignKey(
        FactoryBuilding, verbose_name=_("building"), on_delete=models.PROTECT, related_name="units"
    )
    code = models.CharField(pgettext_lazy("factory", "unit"), max_length=40)
    floor = models.PositiveSmallIntegerField(
        _("floor"), default=1, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    floor_area_m2 = models.DecimalField(
        _("floor area (m²)"), max_digits=10, decimal_places=2, validators=_positive
    )
    storey_height_m = models.DecimalField(_("storey height (m)"), validators=_positive, **_measure)
    floor_load_kn_m2 = models.DecimalField(
        _("floor load (kN/m²)"), validators=_positive, **_measure
    )
    power_kva = models.DecimalField(_("power (kVA)"), validators=_positive, **_measure)
    crane_tonnes = models.DecimalField(
        _("crane (t)"), validators=_positive, **_measure, help_text=_("Empty: no crane.")
    )
    rent_yuan_m2_month = models.DecimalField(
        _("rent (元/m²·month)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0), _("A rent cannot be negative."))],
    )
    occupant_project = models.ForeignKey(
        Project,
        verbose_name=_("occupant project"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    occupant_firm = models.CharField(_("occupant firm"), max_length=100, blank=True)
    lease_start_on = models.DateField(_("lease from"), null=True, blank=True)
    lease_end_on = models.DateField(_("lease until"), null=True, blank=True)
    reserved_for = models.ForeignKey(
        Project,
        verbose_name=_("reserved for"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reserved_on = models.DateField(_("reserved on"), null=True, blank=True)

    class Meta:
        ordering = ["building_id", "floor", "code"]
        verbose_name = _("factory unit")
        verbose_name_plural = _("factory units")
        constraints = [
            models.UniqueConstraint(fields=["building", "code"], name="factory_unit_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.building} {self.code}"

    def validate_constraints(self, exclude: Any = None) -> None:
        super().validate_constraints(exclude={*(exclude or ()), "code"})

    def is_let_on(self, day: date) -> bool:
        """Whether a lease runs on ``day``."""
        if not (self.occupant_firm or self.occupant_project_id) or self.lease_start_on is None:
            return False
        return self.lease_start_on <= day and (
            self.lease_end_on is None or day <= self.lease_end_on
        )

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.code and self.building_id:
            twins = FactoryUnit.objects.filter(building_id=self.building_id, code=self.code)
            if twins.exclude(pk=self.pk).exists():
                errors["code"] = _("This building already has a unit with this code.")
        if self.building_id and self.floor and self.floor > self.building.storeys:
            errors["floor"] = _("The building has %(n)s storeys.") % {"n": self.building.storeys}
        if self.lease_start_on and self.lease_end_on and self.lease_end_on < self.lease_start_on:
            errors["lease_end_on"] = _("A lease cannot end before it starts.")
        if errors:
            raise ValidationError(errors)
