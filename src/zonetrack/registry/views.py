"""Pages of the registry: zone list, zone detail with history, zone edit, park detail."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.audit.services import history_of
from zonetrack.core.errors import StaleVersion

from . import selectors, services
from .choices import ZoneKind, ZoneLevel, ZoneStatus
from .forms import ZoneForm


class ZoneListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        params = request.GET
        zones = selectors.zone_list(
            user=request.user,
            q=params.get("q", "").strip(),
            kind=params.get("kind") if params.get("kind") in ZoneKind.values else None,
            level=params.get("level") if params.get("level") in ZoneLevel.values else None,
            status=params.get("status") if params.get("status") in ZoneStatus.values else None,
        )
        page = Paginator(zones, 50).get_page(params.get("page"))
        return render(
            request,
            "registry/zone_list.html",
            {
                "page_obj": page,
                "zones": page.object_list,
                "kinds": ZoneKind.choices,
                "levels": ZoneLevel.choices,
                "statuses": ZoneStatus.choices,
            },
        )


class ZoneDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, zone_id: int) -> HttpResponse:
        zone = selectors.zone_get(user=request.user, zone_id=zone_id)
        return render(
            request,
            "registry/zone_detail.html",
            {
                "zone": zone,
                "parks": selectors.park_list(user=request.user, zone=zone),
                "history": history_of(zone)[:50],
                "can_change": access.can_change(request.user, zone),
            },
        )


class ZoneEditView(LoginRequiredMixin, View):
    def _zone(self, request: HttpRequest, zone_id: int) -> Any:
        zone = selectors.zone_get(user=request.user, zone_id=zone_id)
        if not access.can_change(request.user, zone):
            raise PermissionDenied
        return zone

    def get(self, request: HttpRequest, zone_id: int) -> HttpResponse:
        zone = self._zone(request, zone_id)
        form = ZoneForm(instance=zone, user=request.user)
        return render(request, "registry/zone_form.html", {"zone": zone, "form": form})

    def post(self, request: HttpRequest, zone_id: int) -> HttpResponse:
        zone = self._zone(request, zone_id)
        original = selectors.zone_get(user=request.user, zone_id=zone_id)
        form = ZoneForm(request.POST, instance=zone, user=request.user)
        status = 400
        if form.is_valid():
            try:
                services.zone_update(
                    actor=request.user,
                    zone=original,
                    changes=form.changes(),
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersion as exc:
                form.add_error(None, exc.message)
                status = 409
            except ValidationError as exc:
                _add_errors(form, exc)
            except PermissionDenied:
                form.add_error("organisation", _("You cannot move the zone outside your units."))
            else:
                messages.success(request, _("Saved."))
                return redirect("registry:zone_detail", zone_id=zone.pk)
        return render(
            request, "registry/zone_form.html", {"zone": original, "form": form}, status=status
        )


class ZoneArchiveView(LoginRequiredMixin, View):
    """Archive (hide) a zone, or restore it with ``restore=1``. Nothing is deleted."""

    def post(self, request: HttpRequest, zone_id: int) -> HttpResponse:
        zone = selectors.zone_get(user=request.user, zone_id=zone_id)
        if request.POST.get("restore"):
            services.zone_restore(actor=request.user, zone=zone)
            messages.success(request, _("Restored."))
        else:
            services.zone_archive(actor=request.user, zone=zone)
            messages.success(request, _("Archived. You can restore it from its page."))
        return redirect("registry:zone_detail", zone_id=zone.pk)


class ParkDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, park_id: int) -> HttpResponse:
        park = selectors.park_get(user=request.user, park_id=park_id)
        return render(
            request, "registry/park_detail.html", {"park": park, "history": history_of(park)[:50]}
        )


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
