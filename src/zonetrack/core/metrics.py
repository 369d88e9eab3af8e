"""Per-process request counters and their Prometheus text rendering for ``/metrics``.

Each process (each gunicorn worker, the jobs consumer) keeps its own counters in memory and
reports only its own: recording a request is a dictionary update under a lock, with no
database or cache round trip. Job figures are read from the queue and the jobs table when
``/metrics`` is asked for.
"""

from __future__ import annotations

import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse

# Upper bounds (seconds) of the request-duration histogram's buckets.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

_lock = threading.Lock()
# (route, method, status) -> [count, seconds, bucket counts...]
_requests: dict[tuple[str, str, str], list[float]] = defaultdict(
    lambda: [0, 0.0] + [0] * len(BUCKETS)
)
STARTED_AT = time.time()


def record(route: str, method: str, status: int, seconds: float) -> None:
    """Count one answered request."""
    with _lock:
        row = _requests[(route, method, str(status))]
        row[0] += 1
        row[1] += seconds
        for index, bound in enumerate(BUCKETS):
            if seconds <= bound:
                row[2 + index] += 1


def reset() -> None:
    """Forget every count (tests)."""
    with _lock:
        _requests.clear()


def snapshot() -> dict[tuple[str, str, str], list[float]]:
    with _lock:
        return {key: list(row) for key, row in _requests.items()}


def route_of(request: HttpRequest) -> str:
    """The URL name the request was routed to: bounded label values, never raw paths."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or match._func_path
    if request.path.startswith("/static/"):
        return "static"
    return "unmatched"


class MetricsMiddleware:
    """Count and time every request by route name, method and status (outermost middleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            record(route_of(request), request.method or "", status, time.perf_counter() - started)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(**labels: str) -> str:
    # Every series names its process: several gunicorn workers answer on one port, and their
    # counters are separate series, not one counter that seems to jump back and forth.
    labels["pid"] = str(os.getpid())
    return "{" + ",".join(f'{name}="{_escape(value)}"' for name, value in labels.items()) + "}"


def _number(value: float) -> str:
    return repr(float(value)) if isinstance(value, float) else str(value)


def render(*, queue_length: int | None, jobs_by_status: Iterable[tuple[str, int]]) -> str:
    """The metrics of this process in the Prometheus text exposition format (0.0.4)."""
    lines = [
        "# HELP zonetrack_process_start_time_seconds Start of this process (Unix time).",
        "# TYPE zonetrack_process_start_time_seconds gauge",
        f"zonetrack_process_start_time_seconds{_labels()} {STARTED_AT}",
        "# HELP zonetrack_http_requests_total Requests answered by this process.",
        "# TYPE zonetrack_http_requests_total counter",
    ]
    rows = sorted(snapshot().items())
    for (route, method, status), row in rows:
        labels = _labels(route=route, method=method, status=status)
        lines.append(f"zonetrack_http_requests_total{labels} {int(row[0])}")
    lines += [
        "# HELP zonetrack_http_request_duration_seconds Time to answer, by this process.",
        "# TYPE zonetrack_http_request_duration_seconds histogram",
    ]
    duration = "zonetrack_http_request_duration_seconds"
    for (route, method, status), row in rows:
        for index, bound in enumerate(BUCKETS):
            labels = _labels(route=route, method=method, status=status, le=str(bound))
            lines.append(f"{duration}_bucket{labels} {int(row[2 + index])}")
        labels = _labels(route=route, method=method, status=status, le="+Inf")
        lines.append(f"{duration}_bucket{labels} {int(row[0])}")
        labels = _labels(route=route, method=method, status=status)
        lines.append(f"{duration}_sum{labels} {_number(row[1])}")
        lines.append(f"{duration}_count{labels} {int(row[0])}")
    lines += [
        "# HELP zonetrack_jobs_queue_length Background jobs waiting in the queue.",
        "# TYPE zonetrack_jobs_queue_length gauge",
    ]
    if queue_length is not None:
        lines.append(f"zonetrack_jobs_queue_length{_labels()} {queue_length}")
    lines += [
        "# HELP zonetrack_jobs Background jobs recorded, by status.",
        "# TYPE zonetrack_jobs gauge",
    ]
    for status, count in jobs_by_status:
        lines.append(f"zonetrack_jobs{_labels(status=status)} {count}")
    return "\n".join(lines) + "\n"
