"""The investment-promotion overview page: the figures of the leads, enquiries, events and
chains in view (one zone, or all), each a link to the list behind it; only what the user sees;
a fixed number of queries."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from zonetrack.promotion import selectors, services
from zonetrack.promotion.choices import EventKind

from ..conftest import World, client_for
from .factories import make_enquiry, make_lead


def test_overview_shows_what_is_in_view_and_links_each_figure(
    world: World, django_assert_max_num_queries
) -> None:
    make_lead(world.zone_a, "甲区线索一")
    make_lead(world.zone_a, "甲区线索二")
    make_lead(world.zone_b, "乙区线索")
    make_enquiry(world.zone_a)
    event = services.event_create(
        actor=None,
        organisation=world.org_a,
        title="甲区签约仪式",
        kind=EventKind.SIGNING,
        held_on=timezone.localdate(),
        place="甲区",
    )
    services.event_sign(actor=None, event=event, project=world.project_a)
    url = reverse("promotion:overview")
    page = client_for(world.a_manager).get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert page.context["overview"].total == 2 and "乙区" not in html
    assert "甲区签约仪式" in html and 'id="overview-chains"' in html
    assert f"{reverse('promotion:lead_list')}?status=new" in html
    city = client_for(world.city_manager)
    assert city.get(url).context["overview"].total == 3
    one = city.get(url, {"zone": world.zone_b.pk})
    assert one.context["overview"].total == 1 and "甲区签约仪式" not in one.content.decode()
    gaps = sum(s.gap for s in selectors.chain_summaries(user=world.city_manager))
    assert city.get(url).context["gaps"] == gaps
    # The same queries with more leads.
    with django_assert_max_num_queries(60) as few:
        city.get(url)
    for n in range(5):
        make_lead(world.zone_b, f"乙区新线索{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        city.get(url)
