"""Branch-B records standing for the URL parameters of the dispatch app (see test_access_walk)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from zonetrack.dispatch import services
from zonetrack.dispatch.models import ColourStatus, InstructionAttachment, Problem
from zonetrack.projects.models import SitePhoto

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
    # A file of an instruction on that problem (stored directly: the walk needs only its URL).
    attachment = InstructionAttachment(event=problem.events.first(), name="批示.pdf", size_bytes=8)
    attachment.file.save("批示.pdf", ContentFile(b"%PDF-1.4"), save=False)
    attachment.save()
    # One site photo of branch B's project, raised with its problem: both the project's and the
    # problem's photo address reach it.
    photo = SitePhoto(
        project=world.project_b,
        attached_type=ContentType.objects.get_for_model(Problem),
        attached_id=problem.pk,
        taken_at=timezone.now(),
    )
    photo.file.save("site.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    photo.save()
    return {
        "problem_id": problem.pk,
        "meeting_id": meeting.pk,
        "status_id": status.pk,
        "attachment_id": attachment.pk,
        "photo_id": photo.pk,
    }
