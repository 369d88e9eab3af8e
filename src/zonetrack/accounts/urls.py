"""URLs of the accounts app."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("language/", views.LanguageView.as_view(), name="language"),
    path("me/", views.ProfileView.as_view(), name="profile"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "organisations/<int:organisation_id>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(
        "organisations/<int:organisation_id>/members/",
        views.MemberAddView.as_view(),
        name="member_add",
    ),
    path("people/<int:user_id>/state/", views.UserStateView.as_view(), name="user_state"),
]
