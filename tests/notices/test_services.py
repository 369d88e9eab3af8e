"""Writes and reads of the notices app: alerts stored once by key with their notifications,
marking notifications read, delivery records, a user's notifications and failed deliveries."""

from __future__ import annotations

from zonetrack.notices import selectors, services
from zonetrack.notices.conditions import Condition
from zonetrack.notices.models import Alert, Delivery, Notification

from ..conftest import World


def test_alerts_record_stores_each_key_once_with_its_notifications(world: World) -> None:
    draft = Condition(
        key="p:1:2024-01-01",
        kind="problem_overdue",
        organisation_id=world.org_a.pk,
        title="逾期",
        link="/dispatch/problems/1/",
        recipients={world.a_officer.pk, world.a_manager.pk},
    )
    alerts, notes = services.alerts_record([draft])
    assert len(alerts) == 1 and len(notes) == 2
    services.alerts_record([draft])
    assert Alert.objects.count() == 1


def test_notifications_mark_read_marks_only_the_users_own(world: World) -> None:
    for user in (world.a_officer, world.a_officer, world.a_manager):
        Notification.objects.create(user=user, kind="problem_overdue", text="x")
    assert services.notifications_mark_read(user=world.a_officer) == 2
    assert services.notifications_mark_read(user=world.a_officer) == 0
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_delivery_record_keeps_the_outcome(db: None) -> None:
    delivery = services.delivery_record(
        channel="webhook", target="x" * 400, payload={}, status="failed", attempts=3, last_error="e"
    )
    stored = Delivery.objects.get(pk=delivery.pk)
    assert (len(stored.target), stored.attempts, stored.status) == (300, 3, "failed")


def test_notifications_unread_count_and_failed_deliveries(world: World) -> None:
    Notification.objects.create(user=world.a_officer, kind="problem_overdue", text="a")
    Notification.objects.create(user=world.a_manager, kind="problem_overdue", text="b")
    assert [n.text for n in selectors.notifications(user=world.a_officer)] == ["a"]
    assert selectors.unread_count(world.a_officer) == 1
    Delivery.objects.create(channel="email", target="x@y", status="failed")
    Delivery.objects.create(channel="email", target="z@y", status="sent")
    assert [d.target for d in selectors.failed_deliveries(user=world.superuser)] == ["x@y"]
    assert selectors.failed_deliveries(user=world.a_manager) == []
