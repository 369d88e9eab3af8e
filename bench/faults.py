"""Fault benchmark: PostgreSQL restarted under a bounded loop of reads and writes.

    python bench/faults.py [--seconds 24] [--down 3] [--out bench/results/faults-pg-restart.txt]

Makes a throwaway PostgreSQL cluster on 127.0.0.1 (fsync on; as the `postgres` user when run as
root), migrates a database, starts `zonetrack serve --no-jobs` on it and runs one client that
alternates a read (GET /api/projects/{id}) and a write (POST /api/projects) for ``--seconds``.
A few seconds in, the database is stopped (``pg_ctl stop -m fast``, as a restart does), kept
down ``--down`` seconds and started again. It reports the requests that failed while it was
down, how long after it was back the first request succeeded (target: within 5 s), the errors
after that (target: none), and whether every acknowledged write (a 201 with its id) is in the
table afterwards (target: all of them).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ops.conftest import Processes, base_env, free_port, run
from tests.ops.pgcluster import Cluster, new_base, pg_bin


def call(url: str, token: str, body: dict[str, object] | None = None) -> tuple[int, dict]:  # type: ignore[type-arg]
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - our own server on 127.0.0.1
        url,
        data=data,
        method="POST" if body is not None else "GET",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}
    except OSError:
        return 0, {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=24)
    parser.add_argument("--down", type=float, default=3)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "faults-pg-restart.txt"))
    args = parser.parse_args()
    bin_dir = pg_bin()
    if bin_dir is None:
        raise SystemExit("needs Debian's PostgreSQL server (apt-get install postgresql)")
    base = new_base()
    cluster = Cluster(bin_dir, base)
    processes = Processes(base)
    data, port = base / "primary", free_port()
    try:
        cluster.run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        cluster.start(data, port, durable=True)
        cluster.run("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "zt")
        database = f"postgres://postgres@127.0.0.1:{port}/zt"
        env = base_env(DATABASE_URL=database, ZONETRACK_DATA_DIR=str(base / "var"))
        run(env, "zonetrack.cli", "migrate", "-v", "0")
        seeded = json.loads(run(env, "tests.ops.cluster", "seed"))
        web = processes.serve("server", env)
        token = seeded["token"]

        events: dict[str, float] = {}
        started = time.monotonic()

        def restart() -> None:
            time.sleep(args.seconds / 4)
            events["down"] = time.monotonic() - started
            cluster.stop_server(data, "fast")
            time.sleep(args.down)
            cluster.start(data, port, durable=True)
            events["up"] = time.monotonic() - started

        thread = threading.Thread(target=restart)
        thread.start()
        log: list[tuple[float, str, int]] = []
        acknowledged: list[int] = []
        n = 0
        while time.monotonic() - started < args.seconds:
            n += 1
            if n % 2:
                status, _ = call(f"{web}/api/projects/{seeded['project']}", token)
                log.append((time.monotonic() - started, "read", status))
            else:
                status, body = call(
                    f"{web}/api/projects",
                    token,
                    {"zone_id": seeded["zone"], "name": f"故障写入-{n}"},
                )
                log.append((time.monotonic() - started, "write", status))
                if status == 201:
                    acknowledged.append(int(body["id"]))
            if status != 200 and status != 201:
                time.sleep(0.05)  # a client backing off a little, not hammering
        thread.join()
        with psycopg.connect(database) as conn:
            stored = {
                row[0]
                for row in conn.execute(
                    "SELECT id FROM projects_project WHERE name LIKE '故障写入-%%'"
                )
            }
    finally:
        processes.stop()
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)

    down, up = events["down"], events["up"]
    failed_down = [t for t, _, s in log if s not in (200, 201) and down <= t < up]
    after = [(t, s) for t, _, s in log if t >= up]
    first_ok = next((t for t, s in after if s in (200, 201)), None)
    recovered = first_ok - up if first_ok is not None else float("inf")
    failed_after = [(t, s) for t, s in after if s not in (200, 201) and t > up + recovered]
    lost = sorted(set(acknowledged) - stored)
    lines = [
        "PostgreSQL restarted under a bounded loop of reads and writes (bench/faults.py)",
        f"PostgreSQL {bin_dir.parent.name}, fsync on; one `zonetrack serve --no-jobs` worker; "
        f"{os.cpu_count()} cores",
        f"loop: {args.seconds:.0f} s, one client alternating GET /api/projects/{{id}} and "
        "POST /api/projects",
        f"database stopped (pg_ctl stop -m fast) at {down:.1f} s, started again at {up:.1f} s",
        f"requests: {len(log)} ({sum(1 for _, k, _ in log if k == 'read')} reads, "
        f"{sum(1 for _, k, _ in log if k == 'write')} writes)",
        f"failed while the database was down: {len(failed_down)} (answered: "
        + ", ".join(
            f"{code or 'no answer'} ×{n}"
            for code, n in sorted(
                Counter(s for t, _, s in log if s not in (200, 201) and down <= t < up).items()
            )
        )
        + ")",
        f"first success after it was back: {recovered:.2f} s (target: within 5 s)",
        f"failures after recovery: {len(failed_after)} (target: 0)",
        f"acknowledged writes: {len(acknowledged)}; in the table afterwards: "
        f"{len(set(acknowledged) & stored)}; lost: {len(lost)} (target: 0)",
        f"rows written but not acknowledged (answered during the outage): "
        f"{len(stored - set(acknowledged))}",
        "RESULT: " + ("OK" if recovered <= 5 and not failed_after and not lost else "FAILED"),
    ]
    Path(args.out).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    if not (recovered <= 5 and not failed_after and not lost):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
