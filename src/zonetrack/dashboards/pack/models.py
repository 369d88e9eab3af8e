"""The provincial template of the monthly pack, kept as data: one record per province-level
organisation, changed through ``pack.services.pack_layout_save`` with its history."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.core.models import Record


class PackLayout(Record):
    """A province's layout of the monthly pack (月度统计报表): its sheets, each with a title
    row, a unit row, two-level column headers, which rows it lists and which columns
    (``pack.layout`` describes and checks the JSON). A province without one uses the default
    layout; the cities and zones below it use the province's."""

    org_path: ClassVar[str] = "organisation"

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    layout = models.JSONField(_("layout"), default=dict)

    class Meta:
        verbose_name = _("monthly pack layout")
        verbose_name_plural = _("monthly pack layouts")

    def __str__(self) -> str:
        return f"{self.organisation_id}"
