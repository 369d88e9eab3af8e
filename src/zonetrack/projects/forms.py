"""Forms of the projects app: the project, stage moves, monthly reports, plans and milestones."""

from __future__ import annotations

import datetime as dt
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.accounts.models import User
from zonetrack.core.forms import Form, ModelForm
from zonetrack.core.validators import NEXT_MAX
from zonetrack.registry import selectors as registry_selectors
from zonetrack.registry.models import Cluster, Park, Zone

from . import selectors
from .choices import STAGE_ORDER, Stage
from .models import MAX_AMOUNT_WAN, EndReason, Project
from .validators import month_from_text

DATE_WIDGET = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}


def people(user: Any) -> QuerySet[User]:
    """Active people who are members of an organisation the user can see: who may lead or
    work on a project."""
    return selectors.people(user=user)


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


class ProjectForm(ModelForm):
    """Create or edit a project's own fields; the stage moves through transitions instead.

    ``zone`` is offered only when creating; ``version`` carries the version an edit started
    from. The investor is given by name and credit code and resolved by the view.
    """

    zone = forms.ModelChoiceField(queryset=None, label=_("Zone"))  # type: ignore[arg-type]
    investor_name = forms.CharField(label=_("Investor"), max_length=200, required=False)
    investor_credit_code = forms.CharField(
        label=_("Investor's unified social credit code"),
        max_length=18,
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 18, "autocomplete": "off"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [
            "zone",
            "name",
            "park",
            "cluster",
            "kind",
            "total_investment_wan",
            "fixed_asset_investment_wan",
            "foreign_capital_usd_wan",
            "land_mu",
            "floor_m2",
            "expected_output_wan",
            "expected_tax_wan",
            "expected_jobs",
            "is_provincial_key",
            "is_city_key",
            "origin_region",
            "source_channel",
            "construction_status",
            "is_in_statistics",
            "leader",
            "officer",
            "task_force",
            "end_reason",
            "lost_to",
            "description",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "task_force": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        project = self.instance
        if project.pk:
            del self.fields["zone"]
        else:
            self.fields["zone"].queryset = registry_selectors.zone_list(user=user).prefetch_related(
                None
            )
        parks = access.visible(Park.objects.active(), user).select_related("zone")
        self.fields["park"].queryset = parks.order_by("zone__name", "name")
        self.fields["park"].label_from_instance = lambda park: f"{park.zone.name} · {park.name}"
        self.fields["cluster"].queryset = Cluster.objects.filter(is_active=True)
        for name in ("leader", "officer", "task_force"):
            self.fields[name].queryset = people(user)
        if not self.is_bound:
            if project.pk:
                self.initial["version"] = project.version
            if project.investor_id:
                self.initial["investor_name"] = project.investor.name
                self.initial["investor_credit_code"] = project.investor.credit_code or ""
        _style(self)

    SECTIONS = (
        (
            _("Project"),
            (
                "zone",
                "name",
                "investor_name",
                "investor_credit_code",
                "park",
                "cluster",
                "kind",
                "source_channel",
                "origin_region",
                "is_provincial_key",
                "is_city_key",
            ),
        ),
        (
            _("Investment and scale"),
            (
                "total_investment_wan",
                "fixed_asset_investment_wan",
                "foreign_capital_usd_wan",
                "land_mu",
                "floor_m2",
                "expected_output_wan",
                "expected_tax_wan",
                "expected_jobs",
            ),
        ),
        (_("Construction"), ("construction_status", "is_in_statistics", "description")),
        (_("Responsibility"), ("leader", "officer", "task_force")),
        (_("If the project ends"), ("end_reason", "lost_to")),
    )

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The visible fields in titled groups, for the page."""
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.SECTIONS
        ]

    def clean_investor_credit_code(self) -> str:
        return self.cleaned_data["investor_credit_code"].strip().upper()

    def changes(self) -> dict[str, Any]:
        """The project's fields as the services take them (investor, zone and version apart)."""
        skip = {"version", "zone", "investor_name", "investor_credit_code"}
        data = {k: v for k, v in self.cleaned_data.items() if k not in skip}
        data["task_force"] = list(data.get("task_force") or [])
        return data


class TransitionForm(Form):
    """Move a project to another stage on the date it happened, with evidence. Forward moves
    past stages need each skipped stage's date (``skipped_<stage>``)."""

    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(**DATE_WIDGET))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when moving back, terminating or reopening."),
    )
    end_reason = forms.ModelChoiceField(
        label=_("Why the project ends"),
        queryset=EndReason.objects.filter(is_active=True),
        required=False,
        help_text=_("Required when terminating."),
    )
    lost_to = forms.CharField(label=_("Won instead by (region)"), required=False, max_length=100)
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        widget=forms.FileInput(
            attrs={
                "class": "form-control",
                "accept": ".pdf,.jpg,.jpeg,.png,.webp,.docx,.xlsx,.ofd",
            }
        ),
        help_text=_(
            "Contract, construction permit, production record… PDF, JPEG, PNG or WebP image, "
            "Word (.docx), Excel (.xlsx) or OFD, up to 10 MB."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=NEXT_MAX)
    # Carriers of the service's errors that belong to no input of their own.
    skipped = forms.CharField(label=_("Skipped stages"), required=False, widget=forms.HiddenInput)
    total_investment_wan = forms.CharField(
        label=_("Total investment (万元)"), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, project: Project | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.skipped_names = []
        for stage in STAGE_ORDER[1:-1]:
            name = f"skipped_{stage.value}"
            self.fields[name] = forms.DateField(
                label=stage.label, required=False, widget=forms.DateInput(**DATE_WIDGET)
            )
            self.skipped_names.append(name)
        if project is not None:
            self.fields["stage"].choices = [
                (value, label) for value, label in Stage.choices if value != project.stage
            ]
            if not self.is_bound:
                self.initial.setdefault("version", project.version)
                self.initial.setdefault("date", timezone.localdate())
                following = _next_stage(project.stage)
                if following:
                    self.initial.setdefault("stage", following)
        _style(self)

    def skipped_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.skipped_names]

    def skipped_dates(self) -> dict[str, dt.date]:
        """The dates given for skipped stages, by stage value."""
        return {
            name.removeprefix("skipped_"): self.cleaned_data[name]
            for name in self.skipped_names
            if self.cleaned_data.get(name)
        }


