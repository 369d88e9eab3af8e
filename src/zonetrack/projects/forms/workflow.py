"""The workflow forms of a project's page: stage moves, monthly reports, milestones, year
plans and the verification of a claim."""

from __future__ import annotations

import datetime as dt
from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonetrack.core.forms import Form
from zonetrack.core.validators import NEXT_MAX

from ..choices import STAGE_ORDER, Stage
from ..models import EndReason, Project
from ..validators import month_from_text
from .common import DATE_WIDGET, _money, _style
from .photos import PhotoMetaField, PhotosField, PhotosFormMixin


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
            cast(forms.ChoiceField, self.fields["stage"]).choices = [
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


class ReportForm(PhotosFormMixin, Form):
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
    photo = PhotosField()
    photo_meta = PhotoMetaField()

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
    # Sent only from the confirmation step of a claim without evidence.
    without_evidence = forms.BooleanField(label=_("Pass without evidence"), required=False)
    # Set by the queue's forms: errors are shown again in the queue, not on the project page.
    queue = forms.BooleanField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=NEXT_MAX)
