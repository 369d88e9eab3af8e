"""What the benchmarks measure with: timed calls, signed-in clients and the table of results."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zonetrack.accounts.services import token_create

HEADER = f"{'measurement':<62}{'median ms':>10}{'p90 ms':>9}{'queries':>9}"


def timed(call: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and 90th percentile of ``runs`` calls in milliseconds, after two warm-up calls."""
    for _ in range(2):
        call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.9) - 1)]


def signed_in(*users: Any) -> dict[str, tuple[Client, dict[str, str]]]:
    """Per username: a client with a session, and the headers of a fresh API token."""
    clients = {}
    for user in users:
        client = Client()
        client.force_login(user)
        clients[user.username] = (client, {"Authorization": f"Bearer {token_create(user=user)}"})
    return clients


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.status_code
    return response


class Table:
    """Rows of measurements, printed as they come and kept in ``lines``."""

    def __init__(self, lines: list[str], runs: int) -> None:
        self.lines, self.runs = lines, runs

    def row(self, label: str, call: Callable[[], object], runs: int | None = None) -> None:
        median, p90 = timed(call, runs or self.runs)
        with CaptureQueriesContext(connection) as captured:
            call()
        self.lines.append(f"{label:<62}{median:>10.1f}{p90:>9.1f}{len(captured):>9}")
        print(self.lines[-1], flush=True)
