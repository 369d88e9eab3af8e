"""The targets API: the catalogue, and an organisation's progress as the pages compute it."""

from __future__ import annotations

from datetime import date

from ..conftest import World, api_client_for
from .factories import LAST_YEAR, open_month, report, set_targets


def test_the_catalogue_lists_the_seeded_indicators(world: World) -> None:
    client, auth = api_client_for(world.a_viewer)
    codes = {row["code"] for row in client.get("/api/targets/indicators", headers=auth).json()}
    assert {"fai_growth", "projects_started", "industrial_value_added", "trade_total"} <= codes


def test_progress_reads_the_colours_and_hides_a_sibling(world: World) -> None:
    set_targets(LAST_YEAR, (world.org_a, "trade_total", 100), (world.org_b, "trade_total", 100))
    january = date(LAST_YEAR, 1, 1)
    open_month(world.city, january)
    report(world.org_a, january, trade_total=95)
    client, auth = api_client_for(world.city_manager)
    body = client.get(
        f"/api/targets/progress?organisation={world.city.pk}&year={LAST_YEAR}", headers=auth
    ).json()
    by_org = {line["organisation_id"]: line["cells"][0] for line in body["children"]}
    assert by_org[world.org_a.pk]["status"] == "amber"  # 95 of 100, the year over
    assert by_org[world.org_b.pk]["status"] == "none"  # nothing reported
    assert float(body["time_share"]) == 1.0
    zone, zone_auth = api_client_for(world.a_manager)
    refused = zone.get(f"/api/targets/progress?organisation={world.org_b.pk}", headers=zone_auth)
    assert refused.status_code == 404
