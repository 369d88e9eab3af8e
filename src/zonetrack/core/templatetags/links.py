"""``{% links "slot" obj %}``: the links other apps registered for a slot of this page."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from zonetrack.core.links import links_for

register = template.Library()


@register.simple_tag(takes_context=True)
def links(context: template.Context, slot: str, obj: Any) -> SafeString:
    """The permitted links of ``slot`` for ``obj``, as the page's buttons."""
    request = context.get("request")
    # Never None: to the access rules None is zonetrack itself, which may do everything.
    user = getattr(request, "user", None) or AnonymousUser()
    return format_html_join(
        "\n",
        "{}",
        (
            (
                format_html(
                    '<a class="{}" href="{}"{}>{}</a>',
                    link.css,
                    url,
                    format_html(' id="{}"', link.element_id) if link.element_id else "",
                    link.label,
                ),
            )
            for link, url in links_for(slot, user, obj)
        ),
    )
