"""Choices of the accounts app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    PROVINCE_DEPT = "province_dept", _("Provincial commerce department")
    CITY_BUREAU = "city_bureau", _("City commerce bureau")
    COUNTY_BUREAU = "county_bureau", _("County commerce bureau")
    ZONE_COMMITTEE = "zone_committee", _("Zone management committee")
    DEPARTMENT = "department", _("Department")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    """What a membership allows, from least to most."""

    VIEWER = "viewer", _("Viewer")
    OFFICER = "officer", _("Officer")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Administrator")


ROLE_RANK = {Role.VIEWER: 0, Role.OFFICER: 1, Role.MANAGER: 2, Role.ADMIN: 3}
