"""The project search behind every project chooser: visible projects by name or code, JSON."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, JsonResponse
from django.views import View

from .. import selectors
from ..forms import project_label


class ProjectSearchView(LoginRequiredMixin, View):
    """``?q=`` → ``{"results": [{"id", "label", "name", "code", "zone"}]}``: at most
    ``SEARCH_LIMIT`` active projects the user can see whose name or code contains q."""

    def get(self, request: HttpRequest, **kwargs: Any) -> JsonResponse:
        found = selectors.project_search(user=request.user, query=request.GET.get("q", ""))
        return JsonResponse(
            {
                "results": [
                    {
                        "id": project.pk,
                        "label": project_label(project),
                        "name": project.name,
                        "code": project.code,
                        "zone": project.zone.name,
                    }
                    for project in found
                ]
            },
            json_dumps_params={"ensure_ascii": False},
        )
