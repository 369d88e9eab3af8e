"""Lists of projects: the filtered list, the user's own projects and the leaders' workload."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from .. import permissions, selectors, services
from ..choices import FIVE_BATCHES
from .common import PAGE_SIZE, _decorate, _filter_options, _previous_month


class ProjectListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        filters = selectors.ProjectFilters.from_params(request.GET)
        verified_only = request.GET.get("verified_only") == "1"
        projects = selectors.project_list(user=request.user, filters=filters, for_page=True)
        claimed = selectors.stage_totals(user=request.user, filters=filters)
        shown = (
            selectors.stage_totals(user=request.user, filters=filters, verified_only=True)
            if verified_only
            else claimed
        )
        paginator = Paginator(projects, PAGE_SIZE)
        paginator.count = selectors.list_count(claimed, filters)  # no second COUNT query
        page = paginator.get_page(request.GET.get("page"))
        return render(
            request,
            "projects/project_list.html",
            {
                "page_obj": page,
                "projects": _decorate(page.object_list),
                "filters": filters,
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
                "can_create": permissions.can_create_any_project(request.user),
                **_filter_options(request.user, filters),
            },
        )


class MyProjectsView(LoginRequiredMixin, View):
    """The projects the user answers for, with the monthly report each one owes."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        today = timezone.localdate()
        previous = _previous_month(today)
        due_on = services.report_due(previous)
        projects = selectors.my_projects_owing(user=user, month=previous)
        page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = _decorate(page.object_list)
        for project in rows:
            if project.officer_id == user.pk:
                project.role_label = _("Project officer")
            elif project.leader_id == user.pk:
                project.role_label = _("Responsible leader")
            else:
                project.role_label = _("Task force")
        return render(
            request,
            "projects/my_projects.html",
            {
                "page_obj": page,
                "projects": rows,
                "due_month": previous,
                "due_on": due_on,
                "is_overdue": today > due_on,
                "owing": projects.filter(has_previous=False).count(),
            },
        )


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
                **_filter_options(request.user, filters),
            },
        )
