"""Forms of key tasks (督办事项): the list's filter bar, giving a unit a task, changing and
cancelling it, and a progress note with its evidence files."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation, User
from zonetrack.core.forms import FilterBarForm, FilterChoiceField, Form, QuickSelect
from zonetrack.projects.forms import (
    DATE_WIDGET,
    PhotosField,
    ProjectMultipleChoiceField,
    _style,
)
from zonetrack.projects.forms.photos import PhotosInput

from . import selectors
from .choices import TaskStatus
from .models import Indicator, Task

# What the evidence input offers (the service judges each file by its content).
EVIDENCE_ACCEPT = ".pdf,.jpg,.jpeg,.png,.webp,.docx,.xlsx,.ofd"
# The statuses a progress note moves a task to; cancelling is the assigning level's own form.
NOTE_STATUSES = [
    (value, label) for value, label in TaskStatus.choices if value != TaskStatus.CANCELLED
]


def _field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


class TaskFilterForm(FilterBarForm):
    """The task list's and board's filter bar, showing the filters as the selector read them
    (``selectors.TaskFilters``)."""

    widths = {"q": 3, "unit": 3, "overdue": 1}

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control"}),
    )
    status = FilterChoiceField(
        label=_("Status"),
        choices=[("", _("Any")), ("open", _("Open")), *TaskStatus.choices],
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    unit = FilterChoiceField(
        label=_("Owner unit"), choices=[], widget=QuickSelect(attrs={"class": "form-select"})
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=selectors.tasks.YEAR_MIN,
        max_value=selectors.tasks.YEAR_MAX,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    overdue = forms.BooleanField(
        label=_("Overdue"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "value": "1"}),
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        filters: selectors.TaskFilters,
        board: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", "%s")  # the bar's fields keep their plain ids
        initial = {
            "q": filters.q,
            "status": filters.status,
            "unit": filters.unit or "",
            "year": filters.year,
            "overdue": filters.overdue,
        }
        super().__init__(*args, initial=initial, **kwargs)
        units = selectors.task_unit_choices(user=user)[:500]
        cast(FilterChoiceField, self.fields["unit"]).offer(
            [("", _("Any")), *((u.pk, u.name) for u in units)]
        )
        if board:  # the board's columns are the statuses
            del self.fields["status"]
            del self.fields["overdue"]


class _TaskFields(Form):
    """The content of a task, shared by giving and changing one."""

    title = forms.CharField(label=_("Title"), max_length=200)
    owner: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Person in charge"), required=False, queryset=None
    )
    due_on = forms.DateField(label=_("Deadline"), widget=forms.DateInput(**DATE_WIDGET))
    cooperating_units: forms.ModelMultipleChoiceField[Organisation] = (
        forms.ModelMultipleChoiceField(
            label=_("Co-operating units"),
            required=False,
            queryset=None,
            widget=forms.SelectMultiple(attrs={"size": 4}),
        )
    )
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), required=False, queryset=Indicator.objects.filter(is_active=True)
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["projects"] = ProjectMultipleChoiceField(
            user=user, label=_("Projects"), required=False
        )
        _field(self, "owner").queryset = access.people_visible(user).filter(is_active=True)
        _field(self, "cooperating_units").queryset = selectors.task_unit_choices(user=user)
        _style(self)


class TaskForm(_TaskFields):
    """Give a unit a key task, or a part of one (``parent``, chosen on the task's page)."""

    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Owner unit"), queryset=None
    )
    parent: forms.ModelChoiceField[Task] = forms.ModelChoiceField(
        label=_("Part of"), required=False, queryset=None, widget=forms.HiddenInput
    )
    field_order = ["organisation", "title", "owner", "due_on"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        _field(self, "organisation").queryset = selectors.task_assignable_units(user=user)
        _field(self, "parent").queryset = selectors.tasks_visible(user)
        self.order_fields(self.field_order)


class TaskEditForm(_TaskFields):
    """Change an open task (the assigning level)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TaskCancelForm(Form):
    """Cancel a task, with the reason (the assigning level)."""

    reason = forms.CharField(label=_("Reason for cancelling"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class TaskProgressForm(Form):
    """A dated progress note with its evidence; the owner unit's form also moves the status
    (``can_move`` False leaves a note that moves nothing)."""

    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *NOTE_STATUSES], required=False
    )
    written_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(**DATE_WIDGET)
    )
    evidence = PhotosField(
        label=_("Evidence files"),
        help_text=_("PDF, images, Word, Excel or OFD; at most 5 files of 10 MB each."),
        widget=PhotosInput(attrs={"accept": EVIDENCE_ACCEPT, "multiple": True}),
    )

    def __init__(self, *args: Any, can_move: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_move:
            del self.fields["status"]
        _style(self)


def task_initial(task: Task) -> dict[str, Any]:
    """The change form's values of a task."""
    return {
        "title": task.title,
        "owner": task.owner_id,
        "due_on": task.due_on,
        "indicator": task.indicator_id,
        "cooperating_units": [unit.pk for unit in task.cooperating_units.all()],
        "projects": [project.pk for project in task.projects.all()],
        "version": task.version,
    }
