"""The project filters as core's filter bar shows them."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonetrack.core.forms import FilterBarForm, FilterChoiceField

from .common import _style


def _choice(label: Any, *, blank: bool = True) -> FilterChoiceField:
    return FilterChoiceField(label=label, has_all=blank)


class ProjectFilterForm(FilterBarForm):
    """The project filters as core's filter bar shows them, showing the values of
    ``ProjectFilters`` (which reads the query string): ``fields`` names those a page offers,
    and only their choices are read (``selectors.filter_choices``)."""

    widths = {"q": 3, "zone": 3, "park": 3}

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, code or investor")}
        ),
    )
    zone = _choice(_("Zone"))
    park = _choice(_("Park"))
    stage = _choice(_("Stage"))
    cluster = _choice(_("Cluster"))
    leader = _choice(_("Responsible leader"))
    key = _choice(_("Key project"))
    year = forms.IntegerField(
        label=_("Stage year"),
        required=False,
        min_value=2000,
        max_value=2100,
    )
    group = _choice(_("Group by"), blank=False)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)
    verified_only = forms.CharField(required=False, widget=forms.HiddenInput)
    owes = forms.CharField(required=False, widget=forms.HiddenInput)
    signed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *,
        filters: Any,
        fields: tuple[str, ...],
        choices: dict[str, Any],
        initial: dict[str, Any] | None = None,
    ) -> None:
        values = {
            name: getattr(filters, name)
            for name in ("q", "zone", "park", "stage", "cluster", "leader", "key", "year", "sort")
        }
        for month in ("owes", "signed"):
            value = getattr(filters, month, None)
            values[month] = f"{value:%Y-%m}" if value else ""
        super().__init__(initial={**values, **(initial or {})}, auto_id="%s")
        self.fields["year"].widget.attrs["placeholder"] = timezone.localdate().year
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]
        options = {
            "zone": lambda: choices["zone_choices"],
            "park": lambda: [
                (park.pk, park.name if filters.zone else f"{park.zone.name} · {park.name}")
                for park in choices["parks"]
            ],
            "stage": lambda: choices["stages"],
            "cluster": lambda: [(c.code, c.name) for c in choices["clusters"]],
            "leader": lambda: [(person.pk, str(person)) for person in choices["leaders"]],
            "key": lambda: choices["keys"],
            "group": lambda: choices["groupings"],
        }
        for name, read in options.items():
            if name in self.fields:
                field = cast(FilterChoiceField, self.fields[name])
                blank = [("", _("All"))] if field.has_all else []
                field.offer([*blank, *read()])
        _style(self)
