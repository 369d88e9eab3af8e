"""Enquiries and their clock: answered within the target or late, never answered or closed
before they were received; late ones tell their owner; the bureau's page shows the share
answered on time at a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from zonetrack.notices.delivery import run_daily
from zonetrack.notices.models import Notification
from zonetrack.promotion import selectors, services
from zonetrack.promotion.alerts import PromotionAlertKind

from ..conftest import World, client_for
from .factories import make_enquiry


@pytest.fixture(autouse=True)
def _target(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ZONETRACK_ENQUIRY_RESPONSE_HOURS = 24


def test_enquiry_closed_or_answered_before_received_is_refused(world: World) -> None:
    enquiry = make_enquiry(world.zone_a, hours_ago=5)
    before = enquiry.received_at - timedelta(minutes=1)
    with pytest.raises(ValidationError) as exc:
        services.enquiry_close(actor=world.a_officer, enquiry=enquiry, at=before)
    assert "at" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.enquiry_respond(actor=world.a_officer, enquiry=enquiry, at=before)
    with pytest.raises(ValidationError):
        services.enquiry_respond(
            actor=world.a_officer, enquiry=enquiry, at=timezone.now() + timedelta(hours=1)
        )
    enquiry.refresh_from_db()
    assert enquiry.first_response_at is None and enquiry.closed_at is None


def test_enquiry_clock_counts_on_time_and_late(world: World) -> None:
    now = timezone.now()
    quick = make_enquiry(world.zone_a, hours_ago=50)
    services.enquiry_respond(
        actor=world.a_officer, enquiry=quick, at=quick.received_at + timedelta(hours=3)
    )
    slow = make_enquiry(world.zone_a, hours_ago=100)
    services.enquiry_close(
        actor=world.a_officer, enquiry=slow, at=slow.received_at + timedelta(hours=30)
    )
    make_enquiry(world.zone_a, hours_ago=30)  # waiting, and late
    make_enquiry(world.zone_a, hours_ago=1)  # waiting, not yet late
    make_enquiry(world.zone_b, hours_ago=1)
    times = selectors.response_times(user=world.a_officer, now=now)
    assert (times.total, times.on_time, times.late, times.waiting, times.overdue) == (4, 1, 1, 2, 1)
    assert times.on_time_share == 50.0
    assert dict(times.bands) == {"≤4h": 1, "≤24h": 0, "≤72h": 1, ">72h": 0}
    slow.refresh_from_db()
    assert slow.first_response_at == slow.closed_at


def test_a_tighter_target_makes_the_same_answer_late(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    enquiry = make_enquiry(world.zone_a, hours_ago=10)
    services.enquiry_respond(
        actor=None, enquiry=enquiry, at=enquiry.received_at + timedelta(hours=3)
    )
    settings.ZONETRACK_ENQUIRY_RESPONSE_HOURS = 2
    times = selectors.response_times(user=world.a_officer, now=timezone.now())
    assert (times.on_time, times.late) == (0, 1)


def test_late_enquiry_alerts_its_owner(world: World) -> None:
    make_enquiry(world.zone_a, hours_ago=30, owner=world.a_officer)
    make_enquiry(world.zone_a, hours_ago=1, owner=world.a_manager, subject="刚到")
    run_daily(today=timezone.localdate())
    told = Notification.objects.filter(kind=PromotionAlertKind.ENQUIRY_LATE)
    assert set(told.values_list("user__username", flat=True)) == {"ao"}


def test_enquiry_page_shows_the_share_on_time_at_fixed_queries(
    world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.a_officer)
    url = reverse("promotion:enquiry_list")
    for _ in range(3):
        make_enquiry(world.zone_a)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for _ in range(30):
        make_enquiry(world.zone_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert 'id="on-time-share"' in page.content.decode()


def test_enquiry_form_refuses_a_close_before_receipt(world: World) -> None:
    enquiry = make_enquiry(world.zone_a, hours_ago=2)
    before = timezone.localtime(enquiry.received_at - timedelta(hours=1))
    response = client_for(world.a_officer).post(
        reverse("promotion:enquiry_close", kwargs={"enquiry_id": enquiry.pk}),
        {"at": before.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 400 and "at" in response.context["form"].errors
