"""The meeting's Word files are named after the meeting: the Chinese name as RFC 5987
``filename*`` and an ASCII name beside it for clients that cannot read it."""

from __future__ import annotations

from datetime import date
from urllib.parse import unquote

import pytest
from django.urls import reverse

from zonetrack.dispatch import services
from zonetrack.dispatch.briefing import document_file_name
from zonetrack.dispatch.models import Meeting

from ..conftest import World, api_client_for, client_for


def meeting(world: World, title: str) -> Meeting:
    return services.meeting_create(
        actor=world.a_manager, organisation=world.org_a, title=title, held_on=date(2026, 12, 4)
    )


def names(disposition: str) -> tuple[str, str]:
    """The ASCII filename and the decoded filename* of a Content-Disposition."""
    assert disposition.startswith("attachment; ")
    parts = dict(part.strip().split("=", 1) for part in disposition.split(";")[1:])
    ascii_name = parts["filename"].strip('"')
    charset, _language, encoded = parts["filename*"].split("'", 2)
    assert charset.upper() == "UTF-8"
    return ascii_name, unquote(encoded)


@pytest.mark.parametrize(("view", "kind"), [("briefing", "简报"), ("minutes", "纪要")])
def test_word_files_are_named_after_the_meeting(world: World, view: str, kind: str) -> None:
    held = meeting(world, "项目调度会")
    url = reverse(f"dispatch:meeting_{view}", kwargs={"meeting_id": held.pk})
    response = client_for(world.a_manager).get(url)
    assert response.status_code == 200
    ascii_name, name = names(response["Content-Disposition"])
    assert name == f"2026年12月项目调度会-{kind}.docx"
    assert ascii_name == f"meeting-{held.pk}-{view}.docx" and ascii_name.isascii()


def test_the_api_briefing_has_the_same_name(world: World) -> None:
    held = meeting(world, "2026年12月项目调度会")
    client, auth = api_client_for(world.a_manager)
    response = client.get(f"/api/meetings/{held.pk}/briefing.docx", headers=auth)
    assert response.status_code == 200
    assert names(response["Content-Disposition"])[1] == "2026年12月项目调度会-简报.docx"


def test_a_title_never_makes_a_path_or_breaks_the_header(world: World) -> None:
    held = meeting(world, '../调度会: "甲区"/第3次\r\n')
    name, fallback = document_file_name(held, "briefing")
    assert (
        "/" not in name
        and "\n" not in name
        and "\r" not in name
        and '"' not in name
        and ":" not in name
    )
    assert name.startswith("2026年12月") and name.endswith("-简报.docx")
    assert fallback == f"meeting-{held.pk}-briefing.docx"
