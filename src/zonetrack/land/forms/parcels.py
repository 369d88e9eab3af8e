"""Forms of parcels: a parcel, its status change, the list's filter bar, the import upload."""

from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.core.forms import FilterBarForm, FilterChoiceField, Form, ModelForm, QuickSelect
from zonetrack.projects.models import Project
from zonetrack.registry.models import Park, Zone

from .. import permissions
from ..choices import (
    LandUse,
    ParcelStatus,
)
from ..models import Parcel

# An outline traced with many points is long: far beyond other text, still bounded.
OUTLINE_MAX = 2_000_000


def style_widgets(form: forms.BaseForm) -> None:
    """Give every widget the UI kit's classes."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class OutlineField(forms.CharField):
    """An outline pasted as GeoJSON or WKT; the service reads and checks it."""

    widget = forms.Textarea(attrs={"rows": 4, "class": "form-control font-monospace"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", OUTLINE_MAX)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False)
        return value


class ParcelForm(ModelForm):
    """Add or edit a parcel. Its status is set when it is added; later changes are dated
    status changes (``ParcelStatusForm``)."""

    geometry = OutlineField(
        required=False,
        label=_("Outline (GeoJSON or WKT)"),
        help_text=_(
            "A polygon in WGS-84 longitude and latitude; its area is measured and "
            "compared with the stated area."
        ),
    )
    accept_overlap = forms.BooleanField(
        required=False, label=_("Save even though the outline overlaps another parcel")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Parcel
        fields = [
            "code",
            "name",
            "park",
            "area_mu",
            "land_use",
            "status",
            "status_on",
            "supplied_project",
            "supplied_firm",
            "geometry",
            "note",
        ]
        widgets = {
            "status_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, zone: Zone, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        creating = self.instance.pk is None
        cast(forms.ModelChoiceField, self.fields["park"]).queryset = Park.objects.active().filter(
            zone=zone
        )
        if creating:
            self.fields["area_mu"].required = False
            self.fields["area_mu"].help_text = _("Leave empty to take the outline's area.")
            project = cast(forms.ModelChoiceField, self.fields["supplied_project"])
            project.queryset = Project.objects.active().filter(zone=zone).order_by("name")
        else:
            for name in ("status", "status_on", "supplied_project", "supplied_firm"):
                del self.fields[name]
            if not self.is_bound:
                self.initial["version"] = self.instance.version
        style_widgets(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is None and not data.get("area_mu") and not data.get("geometry"):
            self.add_error("area_mu", _("Give the area, or an outline to measure it from."))
        return data

    def changes(self) -> dict[str, Any]:
        """The fields for the service, the outline as given (text) and the overlap answer apart."""
        return {
            k: v for k, v in self.cleaned_data.items() if k not in {"version", "accept_overlap"}
        }

    def _post_clean(self) -> None:
        # The outline is text here; the service reads, checks and measures it.
        geometry = self.cleaned_data.pop("geometry", None)
        super()._post_clean()  # type: ignore[misc]
        self.cleaned_data["geometry"] = geometry


class ParcelStatusForm(Form):
    """A dated status change; supplying land names the project or the firm."""

    status = forms.ChoiceField(label=_("New status"), choices=ParcelStatus.choices)
    changed_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    supplied_project = forms.ModelChoiceField(
        queryset=Project.objects.none(), required=False, label=_("Supplied to project")
    )
    supplied_firm = forms.CharField(required=False, max_length=100, label=_("Supplied to firm"))
    note = forms.CharField(
        required=False, max_length=500, label=_("Note"), widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, parcel: Parcel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["supplied_project"]).queryset = (
            Project.objects.active().filter(zone_id=parcel.zone_id).order_by("name")
        )
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (value, label) for value, label in ParcelStatus.choices if value != parcel.status
        ]
        if not self.is_bound:
            self.initial["version"] = parcel.version
        style_widgets(self)


class ParcelFilterForm(FilterBarForm):
    """The parcel list's filter bar, showing the filters as the list understood them."""

    widths = {"q": 2, "zone": 2, "park": 2, "min_mu": 1}

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "class": "form-control", "placeholder": _("Code or name")}
        ),
    )
    zone = FilterChoiceField(label=_("Zone"), widget=QuickSelect(attrs={"class": "form-select"}))
    park = FilterChoiceField(label=_("Park"), widget=QuickSelect(attrs={"class": "form-select"}))
    status = FilterChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *ParcelStatus.choices],
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    land_use = FilterChoiceField(
        label=_("Land use"),
        choices=[("", _("All")), *LandUse.choices],
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    min_mu = forms.DecimalField(
        label=_("At least (亩)"),
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 0}),
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, zones: list[Any], parks: list[Any], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        cast(FilterChoiceField, self.fields["zone"]).offer([("", _("All")), *zones])
        cast(FilterChoiceField, self.fields["park"]).offer([("", _("All")), *parks])


class ParcelImportForm(Form):
    """Upload a parcel list for one zone."""

    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
    )
    zone = forms.ModelChoiceField(
        queryset=Zone.objects.none(),
        label=_("Zone"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        cast(forms.ModelChoiceField, self.fields["zone"]).queryset = access.visible(
            Zone.objects.active().select_related("organisation"), user
        )

    def clean_zone(self) -> Zone:
        zone = cast(Zone, self.cleaned_data["zone"])
        if not permissions.can_add_parcel(self.user, zone):
            raise forms.ValidationError(_("You may not add parcels to this zone."))
        return zone
