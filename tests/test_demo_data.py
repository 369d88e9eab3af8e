"""The demo reads like real use: logins are people, and a project's stages follow in order."""

from __future__ import annotations

from zonetrack.accounts.models import Organisation, User
from zonetrack.core import demo
from zonetrack.projects.models import StageTransition


def test_demo_logins_are_people_and_stage_dates_follow_in_order(db: None) -> None:
    logins = demo.load()

    organisations = set(Organisation.objects.values_list("name", flat=True))
    for username, who, _role in logins:
        person = User.objects.get(username=username)
        name = person.display_name
        assert name not in organisations, f"{username} is named after an organisation"
        assert not any(word in name for word in ("管委会", "商务局", "商务厅", "观察员")), name
        assert name in who  # the printed list says who the login is

    dates: dict[int, list[tuple[int, object]]] = {}
    for project_id, pk, happened_on in StageTransition.objects.values_list(
        "project_id", "pk", "happened_on"
    ):
        dates.setdefault(project_id, []).append((pk, happened_on))
    assert dates
    for project_id, rows in dates.items():
        in_order = [day for _pk, day in sorted(rows)]
        assert in_order == sorted(in_order), f"project {project_id}: {in_order}"
