"""App configuration of promotion."""

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionConfig(AppConfig):
    name = "zonetrack.promotion"
    label = "promotion"
    verbose_name = _("Promotion")

    def ready(self) -> None:
        from zonetrack.core.links import register_panel

        from . import jobs  # noqa: F401  (registers the import jobs)

        register_panel("project_panels", "promotion", _project_panel)


def _project_panel(request: Any, project: Any) -> str:
    """The project page's promotion block: its lead, the event it was signed at and its chain
    link (the projects app names no promotion address: it comes through the slot)."""
    from django.template.loader import render_to_string
    from django.urls import reverse

    from . import permissions
    from .selectors.chains import chain_for_project, project_origin

    origin = project_origin(project)
    chain = origin.chain_id or chain_for_project(project)
    may_map = chain is not None and permissions.can_map_chain(request.user, project.zone)
    place_url = ""
    if may_map:
        place_url = (
            reverse("promotion:chain_place", kwargs={"zone_id": project.zone_id, "chain_id": chain})
            + f"?project={project.pk}"
            + (f"&node={origin.link_id}" if origin.link_id else "")
        )
    return render_to_string(
        "promotion/includes/project_panel.html",
        {"origin": origin, "project": project, "may_map": may_map, "place_url": place_url},
        request=request,
    )
