"""Records for the backup and copy tests, made and read in a `zonetrack` process of its own.

Run as ``python -m tests.ops.records make|facts`` with the installation's environment
(ZONETRACK_DATA_DIR, DATABASE_URL): ``make`` adds projects with investments, problems and an
uploaded evidence file; ``facts`` prints, as JSON, what a copy must keep: the rows of every
table, the investment totals per zone and the uploaded files with their content.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone


def make() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zonetrack.accounts.choices import OrganisationKind, Role
    from zonetrack.accounts.services import membership_set, organisation_create, user_create
    from zonetrack.dispatch.choices import ProblemCategory
    from zonetrack.dispatch.services import problem_create
    from zonetrack.projects.choices import Stage
    from zonetrack.projects.services import project_create, project_transition
    from zonetrack.registry.choices import ZoneKind, ZoneLevel
    from zonetrack.registry.models import Region
    from zonetrack.registry.services import zone_create

    province = organisation_create(
        actor=None, name="备份省厅", kind=OrganisationKind.PROVINCE_DEPT, parent=None
    )
    manager = user_create(actor=None, username="backup_manager", password="a long password 1")
    membership_set(actor=None, user=manager, organisation=province, role=Role.MANAGER)
    today = timezone.localdate()
    for z, code in enumerate(["141002", "141081"]):
        committee = organisation_create(
            actor=None,
            name=f"备份{z}区管委会",
            kind=OrganisationKind.ZONE_COMMITTEE,
            parent=province,
        )
        zone = zone_create(
            actor=None,
            name=f"备份{z}区",
            kind=ZoneKind.ETDZ,
            level=ZoneLevel.PROVINCIAL,
            region=Region.objects.get(code=code),
            organisation=committee,
            approved_on=date(2006, 3, 8),
            planned_area_km2=Decimal("30.5"),
        )
        for p in range(4):
            project = project_create(
                actor=manager,
                zone=zone,
                name=f"备份项目{z}-{p}",
                total_investment_wan=Decimal("12345.67") * (p + 1) + z,
                fixed_asset_investment_wan=Decimal("1000.01") * (p + 1),
            )
            problem_create(
                actor=manager,
                project=project,
                category=ProblemCategory.LAND,
                description=f"用地指标未落实 {z}-{p}",
                deadline_on=today + timedelta(days=10),
            )
        project_transition(
            actor=manager,
            project=project,
            to_stage=Stage.PACKAGED,
            happened_on=today,
            evidence=SimpleUploadedFile(
                f"evidence-{z}.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
            ),
        )


def facts() -> dict[str, object]:
    from django.apps import apps
    from django.core.files.storage import default_storage
    from django.db.models import Sum

    from zonetrack.projects.models import Project, StageTransition

    counts = {
        model._meta.db_table: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    totals = {
        zone: str(total.quantize(Decimal("0.01")))
        for zone, total in Project.objects.values_list("zone__name")
        .annotate(total=Sum("total_investment_wan"))
        .order_by("zone__name")
    }
    files = {}
    for transition in StageTransition.objects.exclude(evidence="").order_by("pk"):
        name = transition.evidence.name
        with default_storage.open(name) as file:
            files[name] = hashlib.sha256(file.read()).hexdigest()
    return {"counts": counts, "totals": totals, "files": files}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
    os.environ.setdefault("ZONETRACK_JOBS_IMMEDIATE", "1")
    import django

    django.setup()
    if sys.argv[1] == "make":
        make()
    else:
        print(json.dumps(facts(), ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
