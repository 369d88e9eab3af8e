"""Sign-in, sign-out, password change, language choice, and the people of an organisation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from zonetrack.audit.selectors import history_for
from zonetrack.core.forms import run_service

from . import access, selectors, services
from .forms import LanguageForm, LoginForm, MemberForm


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
    next_page = reverse_lazy("accounts:login")


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
        target = request.POST.get("next") or reverse("dashboards:home")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
            target = reverse("dashboards:home")
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


class OrganisationDetailView(LoginRequiredMixin, DetailView):
    template_name = "accounts/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset: Any = None) -> Any:
        return selectors.organisation_get(
            user=self.request.user, organisation_id=self.kwargs["organisation_id"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["people"] = selectors.organisation_people(
            user=self.request.user, organisation=self.object
        )
        context["children"] = selectors.organisation_children(
            user=self.request.user, organisation=self.object
        )
        context["history"] = history_for(self.object)
        context["can_administer"] = access.can_administer(self.request.user, self.object)
        context["member_form"] = kwargs.get("member_form") or MemberForm()
        return context


class MemberAddView(LoginRequiredMixin, View):
    """Administrators add people to an organisation or change their role."""

    def post(self, request: HttpRequest, organisation_id: int) -> HttpResponse:
        organisation = selectors.organisation_get(
            user=request.user, organisation_id=organisation_id
        )
        if not access.can_administer(request.user, organisation):
            raise PermissionDenied
        form = MemberForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            membership, _status = run_service(
                form,
                lambda: services.member_add(
                    actor=request.user,
                    organisation=organisation,
                    username=data["username"],
                    role=data["role"],
                    title=data["title"],
                    display_name=data["display_name"],
                    password=data["password"] or None,
                ),
            )
            if membership is not None:
                messages.success(request, _("Saved."))
                return redirect("accounts:organisation_detail", organisation_id=organisation.pk)
        view = OrganisationDetailView(request=request, kwargs={"organisation_id": organisation.pk})
        view.object = organisation
        context = view.get_context_data(object=organisation, member_form=form)
        return render(request, "accounts/organisation_detail.html", context, status=400)


class UserStateView(LoginRequiredMixin, View):
    """Administrators deactivate, reactivate or unlock a person."""

    def post(self, request: HttpRequest, user_id: int) -> HttpResponse:
        person = selectors.user_get(user=request.user, user_id=user_id)
        action = request.POST.get("action")
        if action == "unlock":
            services.user_unlock(actor=request.user, user=person)
            messages.success(request, _("%(user)s can sign in again.") % {"user": person})
        elif action in {"deactivate", "activate"}:
            services.user_set_active(
                actor=request.user, user=person, is_active=action == "activate"
            )
            messages.success(request, _("Saved."))
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
            target = reverse("accounts:profile")
        return HttpResponseRedirect(target)
