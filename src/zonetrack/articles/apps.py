"""App configuration of articles: it adds the facts read about a zone to the zone's page."""

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "zonetrack.articles"
    label = "articles"
    verbose_name = _("Articles")

    def ready(self) -> None:
        from django.template.loader import render_to_string

        from zonetrack.core.links import register_panel

        from .selectors import facts_for_zone

        def zone_facts(request: Any, zone: Any) -> str:
            user = getattr(request, "user", None)
            facts = facts_for_zone(zone, user) if user is not None else []
            return render_to_string(
                "articles/includes/zone_facts.html",
                {"facts": facts, "request": request},
                request=request,
            )

        # The zone page (registry) knows nothing of articles: it shows whatever its slot holds.
        register_panel("zone_panels", "articles", zone_facts)
