"""/healthz (database and job queue reachable) and /metrics (Prometheus text, protected)."""

from __future__ import annotations

import os
import re

import pytest
from django.db import OperationalError
from django.test import Client
from huey.contrib.djhuey import HUEY

from zonetrack.core import metrics
from zonetrack.core.models import Job
from zonetrack.core.views import health as views

from ..conftest import World, client_for


@pytest.fixture(autouse=True)
def _fresh_counters() -> None:
    metrics.reset()


def test_healthz_answers_ok_without_sign_in(db: None, client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "jobs": "ok"}
    assert "no-cache" in response["Cache-Control"]


class _BrokenCursor:
    def __enter__(self) -> _BrokenCursor:
        raise OperationalError("connection to server at 10.0.0.5 failed: password secret")

    def __exit__(self, *exc: object) -> None:
        return None


class _BrokenConnection:
    def cursor(self) -> _BrokenCursor:
        return _BrokenCursor()


def test_healthz_is_503_when_the_database_does_not_answer(
    db: None, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "connection", _BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "error", "jobs": "ok"}
    assert b"10.0.0.5" not in response.content
    assert b"secret" not in response.content


def test_healthz_is_503_when_the_job_queue_cannot_be_reached(
    db: None, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable() -> int:
        raise OSError("unable to open database file /srv/zonetrack/jobs.sqlite3")

    monkeypatch.setattr(HUEY, "pending_count", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "jobs": "error"}
    assert b"jobs.sqlite3" not in response.content


def test_anonymous_metrics_are_refused(db: None, client: Client) -> None:
    response = client.get("/metrics")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"zonetrack_http" not in response.content


def test_metrics_are_refused_to_users_who_are_not_superusers(world: World) -> None:
    response = client_for(world.city_admin).get("/metrics")
    assert response.status_code == 403
    assert b"zonetrack_http" not in response.content


def test_metrics_refuse_a_wrong_token_and_any_token_when_none_is_set(
    db: None, client: Client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.ZONETRACK_METRICS_TOKEN = ""
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 401
    settings.ZONETRACK_METRICS_TOKEN = "s3cret-scraper-token"
    wrong = client.get("/metrics", headers={"Authorization": "Bearer s3cret-scraper-tokeN"})
    assert wrong.status_code == 401


def test_metrics_count_and_time_requests_per_route_and_status(
    world: World, client: Client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.ZONETRACK_METRICS_TOKEN = "s3cret-scraper-token"
    Job.objects.create(
        kind="projects.ledger_export", owner=world.a_manager, title="a", status="failed"
    )
    Job.objects.create(
        kind="projects.ledger_export", owner=world.a_manager, title="b", status="done"
    )
    Job.objects.create(
        kind="projects.ledger_export", owner=world.a_manager, title="c", status="done"
    )
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no/such/page/")
    client_for(world.a_manager).get(f"/registry/zones/{world.zone_a.pk}/")
    response = client.get("/metrics", headers={"Authorization": "Bearer s3cret-scraper-token"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    text = response.content.decode().replace(f',pid="{os.getpid()}"', "")
    assert f'{{pid="{os.getpid()}"}}' in text
    assert 'zonetrack_http_requests_total{route="healthz",method="GET",status="200"} 2' in text
    assert 'zonetrack_http_requests_total{route="unmatched",method="GET",status="404"} 1' in text
    assert re.search(r'route="registry:zone_detail",method="GET",status="200"\} 1', text)
    assert (
        'zonetrack_http_request_duration_seconds_count{route="healthz",method="GET",status="200"} 2'
        in text
    )
    bucket = 'route="healthz",method="GET",status="200",le="+Inf"'
    assert f"zonetrack_http_request_duration_seconds_bucket{{{bucket}}} 2" in text
    assert re.search(r'^zonetrack_jobs_queue_length\{pid="\d+"\} \d+$', text, re.M)
    assert 'zonetrack_jobs{status="done"} 2' in text
    assert 'zonetrack_jobs{status="failed"} 1' in text
    # The raw path of an unknown page is never a label: label values stay bounded.
    assert "/no/such/page/" not in text
    # Every sample line is "name{labels} number" or "name number".
    for line in text.splitlines():
        if not line.startswith("#"):
            assert re.fullmatch(r"[a-z_]+(\{[^}]*\})? [0-9.e+-]+", line), line


def test_superusers_read_the_metrics(world: World) -> None:
    response = client_for(world.superuser).get("/metrics")
    assert response.status_code == 200
    assert "# TYPE zonetrack_http_requests_total counter" in response.content.decode()


def test_healthz_answers_plain_http_behind_tls_where_pages_redirect(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update(ZONETRACK_DATA_DIR=str(tmp_path), ZONETRACK_HTTPS="1", ALLOWED_HOSTS="testserver")
    code = (
        "from django.test import Client; c = Client(); "
        "print(c.get('/healthz').status_code, c.get('/accounts/login/').status_code)"
    )
    result = subprocess.run(
        [sys.executable, "-m", "zonetrack.cli", "shell", "--no-imports", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["200", "301"], result.stderr
