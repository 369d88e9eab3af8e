"""The ledger import form: a zone's project ledger (项目台账) and the year it covers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.core.forms import Form
from zonetrack.registry.models import Zone

from .common import model_choice


class LedgerImportForm(Form):
    """A zone's project ledger (项目台账) to import: the file, the zone, the year it covers."""

    file = forms.FileField(
        label=_("Ledger (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
    )
    zone: forms.ModelChoiceField[Zone] = forms.ModelChoiceField(
        queryset=None,
        label=_("Zone"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Leave empty to take the year the title names, else this year."),
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        zones = access.visible(Zone.objects.active(), user)
        model_choice(self, "zone").queryset = zones.order_by("name")
