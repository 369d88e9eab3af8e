"""Sign-in, sign-out, password change, language choice, and the people of an organisation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from zonetrack.audit.selectors import history_for
from zonetrack.core.views import ObjectDetailView, ServiceFormView

from . import access, permissions, selectors, services
from .forms import LanguageForm, LoginForm, MemberForm
from .models import Membership, Organisation


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.session.pop("zonetrack_expired", False):
            messages.info(request, _("Your session has ended. Please sign in again."))
        return super().get(request, *args, **kwargs)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """Shown by django-axes when a user is locked after repeated failures."""
    form = LoginForm(request, data=request.POST or None)
    form.errors.clear()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-in attempts for this user. Try again in %(minutes)d minutes, "
        "or ask an administrator to unlock it."
    ) % {"minutes": minutes}
    return render(request, "accounts/login.html", {"form": form, "lockout": message}, status=403)


class LogoutView(auth_views.LogoutView):
    next_page = "accounts:login"  # a URL name: the view resolves it


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


class LanguageView(View):
    """Switch the interface language; signed-in users keep it on their account."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = LanguageForm(request.POST)
        target = request.POST.get("next") or resolve_url(settings.LOGIN_REDIRECT_URL)
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
            target = resolve_url(settings.LOGIN_REDIRECT_URL)
        response = HttpResponseRedirect(target)
        if form.is_valid():
            language = form.cleaned_data["language"]
            if request.user.is_authenticated:
                services.user_set_language(user=request.user, language=language)
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 86400, samesite="Lax"
            )
        return response


class ProfileView(LoginRequiredMixin, View):
    """The signed-in user's account: memberships, roles and language."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "accounts/profile.html",
            {"memberships": selectors.membership_list(user=request.user)},
        )


class OrganisationListView(LoginRequiredMixin, ListView):
    template_name = "accounts/organisation_list.html"
    context_object_name = "organisations"

    def get_queryset(self) -> Any:
        return selectors.organisation_list(user=self.request.user)


def _organisation_context(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    """What the organisation's page shows besides the organisation and the member form."""
    return {
        "organisation": organisation,
        "people": selectors.organisation_people(user=request.user, organisation=organisation),
        "children": selectors.organisation_children(user=request.user, organisation=organisation),
        "history": history_for(organisation),
        "can_administer": permissions.can_administer_organisation(request.user, organisation),
        # The parent is a link only for who may open its page (else the link is a 404).
        "can_view_parent": organisation.parent is not None
        and permissions.can_view_organisation(request.user, organisation.parent),
    }


class _OrganisationMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_object(self) -> Organisation:
        return selectors.organisation_get(
            user=self.request.user, organisation_id=self.kwargs["organisation_id"]
        )


class OrganisationDetailView(_OrganisationMixin, ObjectDetailView):
    template_name = "accounts/organisation_detail.html"
    context_object_name = "organisation"

    def get_extra_context(self, organisation: Organisation) -> dict[str, Any]:
        return {**_organisation_context(self.request, organisation), "member_form": MemberForm()}


class MemberAddView(_OrganisationMixin, ServiceFormView):
    """Administrators add people to an organisation or change their role; the form lives on
    the organisation's page, which shows it again with its errors."""

    http_method_names = ["post"]
    form_class = MemberForm
    form_context_name = "member_form"
    template_name = "accounts/organisation_detail.html"
    context_object_name = "organisation"

    def has_permission(self, organisation: Organisation) -> bool:
        return permissions.can_administer_organisation(self.request.user, organisation)

    def perform(self, form: Any, organisation: Organisation) -> Membership:
        data = form.cleaned_data
        return services.member_add(
            actor=access.request_user(self.request),
            organisation=organisation,
            username=data["username"],
            role=data["role"],
            title=data["title"],
            display_name=data["display_name"],
            password=data["password"] or None,
        )

    def get_success_url(self, membership: Membership) -> str:
        return reverse(
            "accounts:organisation_detail", kwargs={"organisation_id": membership.organisation_id}
        )

    def get_extra_context(self, organisation: Organisation) -> dict[str, Any]:
        return _organisation_context(self.request, organisation)


class UserStateView(LoginRequiredMixin, View):
    """Administrators deactivate, reactivate or unlock a person."""

    def post(self, request: HttpRequest, user_id: int) -> HttpResponse:
        person = selectors.user_get(user=request.user, user_id=user_id)
        action = request.POST.get("action")
        if action == "unlock":
            services.user_unlock(actor=access.request_user(request), user=person)
            messages.success(request, _("%(user)s can sign in again.") % {"user": person})
        elif action in {"deactivate", "activate"}:
            services.user_set_active(
                actor=access.request_user(request), user=person, is_active=action == "activate"
            )
            messages.success(request, _("Saved."))
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
            target = reverse("accounts:profile")
        return HttpResponseRedirect(target)
