"""The pager shows a handful of page numbers, however many pages a list has."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory


def test_pager_of_thousands_of_pages_shows_first_last_and_neighbours() -> None:
    page = Paginator(range(200_000), 50).page(7)
    request = RequestFactory().get("/projects/", {"page": 7, "zone": 3})
    html = Template('{% include "includes/pagination.html" %}').render(
        RequestContext(request, {"page_obj": page})
    )
    numbers = [n for n in ("1", "5", "6", "8", "9", "4000") if f">{n}</a>" in html]
    assert numbers == ["1", "5", "6", "8", "9", "4000"]
    assert ">4</a>" not in html and ">10</a>" not in html and ">2000</a>" not in html
    assert html.count("…") == 2
    assert "page=8&amp;zone=3" in html or "zone=3&amp;page=8" in html
