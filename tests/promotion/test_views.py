"""Pages of leads: the list, board and "my leads" show only what the user may see at a fixed
number of queries; a zone's officer adds a lead, records an interaction and converts it; bad
input comes back with field-level messages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zonetrack.projects.models import Project
from zonetrack.promotion.choices import LeadStatus
from zonetrack.promotion.models import Channel, Lead

from ..conftest import World, client_for
from .factories import make_lead

TODAY = timezone.localdate()


def _leads(world: World, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        zone = world.zone_a if i % 2 else world.zone_b
        make_lead(zone, f"线索{i:03d}", owner=world.a_officer)


@pytest.mark.parametrize(
    "url_name", ["promotion:lead_list", "promotion:lead_board", "promotion:lead_mine"]
)
def test_lead_pages_use_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries, url_name: str
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.a_officer)
    url = reverse(url_name)
    _leads(world, 4)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    _leads(world, 40, start=4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_lead_list_shows_only_the_users_zones(world: World) -> None:
    make_lead(world.zone_a, "甲区线索")
    make_lead(world.zone_b, "乙区线索")
    page = client_for(world.a_officer).get(reverse("promotion:lead_list")).content.decode()
    assert "甲区线索" in page and "乙区线索" not in page
    page = client_for(world.city_manager).get(reverse("promotion:lead_list")).content.decode()
    assert "甲区线索" in page and "乙区线索" in page


def test_lead_board_groups_by_status(world: World) -> None:
    make_lead(world.zone_a, "新线索")
    page = client_for(world.a_officer).get(reverse("promotion:lead_board")).content.decode()
    column = page.split('id="board-new"')[1].split('id="board-contacted"')[0]
    assert "新线索" in column


def test_lead_create_and_convert_through_the_pages(world: World) -> None:
    client = client_for(world.a_officer)
    channel = Channel.objects.get(name="以企招商")
    response = client.post(
        reverse("promotion:lead_create"),
        {
            "zone": world.zone_a.pk,
            "name": "汽配产业园",
            "investor_name": "瑞驰汽车部件有限公司",
            "investment_wan": "45000",
            "channel": channel.pk,
        },
    )
    assert response.status_code == 302
    lead = Lead.objects.get(name="汽配产业园")
    assert lead.owner == world.a_officer and lead.investor is not None
    response = client.post(
        reverse("promotion:interaction_create", kwargs={"lead_id": lead.pk}),
        {"kind": "visit", "happened_on": TODAY.isoformat(), "people": "王晓燕"},
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONTACTED
    response = client.post(reverse("promotion:lead_convert", kwargs={"lead_id": lead.pk}), {})
    project = Project.objects.get(name="汽配产业园")
    assert response.status_code == 302 and response["Location"].endswith(f"/{project.pk}/")
    again = client.post(reverse("promotion:lead_convert", kwargs={"lead_id": lead.pk}), {})
    assert again.status_code == 400
    assert Project.objects.filter(name="汽配产业园").count() == 1


def test_bad_input_gets_field_messages(world: World) -> None:
    client = client_for(world.a_officer)
    response = client.post(
        reverse("promotion:lead_create"),
        {"zone": world.zone_a.pk, "name": "无名", "investment_wan": "-5"},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "investment_wan" in form.errors
    response = client.post(
        reverse("promotion:lead_create"), {"zone": world.zone_a.pk, "name": "无名"}
    )
    assert response.status_code == 400 and "prospect" in response.context["form"].errors
    lead = make_lead(world.zone_a)
    response = client.post(
        reverse("promotion:lead_status", kwargs={"lead_id": lead.pk}), {"status": "lost"}
    )
    assert response.status_code == 400 and "lost_reason" in response.context["form"].errors
    response = client.post(
        reverse("promotion:interaction_create", kwargs={"lead_id": lead.pk}),
        {
            "kind": "call",
            "happened_on": (TODAY + timedelta(days=2)).isoformat(),
            "people": "x",
        },
    )
    assert response.status_code == 400 and "happened_on" in response.context["form"].errors


def test_lead_steps_are_refused_to_viewers_and_hidden_from_other_branches(world: World) -> None:
    lead = make_lead(world.zone_a)
    url = reverse("promotion:lead_status", kwargs={"lead_id": lead.pk})
    assert client_for(world.a_viewer).post(url, {"status": "contacted"}).status_code == 403
    assert (
        client_for(world.b_manager)
        .get(reverse("promotion:lead_detail", kwargs={"lead_id": lead.pk}))
        .status_code
        == 404
    )
    page = client_for(world.a_viewer).get(
        reverse("promotion:lead_detail", kwargs={"lead_id": lead.pk})
    )
    assert page.status_code == 200 and 'id="status-form"' not in page.content.decode()


def test_a_dates_field_shows_the_stored_date_so_saving_keeps_it(world: World) -> None:
    """The next action's date is shown as an ISO date, the one form a date box reads: saving
    the form unchanged keeps the date instead of wiping it."""
    from datetime import date

    from django.urls import reverse

    from zonetrack.promotion.models import Lead

    from ..conftest import client_for
    from .factories import make_lead

    lead = make_lead(world.zone_a, next_action="电话回访", next_action_on=date(2030, 12, 20))
    officer = client_for(world.a_officer)
    page = officer.get(reverse("promotion:lead_detail", kwargs={"lead_id": lead.pk}))
    assert 'value="2030-12-20"' in page.content.decode()
    officer.post(
        reverse("promotion:lead_next", kwargs={"lead_id": lead.pk}),
        {"next_action": "上门拜访", "next_action_on": "2030-12-20"},
    )
    assert Lead.objects.get(pk=lead.pk).next_action_on == date(2030, 12, 20)
