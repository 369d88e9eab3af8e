"""Subscription pages: "my subscriptions" with the next run and latest deliveries, subscribing
from a cockpit's link, a subscription's page (change, switch, archive, history), its deliveries;
someone else's subscription is 404 to everyone but a superuser."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import User
from zonetrack.notices import scheduled
from zonetrack.notices.choices import Cadence, Product
from zonetrack.notices.models import Delivery, Subscription

from ..conftest import World, client_for, make_user
from .test_subscriptions import MONDAY, _site, hook, robot, stand_ins, subscribe

__all__ = ["_site", "robot", "stand_ins"]


@pytest.fixture
def reader(world: World) -> User:
    return make_user("reader", (world.org_a, Role.OFFICER), email="reader@example.cn")


def url(name: str, subscription: Subscription | None = None) -> str:
    if subscription is None:
        return reverse(f"notices:{name}")
    return reverse(f"notices:{name}", kwargs={"subscription_id": subscription.pk})


def test_my_subscriptions_list_the_next_run_and_latest_deliveries(
    world: World, reader: User, django_assert_max_num_queries: Any, mailoutbox: list[Any]
) -> None:
    made = subscribe(reader, world.org_a)
    for day in range(1, 9):
        subscribe(reader, world.org_a, day_of_month=day, product=Product.PACK)
    scheduled.deliver_due(MONDAY)
    client = client_for(reader)
    with django_assert_max_num_queries(12):
        page = client.get(url("subscription_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert f'data-subscription="{made.pk}"' in text
    assert text.count("data-subscription=") == 9
    assert url("subscription_deliveries", made) in text
    assert "bg-green-lt" in text  # the delivery sent on MONDAY
    other = client_for(world.a_manager).get(url("subscription_list")).content.decode()
    assert f'data-subscription="{made.pk}"' not in other


def test_the_cockpit_link_preselects_its_organisation(world: World) -> None:
    client = client_for(world.city_manager)
    page = client.get(f"{url('subscription_create')}?organisation={world.org_b.pk}")
    assert page.status_code == 200
    form = page.context["form"]
    assert form["organisation"].value() == world.org_b.pk
    hidden = client.get(f"{url('subscription_create')}?organisation={world.org_b.pk}")
    assert hidden.status_code == 200
    # An organisation outside the user's cockpits is not preselected (nor revealed).
    a_page = client_for(world.a_officer).get(
        f"{url('subscription_create')}?organisation={world.org_b.pk}"
    )
    assert a_page.context["form"]["organisation"].value() != world.org_b.pk


def test_subscribing_shows_each_field_s_message(world: World, reader: User) -> None:
    client = client_for(reader)
    page = client.post(
        url("subscription_create"),
        {
            "organisation": world.org_a.pk,
            "product": Product.COCKPIT_EXTRACT,
            "cadence": Cadence.WEEKLY,
            "day_of_month": "",
            "weekday": "",
        },
    )
    assert page.status_code == 400
    errors = page.context["form"].errors
    with override("zh-hans"):
        assert errors["weekday"] == [_("Choose a day of the week.")]
        assert errors["by_email"] == [_("Choose at least one channel: e-mail or a webhook.")]
    done = client.post(
        url("subscription_create"),
        {
            "organisation": world.org_a.pk,
            "product": Product.PACK,
            "cadence": Cadence.WEEKLY,
            "weekday": "4",
            "by_email": "on",
            "is_active": "on",
        },
    )
    made = Subscription.objects.get(user=reader)
    assert done.status_code == 302 and done["Location"] == url("subscription_edit", made)
    assert (made.product, made.weekday, made.day_of_month) == (Product.PACK, 4, None)


def test_a_subscription_is_changed_switched_and_archived_on_its_page(
    world: World, reader: User
) -> None:
    made = subscribe(reader, world.org_a)
    client = client_for(reader)
    page = client.get(url("subscription_edit", made))
    assert page.status_code == 200 and 'id="switch-off"' in page.content.decode()
    changed = client.post(
        url("subscription_edit", made),
        {"cadence": Cadence.MONTHLY, "day_of_month": "28", "by_email": "on", "is_active": "on"}
        | {"version": made.version},
    )
    assert changed.status_code == 302
    assert client.post(url("subscription_switch", made), {"on": "0"}).status_code == 302
    made.refresh_from_db()
    assert (made.day_of_month, made.is_active) == (28, False)
    assert client.post(url("subscription_archive", made)).status_code == 302
    made.refresh_from_db()
    assert made.is_archived
    archived = client.get(f"{url('subscription_list')}?archived=1").content.decode()
    assert f'data-subscription="{made.pk}"' in archived
    assert (
        f'data-subscription="{made.pk}"'
        not in client.get(url("subscription_list")).content.decode()
    )
    history = client.get(url("subscription_edit", made)).content.decode()
    assert 'id="restore-subscription"' in history


def test_the_deliveries_list_shows_status_error_and_attempts(
    world: World, reader: User, mailoutbox: list[Any]
) -> None:
    manager = make_user("ma", (world.org_a, Role.MANAGER), email="ma@example.cn")
    webhook = hook(world.org_a, "http://127.0.0.1:9/unreachable")
    made = subscribe(manager, world.org_a, webhook=webhook)
    scheduled.deliver_due(MONDAY)
    failed = Delivery.objects.get(subscription=made, channel="webhook")
    assert failed.status == "failed" and failed.attempts >= 1
    page = client_for(manager).get(url("subscription_deliveries", made))
    assert page.status_code == 200
    text = page.content.decode()
    assert f'data-delivery="{failed.pk}" data-status="failed"' in text
    assert failed.last_error in text
    assert "127.0.0.1" not in text  # the webhook is named, its address (the robot's key) kept


@pytest.mark.parametrize(
    "name", ["subscription_edit", "subscription_deliveries", "subscription_switch"]
)
def test_someone_else_s_subscription_is_not_found(world: World, reader: User, name: str) -> None:
    made = subscribe(reader, world.org_a)
    for outsider in (world.a_manager, world.city_admin, world.b_manager, world.nobody):
        client = client_for(outsider)
        answer = (
            client.post(url(name, made)) if name.endswith("switch") else client.get(url(name, made))
        )
        assert answer.status_code == 404, outsider
    assert client_for(world.a_manager).post(url("subscription_archive", made)).status_code == 404
    assert client_for(world.superuser).get(url("subscription_edit", made)).status_code == 200


def test_someone_with_no_cockpit_may_not_subscribe(world: World) -> None:
    client = client_for(world.nobody)
    assert client.get(url("subscription_create")).status_code == 403
    page = client.get(url("subscription_list"))
    assert page.status_code == 200 and 'id="add-subscription"' not in page.content.decode()
    assert client_for(world.a_viewer).get(url("subscription_create")).status_code == 200


def test_administrators_read_subscriptions_in_the_admin(world: World, reader: User) -> None:
    made = subscribe(reader, world.org_a)
    client = client_for(world.superuser)
    listing = client.get(reverse("admin:notices_subscription_changelist"))
    assert listing.status_code == 200 and "甲区管委会" in listing.content.decode()
    page = client.get(reverse("admin:notices_subscription_change", args=[made.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
