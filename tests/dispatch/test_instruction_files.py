"""A leader's instruction (领导批示) on an escalated problem takes files: checked like stage
evidence (type by content, size, how many), kept with the instruction, listed on the problem's
page and downloaded only by those who see the problem."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from zonetrack.dispatch import services
from zonetrack.dispatch.attachments import MAX_ATTACHMENTS, InstructionAttachment
from zonetrack.dispatch.choices import EventKind
from zonetrack.dispatch.models import Problem

from ..conftest import World, client_for
from .factories import make_problem


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def pdf(name: str = "批示.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 instruction", content_type="application/pdf")


def png(name: str = "现场.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def escalated(world: World) -> Problem:
    problem = make_problem(world.a_officer, world.project_a)
    services.problem_escalate(actor=world.a_manager, problem=problem, note="久拖未决")
    return Problem.objects.get(pk=problem.pk)


def test_an_instruction_keeps_its_checked_files(world: World) -> None:
    problem = escalated(world)
    event = services.problem_instruct(
        actor=world.city_manager, problem=problem, note="抓紧协调", attachments=[pdf(), png()]
    )
    files = list(event.attachments.order_by("pk"))
    assert [f.name for f in files] == ["批示.pdf", "现场.png"]
    assert files[0].file.read() == b"%PDF-1.4 instruction"
    assert files[1].file.name.endswith(".png") and files[1].size_bytes > 0


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("伪装.pdf", b"MZ\x90\x00 not a pdf"), "伪装.pdf"),
        (SimpleUploadedFile("大文件.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024)), "大文件.pdf"),
    ],
)
def test_a_refused_file_refuses_the_instruction(
    world: World, upload: SimpleUploadedFile, message: str
) -> None:
    problem = escalated(world)
    with pytest.raises(ValidationError) as refused:
        services.problem_instruct(
            actor=world.city_manager, problem=problem, note="抓紧", attachments=[pdf(), upload]
        )
    assert message in " ".join(refused.value.message_dict["attachments"])
    assert not problem.events.filter(kind=EventKind.INSTRUCT).exists()
    assert not InstructionAttachment.objects.exists()


def test_at_most_five_files(world: World) -> None:
    problem = escalated(world)
    with pytest.raises(ValidationError) as refused:
        services.problem_instruct(
            actor=world.city_manager,
            problem=problem,
            note="抓紧",
            attachments=[pdf(f"{i}.pdf") for i in range(MAX_ATTACHMENTS + 1)],
        )
    assert "attachments" in refused.value.message_dict


def test_instruct_with_files_from_the_page_and_download_through_the_gate(world: World) -> None:
    problem = escalated(world)
    city = client_for(world.city_manager)
    page_url = reverse("dispatch:problem_detail", kwargs={"problem_id": problem.pk})
    page = city.get(page_url).content.decode()
    assert 'id="instruction-files"' in page and 'enctype="multipart/form-data"' in page
    step = reverse("dispatch:problem_event", kwargs={"problem_id": problem.pk})
    refused = city.post(
        step,
        {
            "kind": "instruct",
            "note": "抓紧",
            "version": problem.version,
            "attachments": [SimpleUploadedFile("假.pdf", b"plain text")],
        },
    )
    assert refused.status_code == 400
    assert "假.pdf" in str(refused.context["event_form"].errors)
    response = city.post(
        step,
        {
            "kind": "instruct",
            "note": "限本周内协调完毕",
            "version": problem.version,
            "attachments": [pdf(), png()],
        },
    )
    assert response.status_code == 302
    [first, second] = InstructionAttachment.objects.order_by("pk")
    page = city.get(page_url).content.decode()
    download = reverse(
        "dispatch:instruction_attachment",
        kwargs={"problem_id": problem.pk, "attachment_id": first.pk},
    )
    assert download in page and "现场.png" in page
    answer = city.get(download)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert b"".join(answer.streaming_content) == b"%PDF-1.4 instruction"
    assert "attachment" in answer["Content-Disposition"]
    # The zone that owns the problem reads it too; another zone and strangers do not.
    assert client_for(world.a_viewer).get(download).status_code == 200
    assert client_for(world.b_manager).get(download).status_code == 404
    assert Client().get(download).status_code == 302
    # A file of another problem is not reachable through this one.
    other = escalated(world)
    through_other = reverse(
        "dispatch:instruction_attachment",
        kwargs={"problem_id": other.pk, "attachment_id": second.pk},
    )
    assert city.get(through_other).status_code == 404


def test_the_problem_page_stays_at_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    problem = escalated(world)
    services.problem_instruct(
        actor=world.city_manager, problem=problem, note="一", attachments=[pdf()]
    )
    client = client_for(world.city_manager)
    url = reverse("dispatch:problem_detail", kwargs={"problem_id": problem.pk})
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for n in range(3):
        fresh = Problem.objects.get(pk=problem.pk)
        services.problem_instruct(
            actor=world.city_manager, problem=fresh, note=str(n), attachments=[pdf(), png()]
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
