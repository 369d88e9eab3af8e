"""Forms of land: a parcel, its status change, the list's filter bar, the import uploads; a
per-mu evaluation's rule, its steps, objections and decisions."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.core.forms import FilterBarForm, FilterChoiceField, Form, ModelForm, QuickSelect
from zonetrack.projects.models import Project
from zonetrack.registry.models import Park, Zone

from . import permissions
from .choices import (
    ControlIndicator,
    EvaluationStatus,
    FirmClass,
    FirmKind,
    LandUse,
    ObjectionOutcome,
    ParcelStatus,
)
from .models import Evaluation, Parcel, Threshold
from .models.permu import ABOVE_INDICATORS, BELOW_INDICATORS
from .models.thresholds import UNITS, canonical_unit

# An outline traced with many points is long: far beyond other text, still bounded.
OUTLINE_MAX = 2_000_000


def _style(form: forms.BaseForm) -> None:
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
        _style(self)

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
        _style(self)


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


# -- per-mu evaluation ------------------------------------------------------------------------

INDICATOR_LABELS = {
    "tax_per_mu": _("Tax per 亩"),
    "va_per_mu": _("Value added per 亩"),
    "va_per_energy": _("Value added per tce of energy"),
    "va_per_emission": _("Value added per t of emissions"),
    "va_per_person": _("Value added per employee"),
    "rnd_share": _("R&D share of output"),
    "tax_per_kwh": _("Tax per 万kWh"),
}
KIND_INDICATORS = {
    FirmKind.ABOVE_SCALE: ABOVE_INDICATORS,
    FirmKind.BELOW_SCALE: BELOW_INDICATORS,
}


class EvaluationForm(Form):
    """Open a year's evaluation, or change a draft's rule: weights (summing to 100 per kind),
    benchmarks (empty: the year's averages), class cut-offs, exemptions, days of comment."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Evaluated by")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    comment_days = forms.IntegerField(
        label=_("Days of publication for comment"), min_value=1, max_value=60
    )
    new_firm_years = forms.IntegerField(
        label=_("Firms younger than (years) are exempt"), min_value=0, max_value=20
    )
    new_land_years = forms.IntegerField(
        label=_("Land granted within (years) is exempt"), min_value=0, max_value=20
    )
    cutoff_A = forms.DecimalField(label=_("Class A: best share (%)"), min_value=0, max_value=100)
    cutoff_B = forms.DecimalField(label=_("Class B: up to share (%)"), min_value=0, max_value=100)
    cutoff_C = forms.DecimalField(label=_("Class C: up to share (%)"), min_value=0, max_value=100)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, user: Any, evaluation: Evaluation | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        rule = evaluation or Evaluation()
        for kind, names in KIND_INDICATORS.items():
            for name in names:
                self.fields[f"w_{kind}_{name}"] = forms.DecimalField(
                    label=f"{kind.label} · {INDICATOR_LABELS[name]} · {_('weight')}",
                    min_value=0,
                    max_value=100,
                    initial=rule.weights.get(kind, {}).get(name, 0),
                )
                self.fields[f"b_{kind}_{name}"] = forms.DecimalField(
                    label=f"{kind.label} · {INDICATOR_LABELS[name]} · {_('benchmark')}",
                    required=False,
                    min_value=Decimal("0.000001"),
                    initial=rule.benchmarks.get(kind, {}).get(name),
                    help_text=_("Empty: the year's average of the firms scored."),
                )
        organisations = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisations.queryset = access.visible(Organisation.objects.active(), user)
        if evaluation is not None:
            del self.fields["organisation"], self.fields["year"]
        if not self.is_bound:
            self.initial.update(
                {
                    "title": rule.title,
                    "comment_days": rule.comment_days,
                    "new_firm_years": rule.new_firm_years,
                    "new_land_years": rule.new_land_years,
                    "cutoff_A": rule.cutoffs["A"],
                    "cutoff_B": rule.cutoffs["B"],
                    "cutoff_C": rule.cutoffs["C"],
                    "version": rule.version if evaluation else None,
                }
            )
        _style(self)

    def rule(self) -> dict[str, Any]:
        """The rule for the service, as the model stores it."""
        data = self.cleaned_data
        weights: dict[str, dict[str, float]] = {}
        benchmarks: dict[str, dict[str, float]] = {}
        for kind, names in KIND_INDICATORS.items():
            weights[kind] = {name: float(data[f"w_{kind}_{name}"]) for name in names}
            benchmarks[kind] = {
                name: float(data[f"b_{kind}_{name}"])
                for name in names
                if data.get(f"b_{kind}_{name}") is not None
            }
        rule: dict[str, Any] = {
            "weights": weights,
            "benchmarks": benchmarks,
            "cutoffs": {k: float(data[f"cutoff_{k}"]) for k in ("A", "B", "C")},
            "comment_days": data["comment_days"],
            "new_firm_years": data["new_firm_years"],
            "new_land_years": data["new_land_years"],
        }
        if data.get("title"):
            rule["title"] = data["title"]
        return rule