def _next_stage(stage: str) -> str:
    if stage not in STAGE_ORDER:
        return ""
    index = STAGE_ORDER.index(Stage(stage))
    return STAGE_ORDER[index + 1].value if index + 1 < len(STAGE_ORDER) else ""


class ReportForm(Form):
    """A monthly report: the month as ``YYYY-MM``, what was invested, the visible progress."""

    month = forms.CharField(
        label=_("Month"),
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )
    invested_wan = _money(_("Investment completed this month (万元)"))
    funds_in_place_wan = _money(_("Funds in place this month (万元)"), required=False)
    progress = forms.CharField(
        label=_("Visible progress"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    percent_complete = forms.IntegerField(
        label=_("Percent complete"), required=False, min_value=0, max_value=100
    )
    photo = forms.FileField(
        label=_("Site photo"),
        required=False,
        help_text=_("Optional: JPEG, PNG or WebP, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_month(self) -> date:
        return month_from_text(self.cleaned_data["month"])


class MilestoneForm(Form):
    """Add a milestone, or (with ``milestone``) record when one was reached."""

    milestone = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Milestone"), max_length=100)
    planned_on = forms.DateField(label=_("Planned date"), widget=forms.DateInput(**DATE_WIDGET))
    actual_on = forms.DateField(
        label=_("Actual date"), required=False, widget=forms.DateInput(**DATE_WIDGET)
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _style(self)


class YearPlanForm(Form):
    """A project's planned investment for one year."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    planned_investment_wan = _money(_("Planned investment (万元)"))
    planned_start = forms.BooleanField(label=_("Planned to start this year"), required=False)
    planned_completion = forms.BooleanField(
        label=_("Planned to complete this year"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)
        _style(self)


class VerificationForm(Form):
    """Accept (``approve=1``) or reject (``approve=0``, with a reason) a claimed stage."""

    approve = forms.TypedChoiceField(
        choices=[("1", _("Approve")), ("0", _("Reject"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=NEXT_MAX)


class LedgerImportForm(Form):
    """A zone's project ledger (项目台账) to import: the file, the zone, the year it covers."""

    file = forms.FileField(
        label=_("Ledger (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
    )
    zone = forms.ModelChoiceField(
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
        self.fields["zone"].queryset = access.visible(Zone.objects.active(), user).order_by("name")


def _choice(label: Any, *, col: int = 2, blank: bool = True) -> forms.ChoiceField:
    field = forms.ChoiceField(label=label, required=False)
    field.col = col  # type: ignore[attr-defined]  (its width in the filter bar, in twelfths)
    field.has_all = blank  # type: ignore[attr-defined]
    return field


class ProjectFilterForm(forms.Form):
    """The project filters as core's filter bar shows them, showing the values of
    ``ProjectFilters`` (which reads the query string): ``fields`` names those a page offers,
    and only their choices are read (``selectors.filter_choices``)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, code or investor")}
        ),
    )
    zone = _choice(_("Zone"), col=3)
    park = _choice(_("Park"), col=3)
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
        super().__init__(initial={**values, **(initial or {})}, auto_id="%s")
        self.fields["q"].col = 3  # type: ignore[attr-defined]
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
                field = self.fields[name]
                blank = [("", _("All"))] if field.has_all else []  # type: ignore[attr-defined]
                field.choices = [*blank, *read()]  # type: ignore[attr-defined]
        _style(self)
