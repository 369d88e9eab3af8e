"""URLs of promotion's firm pages: an investor's profile, flags and contacts."""

from django.urls import URLPattern, path

from .views.firms import (
    FirmContactArchiveView,
    FirmContactCreateView,
    FirmDetailView,
    FirmEditView,
)

urlpatterns: list[URLPattern] = [
    path("firms/<int:enterprise_id>/", FirmDetailView.as_view(), name="firm_detail"),
    path("firms/<int:enterprise_id>/edit/", FirmEditView.as_view(), name="firm_edit"),
    path(
        "firms/<int:enterprise_id>/contacts/new/",
        FirmContactCreateView.as_view(),
        name="firm_contact_create",
    ),
    path(
        "firms/contacts/<int:contact_id>/archive/",
        FirmContactArchiveView.as_view(),
        name="firm_contact_archive",
    ),
]
