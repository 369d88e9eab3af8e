"""URLs of the monthly pack, under a cockpit's address (included by ``dashboards.urls``)."""

from django.urls import path

urlpatterns: list = []
