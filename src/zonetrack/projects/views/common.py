"""What the pages of the projects app share: the project behind a URL, the filter choices
and downloads of stored files."""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Any

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from zonetrack.core.views import ObjectMixin

from .. import files, selectors
from ..choices import Stage
from ..forms import ProjectFilterForm
from ..models import Project, StageTransition

PAGE_SIZE = 50


def _filter_options(user: Any, filters: selectors.ProjectFilters) -> dict[str, Any]:
    """Choices of the list and board filters (read by the selector), with the fixed ones."""
    return {
        **selectors.filter_choices(user=user, filters=filters),
        "stages": Stage.choices,
        "keys": [("provincial", _("Provincial key project")), ("city", _("City key project"))],
    }


def filter_form(
    user: Any, filters: selectors.ProjectFilters, fields: str, **extra: Any
) -> ProjectFilterForm:
    """The filter bar of a project page offering ``fields`` (names between spaces); ``extra``
    holds more choices (``groupings``) and initial values (``group``, ``verified_only``)."""
    choices = {**_filter_options(user, filters), "groupings": extra.pop("groupings", [])}
    return ProjectFilterForm(
        filters=filters, fields=tuple(fields.split()), choices=choices, initial=extra
    )


def _previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


class ProjectMixin(ObjectMixin):
    """The project of the URL's ``project_id``: 404 unless the user sees it, then 403 unless
    ``has_permission`` (by default: seeing it is enough)."""

    context_object_name = "project"

    def get_object(self) -> Project:
        return selectors.project_get(user=self.request.user, project_id=self.kwargs["project_id"])


class TransitionMixin(ObjectMixin):
    """A stage change (``transition_id``) of a project the user can see, else 404."""

    context_object_name = "transition"

    def get_object(self) -> StageTransition:
        project = selectors.project_get(
            user=self.request.user, project_id=self.kwargs["project_id"]
        )
        transition = get_object_or_404(
            project.transitions.select_related("actor", "verified_by"),
            pk=self.kwargs["transition_id"],
        )
        transition.project = project
        return transition


def _attachment(stored: Any) -> FileResponse:
    """An uploaded file, always as a download with the type its checked content gave it: the
    browser neither shows it in the page's origin nor guesses another type from its bytes."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = os.path.basename(stored.name)
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=files.content_type_of(name)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def inline_photo(stored: Any) -> FileResponse:
    """A site photo shown in the page (thumbnails, a tap to see it whole): safe inline because
    what is stored is the copy ``checked_photo`` re-encoded, an image of the type its name
    says."""
    response = _attachment(stored)
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline", 1
    )
    return response


def detail_url(project: Project) -> str:
    """The project's page."""
    return reverse("projects:project_detail", kwargs={"project_id": project.pk})
