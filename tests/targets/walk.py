"""Branch-B records standing for the URL parameters of the targets app (see test_access_walk)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zonetrack.targets import services
from zonetrack.targets.models import Indicator, Target

from ..conftest import World
from .factories import LAST_YEAR, open_month


def params(world: World) -> dict[str, Any]:
    window = open_month(world.org_b, date(LAST_YEAR, 1, 1))
    task = services.task_create(
        actor=None,
        organisation=world.org_b,
        title="乙区标准化厂房建设",
        due_on=date(timezone.localdate().year, 12, 31),
    )
    note = services.task_progress(
        actor=None,
        task=task,
        text="已完成厂房主体",
        written_on=timezone.localdate(),
        evidence=[SimpleUploadedFile("验收单.pdf", b"%PDF-1.4 walk", "application/pdf")],
    )
    services.targets_set(
        actor=None,
        year=LAST_YEAR,
        entries=[
            services.TargetEntry(
                world.org_b, Indicator.objects.get(code="trade_total"), Decimal(100)
            )
        ],
    )
    return {
        "target_id": Target.objects.get(organisation=world.org_b, year=LAST_YEAR).pk,
        "task_id": task.pk,
        "evidence_id": note.evidence.get().pk,
        "window_id": window.pk,
        "indicator_id": Indicator.objects.get(code="projects_started").pk,
    }
