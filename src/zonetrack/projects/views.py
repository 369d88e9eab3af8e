"""Pages of the projects app."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from . import selectors


class ProjectListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        filters = selectors.ProjectFilters.from_params(request.GET)
        projects = selectors.project_list(user=request.user, filters=filters)
        page = Paginator(projects, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "projects/project_list.html",
            {
                "page_obj": page,
                "projects": page.object_list,
                "filters": filters,
                "pipeline": selectors.pipeline_counts(user=request.user, filters=filters),
            },
        )
