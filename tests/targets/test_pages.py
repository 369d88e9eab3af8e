"""The indicator history page, the quarterly split page and what the progress page says of a
derived figure; the pages' queries do not grow with the years, zones or values."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.urls import reverse

from zonetrack.targets.models import Target

from ..conftest import World
from .conftest import english_client as client_for
from .factories import LAST_YEAR, indicator, open_month, report, set_targets


def history_url(world: World, code: str, org=None) -> str:  # type: ignore[no-untyped-def]
    return reverse(
        "targets:indicator_history",
        kwargs={
            "organisation_id": (org or world.org_a).pk,
            "indicator_id": indicator(code).pk,
        },
    )


def _months(world: World, year: int, months: int, value: int, start: int = 1) -> None:
    for month in range(start, months + 1):
        period = date(year, month, 1)
        open_month(world.city, period)
        report(world.org_a, period, industrial_value_added=value)


def test_an_indicator_page_charts_its_history_in_few_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    set_targets(LAST_YEAR, (world.org_a, "industrial_value_added", 1200))
    _months(world, LAST_YEAR, 2, 100)
    client = client_for(world.a_manager)
    url = history_url(world, "industrial_value_added")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    data = json.loads(
        page.split('id="history-chart-data"')[1].split(">", 1)[1].split("</script>")[0]
    )
    last = next(s for s in data["series"] if s["name"] == str(LAST_YEAR))
    assert last["data"][:3] == ["100", "100", None]
    assert 'data-zt-target-chart="history"' in page and "echarts.min.js" in page
    assert f'data-year="{LAST_YEAR}" data-status="red"' in page  # 200 of 1,200 over the year
    _months(world, LAST_YEAR - 1, 12, 90)
    _months(world, LAST_YEAR, 12, 100, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "+11.1%" in page  # 1,200 against 1,080


def test_a_sibling_zone_never_sees_the_history(world: World) -> None:
    response = client_for(world.b_manager).get(history_url(world, "industrial_value_added"))
    assert response.status_code == 404


def test_the_progress_page_says_where_a_derived_figure_comes_from(world: World) -> None:
    _months(world, LAST_YEAR - 1, 2, 100)
    _months(world, LAST_YEAR, 2, 110)
    set_targets(LAST_YEAR, (world.org_a, "industrial_value_added_growth", 5))
    url = reverse("targets:progress", kwargs={"organisation_id": world.org_a.pk})
    page = client_for(world.a_manager).get(url, {"year": LAST_YEAR}).content.decode()
    assert "derived, not reported" in page
    assert f"Derived from months 1–2 of {LAST_YEAR}, summed, against the same months" in page
    assert 'data-indicator="industrial_value_added_growth" data-status="green"' in page


def test_the_city_splits_a_zone_target_by_quarter(world: World) -> None:
    set_targets(LAST_YEAR, (world.org_a, "trade_total", 1000))
    target = Target.objects.get(organisation=world.org_a)
    url = reverse("targets:target_quarters", kwargs={"target_id": target.pk})
    city = client_for(world.city_manager)
    response = city.post(url, {"q1": "100", "q2": "200", "q3": "300", "q4": "abc"})
    assert response.status_code == 400
    assert "Enter a number." in response.content.decode()
    response = city.post(url, {"q1": "100", "q2": "200", "q3": "300", "q4": "300"})
    assert response.status_code == 400
    assert "add up to 900" in response.content.decode()
    response = city.post(url, {"q1": "100", "q2": "200", "q3": "300", "q4": "400"})
    assert response.status_code == 302
    assert target.quarters.count() == 4
    zone = client_for(world.a_manager)
    assert zone.get(url).status_code == 200  # a zone reads its split ...
    assert zone.post(url, {"q1": "250", "q2": "250", "q3": "250", "q4": "250"}).status_code == 403
    assert client_for(world.b_manager).get(url).status_code == 404  # ... a sibling never
