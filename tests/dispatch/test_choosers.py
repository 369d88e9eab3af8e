"""Projects are chosen by name or code in the dispatch forms: raising a problem and calling a
meeting offer the visible projects (a select that works without script, with a search box)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from zonetrack.dispatch.models import Meeting

from ..conftest import World, client_for


def test_raising_a_problem_chooses_the_project_by_name(world: World) -> None:
    client = client_for(world.a_officer)
    page = client.get(reverse("dispatch:problem_create")).content.decode()
    pick = page[page.index('id="project-pick"') :]
    pick = pick[: pick.index("</form>")]
    assert "data-zt-project-search" in pick and 'inputmode="numeric"' not in pick
    assert world.project_a.name in pick and world.project_a.code in pick
    assert world.project_b.name not in pick
    # The select sends the chosen project to the form, as it always did.
    response = client.get(reverse("dispatch:problem_create"), {"project": world.project_a.pk})
    assert response.status_code == 200 and 'id="problem-form"' in response.content.decode()


def test_a_meeting_takes_projects_chosen_from_the_visible_ones(world: World) -> None:
    client = client_for(world.a_manager)
    url = reverse("dispatch:meeting_create")
    page = client.get(url).content.decode()
    assert 'name="projects"' in page and "multiple" in page
    assert world.project_a.name in page and world.project_b.name not in page
    response = client.post(
        url,
        {
            "organisation": world.org_a.pk,
            "title": "十二月调度会",
            "held_on": timezone.localdate().isoformat(),
            "projects": [world.project_a.pk],
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="十二月调度会")
    assert [item.project_id for item in meeting.agenda.all()] == [world.project_a.pk]
