"""Views of core: the base views every app's pages are built on, background jobs, the base of
spreadsheet imports, and the health and metrics endpoints."""

from .generic import (
    ArchiveView,
    FilteredListView,
    ObjectDetailView,
    ObjectMixin,
    RestoreView,
    ServiceFormView,
    htmx_redirect,
    is_htmx,
    safe_return_url,
)
from .health import healthz, metrics_view
from .imports import SheetImportView
from .jobs import JobDetailView, JobFileView, JobListView, JobRetryView

__all__ = [
    "ArchiveView",
    "FilteredListView",
    "JobDetailView",
    "JobFileView",
    "JobListView",
    "JobRetryView",
    "ObjectDetailView",
    "ObjectMixin",
    "RestoreView",
    "ServiceFormView",
    "SheetImportView",
    "healthz",
    "htmx_redirect",
    "is_htmx",
    "metrics_view",
    "safe_return_url",
]
