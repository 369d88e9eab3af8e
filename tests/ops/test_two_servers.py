"""Two app servers, one PostgreSQL, one Redis: what a user does through one holds on the other.

Two `zonetrack serve --no-jobs` processes (separate data directories, one SECRET_KEY) and two
`zonetrack run_huey` workers share one PostgreSQL database and one Redis (REDIS_URL): a session
made on one server is valid on the other, a job queued through one is run by a worker and read
through the other, progress written by one process is read through the other server, a stale
write from one is refused on the other, and the daily alert job put in the queue by both
workers' schedulers runs once.

PostgreSQL only: a several-server installation needs a database server, and the SQLite run of
the suite skips this test (the PostgreSQL run of the test line runs it).
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import redis

from tests.installations import suite_on_postgresql

from .conftest import Processes, base_env, run

pytestmark = [
    pytest.mark.database,
    pytest.mark.skipif(
        not suite_on_postgresql(),
        reason="several app servers need PostgreSQL (the PostgreSQL run)",
    ),
]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


# huey's line for a job that ran (a cancelled one says "cancelled by once_per_schedule").
EXECUTED = re.compile(r"^\S+daily_alerts: \S+ executed in", re.M)
# core.jobs' line for the copy another worker skipped (the five-minute watch has its own).
SKIPPED = "periodic job daily_alerts of"
_opener = urllib.request.build_opener(_NoRedirect)


def request(
    url: str,
    *,
    method: str = "GET",
    cookies: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    data: bytes | None = None,
) -> tuple[int, dict[str, str], str, SimpleCookie]:
    """One request, redirects not followed: status, headers, body and cookies set."""
    sent = dict(headers or {})
    if cookies:
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    req = urllib.request.Request(url, data=data, method=method, headers=sent)
    try:
        response = _opener.open(req, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        body = response.read().decode(errors="replace")
        jar: SimpleCookie = SimpleCookie()
        for value in response.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        return response.status, dict(response.headers), body, jar


def sign_in(base: str, username: str, password: str) -> dict[str, str]:
    """Sign in through the login page as a browser does; the cookies of the session."""
    _status, _headers, page, jar = request(f"{base}/accounts/login/")
    csrf = jar["csrftoken"].value
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    status, _headers, _body, jar = request(
        f"{base}/accounts/login/",
        method="POST",
        data=form,
        cookies={"csrftoken": csrf},
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 302, status
    assert "sessionid" in jar
    return {"csrftoken": csrf, "sessionid": jar["sessionid"].value}


def wait_for(check, seconds: float = 20) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_two_app_servers_share_sessions_jobs_versions_and_the_daily_alert_run(
    pg_database, redis_url: str, processes: Processes, tmp_path: Path
) -> None:
    shared = {
        "DATABASE_URL": pg_database(migrated=True),
        "REDIS_URL": redis_url,
        "SECRET_KEY": "one key for every server of the installation",
        "LOG_LEVEL": "INFO",
    }
    env_a = base_env(**shared, ZONETRACK_DATA_DIR=str(tmp_path / "a"))
    env_b = base_env(**shared, ZONETRACK_DATA_DIR=str(tmp_path / "b"))
    run(env_a, "zonetrack.cli", "migrate", "-v", "0")
    seeded = json.loads(run(env_a, "tests.ops.cluster", "seed"))

    a = processes.serve("server-a", env_a)
    b = processes.serve("server-b", env_b)
    # Both workers share server A's data directory: a job's file is where A's pages find it
    # (several machines share the media directory, docs/operations.md).
    for name in ("worker-1", "worker-2"):
        processes.start(name, env_a, "run_huey")

    # A session made on one server is valid on the other.
    cookies = sign_in(a, seeded["username"], seeded["password"])
    status, _h, _body, _c = request(f"{b}/projects/", cookies=cookies)
    assert status == 200
    assert request(f"{b}/projects/")[0] == 302  # and without it, the login page

    # A job queued through A is run by a worker and read through B.
    failed = seeded["failed_job"]
    status, headers, _body, _c = request(
        f"{a}/jobs/{failed}/retry/",
        method="POST",
        cookies=cookies,
        data=urllib.parse.urlencode({"csrfmiddlewaretoken": cookies["csrftoken"]}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": a},
    )
    assert status == 302, status

    def finished() -> bool:
        page = request(f"{b}/jobs/{failed}/", cookies=cookies)[2]
        return f"/jobs/{failed}/file/" in page

    wait_for(finished, 30)
    status, headers, body, _c = request(f"{a}/jobs/{failed}/file/", cookies=cookies)
    assert status == 200
    assert "spreadsheetml" in headers["Content-Type"]

    # Progress written by another process (as a worker reports it) is read through B.
    running = seeded["running_job"]
    run(env_a, "tests.ops.cluster", "progress", str(running), "2", "5")
    page = request(f"{b}/jobs/{running}/", cookies=cookies, headers={"HX-Request": "true"})[2]
    assert "2 / 5 · 40%" in page
    assert "第二台服务器可见" in page

    # A stale write from A is refused on B.
    api = {"Authorization": f"Bearer {seeded['token']}", "Content-Type": "application/json"}
    project, version = seeded["project"], seeded["version"]
    status, _h, body, _c = request(
        f"{a}/api/projects/{project}",
        method="PATCH",
        headers=api,
        data=json.dumps({"version": version, "name": "双机项目（甲）"}).encode(),
    )
    assert status == 200, body
    status, _h, body, _c = request(
        f"{b}/api/projects/{project}",
        method="PATCH",
        headers=api,
        data=json.dumps({"version": version, "name": "双机项目（乙）"}).encode(),
    )
    assert status == 409, body
    got = json.loads(request(f"{b}/api/projects/{project}", headers=api)[2])
    assert got["name"] == "双机项目（甲）"

    # Both workers' schedulers put the daily alert job in the queue: it runs once.
    run(env_a, "tests.ops.cluster", "enqueue-alerts", "2")

    def both_handled() -> bool:
        logs = processes.log("worker-1") + processes.log("worker-2")
        return len(EXECUTED.findall(logs)) + logs.count(SKIPPED) >= 2

    wait_for(both_handled, 30)
    logs = processes.log("worker-1") + processes.log("worker-2")
    assert len(EXECUTED.findall(logs)) == 1, logs
    assert logs.count(SKIPPED) == 1, logs
    # The claim is kept in Redis, one key per periodic job (the five-minute watch may have one).
    keys = [key.decode() for key in redis.Redis.from_url(redis_url).keys("*zonetrack-periodic-*")]
    assert [key for key in keys if key.endswith("daily_alerts")], keys
