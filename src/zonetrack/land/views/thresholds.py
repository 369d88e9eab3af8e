"""Pages of the entry thresholds (准入): the thresholds in view, setting one, and a project's
check against those that apply to it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.core.views import FilteredListView, ServiceFormView
from zonetrack.projects import selectors as project_selectors
from zonetrack.projects.models import Project

from .. import permissions, selectors, services
from ..forms import CheckForm, ThresholdForm
from ..models import Threshold, ThresholdCheck


class ThresholdListView(FilteredListView):
    template_name = "land/threshold_list.html"
    context_object_name = "thresholds"

    def get_queryset(self, filters: Any) -> Any:
        return selectors.threshold_list(user=self.request.user)

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        return {"can_create": permissions.can_open_any_evaluation(self.request.user)}


class ThresholdCreateView(ServiceFormView):
    form_class = ThresholdForm
    form_id, submit_id = "threshold-form", "save-threshold"
    wide_fields = ("source",)

    def get_form_kwargs(self, obj: None) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, form: Any, obj: None) -> Threshold:
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        if not permissions.can_set_thresholds(self.request.user, organisation):
            raise ValidationError(
                {"organisation": _("You may not set thresholds for this organisation.")}
            )
        return services.threshold_create(
            actor=access.request_user(self.request), organisation=organisation, **data
        )

    def get_success_url(self, threshold: Threshold) -> str:
        return reverse("land:threshold_list")

    def get_cancel_url(self, obj: None) -> str:
        return reverse("land:threshold_list")

    def get_extra_context(self, obj: None) -> dict[str, Any]:
        return {"title": _("New entry threshold"), "pretitle": _("Land")}


class ProjectCheckView(ServiceFormView):
    """A project against the entry thresholds: the latest check, and a new one with the
    proposal's figures. Seeing it needs seeing the project; checking, its zone's officers."""

    form_class = CheckForm
    template_name = "land/project_check.html"
    context_object_name = "project"
    form_id, submit_id = "check-form", "run-check"

    def get_object(self) -> Project:
        return project_selectors.project_get(
            user=self.request.user, project_id=self.kwargs["project_id"]
        )

    def post(self, request: Any, **kwargs: Any) -> Any:
        project = self.load()
        access.require(permissions.can_check_project(request.user, project))
        return super().post(request, **kwargs)

    def get_form(self, project: Project, data: Any = None, files: Any = None) -> forms.BaseForm:
        return CheckForm(data) if data is not None else CheckForm()

    def perform(self, form: Any, project: Project) -> ThresholdCheck:
        return services.project_check(
            actor=access.request_user(self.request), project=project, stated=form.cleaned_data
        )

    def get_success_message(self, check: ThresholdCheck) -> str:
        return _("Checked: %(passed)d pass, %(failed)d fail, %(missing)d not stated.") % {
            "passed": check.passed,
            "failed": check.failed,
            "missing": check.not_stated,
        }

    def get_success_url(self, check: ThresholdCheck) -> str:
        return reverse("land:project_check", kwargs={"project_id": check.project_id})

    def get_extra_context(self, project: Project) -> dict[str, Any]:
        return {
            "check": selectors.latest_check(project),
            "can_check": permissions.can_check_project(self.request.user, project),
            "labels": selectors.indicator_labels(),
        }
