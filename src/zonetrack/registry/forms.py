"""Forms of the registry: zones and parks, with field-level messages."""

from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.core.forms import FilterBarForm, FilterChoiceField, Form, ModelForm, QuickSelect

from .choices import Infrastructure, ZoneKind, ZoneLevel, ZoneStatus
from .models import Cluster, Park, Region, Zone

# A boundary traced with many points is long: far beyond other text, still bounded.
GEOJSON_MAX = 2_000_000


class GeoJSONField(forms.CharField):
    """GeoJSON pasted as text; empty means none."""

    widget = forms.Textarea(attrs={"rows": 3, "class": "font-monospace"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", GEOJSON_MAX)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False)
        return value

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if not value:
            return None
        try:
            return json.loads(value)
        except ValueError as exc:
            raise forms.ValidationError(_("This is not valid JSON.")) from exc


class StyledForm(ModelForm):
    """Gives every widget the UI kit's classes."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class ZoneForm(StyledForm):
    """Create or edit a zone; ``version`` carries the version an edit started from."""

    region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        to_field_name="code",
        label=_("Region (division code)"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 6}),
        error_messages={"invalid_choice": _("Unknown division code.")},
    )
    clusters = forms.ModelMultipleChoiceField(
        queryset=Cluster.objects.filter(is_active=True),
        required=False,
        label=_("Leading clusters"),
        widget=forms.CheckboxSelectMultiple,
    )
    boundary = GeoJSONField(required=False, label=_("Boundary (GeoJSON)"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Zone
        fields = [
            "name",
            "short_name",
            "kind",
            "level",
            "management",
            "status",
            "region",
            "organisation",
            "approved_on",
            "approval_authority",
            "planned_area_km2",
            "catalogue_code",
            "center_lat",
            "center_lng",
            "clusters",
            "description",
            "boundary",
        ]
        widgets = {
            "approved_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organisation"])
        field.queryset = access.visible(Organisation.objects.active(), user)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ParkForm(StyledForm):
    """Create or edit a park, with its infrastructure checklist."""

    clusters = forms.ModelMultipleChoiceField(
        queryset=Cluster.objects.filter(is_active=True),
        required=False,
        label=_("Leading clusters"),
        widget=forms.CheckboxSelectMultiple,
    )
    boundary = GeoJSONField(required=False, label=_("Boundary (GeoJSON)"))
    ready = forms.MultipleChoiceField(
        choices=Infrastructure.choices,
        required=False,
        label=_("Infrastructure in place"),
        widget=forms.CheckboxSelectMultiple,
    )
    extra_ready = forms.CharField(
        required=False,
        label=_("Other items in place"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    extra_missing = forms.CharField(
        required=False,
        label=_("Other items not yet in place"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Park
        fields = ["name", "positioning", "area_km2", "clusters", "boundary"]
        widgets = {"positioning": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        park = self.instance
        if not self.is_bound:
            infra = park.infrastructure or {}
            self.initial["ready"] = [key for key in Infrastructure.values if infra.get(key)]
            extra = infra.get("extra", [])
            self.initial["extra_ready"] = "\n".join(i["name"] for i in extra if i["ready"])
            self.initial["extra_missing"] = "\n".join(i["name"] for i in extra if not i["ready"])
            if park.pk:
                self.initial["version"] = park.version

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        infrastructure: dict[str, Any] = {
            key: key in data["ready"] for key in Infrastructure.values
        }
        extra = [
            {"name": line.strip(), "ready": ready}
            for text, ready in ((data["extra_ready"], True), (data["extra_missing"], False))
            for line in text.splitlines()
            if line.strip()
        ]
        if extra:
            infrastructure["extra"] = extra
        return {
            "name": data["name"],
            "positioning": data["positioning"],
            "area_km2": data["area_km2"],
            "clusters": list(data["clusters"]),
            "boundary": data["boundary"],
            "infrastructure": infrastructure,
        }


class ImportForm(Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
    )
    parent = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("New zone committees go under"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["parent"])
        field.queryset = access.visible(Organisation.objects.active(), user)


def _choice(label: Any, choices: Any) -> FilterChoiceField:
    return FilterChoiceField(
        label=label,
        choices=[("", _("All")), *choices],
        widget=QuickSelect(attrs={"class": "form-select"}),
    )


class ZoneFilterForm(FilterBarForm):
    """The zone list's filter bar, showing the filters as the list understood them
    (``selectors.ZoneFilters``, which reads the query itself)."""

    widths = {"region": 1}

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "class": "form-control",
                "placeholder": _("Name or short name"),
            }
        ),
    )
    region = forms.CharField(
        label=_("Division code"),
        required=False,
        max_length=6,
        widget=forms.TextInput(
            attrs={"class": "form-control", "inputmode": "numeric", "placeholder": "1410"}
        ),
    )
    kind = _choice(_("Kind"), ZoneKind.choices)
    level = _choice(_("Level"), ZoneLevel.choices)
    status = _choice(_("Status"), ZoneStatus.choices)
    cluster = _choice(_("Cluster"), [])
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")  # the bar's fields keep their plain ids (q, kind …)
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cluster"]).choices = [
            ("", _("All")),
            *Cluster.objects.filter(is_active=True).values_list("code", "name"),
        ]
