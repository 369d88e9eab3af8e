"""``{% page_links page_obj as links %}``: the page numbers a pager shows, however many pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Page

register = template.Library()


@register.simple_tag
def page_links(page: Page, on_each_side: int = 2) -> list[Any]:
    """First and last page, and ``on_each_side`` pages either side of the current one, with
    the paginator's ellipsis between: a handful of numbers even for thousands of pages."""
    return list(
        page.paginator.get_elided_page_range(page.number, on_each_side=on_each_side, on_ends=1)
    )
