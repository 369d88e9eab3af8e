"""App configuration of land."""

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandConfig(AppConfig):
    name = "zonetrack.land"
    label = "land"
    verbose_name = _("Land")

    def ready(self) -> None:
        from django.urls import reverse

        from zonetrack.core.links import register_link, register_panel

        from . import jobs  # noqa: F401  (registers the import jobs)

        def check_panel(request: Any, project: Any) -> str:
            # The project page (projects) names no land address: its threshold check comes
            # through the slot.
            from django.template.loader import render_to_string
            from django.urls import reverse

            from .selectors import latest_check

            return render_to_string(
                "land/includes/check_panel.html",
                {
                    "check": latest_check(project),
                    "url": reverse("land:project_check", kwargs={"project_id": project.pk}),
                },
            )

        register_panel("project_panels", "threshold_check", check_panel)
        register_link(
            "project_actions",
            _("Find land"),
            url_for=lambda project: reverse("land:project_land", kwargs={"project_id": project.pk}),
            css="btn btn-outline-primary",
            element_id="find-land-link",
        )
