"""Forms of the dispatch app: the problem list's filter bar, problems and their steps, colour
overrides, meetings, decisions."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zonetrack.accounts.models import Organisation, User
from zonetrack.core.forms import FilterBarForm, FilterChoiceField, Form, QuickSelect
from zonetrack.projects.forms import (
    DATE_WIDGET,
    PhotoMetaField,
    PhotosField,
    PhotosFormMixin,
    ProjectChoiceField,
    ProjectMultipleChoiceField,
    _style,
)

from . import selectors
from .choices import (
    Colour,
    DecisionKind,
    EscalationLevel,
    ProblemCategory,
    ProblemStatus,
)


def _choice(label: Any, choices: Any) -> FilterChoiceField:
    return FilterChoiceField(
        label=label,
        choices=[("", _("Any")), *choices],
        widget=QuickSelect(attrs={"class": "form-select"}),
    )


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's model choice field ``name`` (``form.fields`` types each as a plain Field)."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


class ProblemFilterForm(FilterBarForm):
    """The problem list's filter bar, showing the filters as the list understood them
    (``selectors.ProblemFilters``, which reads the query itself)."""

    widths = {"q": 3, "level": 1, "overdue": 1}

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )
    status = _choice(_("Status"), [("open", _("Open")), *ProblemStatus.choices])
    category = _choice(_("Category"), ProblemCategory.choices)
    unit = _choice(_("Responsible unit"), [])
    level = _choice(_("Level"), EscalationLevel.choices)
    overdue = forms.BooleanField(
        label=_("Overdue"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "value": "1"}),
    )

    def __init__(self, *args: Any, user: Any, filters: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")  # the bar's fields keep their plain ids (q, status …)
        values = {name: getattr(filters, name) for name in ("q", "status", "category")}
        values |= {"unit": filters.unit, "level": filters.level, "overdue": filters.overdue}
        super().__init__(*args, initial=values, **kwargs)
        units = selectors.unit_choices(user=user).only("pk", "name")[:500]
        cast(forms.ChoiceField, self.fields["unit"]).choices = [
            ("", _("Any")),
            *((u.pk, u.name) for u in units),
        ]


class ProblemForm(PhotosFormMixin, Form):
    """Raise a problem (on a project chosen by the page) or change an open one; a problem is
    raised with its site photos (``photo``), which editing does not change."""

    category = forms.ChoiceField(label=_("Category"), choices=ProblemCategory.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    raised_on = forms.DateField(label=_("Raised on"), widget=forms.DateInput(**DATE_WIDGET))
    deadline_on = forms.DateField(label=_("Deadline"), widget=forms.DateInput(**DATE_WIDGET))
    responsible_unit: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Responsible unit"), queryset=None, required=False
    )
    responsible_person: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Responsible person"), queryset=None, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    photo = PhotosField()
    photo_meta = PhotoMetaField()

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "responsible_unit").queryset = selectors.unit_choices(user=user)
        _model_choice(self, "responsible_person").queryset = selectors.responsible_people(user=user)
        if editing:
            del self.fields["raised_on"]
            del self.fields["photo"]
            del self.fields["photo_meta"]
        _style(self)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        raised, deadline = data.get("raised_on"), data.get("deadline_on")
        if raised and deadline and deadline < raised:
            self.add_error(
                "deadline_on", _("The deadline cannot be before the date the problem was raised.")
            )
        return data


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that takes several files at once."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several uploaded files (a list, possibly empty); their content is the service's to
    check."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data if item]
        return [one(data, initial)] if data else []


class EventForm(Form):
    """One step of a problem's loop; handing it over again may change unit, person, deadline."""

    kind = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    responsible_unit: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Responsible unit"), queryset=None, required=False
    )
    responsible_person: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Responsible person"), queryset=None, required=False
    )
    deadline_on = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(**DATE_WIDGET)
    )
    # An instruction's files (PDF, images, Word, Excel, OFD; checked by the service).
    attachments = MultipleFileField(
        label=_("Instruction attachments"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp,.docx,.xlsx,.ofd"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "responsible_unit").queryset = selectors.unit_choices(user=user)
        _model_choice(self, "responsible_person").queryset = selectors.responsible_people(user=user)
        _style(self)


class OverrideForm(Form):
    colour = forms.ChoiceField(
        label=_("Colour"),
        choices=[("", _("Computed (withdraw the override)")), *Colour.choices],
        required=False,
    )
    reason = forms.CharField(
        label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    until = forms.DateField(
        label=_("Override until"),
        required=False,
        help_text=_("The last day the override holds; after it the computed colour returns."),
        widget=forms.DateInput(**DATE_WIDGET),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # An override is never open-ended: it says until when it holds.
        if data.get("colour") and not data.get("until"):
            self.add_error("until", _("Say until when the override holds."))
        return data


class MeetingForm(Form):
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(**DATE_WIDGET))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    attendees = forms.CharField(
        label=_("Attendees"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name per line."),
    )
    include_overdue = forms.BooleanField(label=_("Add the late (red) projects"), required=False)
    include_blocked = forms.BooleanField(
        label=_("Add the projects blocked by open problems"), required=False
    )
    projects = ProjectMultipleChoiceField(label=_("Chosen projects"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "organisation").queryset = selectors.unit_choices(user=user)
        # The projects the user may put on an agenda: those they see, by name or code.
        self.fields["projects"] = ProjectMultipleChoiceField(
            user=user,
            label=self.fields["projects"].label,
            required=False,
        )
        _style(self)

    def clean_projects(self) -> list[int]:
        return [project.pk for project in self.cleaned_data.get("projects") or []]


class ProblemProjectForm(Form):
    """Which project a new problem blocks: chosen by name or code among those the user sees."""

    project = ProjectChoiceField(label=_("Project"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"] = ProjectChoiceField(user=user, label=_("Project"))
        _style(self)


class DecisionForm(Form):
    project = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Becomes"), choices=DecisionKind.choices)
    text = forms.CharField(
        label=pgettext_lazy("meeting", "Decision"), widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = forms.DateField(label=_("Due"), required=False, widget=forms.DateInput(**DATE_WIDGET))
    category = forms.ChoiceField(
        label=_("Category"),
        choices=ProblemCategory.choices,
        initial=ProblemCategory.OTHER,
        required=False,
    )
    responsible_unit: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Responsible unit"), queryset=None, required=False
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = _model_choice(self, "responsible_unit")
        units.queryset = (
            selectors.unit_choices(user=user) if user is not None else Organisation.objects.none()
        )
        _style(self)


class MinutesForm(Form):
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
