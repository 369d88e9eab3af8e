"""Forms of incentive agreements: an agreement with up to three promised items and three
conditions (blank rows are left out), a payment, a condition check, closing a follow-up."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.core.forms import Form
from zonetrack.projects.models import Project

from .choices import ConditionKind, IncentiveKind
from .forms import _date, style_widgets
from .models import Agreement, Condition, Promise
from .services import ConditionDraft, PromiseDraft

ROWS = 3
_money: dict[str, Any] = {
    "max_digits": 14,
    "decimal_places": 2,
    "min_value": Decimal(0),
    "required": False,
}


class AgreementForm(Form):
    project = forms.ModelChoiceField(label=_("project"), queryset=Project.objects.none())
    title = forms.CharField(label=_("title"), max_length=200)
    signed_on = forms.DateField(label=_("signed on"), widget=_date())
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        projects = access.visible(Project.objects.active(), user).order_by("name")
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = projects
        for n in range(1, ROWS + 1):
            self.fields[f"promise_{n}_kind"] = forms.ChoiceField(
                label=_("Promised item %(n)s") % {"n": n},
                choices=[("", "—"), *IncentiveKind.choices],
                required=False,
            )
            self.fields[f"promise_{n}_amount"] = forms.DecimalField(
                label=_("amount (万元)"), **_money
            )
            self.fields[f"promise_{n}_due"] = forms.DateField(
                label=_("due on"), widget=_date(), required=False
            )
        for n in range(1, ROWS + 1):
            self.fields[f"condition_{n}_kind"] = forms.ChoiceField(
                label=_("Condition %(n)s") % {"n": n},
                choices=[("", "—"), *ConditionKind.choices],
                required=False,
            )
            self.fields[f"condition_{n}_threshold"] = forms.DecimalField(
                label=_("figure to reach (万元 or people)"), **_money
            )
            self.fields[f"condition_{n}_due"] = forms.DateField(
                label=_("due on"), widget=_date(), required=False
            )
        style_widgets(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for prefix in ("promise", "condition"):
            for n in range(1, ROWS + 1):
                if data.get(f"{prefix}_{n}_kind") and not data.get(f"{prefix}_{n}_due"):
                    self.add_error(f"{prefix}_{n}_due", _("Give the date it falls due."))
        return data

    def promises(self) -> list[PromiseDraft]:
        data = self.cleaned_data
        return [
            PromiseDraft(
                data[f"promise_{n}_kind"],
                data.get(f"promise_{n}_amount") or Decimal(0),
                data[f"promise_{n}_due"],
            )
            for n in range(1, ROWS + 1)
            if data.get(f"promise_{n}_kind")
        ]

    def conditions(self) -> list[ConditionDraft]:
        data = self.cleaned_data
        return [
            ConditionDraft(
                data[f"condition_{n}_kind"],
                data[f"condition_{n}_due"],
                data.get(f"condition_{n}_threshold"),
            )
            for n in range(1, ROWS + 1)
            if data.get(f"condition_{n}_kind")
        ]


class PaymentForm(Form):
    promise = forms.ModelChoiceField(label=_("promised incentive"), queryset=Promise.objects.none())
    paid_on = forms.DateField(label=_("paid on"), widget=_date())
    amount_wan = forms.DecimalField(label=_("amount (万元)"), max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["promise"]).queryset = agreement.promises.all()
        style_widgets(self)


class CheckForm(Form):
    condition = forms.ModelChoiceField(label=_("condition"), queryset=Condition.objects.none())
    actual = forms.DecimalField(
        label=_("figure reported (jobs or tax)"),
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_("Only for the conditions zonetrack's records do not hold."),
    )
    source = forms.CharField(label=_("reported by"), max_length=200, required=False)

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["condition"]).queryset = agreement.conditions.all()
        style_widgets(self)


class CloseForm(Form):
    """Close an incentive follow-up, saying what was done."""

    closed_on = forms.DateField(label=_("Closed on"), widget=_date())
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)
