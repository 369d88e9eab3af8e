"""Tags of the dispatch pages: ``{% area_links "slot" current %}`` (tabs other apps add to the
dispatch area) and ``{% link_url "slot" "element-id" obj as url %}`` (one registered link's
address)."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from zonetrack.core.links import links_for

register = template.Library()


def _user(context: template.Context) -> Any:
    request = context.get("request")
    # Never None: to the access rules None is zonetrack itself, which may do everything.
    return getattr(request, "user", None) or AnonymousUser()


@register.simple_tag(takes_context=True)
def area_links(context: template.Context, slot: str, current: str = "") -> SafeString:
    """The links of ``slot`` as the area's tabs; the one whose id ends with ``current`` is
    the page shown."""
    return format_html_join(
        "\n",
        '<li class="nav-item"><a class="{}{}" href="{}" id="{}">{}</a></li>',
        (
            (
                link.css,
                " active" if current and link.element_id.endswith(f"-{current}") else "",
                url,
                link.element_id,
                link.label,
            )
            for link, url in links_for(slot, _user(context), None)
        ),
    )


@register.simple_tag(takes_context=True)
def link_url(context: template.Context, slot: str, element_id: str, obj: Any) -> str:
    """The address of the link registered in ``slot`` under ``element_id`` for ``obj``, when
    the user may follow it ("" otherwise), for markup of the page's own."""
    for link, url in links_for(slot, _user(context), obj):
        if link.element_id == element_id:
            return url
    return ""


__all__ = ["area_links", "link_url"]
