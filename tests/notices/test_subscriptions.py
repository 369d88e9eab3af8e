"""Subscriptions: checked field by field, kept in the history, due on their days, delivered once
per day however often the job runs, by e-mail (the extract attached, the pack's links) and to
webhooks (links, signed as the robot signs), refused to a subscriber who lost access, failed
with the job that failed.

The products here are stand-ins registered for the test, with the dashboards' access rule (who
may open the cockpit): the real pack and extract are in test_subscriptions_dashboards.py."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import Membership, Organisation, User
from zonetrack.audit.selectors import history_for
from zonetrack.core import jobs
from zonetrack.core.models import Job, JobStatus
from zonetrack.dashboards.cockpit import cockpit_organisations
from zonetrack.notices import products, scheduled, services, subscriptions, tasks
from zonetrack.notices.choices import Cadence, DeliveryStatus, Product
from zonetrack.notices.models import Delivery, Subscription, Webhook
from zonetrack.notices.products import Artefact, Attachment, Link, ProductMaker

from ..conftest import World, make_user
from .test_webhooks import SECRET, SITE, Robot

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONDAY = date(2025, 6, 2)  # a Monday, and day 2 of its month
FAKE_PACK = "tests.subscription_pack"


@jobs.handler(FAKE_PACK)
def _fake_pack(job: Job, progress: jobs.Progress) -> None:
    """A pack job that fails when told to."""
    if job.params.get("fail"):
        raise jobs.JobRefused("模板缺少封面页")
    job.result = {"files": {"xlsx": "pack.xlsx", "docx": "pack.docx"}}


def _organisations(user: Any) -> Any:
    return cockpit_organisations(user=user)


def _extract(user: User, organisation: Organisation, day: date) -> Artefact:
    return Artefact(
        title=f"{organisation.name} 驾驶舱数据 2025-05",
        period="2025-05",
        attachments=[Attachment("cockpit.xlsx", b"PK\x03\x04 extract", XLSX)],
        links=[Link("打开驾驶舱", f"/overview/{organisation.pk}/")],
    )


def _pack(user: User, organisation: Organisation, day: date) -> Job:
    params = {"fail": organisation.name.startswith("乙")}
    return jobs.start(kind=FAKE_PACK, owner=user, title="月度报表", params=params)


def _pack_links(job: Job, organisation: Organisation) -> Artefact:
    return Artefact(
        title=f"{organisation.name} 月度统计报表 2025-05",
        period="2025-05",
        links=[
            Link("报表（xlsx）", f"/overview/{organisation.pk}/packs/{job.pk}/xlsx/"),
            Link("报告（docx）", f"/overview/{organisation.pk}/packs/{job.pk}/docx/"),
        ],
    )


@pytest.fixture(autouse=True)
def stand_ins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(products, "_PRODUCTS", {})
    products.register_product(
        Product.COCKPIT_EXTRACT, ProductMaker(organisations=_organisations, make=_extract)
    )
    products.register_product(
        Product.PACK, ProductMaker(organisations=_organisations, make=_pack, collect=_pack_links)
    )


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.ZONETRACK_SITE_URL = SITE
    settings.ZONETRACK_WEBHOOK_BACKOFF = 0


@pytest.fixture
def robot() -> Iterator[Robot]:
    server = Robot()
    yield server
    server.close()


@pytest.fixture
def reader(world: World) -> User:
    """An officer of zone A with an e-mail address."""
    return make_user("reader", (world.org_a, Role.OFFICER), email="reader@example.cn")


def subscribe(user: User, organisation: Organisation, **fields: Any) -> Subscription:
    values: dict[str, Any] = {
        "product": Product.COCKPIT_EXTRACT,
        "cadence": Cadence.MONTHLY,
        "day_of_month": MONDAY.day,
        "by_email": True,
    }
    return subscriptions.subscription_create(
        actor=user, organisation=organisation, **(values | fields)
    )


def hook(organisation: Organisation, url: str, fmt: str = "generic", **extra: Any) -> Webhook:
    return services.webhook_create(
        actor=None,
        organisation=organisation,
        name=f"{organisation.name}群",
        url=url,
        format=fmt,
        **extra,
    )


def errors_of(call: Any) -> dict[str, list[str]]:
    with override("zh-hans"), pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


# -- checked field by field -------------------------------------------------------------------


def test_subscription_create_checks_each_field_in_chinese(world: World, reader: User) -> None:
    errors = errors_of(
        lambda: subscriptions.subscription_create(
            actor=reader,
            organisation=world.org_b,
            product=Product.PACK,
            cadence=Cadence.MONTHLY,
            day_of_month=31,
            by_email=False,
        )
    )
    with override("zh-hans"):
        assert errors == {
            "organisation": [_("The subscriber may not open this organisation's cockpit.")],
            "day_of_month": [_("Choose a day from 1 to 28 (every month has it).")],
            "by_email": [_("Choose at least one channel: e-mail or a webhook.")],
        }
        weekly = errors_of(
            lambda: subscribe(reader, world.org_a, cadence=Cadence.WEEKLY, weekday=7)
        )
        assert weekly == {"weekday": [_("Choose a day of the week.")]}
    assert set(errors_of(lambda: subscribe(reader, world.org_a, product="report"))) == {"product"}
    assert set(errors_of(lambda: subscribe(reader, world.org_a, cadence="daily"))) == {"cadence"}


def test_subscription_email_needs_an_address_and_a_webhook_the_subscriber_may_use(
    world: World, reader: User
) -> None:
    no_mail = make_user("nomail", (world.org_a, Role.OFFICER))
    assert set(errors_of(lambda: subscribe(no_mail, world.org_a))) == {"by_email"}
    other_zone = hook(world.org_b, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=b")
    assert set(errors_of(lambda: subscribe(reader, world.org_a, webhook=other_zone))) == {"webhook"}
    city = hook(world.city, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=c")
    # A zone officer does not see the city's robot; the city's manager may send there.
    assert set(errors_of(lambda: subscribe(reader, world.org_a, webhook=city))) == {"webhook"}
    manager = make_user("citymail", (world.city, Role.MANAGER), email="city@example.cn")
    made = subscribe(manager, world.org_a, webhook=city, by_email=False)
    assert made.webhook == city and not made.by_email


def test_subscription_changes_are_kept_in_the_history(world: World, reader: User) -> None:
    made = subscribe(reader, world.org_a)
    changed = subscriptions.subscription_update(
        actor=reader,
        subscription=made,
        changes={"cadence": Cadence.WEEKLY, "weekday": 4},
        expected_version=made.version,
    )
    assert changed.day_of_month is None and changed.weekday == 4
    subscriptions.subscription_switch(actor=reader, subscription=changed, on=False)
    subscriptions.subscription_archive(actor=reader, subscription=changed)
    assert Subscription.objects.filter(pk=made.pk).exists()  # archived, not deleted
    actions = [c.action for c in history_for(changed)]
    assert len(actions) == 4
    with pytest.raises(PermissionDenied):  # the subscriber's own, not their manager's
        subscriptions.subscription_update(
            actor=world.a_manager, subscription=changed, changes={"is_active": True}
        )


# -- due on its days --------------------------------------------------------------------------


def test_subscriptions_are_due_on_their_day_of_the_month_or_weekday(
    world: World, reader: User
) -> None:
    monthly = subscribe(reader, world.org_a, day_of_month=15)
    weekly = subscribe(reader, world.org_a, cadence=Cadence.WEEKLY, weekday=2)  # Wednesday
    off = subscribe(reader, world.org_a, day_of_month=15, is_active=False)

    def due(day: date) -> set[int]:
        return {s.pk for s in subscriptions.subscriptions_due(day)}

    assert due(date(2025, 6, 15)) == {monthly.pk}  # a Sunday
    assert due(date(2025, 7, 15)) == {monthly.pk}  # a Tuesday
    assert due(date(2025, 10, 15)) == {monthly.pk, weekly.pk}  # a Wednesday
    assert due(date(2025, 6, 18)) == {weekly.pk}  # a Wednesday
    assert due(date(2025, 6, 14)) == set()
    assert off.pk not in due(date(2025, 6, 15))
    assert subscriptions.next_run(monthly, date(2025, 6, 16)) == date(2025, 7, 15)
    assert subscriptions.next_run(weekly, date(2025, 6, 18), done_today=True) == date(2025, 6, 25)
    assert subscriptions.next_run(off, date(2025, 6, 1)) is None


# -- delivered once, by e-mail and webhook ----------------------------------------------------


def test_the_extract_is_e_mailed_once_per_day_however_often_the_job_runs(
    world: World, reader: User, mailoutbox: list[Any]
) -> None:
    made = subscribe(reader, world.org_a)
    first = scheduled.deliver_due(MONDAY)
    second = scheduled.deliver_due(MONDAY)
    assert (first.due, first.sent) == (1, 1)
    assert (second.due, second.sent) == (0, 0)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["reader@example.cn"]
    assert "甲区管委会" in mail.subject
    assert mail.attachments == [("cockpit.xlsx", b"PK\x03\x04 extract", XLSX)]
    assert f"{SITE}/overview/{world.org_a.pk}/" in mail.body
    delivery = Delivery.objects.get(subscription=made)
    assert (delivery.status, delivery.slot_on, delivery.attempts) == ("sent", MONDAY, 1)
    assert not subscriptions.subscriptions_due(MONDAY)


def test_the_pack_is_e_mailed_as_links_once_its_job_is_done(
    world: World, reader: User, mailoutbox: list[Any]
) -> None:
    made = subscribe(reader, world.org_a, product=Product.PACK)
    result = scheduled.deliver_due(MONDAY)
    assert result.sent == 1
    delivery = Delivery.objects.get(subscription=made)
    assert delivery.job is not None and delivery.job.status == JobStatus.DONE
    body = mailoutbox[0].body
    assert f"{SITE}/overview/{world.org_a.pk}/packs/{delivery.job.pk}/xlsx/" in body
    assert f"{SITE}/overview/{world.org_a.pk}/packs/{delivery.job.pk}/docx/" in body
    assert mailoutbox[0].attachments == []


def test_a_pack_waits_for_its_job_and_is_sent_when_the_job_is_done(
    world: World, reader: User, mailoutbox: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    queued: list[Job] = []

    def later(user: User, organisation: Organisation, day: date) -> Job:
        queued.append(Job.objects.create(kind=FAKE_PACK, owner=user, title="月度报表"))
        return queued[-1]

    products.register_product(
        Product.PACK, ProductMaker(organisations=_organisations, make=later, collect=_pack_links)
    )
    made = subscribe(reader, world.org_a, product=Product.PACK)
    assert scheduled.deliver_due(MONDAY).waiting == 1
    assert scheduled.send_finished().sent == 0  # still queued
    assert Delivery.objects.get(subscription=made).status == DeliveryStatus.PENDING
    Job.objects.filter(pk=queued[0].pk).update(status=JobStatus.DONE)
    assert scheduled.send_finished().sent == 1
    assert scheduled.send_finished().sent == 0  # sent once
    assert scheduled.deliver_due(MONDAY).due == 0
    assert len(mailoutbox) == 1 and f"/packs/{queued[0].pk}/xlsx/" in mailoutbox[0].body


def test_a_failed_pack_job_fails_its_deliveries(world: World, mailoutbox: list[Any]) -> None:
    zone_b = make_user("breader", (world.org_b, Role.OFFICER), email="b@example.cn")
    made = subscribe(zone_b, world.org_b, product=Product.PACK)
    result = scheduled.deliver_due(MONDAY)
    assert result.failed == 1 and not mailoutbox
    delivery = Delivery.objects.get(subscription=made)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == "模板缺少封面页"
    assert delivery.job is not None and delivery.job.status == JobStatus.FAILED


def test_a_pack_job_failing_later_fails_the_waiting_delivery(
    world: World, reader: User, mailoutbox: list[Any]
) -> None:
    made = subscribe(reader, world.org_a, product=Product.PACK)
    claimed = subscriptions.deliveries_claim(subscription=made, slot_on=MONDAY)
    job = Job.objects.create(kind=FAKE_PACK, owner=reader, title="月度报表")
    subscriptions.deliveries_wait(claimed, job)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, message="工作进程已停止")
    assert scheduled.send_finished().failed == 1
    delivery = Delivery.objects.get(subscription=made)
    assert (delivery.status, delivery.last_error) == ("failed", "工作进程已停止")
    assert not mailoutbox


def test_the_webhook_gets_the_links_signed_as_its_robot_signs(
    world: World, reader: User, robot: Robot, mailoutbox: list[Any]
) -> None:
    manager = make_user("ma", (world.org_a, Role.MANAGER), email="ma@example.cn")
    dingtalk = hook(world.org_a, robot.url, "dingtalk", secret=SECRET)
    generic = hook(world.org_a, robot.url.replace("/robot/", "/plain/"))
    subscribe(manager, world.org_a, webhook=dingtalk, by_email=False)
    subscribe(reader, world.org_a, webhook=generic, product=Product.PACK)
    result = scheduled.deliver_due(MONDAY)
    assert (result.sent, result.failed) == (3, 0)
    assert len(mailoutbox) == 1  # the reader's e-mail; the manager's goes to the robot only
    signed = next(path for path, _body in robot.requests if path.startswith("/robot/"))
    query = parse_qs(urlsplit(signed).query)
    stamp = query["timestamp"][0]
    digest = hmac.new(SECRET.encode(), f"{stamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    assert query["sign"][0] == base64.b64encode(digest).decode()
    ding = next(body for path, body in robot.requests if path.startswith("/robot/"))
    assert ding["msgtype"] == "markdown"
    assert f"({SITE}/overview/{world.org_a.pk}/)" in ding["markdown"]["text"]
    plain = next(body for path, body in robot.requests if path.startswith("/plain/"))
    files = plain["subscription"]["files"]
    assert [f["url"].rsplit("/", 2)[-2] for f in files] == ["xlsx", "docx"]
    assert all(f["url"].startswith(f"{SITE}/overview/{world.org_a.pk}/packs/") for f in files)
    assert plain["subscription"]["organisation"] == "甲区管委会"
    webhook_rows = Delivery.objects.filter(subscription__isnull=False, channel="webhook")
    assert {d.target for d in webhook_rows} == {dingtalk.name, generic.name}  # no robot key


def test_a_subscriber_who_lost_access_gets_nothing(
    world: World, reader: User, robot: Robot, mailoutbox: list[Any]
) -> None:
    manager = make_user("ma", (world.org_a, Role.MANAGER), email="ma@example.cn")
    made = subscribe(manager, world.org_a, webhook=hook(world.org_a, robot.url))
    Membership.objects.filter(user=manager).delete()
    result = scheduled.deliver_due(MONDAY)
    assert result.refused == 2 and result.sent == 0
    assert not mailoutbox and not robot.requests
    rows = Delivery.objects.filter(subscription=made)
    assert {d.status for d in rows} == {DeliveryStatus.REFUSED}
    with override("zh-hans"):
        error = _("The subscriber may no longer open this organisation's cockpit.")
    assert {d.last_error for d in rows} == {error}
    assert scheduled.deliver_due(MONDAY).due == 0  # refused once, not again that day


def test_a_deactivated_subscriber_and_a_waiting_pack_are_refused_at_sending(
    world: World, reader: User, mailoutbox: list[Any]
) -> None:
    made = subscribe(reader, world.org_a, product=Product.PACK)
    claimed = subscriptions.deliveries_claim(subscription=made, slot_on=MONDAY)
    job = Job.objects.create(kind=FAKE_PACK, owner=reader, title="月度报表", status="done")
    subscriptions.deliveries_wait(claimed, job)
    User.objects.filter(pk=reader.pk).update(is_active=False)
    assert scheduled.send_finished().refused == 1
    assert Delivery.objects.get(subscription=made).status == DeliveryStatus.REFUSED
    assert not mailoutbox


def test_a_switched_off_or_archived_webhook_fails_its_delivery(
    world: World, reader: User, mailoutbox: list[Any]
) -> None:
    manager = make_user("ma", (world.org_a, Role.MANAGER), email="ma@example.cn")
    webhook = hook(world.org_a, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a")
    made = subscribe(manager, world.org_a, webhook=webhook)
    services.webhook_archive(actor=None, webhook=webhook)
    result = scheduled.deliver_due(MONDAY)
    assert (result.sent, result.failed) == (1, 1)
    failed = Delivery.objects.get(subscription=made, channel="webhook")
    assert failed.status == DeliveryStatus.FAILED and failed.attempts == 0


def test_the_periodic_tasks_deliver_what_is_due_today_once(
    world: World, reader: User, mailoutbox: list[Any]
) -> None:
    today = timezone.localdate()  # the suite's clock stands at 09:00, after the 06:30 run
    schedule: dict[str, Any] = (
        {"day_of_month": today.day}
        if today.day <= 28
        else {"cadence": Cadence.WEEKLY, "weekday": today.weekday()}
    )
    subscribe(reader, world.org_a, **schedule)
    tasks.subscription_deliveries()
    tasks.subscription_files()
    tasks.subscription_files()
    assert len(mailoutbox) == 1
