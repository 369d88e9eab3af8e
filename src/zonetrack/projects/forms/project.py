"""The project form: a project's profile, investor, people and key-project marks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.core.forms import ModelForm
from zonetrack.registry import selectors as registry_selectors
from zonetrack.registry.models import Cluster, Park, Zone

from ..models import Project
from .common import _style, model_choice, people


class ParkChoiceField(forms.ModelChoiceField):
    """A park shown with its zone: parks of different zones may share a name."""

    def label_from_instance(self, obj: Park) -> str:
        return f"{obj.zone.name} · {obj.name}"


class ProjectForm(ModelForm):
    """Create or edit a project's own fields; the stage moves through transitions instead.

    ``zone`` is offered only when creating; ``version`` carries the version an edit started
    from. The investor is given by name and credit code and resolved by the view.
    """

    zone: forms.ModelChoiceField[Zone] = forms.ModelChoiceField(queryset=None, label=_("Zone"))
    investor_name = forms.CharField(label=_("Investor"), max_length=200, required=False)
    investor_credit_code = forms.CharField(
        label=_("Investor's unified social credit code"),
        max_length=18,
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 18, "autocomplete": "off"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [
            "zone",
            "name",
            "park",
            "cluster",
            "kind",
            "total_investment_wan",
            "fixed_asset_investment_wan",
            "foreign_capital_usd_wan",
            "land_mu",
            "floor_m2",
            "expected_output_wan",
            "expected_tax_wan",
            "expected_jobs",
            "is_provincial_key",
            "is_city_key",
            "origin_region",
            "source_channel",
            "construction_status",
            "is_in_statistics",
            "leader",
            "officer",
            "task_force",
            "end_reason",
            "lost_to",
            "description",
        ]
        field_classes = {"park": ParkChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "task_force": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        project = self.instance
        if project.pk:
            del self.fields["zone"]
        else:
            zones = registry_selectors.zone_list(user=user)
            model_choice(self, "zone").queryset = zones.prefetch_related(None)
        parks = access.visible(Park.objects.active(), user).select_related("zone")
        model_choice(self, "park").queryset = parks.order_by("zone__name", "name")
        model_choice(self, "cluster").queryset = Cluster.objects.filter(is_active=True)
        for name in ("leader", "officer", "task_force"):
            model_choice(self, name).queryset = people(user)
        if not self.is_bound:
            if project.pk:
                self.initial["version"] = project.version
            if project.investor_id:
                self.initial["investor_name"] = project.investor.name
                self.initial["investor_credit_code"] = project.investor.credit_code or ""
        _style(self)

    SECTIONS = (
        (
            _("Project"),
            (
                "zone",
                "name",
                "investor_name",
                "investor_credit_code",
                "park",
                "cluster",
                "kind",
                "source_channel",
                "origin_region",
                "is_provincial_key",
                "is_city_key",
            ),
        ),
        (
            _("Investment and scale"),
            (
                "total_investment_wan",
                "fixed_asset_investment_wan",
                "foreign_capital_usd_wan",
                "land_mu",
                "floor_m2",
                "expected_output_wan",
                "expected_tax_wan",
                "expected_jobs",
            ),
        ),
        (_("Construction"), ("construction_status", "is_in_statistics", "description")),
        (_("Responsibility"), ("leader", "officer", "task_force")),
        (_("If the project ends"), ("end_reason", "lost_to")),
    )

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The visible fields in titled groups, for the page."""
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.SECTIONS
        ]

    def clean_investor_credit_code(self) -> str:
        return self.cleaned_data["investor_credit_code"].strip().upper()

    def changes(self) -> dict[str, Any]:
        """The project's fields as the services take them (investor, zone and version apart)."""
        skip = {"version", "zone", "investor_name", "investor_credit_code"}
        data = {k: v for k, v in self.cleaned_data.items() if k not in skip}
        data["task_force"] = list(data.get("task_force") or [])
        return data
