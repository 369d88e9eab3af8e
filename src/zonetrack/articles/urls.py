"""URLs of the articles app."""

from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article_list"),
    path("new/", views.ArticleCreateView.as_view(), name="article_create"),
    path("claims/", views.ClaimListView.as_view(), name="claim_list"),
    path("<int:article_id>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("<int:article_id>/status/", views.ArticleStatusView.as_view(), name="article_status"),
    path("<int:article_id>/archive/", views.ArticleArchiveView.as_view(), name="article_archive"),
    path("<int:article_id>/attach/", views.ArticleAttachView.as_view(), name="article_attach"),
    path("facts/<int:fact_id>/review/", views.FactReviewView.as_view(), name="fact_review"),
    path("facts/<int:fact_id>/edit/", views.FactEditView.as_view(), name="fact_edit"),
    path("facts/<int:fact_id>/attach/", views.FactAttachView.as_view(), name="fact_attach"),
]
