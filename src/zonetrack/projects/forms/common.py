"""What the forms of the projects app share: date widgets, the people to choose from, the UI
kit's classes and amounts in 万元."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from zonetrack.accounts.models import User

from .. import selectors
from ..models import MAX_AMOUNT_WAN

DATE_WIDGET: dict[str, Any] = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}


def people(user: Any) -> QuerySet[User]:
    """Active people who are members of an organisation the user can see: who may lead or
    work on a project."""
    return selectors.people(user=user)


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field ``name``, a model choice field (or its multiple-choice subclass) whose
    choices the form narrows; ``form.fields`` types every field as a plain Field."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


def _style(form: forms.BaseForm) -> None:
    """Give every widget the UI kit's classes."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
            continue
        if isinstance(widget, forms.HiddenInput | forms.FileInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


def _money(label: Any, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=MAX_AMOUNT_WAN,
        max_digits=14,
        decimal_places=2,
    )
