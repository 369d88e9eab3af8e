"""URLs of the monthly pack, under a cockpit's address (included by ``dashboards.urls``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:organisation_id>/packs/", views.PackListView.as_view(), name="pack_list"),
    path(
        "<int:organisation_id>/packs/layout/",
        views.PackLayoutView.as_view(),
        name="pack_layout",
    ),
    path(
        "<int:organisation_id>/packs/<int:job_id>/<str:kind>/",
        views.PackDownloadView.as_view(),
        name="pack_download",
    ),
]
