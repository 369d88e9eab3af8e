"""The daily work of targets tells the people who act next, as it happens: a task given tells
its unit, a task done tells the level that gave it, a window opened or reopened tells every
reporting zone, a submission tells the city, a month sent back tells the zone why. A refused
write tells nobody."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from zonetrack.notices.models import Notification
from zonetrack.targets import services
from zonetrack.targets.choices import TaskStatus

from ..conftest import World
from .test_task_services import TODAY, give
from .test_windows import _fill, _window


def told(url_part: str) -> set[str]:
    """Who was told, in the app, of something whose page contains ``url_part``."""
    return set(
        Notification.objects.filter(url__contains=url_part).values_list("user__username", flat=True)
    )


def test_a_task_given_tells_its_unit_and_done_tells_the_level_that_gave_it(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        task = give(world, owner=world.a_officer)
    page = f"/targets/tasks/{task.pk}/"
    assert told(page) == {world.a_officer.username, world.a_manager.username}
    title = Notification.objects.filter(user=world.a_officer).get().text
    assert task.title in title and str(task.due_on) in title

    with django_capture_on_commit_callbacks(execute=True):
        services.task_progress(
            actor=world.a_officer, task=task, text="已完成二期厂房主体", status=TaskStatus.DONE
        )
    assert world.city_manager.username in told(page)
    done = Notification.objects.get(user=world.city_manager, url=page)
    assert world.org_a.name in done.text


def test_a_refused_task_tells_nobody(world: World, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        give(world, due_on=TODAY - timedelta(days=800))
    assert not Notification.objects.exists()


def test_a_month_opened_submitted_and_sent_back_tells_who_acts_next(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        window = _window(world)
    page = f"/targets/windows/{window.pk}/"
    # Every reporting zone's workers, not the viewers, not the city that opened it.
    assert told(page) == {
        world.a_officer.username,
        world.a_manager.username,
        world.b_manager.username,
    }
    Notification.objects.all().delete()

    _fill(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.window_submit(actor=world.a_officer, window=window, organisation=world.org_a)
    assert told(page) == {world.city_manager.username}
    assert world.org_a.name in Notification.objects.get().text
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        services.submission_reopen(
            actor=world.city_manager,
            window=window,
            organisation=world.org_a,
            reason="工业增加值口径有误",
        )
    assert told(page) == {world.a_officer.username, world.a_manager.username}
    assert "工业增加值口径有误" in Notification.objects.filter(user=world.a_officer).get().text


def test_months_entered_quietly_tell_nobody(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """Months long past loaded at once (the demo, old ledgers) are history, not news."""
    from zonetrack.notices import quietly

    with django_capture_on_commit_callbacks(execute=True), quietly():
        task = give(world, owner=world.a_officer)
        window = _window(world)
    assert not told(f"/targets/tasks/{task.pk}/")
    assert not told(f"/targets/windows/{window.pk}/")
    with django_capture_on_commit_callbacks(execute=True):
        later = give(world, owner=world.a_officer, title="后续任务")
    assert told(f"/targets/tasks/{later.pk}/")
