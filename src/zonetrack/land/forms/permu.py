"""Forms of the per-mu evaluation (its rule, steps, objections and decisions, the firms'
upload) and of the entry thresholds (a threshold, a project's check)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.core.forms import Form, ModelForm
from zonetrack.registry.models import Zone

from .. import permissions
from ..choices import (
    ControlIndicator,
    EvaluationStatus,
    FirmClass,
    FirmKind,
    ObjectionOutcome,
)
from ..models import Evaluation, Threshold
from ..models.permu import ABOVE_INDICATORS, BELOW_INDICATORS
from ..models.thresholds import UNITS, canonical_unit
from .parcels import style_widgets

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
                    label=_("%(kind)s · %(indicator)s · benchmark")
                    % {"kind": kind.label, "indicator": INDICATOR_LABELS[name]},
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
        style_widgets(self)

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
        style_widgets(self)


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
        style_widgets(self)


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
            "万元/亩 or 万元/公顷 for intensities, per cent for shares, 吨标煤/万元 for energy, "
            "empty for plot ratio and the environmental standard."
        )
        style_widgets(self)


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
        style_widgets(self)
