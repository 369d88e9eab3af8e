"""URLs of promotion's firm pages: an investor's profile, flags and contacts."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
