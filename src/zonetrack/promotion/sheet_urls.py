"""URLs of promotion's spreadsheets: imports of leads and downloads of its ledgers."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
