"""The daily alert job: what it finds, once per condition, and its e-mail and webhook paths
(a test receiver on 127.0.0.1), including a receiver that fails or does not answer."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from zonetrack.dispatch.alerts import run_alerts
from zonetrack.notices.models import Alert, Delivery, Notification
from zonetrack.projects.models import Project
from zonetrack.projects.services import milestone_save

from ..conftest import World
from .factories import make_problem

REAL_TODAY = timezone.localdate()
# After the report due day, so last month's missing reports count.
TODAY = REAL_TODAY if REAL_TODAY.day > 5 else REAL_TODAY + timedelta(days=6 - REAL_TODAY.day)


class Receiver:
    """A webhook endpoint on 127.0.0.1 answering with a chosen status, or after a delay."""

    def __init__(self, status: int = 200, delay: float = 0.0) -> None:
        self.status, self.delay, self.bodies = status, delay, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                receiver.bodies.append(json.loads(self.rfile.read(length)))
                if receiver.delay:
                    time.sleep(receiver.delay)
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def late_world(world: World) -> World:
    """Project A has an officer and leader, a missed milestone, an overdue problem, and is
    under construction without last month's report."""
    Project.objects.filter(pk=world.project_a.pk).update(
        officer=world.a_officer,
        leader=world.a_manager,
        stage="started",
        started_on=TODAY - timedelta(days=90),
    )
    world.project_a.refresh_from_db()
    milestone_save(
        actor=None, project=world.project_a, name="主体封顶", planned_on=TODAY - timedelta(days=10)
    )
    raised = REAL_TODAY - timedelta(days=3)
    make_problem(world.a_manager, world.project_a, raised_on=raised, deadline_on=raised)
    return world


def test_alerts_once_per_condition(late_world: World, settings, receiver: Receiver) -> None:  # type: ignore[no-untyped-def]
    settings.ZONETRACK_ALERT_WEBHOOK = receiver.url
    settings.ZONETRACK_ALERT_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    late_world.a_officer.email = "ao@example.org"
    late_world.a_officer.save()
    result = run_alerts(today=TODAY)
    assert result.by_kind == {"milestone_overdue": 1, "report_missing": 1, "problem_overdue": 1}
    officer_notes = Notification.objects.filter(user=late_world.a_officer)
    assert officer_notes.count() == 3
    # The problem's raiser (the manager) hears of it too, and as the leader of the rest.
    assert Notification.objects.filter(user=late_world.a_manager).count() == 3
    assert len(receiver.bodies) == 1
    assert receiver.bodies[0]["msgtype"] == "text"
    assert late_world.project_a.name in receiver.bodies[0]["text"]["content"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ao@example.org"]
    assert Delivery.objects.filter(status="sent").count() == 2
    # A second run (and the next day's, nothing having changed) sends nothing new.
    for day in (TODAY, TODAY + timedelta(days=1)):
        again = run_alerts(today=day)
        assert (again.alerts, again.notifications, again.webhooks) == (0, 0, 0)
    assert len(receiver.bodies) == 1 and len(mail.outbox) == 1
    assert Alert.objects.count() == 3


def test_webhook_error_status_is_retried_then_recorded(late_world: World, settings) -> None:  # type: ignore[no-untyped-def]
    failing = Receiver(status=500)
    try:
        settings.ZONETRACK_ALERT_WEBHOOK = failing.url
        settings.ZONETRACK_WEBHOOK_ATTEMPTS = 3
        settings.ZONETRACK_WEBHOOK_BACKOFF = 0
        result = run_alerts(today=TODAY)
    finally:
        failing.close()
    assert result.failures == 1 and result.alerts == 3
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("failed", 3, "HTTP 500")
    assert len(failing.bodies) == 3
    # The in-app notifications were kept all the same.
    assert Notification.objects.count() > 0


def test_webhook_without_answer_times_out(late_world: World, settings) -> None:  # type: ignore[no-untyped-def]
    silent = Receiver(delay=3)
    try:
        settings.ZONETRACK_ALERT_WEBHOOK = silent.url
        settings.ZONETRACK_WEBHOOK_ATTEMPTS = 2
        settings.ZONETRACK_WEBHOOK_TIMEOUT = 1
        settings.ZONETRACK_WEBHOOK_BACKOFF = 0
        started = time.monotonic()
        result = run_alerts(today=TODAY)
        elapsed = time.monotonic() - started
    finally:
        silent.close()
    assert result.failures == 1
    delivery = Delivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == 2
    assert "timed out" in delivery.last_error
    assert elapsed < 6


def test_webhook_address_must_be_http(late_world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ZONETRACK_ALERT_WEBHOOK = "file:///etc/passwd"
    result = run_alerts(today=TODAY)
    delivery = Delivery.objects.get()
    assert result.failures == 1
    assert delivery.status == "failed" and delivery.attempts == 0
    assert "http" in delivery.last_error


def test_command_runs_the_job(late_world: World, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("alerts", "run", "--date", TODAY.isoformat())
    assert "alerts 3" in capsys.readouterr().out
    call_command("alerts", "run", "--date", TODAY.isoformat())
    assert "alerts 0" in capsys.readouterr().out


def test_unread_count_and_notifications_api(late_world: World) -> None:
    from ..conftest import api_client_for

    run_alerts(today=TODAY)
    client, auth = api_client_for(late_world.a_officer)
    data = client.get("/api/notifications?unread=true", headers=auth).json()
    assert data["count"] == 3
    from zonetrack.notices.selectors import unread_count

    assert unread_count(late_world.a_officer) == 3
    assert unread_count(late_world.b_manager) == 0


def test_every_page_shows_the_unread_count_in_the_shell(late_world: World) -> None:
    """Dispatch puts the notifications link in the page shell's slot; the shell names no
    dispatch address itself."""
    from ..conftest import client_for

    run_alerts(today=TODAY)
    html = client_for(late_world.a_officer).get("/zones/").content.decode()
    assert 'id="notifications-link" href="/notices/"' in html
    assert '<span class="badge bg-red text-white ms-1" id="unread-count">3</span>' in html
    quiet = client_for(late_world.b_manager).get("/zones/").content.decode()
    assert 'id="notifications-link"' in quiet
    assert 'id="unread-count"' not in quiet


def test_failed_deliveries_are_shown_to_administrators_only(late_world: World, settings) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from ..conftest import client_for

    settings.ZONETRACK_ALERT_WEBHOOK = "ftp://robot.example.org/hook"
    run_alerts(today=TODAY)
    page = client_for(late_world.superuser).get(reverse("dispatch:home")).content.decode()
    assert 'id="failed-deliveries"' in page and "ftp://robot.example.org/hook" in page
    other = client_for(late_world.city_admin).get(reverse("dispatch:home")).content.decode()
    assert "failed-deliveries" not in other
