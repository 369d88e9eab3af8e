"""Lists of projects: the filtered list, the user's own projects and the leaders' workload."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.core.views import FilteredListView

from .. import permissions, selectors, services
from ..choices import FIVE_BATCHES
from .common import PAGE_SIZE, _previous_month, filter_form


class ProjectListView(FilteredListView):
    """Projects the user can see, filtered, with the pipeline of what the filters choose."""

    template_name = "projects/project_list.html"
    context_object_name = "projects"
    paginate_by = PAGE_SIZE
    rows_slot = "project_rows"  # their colours, where dispatch keeps them

    def get_filters(self) -> selectors.ProjectFilters:
        return selectors.ProjectFilters.from_params(self.request.GET)

    def get_queryset(self, filters: selectors.ProjectFilters) -> Any:
        self.claimed = selectors.stage_totals(user=self.request.user, filters=filters)
        self.filters = filters
        return selectors.project_list(user=self.request.user, filters=filters, for_page=True)

    def paginate(self, rows: Any) -> Page[Any]:
        paginator = Paginator(rows, self.paginate_by)
        # No second COUNT: the stage totals shown above the list hold it.
        paginator.count = selectors.list_count(self.claimed, self.filters)
        return paginator.get_page(self.request.GET.get("page"))

    def decorate(self, rows: list[Any]) -> None:
        # What the shared project card asks of a row, present though empty: a missing name
        # costs a template several failed lookups per row.
        for project in rows:
            project.colour_label = project.colour_css = project.role_label = ""

    def get_extra_context(self, filters: selectors.ProjectFilters) -> dict[str, Any]:
        user = self.request.user
        verified_only = self.request.GET.get("verified_only") == "1"
        shown = (
            selectors.stage_totals(user=user, filters=filters, verified_only=True)
            if verified_only
            else self.claimed
        )
        return {
            "due_on": None,  # this list shows no report due dates
            "verified_only": verified_only,
            "pipeline": selectors.five_batches(shown),
            "columns": [
                ("", _("Code"), ""),
                ("name", _("Name"), ""),
                ("zone", _("Zone"), ""),
                ("", _("Investor"), ""),
                ("stage", _("Stage"), ""),
                ("investment", _("Total investment (万元)"), "text-end"),
                ("", _("Responsible leader"), ""),
                ("", _("Project officer"), ""),
            ],
            "can_create": permissions.can_create_any_project(user),
            "filter_form": filter_form(
                user,
                filters,
                "q zone stage cluster key year leader sort verified_only owes signed",
                verified_only="1" if verified_only else "",
            ),
        }


class MyProjectsView(FilteredListView):
    """The projects the user answers for, with the monthly report each one owes."""

    template_name = "projects/my_projects.html"
    context_object_name = "projects"
    paginate_by = PAGE_SIZE
    rows_slot = "project_rows"

    def get_queryset(self, filters: Any) -> Any:
        self.today = timezone.localdate()
        self.previous = _previous_month(self.today)
        self.projects = selectors.my_projects_owing(user=self.request.user, month=self.previous)
        return self.projects

    def decorate(self, rows: list[Any]) -> None:
        user = self.request.user
        for project in rows:
            if project.officer_id == user.pk:
                project.role_label = _("Project officer")
            elif project.leader_id == user.pk:
                project.role_label = _("Responsible leader")
            else:
                project.role_label = _("Task force")

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        due_on = services.report_due(self.previous)
        return {
            "due_month": self.previous,
            "due_on": due_on,
            "is_overdue": self.today > due_on,
            "owing": self.projects.filter(has_previous=False).count(),
        }


class LeaderWorkloadView(LoginRequiredMixin, View):
    """Each responsible leader's (包联领导) projects by batch, investment and reports owed."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = selectors.ProjectFilters.from_params(request.GET)
        month = _previous_month(timezone.localdate())
        loads = selectors.leader_workload(user=request.user, filters=filters, month=month)
        return render(
            request,
            "projects/leader_workload.html",
            {
                "loads": loads,
                "filters": filters,
                "month": month,
                "batches": [str(stage.label) for stage in FIVE_BATCHES],
                "filter_form": filter_form(request.user, filters, "zone park cluster key year"),
            },
        )
