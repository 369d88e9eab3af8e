"""Retake the README's screenshots from the demo data, in Chinese, as the people who use each page.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Loads the demo into a throwaway data directory, serves it on 127.0.0.1 and opens each page
in headless Chromium (the system's, never a downloaded one) at 1280 pixels wide.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ZONETRACK = str(Path(sys.executable).with_name("zonetrack"))
PASSWORD = "zonetrack-demo-2026"  # noqa: S105 (the demo's published password)

# (file, who looks at it, the page: a path or a function of the ids found in the data)
PAGES: list[tuple[str, str, str]] = [
    ("home", "lf_manager", "/"),
    ("zones", "lf_manager", "/registry/zones/"),
    ("zone", "lf_manager", "/registry/zones/{zone}/"),
    ("map", "lf_manager", "/registry/map/"),
    ("projects", "lf_manager", "/projects/"),
    ("board", "lfkfq_manager", "/projects/board/"),
    ("project", "lfkfq_officer", "/projects/{project}/"),
    ("leaders", "lfkfq_manager", "/projects/leaders/"),
    ("dispatch", "lf_manager", "/dispatch/"),
    ("problems", "lfkfq_manager", "/dispatch/problems/"),
    ("problem", "lfkfq_manager", "/dispatch/problems/{problem}/"),
    ("meeting", "lfkfq_manager", "/dispatch/meetings/{meeting}/"),
    ("battle-map", "lfkfq_manager", "/dispatch/map/{zone}/"),
    ("targets", "lf_manager", "/targets/"),
    ("cockpit", "sx_manager", "/overview/"),
    ("rankings", "lf_manager", "/rankings/"),
    ("promotion", "lf_manager", "/promotion/"),
    ("chains", "lf_manager", "/promotion/chains/"),
    ("parcels", "lfkfq_manager", "/land/parcels/"),
    ("article", "lfkfq_officer", "/articles/{article}/"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="zonetrack-shots-") as data_dir:
        env = {**os.environ, "ZONETRACK_DATA_DIR": data_dir}
        env.pop("DATABASE_URL", None)
        subprocess.run([ZONETRACK, "demo", "--no-serve"], env=env, check=True)  # noqa: S603
        ids = _ids(env)
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603 (our own command)
            [ZONETRACK, "serve", "--host", "127.0.0.1", "--port", str(port), "--no-jobs"],
            env={**env, "ALLOWED_HOSTS": "127.0.0.1"},
        )
        try:
            _wait_for(f"http://127.0.0.1:{port}/healthz")
            _shoot(f"http://127.0.0.1:{port}", ids, out)
        finally:
            server.terminate()
            server.wait(timeout=30)


def _ids(env: dict[str, str]) -> dict[str, int]:
    """The records the pages show: Linfen's development zone and its busiest records."""
    code = (
        "from zonetrack.registry.models import Zone;"
        "from zonetrack.projects.models import Project;"
        "from zonetrack.dispatch.models import Problem, Meeting;"
        "from zonetrack.articles.models import Article;"
        "z = Zone.objects.get(name='临汾经济开发区');"
        "p = Project.objects.filter(zone=z).order_by('-total_investment_wan').first();"
        "q = Problem.objects.filter(zone=z).order_by('-escalation_level', 'deadline_on').first();"
        "m = Meeting.objects.order_by('-held_on').first();"
        "a = Article.objects.order_by('pk').first();"
        "print(z.pk, p.pk, q.pk, m.pk, a.pk if a else 0)"
    )
    result = subprocess.run(  # noqa: S603 (our own command)
        [ZONETRACK, "shell", "-c", code], env=env, check=True, capture_output=True, text=True
    )
    zone, project, problem, meeting, article = (int(x) for x in result.stdout.split()[-5:])
    return {
        "zone": zone,
        "project": project,
        "problem": problem,
        "meeting": meeting,
        "article": article,
    }


def _shoot(base: str, ids: dict[str, int], out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        pages = {}
        for name, username, path in PAGES:
            if "{article}" in path and not ids["article"]:
                continue
            if username not in pages:
                context = browser.new_context(
                    viewport={"width": 1280, "height": 800}, locale="zh-CN"
                )
                page = context.new_page()
                page.goto(f"{base}/accounts/login/")
                page.fill("input[name=username]", username)
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state("networkidle")
                pages[username] = page
            page = pages[username]
            page.goto(base + path.format(**ids))
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)  # maps and charts draw after the page has loaded
            page.screenshot(path=str(out / f"{name}.png"), full_page=False)
            print(f"{name}.png  {username}  {path.format(**ids)}")
        browser.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str) -> None:
    for _ in range(120):
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own local server)
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


if __name__ == "__main__":
    main()
