"""App configuration of dashboards: it offers its pages as links on other apps' pages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "zonetrack.dashboards"
    label = "dashboards"

    def ready(self) -> None:
        from django.urls import reverse

        from zonetrack.projects.services import projects_changed, projects_changing

        from . import services
        from .pack import jobs  # noqa: F401  (registers the monthly pack's job)

        # The cockpits' kept figures follow every write to projects, in its transaction.
        projects_changed.connect(services.rollup_refresh, dispatch_uid="dashboards.rollups")
        projects_changing.connect(services.rollup_note, dispatch_uid="dashboards.rollups")

        from zonetrack.core.links import register_link

        from .permissions import can_view_battle_map

        # The zone page's "Battle map" button, and the dispatch area's tab to the leader's
        # page: registry and dispatch do not name these addresses, dashboards offers them.
        register_link(
            "zone_actions",
            _("Battle map"),
            url_for=lambda zone: reverse("dashboards:battle_map", kwargs={"zone_id": zone.pk}),
            permission=can_view_battle_map,
            element_id="battle-map-link",
        )
        register_link(
            "dispatch_nav",
            _("My projects at a glance"),
            url_for=lambda _obj: reverse("dashboards:leader"),
            css="nav-link",
            element_id="dispatch-nav-leader",
            key="leader",
        )
