"""Targets' alerts: a reporting window past its deadline tells each late organisation's
reporters and the window's opener, an overdue key task tells its person and owner unit; each
condition once, in the app, by e-mail and to the webhooks of the organisation concerned — and
nobody outside the organisation's tree hears of it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import Organisation, User
from zonetrack.notices import services as notices_services
from zonetrack.notices.choices import DeliveryStatus
from zonetrack.notices.delivery import run_daily
from zonetrack.notices.kinds import kind_label
from zonetrack.notices.models import Alert, Delivery, Notification
from zonetrack.targets import services
from zonetrack.targets.alerts import TargetsAlertKind, late_reporters
from zonetrack.targets.choices import TaskStatus
from zonetrack.targets.models import ReportingWindow, Task

from ..conftest import World, make_user
from .factories import indicator, report

TODAY = timezone.localdate()
# Last month: a window may only be opened for a month that is over.
PERIOD = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)


def _told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


@pytest.fixture
def late_window(world: World) -> ReportingWindow:
    """The city opened last month for one figure; zone A reported and submitted it, zone B
    did not."""
    window = services.window_open(
        actor=None,
        organisation=world.city,
        period=PERIOD,
        due_on=PERIOD + timedelta(days=40),
        indicators=[indicator("trade_total")],
    )
    report(world.org_a, PERIOD, trade_total=95)
    submit(world.org_a, window)
    return window


def submit(organisation: Organisation, window: ReportingWindow) -> None:
    reporter = make_user(f"reporter-{organisation.pk}", (organisation, Role.OFFICER))
    services.window_submit(actor=reporter, window=window, organisation=organisation)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """The webhook messages of a run, captured instead of posted (address, body)."""
    bodies: list[tuple[str, dict[str, Any]]] = []

    def post(url: str, payload: dict[str, Any], **extra: Any) -> Delivery:
        bodies.append((url, payload))
        return notices_services.delivery_record(
            channel="webhook",
            target=url,
            payload=payload,
            status=DeliveryStatus.SENT,
            attempts=1,
            webhook=extra.get("webhook"),
            digest_on=extra.get("digest_on"),
        )

    monkeypatch.setattr("zonetrack.notices.digest.post_webhook", post)
    yield bodies


def test_late_reporters_are_those_below_the_opener_without_a_submission(
    world: World, late_window: ReportingWindow
) -> None:
    due = late_window.due_on
    assert late_reporters(late_window, due) == []  # not late on the deadline itself
    # Zone B only: zone A submitted, and zone A's department is not right below the city.
    assert late_reporters(late_window, due + timedelta(days=1)) == [world.org_b]
    report(world.org_b, PERIOD, trade_total=80)  # entered, not submitted: still owed
    assert late_reporters(late_window, due + timedelta(days=1)) == [world.org_b]
    submit(world.org_b, late_window)
    assert late_reporters(late_window, due + timedelta(days=1)) == []
    # Reopened for a correction and not submitted again: owed again.
    city_manager = make_user("city-manager", (world.city, Role.MANAGER))
    services.submission_reopen(
        actor=city_manager, window=late_window, organisation=world.org_b, reason="改正数据"
    )
    assert late_reporters(late_window, due + timedelta(days=1)) == [world.org_b]


def test_a_late_zone_and_the_opener_are_told_once(
    world: World, late_window: ReportingWindow, settings: Any, sent: list[Any]
) -> None:
    settings.ZONETRACK_ALERT_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    b_officer = make_user("bo", (world.org_b, Role.OFFICER), email="bo@example.org")
    make_user("bv", (world.org_b, Role.VIEWER), email="bv@example.org")
    User.objects.filter(pk=world.city_manager.pk).update(email="cm@example.org")
    day = late_window.due_on + timedelta(days=2)

    result = run_daily(today=day)

    assert result.by_kind == {TargetsAlertKind.REPORT_LATE: 1, TargetsAlertKind.WINDOW_LATE: 1}
    # Zone B's reporters (officers and above, never its viewer) hear that it is late...
    assert _told(TargetsAlertKind.REPORT_LATE) == {"bm", "bo"}
    # ...and the managers of the city that opened the window get the summary naming it.
    assert _told(TargetsAlertKind.WINDOW_LATE) == {"cm", "ca"}
    summary = Notification.objects.get(user=world.city_manager)
    assert world.org_b.name in summary.text and world.org_a.name not in summary.text
    assert summary.url == f"/targets/windows/{late_window.pk}/"
    # Nobody of zone A (which reported), nor the province above the city, hears anything.
    for user in (world.a_manager, world.a_officer, world.province_viewer, world.nobody):
        assert not Notification.objects.filter(user=user).exists()
    assert sorted(m.to[0] for m in mail.outbox) == ["bo@example.org", "cm@example.org"]
    assert Notification.objects.get(user=b_officer).text.startswith(world.org_b.name)

    # The next run, and the next day's, send nothing new.
    for again_on in (day, day + timedelta(days=1)):
        again = run_daily(today=again_on)
        assert (again.alerts, again.notifications, again.emails) == (0, 0, 0)
    assert Alert.objects.filter(kind__startswith="targets_").count() == 2
    assert len(mail.outbox) == 2


def test_an_old_window_is_history_not_news(world: World, late_window: ReportingWindow) -> None:
    result = run_daily(today=late_window.due_on + timedelta(days=60))
    assert result.by_kind == {}


def test_webhooks_hear_the_late_zone_within_their_tree(
    world: World, late_window: ReportingWindow, sent: list[Any]
) -> None:
    def hook(organisation: Any, name: str, **extra: Any) -> None:
        notices_services.webhook_create(
            actor=None,
            organisation=organisation,
            name=name,
            url=f"https://robot.example.org/{name}",
            format="wecom",
            **extra,
        )

    hook(world.org_b, "b")
    hook(world.org_a, "a")
    hook(world.city, "city-own")
    hook(world.city, "city-below", covers_below=True)
    run_daily(today=late_window.due_on + timedelta(days=1))
    heard: dict[str, list[str]] = {}
    for url, body in sent:
        title = body["template_card"]["main_title"]["title"]
        heard.setdefault(url.rsplit("/", 1)[1], []).append(title)
    late, summary = (str(kind_label(k)) for k in TargetsAlertKind.values[:2])
    assert sorted(heard) == ["b", "city-below", "city-own"]  # never zone A's robot
    assert heard["b"] == [late[:26]]
    assert heard["city-own"] == [summary[:26]]
    assert sorted(heard["city-below"]) == sorted([late[:26], summary[:26]])


def _task(world: World, due_on: date, **extra: Any) -> Task:
    return services.task_create(
        actor=world.city_manager,
        organisation=world.org_a,
        title="园区污水处理厂提标改造",
        due_on=due_on,
        **extra,
    )


def test_an_overdue_task_tells_its_person_and_unit_once(world: World, sent: list[Any]) -> None:
    clerk = make_user("clerk", (world.dept_a, Role.OFFICER))
    overdue = _task(world, TODAY - timedelta(days=3), owner=world.a_officer)
    _task(world, TODAY + timedelta(days=3))  # not due yet
    done = _task(world, TODAY - timedelta(days=5))
    Task.objects.filter(pk=done.pk).update(status=TaskStatus.DONE)

    result = run_daily(today=TODAY)

    assert result.by_kind == {TargetsAlertKind.TASK_OVERDUE: 1}
    # The person in charge and the owner unit's officers and above; not its viewer, not the
    # city that gave the task, not a department below, not the sibling zone.
    assert _told(TargetsAlertKind.TASK_OVERDUE) == {"ao", "am"}
    note = Notification.objects.get(user=world.a_officer)
    assert overdue.title in note.text and note.url == f"/targets/tasks/{overdue.pk}/"
    for user in (world.a_viewer, world.city_manager, world.b_manager, clerk):
        assert not Notification.objects.filter(user=user).exists()
    assert run_daily(today=TODAY + timedelta(days=1)).alerts == 0


def test_a_task_whose_deadline_moves_and_passes_again_alerts_again(world: World) -> None:
    task = _task(world, TODAY - timedelta(days=3), owner=world.a_officer)
    run_daily(today=TODAY)
    Task.objects.filter(pk=task.pk).update(due_on=TODAY + timedelta(days=1))
    assert run_daily(today=TODAY).alerts == 0
    assert run_daily(today=TODAY + timedelta(days=2)).alerts == 1


def test_the_kinds_read_as_their_labels(db: None) -> None:
    for kind in TargetsAlertKind:
        assert kind_label(kind.value) == str(kind.label)


def test_many_targets_alerts_make_a_digest_that_names_them(
    world: World, late_window: ReportingWindow, settings: Any, sent: list[Any]
) -> None:
    settings.ZONETRACK_ALERT_DIGEST_THRESHOLD = 1
    notices_services.webhook_create(
        actor=None,
        organisation=world.city,
        name="city",
        url="https://robot.example.org/city",
        format="dingtalk",
        covers_below=True,
    )
    run_daily(today=late_window.due_on + timedelta(days=1))
    assert len(sent) == 1
    text = sent[0][1]["markdown"]["text"]
    for kind in (TargetsAlertKind.REPORT_LATE, TargetsAlertKind.WINDOW_LATE):
        assert f"{kind.label}：**1**" in text
    assert world.org_b.name in text and f"/targets/windows/{late_window.pk}/" in text
