"""Template tags of the articles app: the accepted facts of a zone, for the zone's page."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors import facts_for_zone

register = template.Library()


@register.inclusion_tag("articles/includes/zone_facts.html", takes_context=True)
def zone_article_facts(context: Any, zone: Any) -> dict[str, Any]:
    """``{% zone_article_facts zone %}``: the facts the viewer may see, attached to the zone."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {"facts": facts_for_zone(zone, user) if user is not None else [], "request": request}
