"""Forms of standard factories: a building, a unit, a lease, ending a lease."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.core.forms import Form, ModelForm
from zonetrack.projects.models import Project
from zonetrack.registry.models import Park, Zone

from ..models import FactoryBuilding, FactoryUnit
from .parcels import style_widgets

_date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BuildingForm(ModelForm):
    """Add a standard factory building to a zone."""

    class Meta:
        model = FactoryBuilding
        fields = [
            "code",
            "name",
            "park",
            "storeys",
            "completed_year",
            "center_lat",
            "center_lng",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, zone: Zone, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parks = cast(forms.ModelChoiceField, self.fields["park"])
        parks.queryset = Park.objects.active().filter(zone=zone).order_by("name")
        style_widgets(self)


class UnitForm(ModelForm):
    """Add a unit to a building: its measures and rent."""

    class Meta:
        model = FactoryUnit
        fields = [
            "code",
            "floor",
            "floor_area_m2",
            "storey_height_m",
            "floor_load_kn_m2",
            "power_kva",
            "crane_tonnes",
            "rent_yuan_m2_month",
        ]

    def __init__(self, *args: Any, building: FactoryBuilding, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.building = building
        style_widgets(self)


class LeaseForm(Form):
    """Let a unit to a firm or to a project of the zone."""

    occupant_firm = forms.CharField(label=_("occupant firm"), max_length=100, required=False)
    occupant_project = forms.ModelChoiceField(
        label=_("occupant project"), queryset=Project.objects.none(), required=False
    )
    lease_start_on = forms.DateField(label=_("lease from"), widget=_date)
    lease_end_on = forms.DateField(label=_("lease until"), widget=_date, required=False)

    def __init__(self, *args: Any, zone: Zone, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        projects = cast(forms.ModelChoiceField, self.fields["occupant_project"])
        projects.queryset = Project.objects.active().filter(zone=zone).order_by("name")
        style_widgets(self)


class VacateForm(Form):
    """End the running lease of a unit on a day."""

    on = forms.DateField(label=_("Lease ends on"), widget=_date)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)
