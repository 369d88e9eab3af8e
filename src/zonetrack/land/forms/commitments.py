"""Forms of the commitment ledger (a promise, a check, closing a follow-up) and of idle land."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.core.forms import FilterBarForm, FilterChoiceField, Form, ModelForm, QuickSelect
from zonetrack.projects.models import Project

from ..choices import CommitmentCheckKind, IdleDecisionKind
from ..models import Commitment, Parcel
from .parcels import style_widgets

_date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommitmentForm(ModelForm):
    """What the project promised for a parcel (the project defaults to the one supplied)."""

    class Meta:
        model = Commitment
        fields = [
            "project",
            "granted_on",
            "credit_code",
            "investment_intensity_wan_per_mu",
            "plot_ratio",
            "tax_wan_per_mu",
            "energy_tce_per_wan",
            "start_by_on",
            "production_by_on",
            "capacity_by_on",
            "note",
        ]
        widgets = {
            "granted_on": _date,
            "start_by_on": _date,
            "production_by_on": _date,
            "capacity_by_on": _date,
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, parcel: Parcel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = (
            Project.objects.active().filter(zone_id=parcel.zone_id).order_by("name")
        )
        if not self.is_bound:
            self.initial.setdefault("project", parcel.supplied_project_id)
            self.initial.setdefault("granted_on", parcel.status_on)
        style_widgets(self)

    def _post_clean(self) -> None:
        # The service builds and validates the record (with its parcel).
        pass


class CommitmentCheckForm(Form):
    """Run a check of a commitment on a day."""

    kind = forms.ChoiceField(label=_("Check"), choices=CommitmentCheckKind.choices)
    day = forms.DateField(label=_("Checked on"), widget=_date)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class FollowUpCloseForm(Form):
    """Close a follow-up, saying what was done."""

    closed_on = forms.DateField(label=_("Closed on"), widget=_date)
    note = forms.CharField(
        label=_("What was done"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class IdleDecisionForm(Form):
    """The zone's decision on an idle parcel: reclaim, re-plan or support, and why."""

    decision = forms.ChoiceField(label=_("Decision"), choices=IdleDecisionKind.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=_date)
    note = forms.CharField(
        label=_("Reasons and next steps"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class IdleFilterForm(FilterBarForm):
    """The idle-land list's filter bar."""

    widths = {"zone": 3, "state": 2}

    zone = FilterChoiceField(label=_("Zone"), widget=QuickSelect(attrs={"class": "form-select"}))
    state = FilterChoiceField(
        label=_("Decision"),
        choices=[("", _("All")), ("undecided", _("Not yet decided"))],
        widget=QuickSelect(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, zones: list[Any], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        cast(FilterChoiceField, self.fields["zone"]).offer([("", _("All")), *zones])
