"""What the cockpits deliver to subscriptions (``notices.products``): a cockpit's extract (its
headline figures and lines as a spreadsheet, made at once) and its monthly statistical pack
(made by a background job, delivered as download links). Both for the last complete month, to
whoever may open the organisation's cockpit. Imported at start-up by the notices app."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts.models import Organisation
from zonetrack.core.models import Job
from zonetrack.notices.choices import Product
from zonetrack.notices.products import (
    Artefact,
    Attachment,
    Link,
    ProductMaker,
    register_product,
)

from .cockpit import CockpitFilters, cockpit_organisations, default_period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _organisations(user: Any) -> QuerySet[Organisation]:
    return cockpit_organisations(user=user)


def _cockpit_link(organisation: Organisation, filters: CockpitFilters) -> Link:
    path = reverse("dashboards:cockpit", kwargs={"organisation_id": organisation.pk})
    return Link(_("Open the cockpit"), f"{path}?{filters.query()}")


def cockpit_extract(user: Any, organisation: Organisation, day: date) -> Artefact:
    """The extract of the organisation's cockpit for the last complete month before ``day``,
    as the subscriber sees it."""
    from .extract import cockpit_extract_xlsx

    filters = CockpitFilters(period=default_period(day))
    content = cockpit_extract_xlsx(user=user, organisation=organisation, filters=filters)
    period = filters.period_label
    return Artefact(
        title=_("%(organisation)s: cockpit extract %(period)s")
        % {"organisation": organisation.name, "period": period},
        period=period,
        attachments=[Attachment(f"cockpit-{organisation.pk}-{period}.xlsx", content, XLSX)],
        links=[_cockpit_link(organisation, filters)],
    )


def monthly_pack(user: Any, organisation: Organisation, day: date) -> Job:
    """Start the job making the organisation's pack of the last complete month before ``day``."""
    from .pack.services import pack_start

    return pack_start(actor=user, organisation=organisation, period=default_period(day))


def pack_links(job: Job, organisation: Organisation) -> Artefact:
    """The download links of a finished pack job's files."""
    from .pack.services import pack_files

    names = {
        "xlsx": _("The pack as a spreadsheet (xlsx)"),
        "docx": _("The pack as a Word document (docx)"),
    }
    files = pack_files(job)
    # The pack's month as its job was given it (YYYY-MM-DD); else the month before it started.
    started = default_period(timezone.localdate(job.created_at))
    period = str((job.params or {}).get("period") or started.isoformat())[:7]
    links = [
        Link(
            names[kind],
            reverse(
                "dashboards:pack_download",
                kwargs={"organisation_id": organisation.pk, "job_id": job.pk, "kind": kind},
            ),
        )
        for kind in ("xlsx", "docx")
        if files.get(kind)
    ]
    return Artefact(
        title=_("%(organisation)s: monthly statistical pack %(period)s")
        % {"organisation": organisation.name, "period": period},
        period=period,
        links=links,
    )


register_product(
    Product.COCKPIT_EXTRACT, ProductMaker(organisations=_organisations, make=cockpit_extract)
)
register_product(
    Product.PACK,
    ProductMaker(organisations=_organisations, make=monthly_pack, collect=pack_links),
)
