"""What the pages of the projects app share: badge classes, the project behind a URL, a safe
return address, the filter choices and downloads of stored files."""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .. import files, permissions, selectors
from ..choices import Stage, Verification
from ..models import Project, StageTransition

PAGE_SIZE = 50


STAGE_CSS = {
    Stage.PURSUED: "bg-secondary-lt",
    Stage.PACKAGED: "bg-purple-lt",
    Stage.SIGNED: "bg-blue-lt",
    Stage.STARTED: "bg-orange-lt",
    Stage.IN_PRODUCTION: "bg-green-lt",
    Stage.AT_CAPACITY: "bg-teal-lt",
    Stage.TERMINATED: "bg-red-lt",
}


VERIFICATION_CSS = {
    Verification.PENDING: "bg-yellow-lt",
    Verification.VERIFIED: "bg-green-lt",
    Verification.REJECTED: "bg-red-lt",
    Verification.NOT_REQUIRED: "bg-secondary-lt",
}


def _stage_labels() -> dict[str, str]:
    """Stage names translated once per page, not once per row."""
    return {value: str(label) for value, label in Stage.choices}


def _decorate(projects: Any) -> list[Project]:
    """Give each project its stage label and badge class, and whether its claimed stage still
    waits for verification (the stage statistics count differs from the claim)."""
    labels = _stage_labels()
    rows = list(projects)
    for project in rows:
        project.stage_label = labels.get(project.stage, project.stage)
        project.stage_css = STAGE_CSS.get(project.stage, "bg-secondary-lt")
        project.is_pending = project.verified_stage != project.stage
    return rows


def _decorate_transitions(transitions: Any) -> list[StageTransition]:
    labels = _stage_labels()
    checks = {value: str(label) for value, label in Verification.choices}
    rows = list(transitions)
    for item in rows:
        item.from_label = labels.get(item.from_stage, "")
        item.to_label = labels.get(item.to_stage, item.to_stage)
        item.to_css = STAGE_CSS.get(item.to_stage, "bg-secondary-lt")
        item.verification_label = checks.get(item.verification, item.verification)
        item.verification_css = VERIFICATION_CSS.get(item.verification, "bg-secondary-lt")
        item.is_pending = item.verification == Verification.PENDING
    return rows


def _next_url(request: HttpRequest, candidate: str | None) -> str | None:
    """A local address to go back to after a form, or None."""
    if (
        candidate
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return None


def _filter_options(user: Any, filters: selectors.ProjectFilters) -> dict[str, Any]:
    """Choices of the list and board filters (read by the selector), with the fixed ones."""
    return {
        **selectors.filter_choices(user=user, filters=filters),
        "stages": Stage.choices,
        "keys": [("provincial", _("Provincial key project")), ("city", _("City key project"))],
    }


def _project(request: HttpRequest, project_id: int, *, change: bool = False) -> Project:
    """The project if the user can see it (else 404), and may change it when asked (else 403)."""
    project = selectors.project_get(user=request.user, project_id=project_id)
    if change and not permissions.can_change_project(request.user, project):
        raise PermissionDenied
    return project


def _previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def _transition(request: HttpRequest, project_id: int, transition_id: int) -> StageTransition:
    """A stage change of a project the user can see, else 404."""
    project = _project(request, project_id)
    transition = get_object_or_404(
        project.transitions.select_related("actor", "verified_by"), pk=transition_id
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
