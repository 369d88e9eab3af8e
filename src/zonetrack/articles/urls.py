"""URLs of the articles app."""

from django.urls import path  # noqa: F401

app_name = "articles"

urlpatterns: list = []
