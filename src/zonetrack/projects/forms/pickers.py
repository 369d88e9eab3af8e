"""Choosing projects in a form by name or code: a select that works without script, and a
search box (app.js) that fills it from the search endpoint — never a typed internal id."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..models import Project


class ProjectPicker(forms.Select):
    """A select of projects with a search box above it (shown once app.js runs): what is typed
    asks ``projects:project_search`` and the answers replace the choices not yet chosen."""

    template_name = "projects/widgets/project_picker.html"
    search_url = reverse_lazy("projects:project_search")

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = str(self.search_url)
        context["widget"]["search_label"] = _("Search")
        return context


class ProjectMultiplePicker(ProjectPicker, forms.SelectMultiple):
    """The same, choosing several projects."""

    allow_multiple_selected = True


def project_label(project: Project) -> str:
    """How a project reads in a chooser: name, code and zone."""
    return f"{project.name}（{project.code}，{project.zone.name}）"


if TYPE_CHECKING:
    _OneProject = forms.ModelChoiceField[Project]
    _SomeProjects = forms.ModelMultipleChoiceField[Project]
else:  # Django's field classes take no type arguments at run time.
    _OneProject = forms.ModelChoiceField
    _SomeProjects = forms.ModelMultipleChoiceField


class ProjectChoiceField(_OneProject):
    """One of the projects the user can see (``user`` narrows the choices through the gate)."""

    widget = ProjectPicker

    def __init__(self, *, user: Any = None, **kwargs: Any) -> None:
        queryset = (
            selectors.project_choices(user=user) if user is not None else Project.objects.none()
        )
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj: Project) -> str:
        return project_label(obj)


class ProjectMultipleChoiceField(_SomeProjects):
    """Some of the projects the user can see."""

    widget = ProjectMultiplePicker

    def __init__(self, *, user: Any = None, **kwargs: Any) -> None:
        queryset = (
            selectors.project_choices(user=user) if user is not None else Project.objects.none()
        )
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj: Project) -> str:
        return project_label(obj)