class FirmImportForm(Form):
    """Upload a year's firm figures for a draft evaluation."""

    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
    )
    evaluation = forms.ModelChoiceField(
        queryset=Evaluation.objects.none(),
        label=_("Evaluation"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        cast(forms.ModelChoiceField, self.fields["evaluation"]).queryset = access.visible(
            Evaluation.objects.active()
            .filter(status=EvaluationStatus.DRAFT)
            .select_related("organisation"),
            user,
        )

    def clean_evaluation(self) -> Evaluation:
        evaluation = cast(Evaluation, self.cleaned_data["evaluation"])
        if not permissions.can_manage_evaluation(self.user, evaluation):
            raise forms.ValidationError(_("You may not change this evaluation."))
        return evaluation


class ObjectionForm(Form):
    """A firm's objection during the comment period."""

    filed_on = forms.DateField(
        label=_("Filed on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    text = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The documents the firm gives and what they show."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class DecisionForm(Form):
    """The decision on an objection, with its reason."""

    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ObjectionOutcome.UPHELD, ObjectionOutcome.UPHELD.label),
            (ObjectionOutcome.DISMISSED, ObjectionOutcome.DISMISSED.label),
        ],
    )
    new_class = forms.ChoiceField(
        label=_("Class after review"), choices=[("", "—"), *FirmClass.choices], required=False
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class StepForm(Form):
    """A step of an evaluation: score, publish (from a date), make final."""

    step = forms.ChoiceField(
        choices=[("score", "score"), ("publish", "publish"), ("finalise", "finalise")],
        widget=forms.HiddenInput,
    )
    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )


# -- entry thresholds -------------------------------------------------------------------------


class ThresholdForm(ModelForm):
    """Set an entry threshold: for an authority's zones or one zone, one cluster or all."""

    class Meta:
        model = Threshold
        fields = [
            "organisation",
            "zone",
            "cluster",
            "indicator",
            "comparison",
            "value",
            "unit",
            "source",
        ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = access.visible(
            Organisation.objects.active(), user
        )
        cast(forms.ModelChoiceField, self.fields["zone"]).queryset = access.visible(
            Zone.objects.active(), user
        )
        self.fields["unit"].help_text = _(
            "万元/亩 or 万元/公顷 for intensities, % for shares, 吨标煤/万元 for energy, "
            "empty for plot ratio and the environmental standard."
        )
        _style(self)


class CheckForm(Form):
    """A proposal's figures for the check, in each indicator's first unit; empty: not stated
    (investment intensity and plot ratio are read from the project when left empty)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = {name: canonical_unit(name) for name in UNITS}
        for value, label in ControlIndicator.choices:
            self.fields[value] = forms.DecimalField(
                label=f"{label} ({units[value]})" if units[value] else str(label),
                required=False,
                max_digits=14,
                decimal_places=4,
            )
        self.fields[ControlIndicator.ENVIRONMENT].help_text = _("1 when met, 0 when not.")
        _style(self)
