"""The health check and metrics endpoints."""

from __future__ import annotations

import hmac
import logging

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from huey.contrib.djhuey import HUEY

from .. import metrics
from ..models import Job

logger = logging.getLogger(__name__)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health check: the database does not answer")
        return False


def _queue_length() -> int | None:
    """Jobs waiting in the queue, or None when its storage cannot be reached."""
    try:
        return int(HUEY.pending_count())
    except Exception:
        logger.exception("health check: the job queue's storage cannot be reached")
        return None


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitors: 200 when the database and the job queue answer, 503
    otherwise. No sign-in, and nothing in it but "ok" or "error"."""
    database = _database_answers()
    jobs_ok = _queue_length() is not None
    body = {"database": "ok" if database else "error", "jobs": "ok" if jobs_ok else "error"}
    return JsonResponse(body, status=200 if database and jobs_ok else 503)


def _metrics_allowed(request: HttpRequest) -> bool:
    expected = settings.ZONETRACK_METRICS_TOKEN
    sent = request.headers.get("Authorization", "")
    if expected and sent.startswith("Bearer "):
        return hmac.compare_digest(sent[len("Bearer ") :].strip().encode(), expected.encode())
    return bool(getattr(request.user, "is_superuser", False) and request.user.is_active)


@never_cache
@require_safe
def metrics_view(request: HttpRequest) -> HttpResponse:
    """This process's request counts and timings and the job queue, in the Prometheus text
    format; for superusers or the bearer token of ZONETRACK_METRICS_TOKEN."""
    if not _metrics_allowed(request):
        if request.user.is_authenticated:
            return HttpResponse(_("Only administrators can read the metrics."), status=403)
        response = HttpResponse(_("Sign in or send the metrics token."), status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    try:
        by_status = sorted(Job.objects.values_list("status").annotate(n=Count("pk")))
    except Exception:
        logger.exception("metrics: the jobs table cannot be read")
        by_status = []
    text = metrics.render(queue_length=_queue_length(), jobs_by_status=by_status)
    return HttpResponse(text, content_type="text/plain; version=0.0.4; charset=utf-8")
