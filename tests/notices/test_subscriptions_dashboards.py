"""Subscriptions with the real products the dashboards register: the monthly pack (its job run,
its download links opening the files) and the cockpit extract (the workbook attached)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import User
from zonetrack.core.models import JobStatus
from zonetrack.notices import scheduled, subscriptions
from zonetrack.notices.choices import Cadence, Product
from zonetrack.notices.models import Delivery

from ..conftest import World, client_for, make_user
from .test_subscriptions import SITE, _site

__all__ = ["_site"]


def _slot() -> tuple[date, dict[str, Any]]:
    """Today, and the schedule that makes a subscription due today."""
    today = timezone.localdate()
    if today.day <= 28:
        return today, {"cadence": Cadence.MONTHLY, "day_of_month": today.day}
    return today, {"cadence": Cadence.WEEKLY, "weekday": today.weekday()}


@pytest.fixture
def reader(world: World) -> User:
    return make_user("reader", (world.org_a, Role.OFFICER), email="reader@example.cn")


def test_the_monthly_pack_is_delivered_as_links_that_open_its_files(
    world: World, reader: User, mailoutbox: list[Any]
) -> None:
    pytest.importorskip("zonetrack.dashboards.pack.services")
    today, schedule = _slot()
    made = subscriptions.subscription_create(
        actor=reader, organisation=world.org_a, product=Product.PACK, by_email=True, **schedule
    )
    result = scheduled.deliver_due(today)
    delivery = Delivery.objects.select_related("job").get(subscription=made)
    assert delivery.job is not None
    if delivery.job.status != JobStatus.DONE:
        pytest.fail(f"the pack job did not finish: {delivery.job.message}")
    assert result.sent == 1, delivery.last_error
    month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    assert delivery.job.params["period"] == month.isoformat()
    body = mailoutbox[0].body
    links = [line.split(": ", 1)[1] for line in body.splitlines() if "/packs/" in line]
    assert len(links) == 2
    client = client_for(reader)
    for link in links:
        assert link.startswith(f"{SITE}/overview/{world.org_a.pk}/packs/{delivery.job.pk}/")
        answer = client.get(link[len(SITE) :])
        assert answer.status_code == 200, link


def test_the_cockpit_extract_is_attached_to_the_e_mail(
    world: World, reader: User, mailoutbox: list[Any]
) -> None:
    pytest.importorskip("zonetrack.dashboards.extract")
    today, schedule = _slot()
    made = subscriptions.subscription_create(
        actor=reader,
        organisation=world.org_a,
        product=Product.COCKPIT_EXTRACT,
        by_email=True,
        **schedule,
    )
    result = scheduled.deliver_due(today)
    delivery = Delivery.objects.get(subscription=made)
    assert result.sent == 1, delivery.last_error
    (name, content, mimetype) = mailoutbox[0].attachments[0]
    assert name.endswith(".xlsx") and mimetype.endswith("spreadsheetml.sheet")
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    assert workbook.sheetnames
    assert f"{SITE}/overview/{world.org_a.pk}/" in mailoutbox[0].body


def test_a_zone_officer_cannot_subscribe_to_the_city_s_cockpit(world: World, reader: User) -> None:
    _today, schedule = _slot()
    with pytest.raises(ValidationError) as caught:
        subscriptions.subscription_create(
            actor=reader, organisation=world.city, product=Product.PACK, by_email=True, **schedule
        )
    assert set(caught.value.message_dict) == {"organisation"}
