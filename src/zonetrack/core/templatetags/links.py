"""``{% links "slot" obj %}`` and ``{% panels "slot" obj %}``: the links and blocks other apps
registered for a slot of this page."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from zonetrack.core.links import links_for, panels_for

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


@register.simple_tag(takes_context=True)
def panels(context: template.Context, slot: str, obj: Any) -> SafeString:
    """The blocks of ``slot`` for ``obj``; each is HTML its app rendered from a template."""
    request = context.get("request")
    # Each block comes from its app's own template rendering (escaped there), not from data.
    return mark_safe("\n".join(panels_for(slot, request, obj)))  # noqa: S308
