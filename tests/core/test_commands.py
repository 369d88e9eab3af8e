"""The `zonetrack` command: init, demo, token, check --deploy and a real served instance."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.management import call_command

from zonetrack.accounts.models import User


def test_init_creates_the_first_administrator_once(db: None, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("init", username="boss", password="a long enough password")
    assert User.objects.get(username="boss").is_superuser
    call_command("init", username="other", password="a long enough password")
    assert not User.objects.filter(username="other").exists()
    assert "exists already" in capsys.readouterr().out


def _zonetrack(*args: str, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "zonetrack.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        # A guard against a hung command, not a speed test: the demo loads every app's data
        # (rankings computed, per-mu scored), which takes minutes on a busy two-core machine.
        timeout=600,
        **kwargs,
    )


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(ZONETRACK_DATA_DIR=str(tmp_path), **extra)
    return env


def test_deploy_check_passes_behind_tls(tmp_path: Path) -> None:
    env = _env(tmp_path, ZONETRACK_HTTPS="1", ALLOWED_HOSTS="zones.example.org")
    result = _zonetrack("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr + result.stdout
    # Without TLS settings the same check complains (so the check above means something).
    plain = _zonetrack("check", "--deploy", "--fail-level", "WARNING", env=_env(tmp_path))
    assert plain.returncode != 0


def test_secret_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    env = _env(tmp_path)
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = _zonetrack("shell", "--no-imports", "-c", code, env=env).stdout.strip()
    second = _zonetrack("shell", "--no-imports", "-c", code, env=env).stdout.strip()
    assert len(first) > 40
    assert first == second
    assert (tmp_path / "secret_key").read_text().strip() == first


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_then_serve_end_to_end(tmp_path: Path) -> None:
    env = _env(tmp_path)
    loaded = _zonetrack("demo", "--no-serve", env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert "lfkfq_manager" in loaded.stdout
    password = re.search(r"password for all: (\S+)\)", loaded.stdout).group(1)
    token = _zonetrack("token", "create", "lf_manager", env=env).stdout.strip()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "zonetrack.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/openapi.json", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        doc = _json(urllib.request.urlopen(f"{base}/api/openapi.json"))
        assert doc["openapi"].startswith("3.")
        request = urllib.request.Request(
            f"{base}/api/me", headers={"Authorization": f"Bearer {token}"}
        )
        me = _json(urllib.request.urlopen(request))
        assert me["memberships"][0]["organisation"]["name"] == "临汾市商务局"
        # Sign in through the login form and see the Chinese home page.
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{base}/accounts/login/").read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urlencode(
            {"username": "lf_manager", "password": password, "csrfmiddlewaretoken": csrf}
        ).encode()
        home = opener.open(
            urllib.request.Request(f"{base}/accounts/login/", data=form, headers={"Referer": base})
        )
        html = home.read().decode()
        assert home.url == f"{base}/"
        assert 'lang="zh-hans"' in html
        assert "开发区" in html
        stylesheet = re.search(r'href="(/static/vendor/tabler/css/[^"]+)"', html).group(1)
        assert opener.open(f"{base}{stylesheet}").status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)


def _json(response):  # type: ignore[no-untyped-def]
    import json

    return json.loads(response.read())


pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def test_importing_the_settings_writes_nothing_to_the_data_directory(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = _env(data_dir)
    env.pop("SECRET_KEY", None)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'zonetrack.settings'; "
        "django.setup(); from huey.contrib.djhuey import HUEY; print('loaded')"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert loaded.returncode == 0, loaded.stderr
    assert not data_dir.exists()
    assert _zonetrack("help", env=env).returncode == 0
    assert not data_dir.exists()
    # A command that needs the data directory makes it: the database, the key, the job queue.
    assert _zonetrack("check", "--database", "default", env=env).returncode == 0
    assert _zonetrack("shell", "--no-imports", "-c", "", env=env).returncode == 0
    code = (
        "from django.conf import settings; from huey.contrib.djhuey import HUEY; "
        "print(len(settings.SECRET_KEY), HUEY.pending_count())"
    )
    used = _zonetrack("shell", "--no-imports", "-c", code, env=env)
    assert used.returncode == 0, used.stderr
    assert (data_dir / "secret_key").exists()
    assert (data_dir / "jobs.sqlite3").exists()
