"""The workflow forms of a project's page, each posted on its own: stage moves, monthly
reports, milestones and year plans."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.core.forms import run_service

from .. import services
from ..choices import Stage
from ..forms import (
    MilestoneForm,
    ReportForm,
    TransitionForm,
    YearPlanForm,
)
from ..models import Project
from .common import _next_url, _project
from .detail import _detail_page


class _ProjectFormView(LoginRequiredMixin, View):
    """A form of the project page, posted on its own: when the service takes it, back to the
    page (at ``anchor``) with a message; otherwise the page again with the form's errors."""

    form_class: type[Any]
    context_name: str
    anchor = ""

    def form(self, request: HttpRequest, project: Project) -> Any:
        return self.form_class(request.POST, request.FILES)

    def write(self, request: HttpRequest, project: Project, form: Any) -> Any:
        """The service call; ``form`` is valid."""
        raise NotImplementedError

    def message(self, project: Project, data: dict[str, Any]) -> str:
        return _("Saved.")

    def next_url(self, request: HttpRequest, project: Project, data: dict[str, Any]) -> str:
        return reverse("projects:project_detail", kwargs={"project_id": project.pk}) + self.anchor

    def post(self, request: HttpRequest, project_id: int) -> HttpResponse:
        project = _project(request, project_id, change=True)
        form = self.form(request, project)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            result, status = run_service(form, lambda: self.write(request, project, form))
            if result is not None:
                messages.success(request, self.message(project, data))
                return redirect(self.next_url(request, project, data))
        return _detail_page(request, project, status=status, **{self.context_name: form})


class ProjectTransitionView(_ProjectFormView):
    """Move a project to another stage (from its page or a board card)."""

    context_name = "transition_form"

    def form(self, request: HttpRequest, project: Project) -> Any:
        return TransitionForm(request.POST, request.FILES, project=project)

    def write(self, request: HttpRequest, project: Project, form: Any) -> Any:
        data = form.cleaned_data
        return services.project_transition(
            actor=request.user,
            project=project,
            to_stage=data["stage"],
            happened_on=data["date"],
            note=data["note"],
            evidence=data["evidence"],
            skipped=form.skipped_dates(),
            expected_version=data["version"],
            end_reason=data["end_reason"],
            lost_to=data["lost_to"],
        )

    def message(self, project: Project, data: dict[str, Any]) -> str:
        return _("%(project)s moved to %(stage)s.") % {
            "project": project.name,
            "stage": Stage(data["stage"]).label,
        }

    def next_url(self, request: HttpRequest, project: Project, data: dict[str, Any]) -> str:
        return _next_url(request, data["next"]) or super().next_url(request, project, data)


class ReportCreateView(_ProjectFormView):
    """File a monthly report (月报)."""

    form_class = ReportForm
    context_name = "report_form"
    anchor = "#reports"

    def write(self, request: HttpRequest, project: Project, form: Any) -> Any:
        data = form.cleaned_data
        return services.report_submit(
            actor=request.user,
            project=project,
            month=data["month"],
            invested_wan=data["invested_wan"],
            funds_in_place_wan=data["funds_in_place_wan"],
            progress=data["progress"],
            percent_complete=data["percent_complete"],
            photo=data["photo"],
        )

    def message(self, project: Project, data: dict[str, Any]) -> str:
        return _("Monthly report filed.")


class MilestoneCreateView(_ProjectFormView):
    """Add a milestone, or record the date an existing one was reached (``milestone``)."""

    context_name = "milestone_form"
    anchor = "#milestones"

    def form(self, request: HttpRequest, project: Project) -> Any:
        prefix = request.POST.get("prefix", "")
        # Only the per-milestone forms of the page carry a prefix ("m<id>").
        prefix = prefix if re.fullmatch(r"m\d{1,12}", prefix) else None
        return MilestoneForm(request.POST, prefix=prefix)

    def write(self, request: HttpRequest, project: Project, form: Any) -> Any:
        data = form.cleaned_data
        milestone = (
            get_object_or_404(project.milestones, pk=data["milestone"])
            if data["milestone"]
            else None
        )
        return services.milestone_save(
            actor=request.user,
            project=project,
            name=data["name"],
            planned_on=data["planned_on"],
            actual_on=data["actual_on"],
            milestone=milestone,
        )


class YearPlanSetView(_ProjectFormView):
    """Set the investment planned for a year (年度计划投资)."""

    form_class = YearPlanForm
    context_name = "plan_form"

    def write(self, request: HttpRequest, project: Project, form: Any) -> Any:
        data = form.cleaned_data
        return services.year_plan_set(
            actor=request.user,
            project=project,
            year=data["year"],
            planned_investment_wan=data["planned_investment_wan"],
            planned_start=data["planned_start"],
            planned_completion=data["planned_completion"],
        )

    def next_url(self, request: HttpRequest, project: Project, data: dict[str, Any]) -> str:
        detail = reverse("projects:project_detail", kwargs={"project_id": project.pk})
        return f"{detail}?chart_year={data['year']}#plan"
