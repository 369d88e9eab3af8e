"""Forms of the targets app: the targets grid, the monthly entry grid, reporting windows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import Organisation
from zonetrack.core.forms import Form
from zonetrack.projects.forms import DATE_WIDGET, _style
from zonetrack.projects.validators import month_from_text

from .models import Indicator
from .services import parse_figure, target_cell, value_cell

CELL_ATTRS = {"class": "form-control form-control-sm zt-num", "inputmode": "decimal"}


def _cell(label: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=30, widget=forms.TextInput(attrs=CELL_ATTRS)
    )


def _figure(value: str) -> Decimal | None:
    try:
        return parse_figure(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


class TargetGridForm(Form):
    """A year's targets of the organisations one may set, one cell per organisation and
    indicator (``t_<organisation>_<indicator>``); a blank cell takes a target away."""

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation],
        indicators: list[Indicator],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cells: dict[str, tuple[Organisation, Indicator]] = {}
        for organisation in organisations:
            for indicator in indicators:
                name = target_cell(organisation.pk, indicator.pk)
                self.fields[name] = _cell(f"{organisation.label} · {indicator.name}")
                self.cells[name] = (organisation, indicator)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.cells:
            if name in data:
                try:
                    data[name] = _figure(data[name])
                except ValidationError as exc:
                    self.add_error(name, exc)
        return data

    def entries(self) -> list[tuple[Organisation, Indicator, Decimal | None]]:
        return [(o, i, self.cleaned_data.get(name)) for name, (o, i) in self.cells.items()]


class TargetQuartersForm(Form):
    """A target's split over its four quarters; all four blank takes the split away."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, 5):
            self.fields[f"q{n}"] = _cell(str(_("Quarter %(n)d") % {"n": n}))
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, 5):
            name = f"q{n}"
            if name in data:
                try:
                    data[name] = _figure(data[name])
                except ValidationError as exc:
                    self.add_error(name, exc)
        filled = [data.get(f"q{n}") for n in range(1, 5)]
        if not self.errors and any(v is not None for v in filled):
            for n, value in enumerate(filled, start=1):
                if value is None:
                    self.add_error(
                        f"q{n}", _("Give every quarter, or none to take the split away.")
                    )
        return data

    def quarters(self) -> list[Decimal] | None:
        found = [self.cleaned_data.get(f"q{n}") for n in range(1, 5)]
        if all(v is None for v in found):
            return None
        return [v for v in found if v is not None]


class ValueEntryForm(Form):
    """One organisation's values of one month, one cell per reported indicator (``v_<id>``)."""

    period = forms.CharField(
        label=_("Month"),
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        self.indicators = {value_cell(i.pk): i for i in indicators}
        for name, indicator in self.indicators.items():
            self.fields[name] = _cell(f"{indicator.name}（{indicator.unit}）")

    def clean_period(self) -> date:
        return month_from_text(self.cleaned_data["period"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.indicators:
            if name in data:
                try:
                    data[name] = _figure(data[name])
                except ValidationError as exc:
                    self.add_error(name, exc)
        return data

    def values(self) -> dict[Indicator, Decimal | None]:
        return {i: self.cleaned_data.get(name) for name, i in self.indicators.items()}


class WindowForm(Form):
    """Open a month for reporting by the organisations below one's own."""

    organisation = forms.ModelChoiceField(
        label=_("Opened by"), queryset=Organisation.objects.none()
    )
    period = forms.CharField(
        label=_("Month"),
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )
    due_on = forms.DateField(label=_("Reporting deadline"), widget=forms.DateInput(**DATE_WIDGET))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        managed = [
            m.organisation.pk
            for m in access.memberships(user)
            if Role(m.role) in (Role.MANAGER, Role.ADMIN)
        ]
        rows = Organisation.objects.active()
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = rows if access.is_superuser(user) else rows.filter(pk__in=managed)
        if len(managed) == 1:
            field.initial = managed[0]  # the one level the user opens windows for

    def clean_period(self) -> date:
        return month_from_text(self.cleaned_data["period"])


class WindowStateForm(Form):
    """Close a window, or reopen it with a reason (and a new deadline)."""

    action = forms.ChoiceField(
        choices=[("close", _("Close")), ("reopen", _("Reopen"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(label=_("Reason for reopening"), required=False, max_length=200)
    due_on = forms.DateField(
        label=_("New deadline"), required=False, widget=forms.DateInput(**DATE_WIDGET)
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
