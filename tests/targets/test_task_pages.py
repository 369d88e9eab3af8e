"""Pages of key tasks: the list's filters, the board by status, a leader's "my tasks", the
task page's notes, evidence, changes and cancelling — who may do each, and query counts that do
not grow with the tasks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zonetrack.accounts.choices import OrganisationKind, Role
from zonetrack.accounts.services import organisation_create
from zonetrack.targets import services
from zonetrack.targets.choices import TaskStatus
from zonetrack.targets.models import Task

from ..conftest import World, make_user
from .conftest import english_client
from .test_task_services import PDF, give

TODAY = timezone.localdate()


def _ids(response: Any) -> list[int]:
    return [task.pk for task in response.context["tasks"]]


def _column(response: Any, key: str) -> Any:
    return next(c for c in response.context["columns"] if c.key == key)


def test_the_list_filters_by_status_unit_year_and_lateness(world: World) -> None:
    late = give(world, title="逾期任务", due_on=TODAY - timedelta(days=2))
    next_year = give(world, title="后年任务", due_on=date(TODAY.year + 2, 3, 1))
    part = give(world, title="部门任务", organisation=world.dept_a)
    b_task = give(world, title="乙区任务", organisation=world.org_b)
    services.task_progress(
        actor=world.a_officer, task=part, text="开工", status=TaskStatus.IN_PROGRESS
    )
    client = english_client(world.city_manager)
    url = reverse("targets:task_list")
    assert set(_ids(client.get(url))) == {late.pk, next_year.pk, part.pk, b_task.pk}
    assert _ids(client.get(url, {"overdue": "1"})) == [late.pk]
    assert _ids(client.get(url, {"status": "overdue"})) == [late.pk]  # the old address
    assert _ids(client.get(url, {"status": "in_progress"})) == [part.pk]
    assert _ids(client.get(url, {"year": TODAY.year + 2})) == [next_year.pk]
    assert set(_ids(client.get(url, {"unit": world.org_a.pk}))) == {late.pk, next_year.pk, part.pk}
    assert _ids(client.get(url, {"unit": world.dept_a.pk})) == [part.pk]
    # Nonsense in the query string is ignored, never a 500.
    assert client.get(url, {"year": "abcd", "unit": "x", "status": "<b>"}).status_code == 200
    # A sibling zone sees nothing of zone A, even when it names zone A's unit.
    sibling = english_client(world.b_manager)
    assert _ids(sibling.get(url)) == [b_task.pk]
    assert _ids(sibling.get(url, {"unit": world.org_a.pk})) == []


def test_the_board_puts_a_late_open_task_in_overdue_only(world: World) -> None:
    late = give(world, title="逾期任务", due_on=TODAY - timedelta(days=2))
    waiting = give(world, title="未开始任务")
    done = give(world, title="已完成任务")
    services.task_progress(actor=world.a_officer, task=done, text="完成", status=TaskStatus.DONE)
    cancelled = give(world, title="取消任务")
    services.task_cancel(actor=world.city_manager, task=cancelled, reason="并入其他任务")
    response = english_client(world.a_manager).get(reverse("targets:task_board"))
    assert response.status_code == 200
    cards = {c.key: [t.pk for t in c.cards] for c in response.context["columns"]}
    assert cards == {
        "not_started": [waiting.pk],
        "in_progress": [],
        "overdue": [late.pk],
        "done": [done.pk],
        "cancelled": [cancelled.pk],
    }
    assert _column(response, "overdue").count == 1
    assert _column(response, "overdue").cards[0].days_late == 2
    page = response.content.decode()
    assert page.index('data-column="not_started"') < page.index('data-column="overdue"')
    assert (
        english_client(world.b_manager)
        .get(reverse("targets:task_board"))
        .context["columns"][0]
        .count
        == 0
    )


def test_my_tasks_shows_my_units_then_cooperating_then_below_late_first(world: World) -> None:
    soon = give(world, title="本月任务", due_on=TODAY + timedelta(days=3))
    late = give(world, title="逾期任务", due_on=TODAY - timedelta(days=5))
    helping = give(
        world, title="乙区牵头任务", organisation=world.org_b, cooperating_units=[world.org_a]
    )
    below = give(world, title="部门任务", organisation=world.dept_a)
    done = give(world, title="已完成")
    services.task_progress(actor=world.a_officer, task=done, text="完成", status=TaskStatus.DONE)
    response = english_client(world.a_manager).get(reverse("targets:task_mine"))
    mine = response.context["mine"]
    assert [t.pk for t in mine.owned] == [late.pk, soon.pk]
    assert [t.pk for t in mine.cooperating] == [helping.pk]
    assert [t.pk for t in mine.supervised] == [below.pk]
    page = response.content.decode()
    assert "5 days late" in page
    # The city's manager supervises them all; zone B's sees its own and none of zone A's.
    city = english_client(world.city_manager).get(reverse("targets:task_mine")).context["mine"]
    assert {t.pk for t in city.supervised} == {soon.pk, late.pk, helping.pk, below.pk}
    b_mine = english_client(world.b_manager).get(reverse("targets:task_mine")).context["mine"]
    assert ([t.pk for t in b_mine.owned], b_mine.cooperating, b_mine.supervised) == (
        [helping.pk],
        [],
        [],
    )


def test_the_owner_records_progress_with_evidence_and_a_bad_file_is_named(world: World) -> None:
    task = give(world)
    url = reverse("targets:task_detail", kwargs={"task_id": task.pk})
    officer = english_client(world.a_officer)
    bad = officer.post(
        url,
        {
            "text": "上传证明",
            "status": TaskStatus.IN_PROGRESS,
            "evidence": SimpleUploadedFile("病毒.exe", b"MZ\x90\x00", "application/octet-stream"),
        },
    )
    assert bad.status_code == 400
    assert "病毒.exe: Evidence must be a PDF" in bad.content.decode()
    done_without_note = officer.post(url, {"text": "", "status": TaskStatus.DONE})
    assert done_without_note.status_code == 400
    good = officer.post(
        url,
        {
            "text": "厂房已封顶",
            "status": TaskStatus.IN_PROGRESS,
            "evidence": SimpleUploadedFile("封顶照片.pdf", PDF, "application/pdf"),
        },
    )
    assert good.status_code == 302
    page = officer.get(url)
    evidence = page.context["notes"][0].evidence.get()
    assert "封顶照片.pdf" in page.content.decode()
    download = officer.get(
        reverse("targets:task_evidence", kwargs={"task_id": task.pk, "evidence_id": evidence.pk})
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF
    # Its history shows the status move by the officer.
    assert page.context["history"][0].actor == world.a_officer


def test_a_cooperating_unit_reads_and_notes_and_a_sibling_sees_nothing(world: World) -> None:
    task = give(world, cooperating_units=[world.org_b])
    url = reverse("targets:task_detail", kwargs={"task_id": task.pk})
    helper = english_client(world.b_manager)
    page = helper.get(url)
    assert page.status_code == 200
    assert page.context["can_note"] and not page.context["can_report"]
    assert 'name="status"' not in page.content.decode()
    assert helper.post(url, {"text": "已协调电力接入"}).status_code == 302
    assert task.notes.get().organisation == world.org_b
    city2 = organisation_create(
        actor=None, name="邻市局", kind=OrganisationKind.CITY_BUREAU, parent=world.province
    )
    zone_c = organisation_create(
        actor=None, name="丙区管委会", kind=OrganisationKind.ZONE_COMMITTEE, parent=world.city
    )
    for stranger in (
        make_user("cx", (zone_c, Role.MANAGER)),
        make_user("ox", (city2, Role.ADMIN)),
    ):
        client = english_client(stranger)
        assert client.get(url).status_code == 404
        assert client.post(url, {"text": "x"}).status_code == 404
        assert _ids(client.get(reverse("targets:task_list"))) == []


def test_the_assigning_level_changes_and_cancels_on_the_task_page(world: World) -> None:
    task = give(world)
    edit = reverse("targets:task_edit", kwargs={"task_id": task.pk})
    cancel = reverse("targets:task_cancel", kwargs={"task_id": task.pk})
    detail = reverse("targets:task_detail", kwargs={"task_id": task.pk})
    owner = english_client(world.a_manager)
    assert owner.get(detail).context["edit_form"] is None
    assert owner.post(edit, {"title": "改名", "due_on": TODAY.isoformat()}).status_code == 403
    assert owner.post(cancel, {"reason": "不做"}).status_code == 403
    city = english_client(world.city_manager)
    assert city.get(edit).status_code == 405
    stale_year = city.post(
        edit, {"title": task.title, "due_on": f"{TODAY.year - 1}-12-01", "version": task.version}
    )
    assert stale_year.status_code == 400
    assert "before the year" in stale_year.content.decode()
    changed = city.post(
        edit,
        {
            "title": "甲区标准化厂房二期竣工",
            "due_on": (TODAY + timedelta(days=90)).isoformat(),
            "owner": world.a_officer.pk,
            "cooperating_units": [world.org_b.pk],
            "projects": [world.project_a.pk],
            "version": task.version,
        },
    )
    assert changed.status_code == 302
    task.refresh_from_db()
    assert task.title == "甲区标准化厂房二期竣工"
    assert list(task.projects.all()) == [world.project_a]
    no_reason = city.post(cancel, {"reason": "", "version": task.version})
    assert no_reason.status_code == 400
    assert "Say why the task is cancelled." in no_reason.content.decode()
    assert city.post(cancel, {"reason": "并入园区统筹", "version": task.version}).status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED
    page = city.get(detail)
    assert page.context["edit_form"] is None and page.context["cancel_form"] is None
    assert "并入园区统筹" in page.content.decode()


def test_a_part_is_given_from_the_task_page(world: World) -> None:
    task = give(world)
    manager = english_client(world.a_manager)
    form_url = reverse("targets:task_create")
    form = manager.get(form_url, {"parent": task.pk})
    assert form.context["form"].initial["parent"] == task.pk
    response = manager.post(
        f"{form_url}?parent={task.pk}",
        {
            "organisation": world.dept_a.pk,
            "title": "部门分解任务",
            "due_on": task.due_on.isoformat(),
            "parent": task.pk,
        },
    )
    assert response.status_code == 302
    part = Task.objects.get(title="部门分解任务")
    assert part.parent == task
    page = manager.get(reverse("targets:task_detail", kwargs={"task_id": task.pk}))
    assert "部门分解任务" in page.content.decode()
    # A zone gives its own unit nothing: it is not offered, and posting it anyway is refused
    # on the field, not a 500.
    offered = form.context["form"].fields["organisation"].queryset
    assert list(offered) == [world.dept_a]
    refused = manager.post(
        form_url,
        {"organisation": world.org_a.pk, "title": "自己给自己", "due_on": TODAY.isoformat()},
    )
    assert refused.status_code == 400
    assert "organisation" in refused.context["form"].errors


def _many(world: World, start: int, count: int) -> None:
    for n in range(start, start + count):
        services.task_create(
            actor=None,
            organisation=world.org_a if n % 2 else world.dept_a,
            title=f"任务{n}",
            due_on=TODAY + timedelta(days=n - count // 2),
            owner=world.a_officer,
            cooperating_units=[world.org_b],
            projects=[world.project_a],
        )


def test_the_task_pages_read_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    _many(world, 0, 3)
    pages = [
        (world.a_manager, reverse("targets:task_list"), {}),
        (world.a_manager, reverse("targets:task_list"), {"overdue": "1", "year": TODAY.year}),
        (world.a_manager, reverse("targets:task_board"), {}),
        (world.a_manager, reverse("targets:task_mine"), {}),
        (world.b_manager, reverse("targets:task_mine"), {}),
        (world.city_manager, reverse("targets:task_mine"), {}),
    ]
    first = []
    for user, url, query in pages:
        client = english_client(user)
        client.get(url, query)
        with django_assert_max_num_queries(25) as counted:
            assert client.get(url, query).status_code == 200
        first.append(len(counted.captured_queries))
    _many(world, 3, 30)
    for (user, url, query), limit in zip(pages, first, strict=True):
        client = english_client(user)
        client.get(url, query)
        with django_assert_max_num_queries(limit, info=f"{user} {url} {query}"):
            assert client.get(url, query).status_code == 200


def test_the_task_page_reads_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    task = give(world, cooperating_units=[world.org_b], projects=[world.project_a])
    services.task_progress(actor=world.a_officer, task=task, text="一", evidence=[])
    client = english_client(world.city_manager)
    url = reverse("targets:task_detail", kwargs={"task_id": task.pk})
    client.get(url)
    with django_assert_max_num_queries(40) as counted:
        client.get(url)
    for n in range(8):
        services.task_progress(
            actor=world.a_officer,
            task=task,
            text=f"进展{n}",
            evidence=[SimpleUploadedFile(f"{n}.pdf", PDF, "application/pdf")],
        )
        services.task_create(
            actor=world.a_manager,
            organisation=world.dept_a,
            title=f"分解{n}",
            due_on=task.due_on,
            parent=task,
        )
    with django_assert_max_num_queries(len(counted.captured_queries)):
        assert client.get(url).status_code == 200
