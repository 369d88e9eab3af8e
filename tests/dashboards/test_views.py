"""The overview pages dashboards took over from dispatch keep their addresses, and are offered
on other apps' pages through core's link registry."""

from __future__ import annotations

from django.urls import reverse

from ..conftest import World, client_for


def test_battle_map_and_leader_page_keep_their_addresses(world: World) -> None:
    assert (
        reverse("dashboards:battle_map", kwargs={"zone_id": world.zone_a.pk})
        == f"/dispatch/map/{world.zone_a.pk}/"
    )
    assert reverse("dashboards:leader") == "/dispatch/leader/"
    client = client_for(world.a_viewer)
    assert client.get(f"/dispatch/map/{world.zone_a.pk}/").status_code == 200
    assert client.get(f"/dispatch/map/{world.zone_b.pk}/").status_code == 404
    assert client.get("/dispatch/leader/").status_code == 200


def test_zone_page_shows_the_battle_map_button_to_who_may_see_the_zone(world: World) -> None:
    url = reverse("registry:zone_detail", kwargs={"zone_id": world.zone_a.pk})
    body = client_for(world.a_viewer).get(url).content.decode()
    assert 'id="battle-map-link"' in body
    assert f'href="/dispatch/map/{world.zone_a.pk}/"' in body
    assert client_for(world.b_manager).get(url).status_code == 404


def test_dispatch_pages_link_to_the_battle_maps_and_the_leaders_page(world: World) -> None:
    body = client_for(world.a_manager).get(reverse("dispatch:home")).content.decode()
    assert f'href="/dispatch/map/{world.zone_a.pk}/"' in body
    assert f'href="/dispatch/map/{world.zone_b.pk}/"' not in body
    assert 'id="dispatch-nav-leader"' in body and 'href="/dispatch/leader/"' in body
    leader = client_for(world.a_manager).get(reverse("dashboards:leader")).content.decode()
    assert 'class="nav-link active" href="/dispatch/leader/"' in leader
