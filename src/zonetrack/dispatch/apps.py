"""App configuration of dispatch: it adds its links and colours to other apps' pages (its
alert conditions register themselves in ``dispatch.alerts``, which the notices app imports)."""

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "zonetrack.dispatch"
    label = "dispatch"
    verbose_name = _("Dispatch")

    def ready(self) -> None:
        from django.urls import reverse

        from zonetrack.accounts import access
        from zonetrack.core.links import register_link, register_panel, register_rows
        from zonetrack.projects import counted
        from zonetrack.projects.ledger import register_ledger_column
        from zonetrack.projects.permissions import can_change_project

        from .counted import COUNTER, KIND
        from .ledger import open_problems_text

        # The targets' 问题按期销号率 counts dispatch's problems without importing dispatch.
        counted.register(KIND, COUNTER)

        # The project ledger's 存在问题 column is dispatch's open problems.
        register_ledger_column("problems", open_problems_text)

        # The project page (projects) names no dispatch address: dispatch offers its problem
        # links through its slots.
        register_link(
            "project_actions",
            _("Problems"),
            url_for=lambda project: (
                reverse("dispatch:problem_list") + f"?project={project.pk}&status="
            ),
            element_id="project-problems",
        )
        register_link(
            "project_actions",
            _("Raise a problem"),
            url_for=lambda project: reverse("dispatch:problem_create") + f"?project={project.pk}",
            permission=can_change_project,
            css="btn btn-outline-danger",
            element_id="raise-problem",
        )

        def zone_colours(request: Any, zone: Any) -> str:
            # The zone page (registry) names no dispatch model: its red and yellow counts come
            # through the slot, counted over the projects the user can see.
            from django.template.loader import render_to_string

            from .selectors import zone_colour_rows

            rows = zone_colour_rows(user=access.request_user(request), zone_id=zone.pk)
            return render_to_string(
                "dispatch/includes/zone_colours.html",
                {"zone_counts": rows, "warning_url": reverse("dispatch:warning_list")},
            )

        def project_colour(request: Any, project: Any) -> str:
            # For the project page's "project_panels" slot: its colour and why.
            from django.template.loader import render_to_string

            from .selectors import colour_of_projects

            status = colour_of_projects([project.pk]).get(project.pk)
            if status is None:
                return ""
            return render_to_string("dispatch/includes/project_colour.html", {"status": status})

        def project_row_colours(rows: list[Any]) -> None:
            # For the project lists' "project_rows" slot: each row's colour, one query a page.
            from .selectors import colour_of_projects

            statuses = colour_of_projects([row.pk for row in rows])
            for row in rows:
                status = statuses.get(row.pk)
                if status is not None:
                    row.colour_label = status.current_colour_label
                    row.colour_css = status.current_colour_css

        register_panel("zone_panels", "colours", zone_colours)
        register_panel("project_panels", "colours", project_colour)
        register_rows("project_rows", "colours", project_row_colours)
