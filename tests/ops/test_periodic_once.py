"""A periodic job runs once per scheduled time however many consumers enqueue it, and REDIS_URL
switches the queue and the cache to Redis (without it, the single-machine defaults stay)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from huey import RedisHuey
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage

from zonetrack.core import jobs
from zonetrack.notices.tasks import daily_alerts

from .conftest import ROOT, base_env


def test_a_delayed_run_belongs_to_its_scheduled_time() -> None:
    task = daily_alerts.s()  # every day at 07:00
    assert jobs.scheduled_slot(task, datetime(2026, 3, 2, 7, 0, 40)) == datetime(2026, 3, 2, 7)
    # Behind a long import, three minutes late: still the 07:00 run.
    assert jobs.scheduled_slot(task, datetime(2026, 3, 2, 7, 3)) == datetime(2026, 3, 2, 7)
    assert jobs.scheduled_slot(task, datetime(2026, 3, 2, 6, 59)) == datetime(2026, 3, 1, 7)


def _claims(storage: object) -> list[bool]:
    return [
        jobs.claim_run("daily_alerts", "2026-03-02T07:00:00", storage=storage),
        jobs.claim_run("daily_alerts", "2026-03-02T07:00:00", storage=storage),
        jobs.claim_run("daily_alerts", "2026-03-01T07:00:00", storage=storage),  # a late copy
        jobs.claim_run("hourly_colours", "2026-03-02T07:00:00", storage=storage),
        jobs.claim_run("daily_alerts", "2026-03-03T07:00:00", storage=storage),
    ]


def test_a_scheduled_time_is_claimed_once_in_the_sqlite_queue(tmp_path: Path) -> None:
    first = SqliteStorage("zonetrack", filename=str(tmp_path / "jobs.sqlite3"))
    second = SqliteStorage("zonetrack", filename=str(tmp_path / "jobs.sqlite3"))  # 2nd consumer
    assert jobs.claim_run("daily_alerts", "2026-03-02T07:00:00", storage=first)
    assert not jobs.claim_run("daily_alerts", "2026-03-02T07:00:00", storage=second)
    assert _claims(first) == [False, False, False, True, True]


def test_a_scheduled_time_is_claimed_once_in_redis(redis_url: str) -> None:
    storage = RedisHuey("zonetrack", url=redis_url).storage
    assert _claims(storage) == [True, False, False, True, True]


def test_the_second_consumer_cancels_its_copy_of_the_daily_alert_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(HUEY, "_immediate", False)  # as the consumer runs, not at once
    monkeypatch.setattr(
        HUEY, "storage", SqliteStorage("zonetrack", filename=str(tmp_path / "jobs.sqlite3"))
    )
    ran: list[int] = []
    monkeypatch.setattr("zonetrack.notices.delivery.run_daily", lambda: ran.append(1))
    # A consumer closes stale connections around each job; here the test's connection (held by
    # whatever test ran before on this worker) is not the job's to close.
    monkeypatch.setattr("huey.contrib.djhuey.close_old_connections", lambda: None)
    HUEY.execute(daily_alerts.s())
    HUEY.execute(daily_alerts.s())
    assert ran == [1]


def test_jobs_called_at_once_always_run(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[int] = []
    monkeypatch.setattr("zonetrack.notices.delivery.run_daily", lambda: ran.append(1))
    daily_alerts()
    daily_alerts()
    assert ran == [1, 1]


def _settings(tmp_path: Path, **env: str) -> dict[str, object]:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "from huey.contrib.djhuey import HUEY; "
        "print(json.dumps({'huey': type(HUEY).__name__, 'storage': type(HUEY.storage).__name__,"
        " 'utc': HUEY.utc, 'cache': settings.CACHES['default']['BACKEND'],"
        " 'session': settings.SESSION_ENGINE}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=base_env(
            DJANGO_SETTINGS_MODULE="zonetrack.settings",
            ZONETRACK_DATA_DIR=str(tmp_path / "var"),
            **env,
        ),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_redis_url_puts_the_queue_and_the_cache_in_redis(tmp_path: Path) -> None:
    assert _settings(tmp_path, REDIS_URL="redis://127.0.0.1:1/0") == {
        "huey": "RedisHuey",
        "storage": "RedisStorage",
        "utc": False,  # 07:00 is 07:00 in TIME_ZONE
        "cache": "django.core.cache.backends.redis.RedisCache",
        "session": "django.contrib.sessions.backends.db",
    }
    assert _settings(tmp_path) == {
        "huey": "LazySqliteHuey",
        "storage": "LazySqliteStorage",
        "utc": False,
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "session": "django.contrib.sessions.backends.db",
    }
    assert not (tmp_path / "var").exists()  # neither wrote to the data directory
