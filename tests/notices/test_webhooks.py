"""Alert webhooks: each robot format delivered to a local receiver (schema, absolute links that
open the right page, DingTalk's signature, retries, a robot's refusal), routing by
organisation, the once-a-day digest, and who may see and change a webhook."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import resolve, reverse
from django.utils.translation import gettext as _

from zonetrack.accounts.models import Organisation
from zonetrack.audit.selectors import history_for
from zonetrack.dispatch.alerts import run_alerts
from zonetrack.dispatch.choices import AlertKind
from zonetrack.notices import robots, services
from zonetrack.notices.models import Delivery, Webhook
from zonetrack.notices.robots import Item, Message

from ..conftest import World, client_for
from ..dispatch.factories import make_problem
from ..dispatch.test_alerts import REAL_TODAY, TODAY

SITE = "https://zt.example.gov.cn"
SECRET = "SEC0123456789abcdef0123456789abcdef"


class Robot:
    """A chat robot on 127.0.0.1: keeps each request's address and body, answers with a
    status and a JSON body."""

    def __init__(self, status: int = 200, reply: dict[str, Any] | None = None) -> None:
        self.status = status
        self.reply = reply if reply is not None else {"errcode": 0, "errmsg": "ok"}
        self.requests: list[tuple[str, dict[str, Any]]] = []
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                robot.requests.append((self.path, json.loads(self.rfile.read(length))))
                body = json.dumps(robot.reply).encode()
                self.send_response(robot.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/robot/send?access_token=abc"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [body for _path, body in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def robot() -> Iterator[Robot]:
    server = Robot()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _site(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ZONETRACK_SITE_URL = SITE + "/"
    settings.ZONETRACK_WEBHOOK_BACKOFF = 0
    settings.ZONETRACK_ALERT_DIGEST_THRESHOLD = 5


def hook(organisation: Organisation, url: str, fmt: str = "generic", **extra: Any) -> Webhook:
    return services.webhook_create(
        actor=None,
        organisation=organisation,
        name=f"{organisation.name}群",
        url=url,
        format=fmt,
        **extra,
    )


def opens(world: World, url: str, text: str) -> None:
    """The link is absolute on the configured site, and its page shows ``text``."""
    assert url.startswith(SITE + "/"), url
    path = url[len(SITE) :]
    resolve(urlsplit(path).path)
    page = client_for(world.a_manager).get(path)
    assert page.status_code == 200, path
    assert text in page.content.decode()


def test_wecom_cards_match_the_robot_schema_and_open_the_page(
    late_world: World, robot: Robot
) -> None:
    hook(late_world.org_a, robot.url, "wecom")
    result = run_alerts(today=TODAY)
    assert result.webhooks == 3 and result.failures == 0
    assert len(robot.bodies) == 3
    for body in robot.bodies:
        assert body["msgtype"] == "template_card"
        card = body["template_card"]
        assert card["card_type"] == "text_notice"
        assert card["main_title"]["title"] and len(card["main_title"]["title"]) <= 26
        assert card["card_action"]["type"] == 1
        assert card["jump_list"][0]["url"] == card["card_action"]["url"]
        assert {"keyname", "value"} <= set(card["horizontal_content_list"][0])
        opens(late_world, card["card_action"]["url"], late_world.project_a.name)
    titles = {body["template_card"]["main_title"]["title"] for body in robot.bodies}
    assert titles == {str(kind.label) for kind in AlertKind if kind != AlertKind.PROBLEM_URGED}
    problem_url = next(
        b["template_card"]["card_action"]["url"]
        for b in robot.bodies
        if b["template_card"]["main_title"]["title"] == AlertKind.PROBLEM_OVERDUE.label
    )
    assert resolve(urlsplit(problem_url).path).url_name == "problem_detail"
    delivery = Delivery.objects.filter(webhook__isnull=False).first()
    assert delivery is not None and delivery.status == "sent"


def test_dingtalk_action_cards_are_signed_with_the_secret(late_world: World, robot: Robot) -> None:
    hook(late_world.org_a, robot.url, "dingtalk", secret=SECRET)
    run_alerts(today=TODAY)
    assert len(robot.requests) == 3
    for path, body in robot.requests:
        assert body["msgtype"] == "actionCard"
        card = body["actionCard"]
        assert card["title"] and card["text"] and card["singleTitle"]
        assert late_world.project_a.name in card["text"]
        opens(late_world, card["singleURL"], late_world.project_a.name)
        query = parse_qs(urlsplit(path).query)
        assert query["access_token"] == ["abc"]
        timestamp = query["timestamp"][0]
        expected = hmac.new(
            SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256
        ).digest()
        # parse_qs has undone the urlencoding; the rest is Base64 of the HmacSHA256.
        assert base64.b64decode(query["sign"][0]) == expected
    assert "&sign=" in robots.signed_url("https://oapi.dingtalk.com/robot/send?access_token=x", "s")


def test_generic_json_names_the_figures_and_absolute_links(late_world: World, robot: Robot) -> None:
    hook(late_world.org_a, robot.url)
    run_alerts(today=TODAY)
    assert len(robot.bodies) == 3
    for body in robot.bodies:
        assert body["msgtype"] == "text" and body["title"]
        assert body["figures"][0] == {"label": _("Project"), "value": late_world.project_a.name}
        opens(late_world, body["url"], late_world.project_a.name)


def _more_alerts(world: World, n: int) -> None:
    raised = REAL_TODAY - timedelta(days=4)
    for index in range(n):
        make_problem(
            world.a_manager,
            world.project_a,
            raised_on=raised,
            deadline_on=raised,
            description=f"问题{index}",
        )


def test_many_alerts_become_one_digest_a_day(late_world: World, robot: Robot, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ZONETRACK_ALERT_DIGEST_THRESHOLD = 2
    webhook = hook(late_world.org_a, robot.url, "wecom")
    run_alerts(today=TODAY)
    assert len(robot.bodies) == 1
    body = robot.bodies[0]
    assert body["msgtype"] == "markdown"
    content = body["markdown"]["content"]
    assert len(content.encode()) <= robots.WECOM_MARKDOWN_BYTES
    assert late_world.org_a.name in content and TODAY.isoformat() in content
    assert f"{_('Overdue problems')}：**1**" in content
    assert f"{_('Reports owed')}：**1**" in content
    links = re.findall(r"\]\((https?://[^)]+)\)", content)
    assert links and all(link.startswith(SITE + "/") for link in links)
    problem_link = next(link for link in links if "/dispatch/problems/" in link)
    opens(late_world, problem_link, late_world.project_a.name)
    sent = Delivery.objects.get(webhook=webhook)
    assert sent.digest_on == TODAY and sent.status == "sent"
    # The same day again, even with new alerts: nothing more to this webhook.
    assert run_alerts(today=TODAY).webhooks == 0
    _more_alerts(late_world, 3)
    again = run_alerts(today=TODAY)
    assert again.alerts == 3 and again.webhooks == 0
    assert len(robot.bodies) == 1


def test_without_digest_many_alerts_are_one_list(late_world: World, robot: Robot, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ZONETRACK_ALERT_DIGEST_THRESHOLD = 2
    hook(late_world.org_a, robot.url, "dingtalk", sends_digest=False)
    run_alerts(today=TODAY)
    assert len(robot.bodies) == 1
    body = robot.bodies[0]
    assert body["msgtype"] == "markdown"
    assert set(body["markdown"]) == {"title", "text"}
    assert body["markdown"]["text"].count(f"({SITE}/") == 4  # three alerts and the overview


def test_markdown_is_cut_on_a_character_within_each_robots_limit() -> None:
    items = [
        Item(f"甲区新材料项目：第{n}号问题逾期未办结，请尽快处理", f"{SITE}/x/{n}/")
        for n in range(400)
    ]
    message = Message(title="测试", figures=[("红色项目", "400")], items=items)
    wecom = robots.payload_for("wecom", message)["markdown"]["content"]
    ding = robots.payload_for("dingtalk", message)["markdown"]["text"]
    for text, limit in ((wecom, robots.WECOM_MARKDOWN_BYTES), (ding, 20000)):
        assert len(text.encode()) <= limit
        shown = text.count("第") - 0
        assert text.endswith(_("…and %(n)s more items") % {"n": 400 - shown})
    assert robots.fit_bytes("甲乙", 4) == "甲"  # three bytes each: never half a character


def test_a_server_error_is_retried_then_recorded(late_world: World) -> None:
    failing = Robot(status=502)
    try:
        webhook = hook(late_world.org_a, failing.url, "wecom")
        result = run_alerts(today=TODAY)
    finally:
        failing.close()
    assert result.failures == 3 and result.webhooks == 0
    delivery = Delivery.objects.filter(webhook=webhook).first()
    assert delivery is not None
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("failed", 3, "HTTP 502")
    assert len(failing.requests) == 9


def test_a_robots_refusal_is_a_failure_not_retried(late_world: World) -> None:
    refusing = Robot(reply={"errcode": 310000, "errmsg": "sign not match"})
    try:
        webhook = hook(late_world.org_a, refusing.url, "dingtalk", secret="SECwrong")
        result = run_alerts(today=TODAY)
    finally:
        refusing.close()
    assert result.failures == 3
    delivery = Delivery.objects.filter(webhook=webhook).first()
    assert delivery is not None and delivery.status == "failed" and delivery.attempts == 1
    assert delivery.last_error == "errcode 310000: sign not match"
    assert len(refusing.requests) == 3


def test_alerts_go_to_their_organisations_and_those_above_that_ask(
    late_world: World, robot: Robot, settings
) -> None:  # type: ignore[no-untyped-def]
    other, fallback = Robot(), Robot()
    try:
        settings.ZONETRACK_ALERT_WEBHOOK = fallback.url
        hook(late_world.org_b, other.url)  # another zone: hears nothing of zone A
        hook(late_world.city, other.url)  # the city, not asking for what is below
        hook(late_world.city, robot.url, covers_below=True)
        Webhook.objects.create(
            organisation=late_world.org_a, name="off", url=other.url, is_active=False
        )
        run_alerts(today=TODAY)
    finally:
        other.close()
        fallback.close()
    assert len(robot.bodies) == 3
    assert other.requests == [] and fallback.requests == []


def test_the_fallback_hears_what_no_organisation_does_in_its_format(
    late_world: World, robot: Robot, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.ZONETRACK_ALERT_WEBHOOK = robot.url
    settings.ZONETRACK_ALERT_WEBHOOK_FORMAT = "dingtalk"
    run_alerts(today=TODAY)
    assert len(robot.bodies) == 1
    assert robot.bodies[0]["msgtype"] == "markdown"
    assert late_world.project_a.name in robot.bodies[0]["markdown"]["text"]


# --- Pages -----------------------------------------------------------------------------------


def _form(**extra: Any) -> dict[str, Any]:
    return {
        "name": "甲区调度群",
        "format": "dingtalk",
        "url": "https://oapi.dingtalk.com/robot/send?access_token=t0k3n",
        "secret": SECRET,
        "is_active": "on",
        "sends_digest": "on",
        **extra,
    }


def test_a_zone_manager_adds_and_changes_their_webhook(world: World) -> None:
    client = client_for(world.a_manager)
    page = client.get(reverse("notices:webhook_create")).content.decode()
    assert world.org_a.name in page and world.org_b.name not in page
    response = client.post(reverse("notices:webhook_create"), _form(organisation=world.org_a.pk))
    assert response.status_code == 302
    webhook = Webhook.objects.get()
    assert (webhook.organisation, webhook.secret) == (world.org_a, SECRET)
    url = reverse("notices:webhook_edit", kwargs={"webhook_id": webhook.pk})
    page = client.get(url).content.decode()
    assert SECRET not in page and 'id="secret-stored"' in page
    # Left empty, the secret stays; the change is in the history, the secret never.
    response = client.post(url, _form(name="甲区群", secret="", version=webhook.version))
    assert response.status_code == 302
    webhook.refresh_from_db()
    assert (webhook.name, webhook.secret) == ("甲区群", SECRET)
    page = client.get(url).content.decode()
    assert "甲区群" in page and 'id="history"' in page and SECRET not in page
    listing = client.get(reverse("notices:webhook_list")).content.decode()
    assert "甲区群" in listing and SECRET not in listing
    # A new secret alone is saved, and the history says so without saying what it is.
    changes = history_for(webhook)
    response = client.post(url, _form(name="甲区群", secret="SECnew", version=webhook.version))
    assert response.status_code == 302
    webhook.refresh_from_db()
    assert webhook.secret == "SECnew"
    assert len(history_for(webhook)) == len(changes) + 1
    assert "SECnew" not in client.get(url).content.decode()
    # A format that does not sign drops the secret.
    client.post(url, _form(format="wecom", secret="", version=webhook.version))
    webhook.refresh_from_db()
    assert (webhook.format, webhook.secret) == ("wecom", "")
    # Archived, not deleted; restored again.
    client.post(reverse("notices:webhook_archive", kwargs={"webhook_id": webhook.pk}))
    webhook.refresh_from_db()
    assert webhook.is_archived
    client.post(
        reverse("notices:webhook_archive", kwargs={"webhook_id": webhook.pk}), {"restore": "1"}
    )
    webhook.refresh_from_db()
    assert not webhook.is_archived


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"url": "ftp://robot.example.org/x"}, "url", "http://"),
        ({"url": "http://oapi.dingtalk.com/robot/send"}, "url", "https://"),
        ({"format": "wecom"}, "secret", "Only DingTalk robots sign their messages with a secret."),
        ({"name": "  "}, "name", "This field is required."),
    ],
)
def test_bad_webhook_fields_get_a_field_message(
    world: World, extra: dict[str, Any], field: str, message: str
) -> None:
    response = client_for(world.a_manager).post(
        reverse("notices:webhook_create"), _form(organisation=world.org_a.pk, **extra)
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert _(message) in " ".join(response.context["form"].errors[field])
    assert not Webhook.objects.exists()


def test_a_local_receiver_may_speak_http_as_a_robot(world: World) -> None:
    webhook = hook(world.org_a, "http://127.0.0.1:9/robot/send", "wecom")
    assert webhook.pk


def test_a_zone_officer_neither_sees_nor_changes_webhooks(world: World) -> None:
    webhook = hook(world.org_a, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "wecom")
    client = client_for(world.a_officer)
    listing = client.get(reverse("notices:webhook_list"))
    assert listing.status_code == 200
    assert webhook.name not in listing.content.decode()
    assert "key=k" not in listing.content.decode()
    assert 'id="add-webhook"' not in listing.content.decode()
    url = reverse("notices:webhook_edit", kwargs={"webhook_id": webhook.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, _form(format="wecom", secret="")).status_code == 403
    archive = reverse("notices:webhook_archive", kwargs={"webhook_id": webhook.pk})
    assert client.post(archive).status_code == 403
    assert client.get(reverse("notices:webhook_create")).status_code == 403
    create = client.post(reverse("notices:webhook_create"), _form(organisation=world.org_a.pk))
    assert create.status_code == 403
    webhook.refresh_from_db()
    assert not webhook.is_archived and Webhook.objects.count() == 1


def test_a_zone_manager_changes_only_their_own(world: World) -> None:
    theirs = hook(world.org_b, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=b", "wecom")
    client = client_for(world.a_manager)
    url = reverse("notices:webhook_edit", kwargs={"webhook_id": theirs.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, _form(format="wecom", secret="")).status_code == 404
    assert theirs.name not in client.get(reverse("notices:webhook_list")).content.decode()
    # Adding one to another zone's organisation is refused on the field.
    response = client.post(reverse("notices:webhook_create"), _form(organisation=world.org_b.pk))
    assert response.status_code == 400 and "organisation" in response.context["form"].errors
    # The city's manager looks after the zones below.
    assert client_for(world.city_manager).get(url).status_code == 200


def test_the_admin_never_shows_the_secret(world: World) -> None:
    webhook = hook(
        world.org_a, "https://oapi.dingtalk.com/robot/send?x=1", "dingtalk", secret=SECRET
    )
    client = client_for(world.superuser)
    url = reverse("admin:notices_webhook_change", args=[webhook.pk])
    page = client.get(url)
    assert page.status_code == 200 and SECRET not in page.content.decode()


def test_the_list_reads_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for n in range(30):
        webhook = hook(world.org_a, f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={n}")
        Delivery.objects.create(channel="webhook", target="x", webhook=webhook, status="sent")
    client = client_for(world.a_manager)
    client.get(reverse("notices:webhook_list"))
    with django_assert_max_num_queries(12):
        page = client.get(reverse("notices:webhook_list"))
    assert len(re.findall(r'href="/notices/webhooks/\d+/"', page.content.decode())) == 30


def test_every_bad_field_is_named_at_once(world: World) -> None:
    response = client_for(world.a_manager).post(
        reverse("notices:webhook_create"),
        _form(organisation="", url="ftp://robot.example.org/x", format="wecom"),
    )
    assert response.status_code == 400
    assert {"organisation", "url", "secret"} <= set(response.context["form"].errors)


def test_administrators_are_told_when_links_cannot_open(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ZONETRACK_SITE_URL = ""
    hook(world.org_a, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "wecom")
    page = client_for(world.superuser).get(reverse("dispatch:home")).content.decode()
    assert "ZONETRACK_SITE_URL" in page
    settings.ZONETRACK_SITE_URL = SITE
    page = client_for(world.superuser).get(reverse("dispatch:home")).content.decode()
    assert "ZONETRACK_SITE_URL" not in page


def test_a_manager_sends_a_test_card(world: World, robot: Robot) -> None:
    webhook = hook(world.org_a, robot.url, "dingtalk", secret=SECRET)
    url = reverse("notices:webhook_try", kwargs={"webhook_id": webhook.pk})
    assert client_for(world.a_officer).post(url).status_code == 403
    assert robot.requests == []
    response = client_for(world.a_manager).post(url, follow=True)
    assert len(robot.requests) == 1
    path, body = robot.requests[0]
    assert body["msgtype"] == "actionCard" and "sign=" in path
    assert body["actionCard"]["singleURL"] == SITE + reverse("notices:notification_list")
    assert Delivery.objects.get(webhook=webhook).status == "sent"
    assert _("Test message sent.") in response.content.decode()


def test_a_failed_test_card_says_why(world: World) -> None:
    refusing = Robot(reply={"errcode": 93000, "errmsg": "invalid webhook url"})
    try:
        webhook = hook(world.org_a, refusing.url, "wecom")
        url = reverse("notices:webhook_try", kwargs={"webhook_id": webhook.pk})
        page = client_for(world.a_manager).post(url, follow=True).content.decode()
    finally:
        refusing.close()
    assert "errcode 93000: invalid webhook url" in page
