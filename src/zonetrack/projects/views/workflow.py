"""The workflow forms of a project's page, each posted on its own: stage moves, monthly
reports, milestones and year plans. A form the service takes goes back to the page (at its
section) with a message; otherwise the page is shown again with the form's errors.

The page does not carry these forms: GET of a form's address answers the form alone (to htmx,
when the page's fold is opened) or a page holding it (without script), with the same
permission as the POST."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonetrack.accounts import access
from zonetrack.core.views import ServiceFormView, is_htmx, safe_return_url

from .. import permissions, services
from ..choices import Stage
from ..forms import MilestoneForm, ReportForm, TransitionForm, YearPlanForm
from ..models import Project
from .common import ProjectMixin, _previous_month, detail_url
from .detail import render_project_page, transition_context


class ProjectPageFormView(ProjectMixin, ServiceFormView):
    """A form of the project page: posted only, by those who may change the project; its
    errors are shown on the page itself, under ``context_name``."""

    http_method_names: ClassVar[list[str]] = ["get", "post"]  # type: ignore[misc]
    context_name: ClassVar[str]
    anchor: ClassVar[str] = ""
    # The form alone (``<form>…</form>``), as the page's fold and the page of GET show it.
    fragment_template: ClassVar[str]
    title: ClassVar[str | Promise]
    section: ClassVar[str]

    def has_permission(self, obj: Project) -> bool:
        return permissions.can_change_project(self.request.user, obj)

    def get_form(self, obj: Project, data: Any = None, files: Any = None) -> forms.BaseForm:
        return self.form_class(data, files)

    def get_success_url(self, result: Any) -> str:
        return detail_url(self.object) + self.anchor

    def render_form(self, obj: Project, form: forms.BaseForm, *, status: int = 200) -> HttpResponse:
        return render_project_page(self.request, obj, status=status, **{self.context_name: form})

    def fragment_context(self, obj: Project) -> dict[str, Any]:
        """What the form's template reads besides the project and the form."""
        return {}

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.load()
        context = {
            "project": obj,
            "form": self.get_form(obj),
            "can_change": True,
            **self.fragment_context(obj),
        }
        if is_htmx(request):
            return render(request, self.fragment_template, context)
        context |= {
            "fragment": self.fragment_template,
            "step_title": self.title,
            "section": self.section,
        }
        return render(request, "projects/project_step.html", context)

    def perform(self, form: Any, obj: Project) -> Any:
        self.object = obj
        return self.write(form.cleaned_data, obj, form)

    def write(self, data: dict[str, Any], project: Project, form: Any) -> Any:
        """The one service call; ``form`` is valid."""
        raise NotImplementedError


class ProjectTransitionView(ProjectPageFormView):
    """Move a project to another stage (from its page or a board card)."""

    form_class = TransitionForm
    context_name = "transition_form"
    fragment_template = "projects/includes/detail/move_form.html"
    title = gettext_lazy("Move to another stage")
    section = "move"

    def get_form(self, obj: Project, data: Any = None, files: Any = None) -> forms.BaseForm:
        return TransitionForm(data, files, project=obj)

    def fragment_context(self, obj: Project) -> dict[str, Any]:
        return transition_context()

    def write(self, data: dict[str, Any], project: Project, form: Any) -> Any:
        self.data = data
        return services.project_transition(
            actor=access.request_user(self.request),
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

    def get_success_message(self, result: Any) -> str:
        return _("%(project)s moved to %(stage)s.") % {
            "project": self.object.name,
            "stage": Stage(self.data["stage"]).label,
        }

    def get_success_url(self, result: Any) -> str:
        return safe_return_url(self.request, self.data["next"]) or super().get_success_url(result)


class ReportCreateView(ProjectPageFormView):
    """File a monthly report (月报)."""

    form_class = ReportForm
    context_name = "report_form"
    anchor = "#reports"
    success_message = None
    fragment_template = "projects/includes/detail/report_form.html"
    title = gettext_lazy("File monthly report")
    section = "reports"

    def has_permission(self, obj: Project) -> bool:
        return permissions.can_report(self.request.user, obj)

    def get_form(self, obj: Project, data: Any = None, files: Any = None) -> forms.BaseForm:
        if data is None:
            month = _previous_month(timezone.localdate())
            return ReportForm(initial={"month": month.strftime("%Y-%m")})
        return ReportForm(data, files)

    def write(self, data: dict[str, Any], project: Project, form: Any) -> Any:
        return services.report_submit(
            actor=access.request_user(self.request),
            project=project,
            month=data["month"],
            invested_wan=data["invested_wan"],
            funds_in_place_wan=data["funds_in_place_wan"],
            progress=data["progress"],
            percent_complete=data["percent_complete"],
            photos=data["photos"],
        )

    def get_success_message(self, result: Any) -> str:
        return _("Monthly report filed.")


class MilestoneCreateView(ProjectPageFormView):
    """Add a milestone, or record the date an existing one was reached (``milestone``)."""

    form_class = MilestoneForm
    context_name = "milestone_form"
    anchor = "#milestones"
    fragment_template = "projects/includes/detail/milestone_form.html"
    title = gettext_lazy("Add milestone")
    section = "milestones"

    def get_form(self, obj: Project, data: Any = None, files: Any = None) -> forms.BaseForm:
        prefix = self.request.POST.get("prefix", "")
        # Only the per-milestone forms of the page carry a prefix ("m<id>").
        return MilestoneForm(data, prefix=prefix if re.fullmatch(r"m\d{1,12}", prefix) else None)

    def write(self, data: dict[str, Any], project: Project, form: Any) -> Any:
        milestone = (
            get_object_or_404(project.milestones, pk=data["milestone"])
            if data["milestone"]
            else None
        )
        return services.milestone_save(
            actor=access.request_user(self.request),
            project=project,
            name=data["name"],
            planned_on=data["planned_on"],
            actual_on=data["actual_on"],
            milestone=milestone,
        )


class YearPlanSetView(ProjectPageFormView):
    """Set the investment planned for a year (年度计划投资)."""

    form_class = YearPlanForm
    context_name = "plan_form"
    fragment_template = "projects/includes/detail/plan_form.html"
    title = gettext_lazy("Set year plan")
    section = "plans"

    def write(self, data: dict[str, Any], project: Project, form: Any) -> Any:
        self.year = data["year"]
        return services.year_plan_set(
            actor=access.request_user(self.request),
            project=project,
            year=data["year"],
            planned_investment_wan=data["planned_investment_wan"],
            planned_start=data["planned_start"],
            planned_completion=data["planned_completion"],
        )

    def get_success_url(self, result: Any) -> str:
        return f"{detail_url(self.object)}?chart_year={self.year}#plan"
