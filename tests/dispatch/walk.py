"""Branch-B records standing for the URL parameters of the dispatch app (see test_access_walk)."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from zonetrack.dispatch import services
from zonetrack.dispatch.models import ColourStatus, InstructionAttachment

from ..conftest import World
from .factories import MeetingFactory, ProblemFactory


def params(world: World) -> dict[str, Any]:
    problem = ProblemFactory(
        actor=world.b_manager, project=world.project_b, description="乙区用地指标不足"
    )
    services.colours_refresh(project_ids=[world.project_b.pk])
    meeting = MeetingFactory(
        actor=world.b_manager,
        organisation=world.org_b,
        title="乙区调度会",
        project_ids=[world.project_b.pk],
    )
    status = ColourStatus.objects.get(project=world.project_b, milestone__isnull=True)
    webhook = services.webhook_create(
        actor=world.b_manager,
        organisation=world.org_b,
        name="乙区调度群",
        url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=b",
        format="wecom",
    )
    # A file of an instruction on that problem (stored directly: the walk needs only its URL).
    attachment = InstructionAttachment(event=problem.events.first(), name="批示.pdf", size_bytes=8)
    attachment.file.save("批示.pdf", ContentFile(b"%PDF-1.4"), save=False)
    attachment.save()
    return {
        "problem_id": problem.pk,
        "meeting_id": meeting.pk,
        "status_id": status.pk,
        "webhook_id": webhook.pk,
        "attachment_id": attachment.pk,
    }
