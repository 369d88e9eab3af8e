"""Alert messages in the formats webhooks speak, and their delivery.

Three formats: zonetrack's generic JSON, the WeCom group robot (企业微信群机器人) and the
DingTalk group robot (钉钉自定义机器人). One alert becomes a card that opens its page (WeCom
``template_card`` of type ``text_notice``, DingTalk ``actionCard``); a list of alerts or a
digest becomes ``markdown`` with one link per item. Robots refuse bodies past their limit, so
markdown is cut on a UTF-8 boundary with "…及其他N项".

A robot answers HTTP 200 even when it refuses a message; its ``errcode`` says so, and a
non-zero one is a failed delivery (not retried: the same body would be refused again).
DingTalk's signed webhook takes ``timestamp`` (ms) and ``sign`` = urlencode(Base64(
HmacSHA256(key=secret, timestamp + "\\n" + secret))) appended to its address.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import quote_plus, urlsplit

from django.utils.translation import gettext as _

from . import conf, services
from .choices import Channel, DeliveryStatus, WebhookFormat

if TYPE_CHECKING:
    from .models import Delivery, Webhook

logger = logging.getLogger(__name__)

# Body limits, in UTF-8 bytes, of the text of a markdown message: WeCom's documented 4096;
# DingTalk documents no figure for its robot, and 20000 is the limit its users report.
WECOM_MARKDOWN_BYTES = 4096
DINGTALK_MARKDOWN_BYTES = 20000
# WeCom's template card: titles past these lengths (characters) are cut by the client.
WECOM_CARD_TITLE = 26
WECOM_CARD_TEXT = 112
WECOM_CARD_ROWS = 6
# The generic message's text names this many items, its list of items at most this many.
GENERIC_LINES = 30
GENERIC_ITEMS = 500


@dataclass
class Item:
    """One line of a message: what it says and the page it opens (absolute)."""

    text: str
    url: str = ""


@dataclass
class Message:
    """What an alert message says, whatever its format: a title, the key figures (label,
    value), the items each with its link, and the page the whole message opens."""

    title: str
    figures: list[tuple[str, str]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    url: str = ""
    # A card (one alert) rather than a list: a single item the message stands for.
    is_card: bool = False


def absolute(path: str) -> str:
    """The address of a page of zonetrack as a chat client must open it."""
    if not path or urlsplit(path).scheme:
        return path
    return f"{conf.site_url()}{path}"


def fit_bytes(text: str, limit: int) -> str:
    """The longest start of ``text`` of at most ``limit`` UTF-8 bytes, never half a character."""
    data = text.encode()
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def _more(n: int) -> str:
    return _("…and %(n)s more items") % {"n": n}


def _fit_lines(head: list[str], lines: list[str], limit: int) -> str:
    """Head and as many lines as fit in ``limit`` bytes; the rest counted in a last line."""
    text = fit_bytes("\n".join(head), limit)
    used = len(text.encode())
    for index, line in enumerate(lines):
        rest = len(lines) - index - 1
        # Room for this line, and for the "and N more" line should the next ones not fit.
        reserve = len(("\n" + _more(rest)).encode()) if rest else 0
        cost = len(("\n" + line).encode())
        if used + cost + reserve > limit:
            tail = "\n" + _more(len(lines) - index)
            return text + tail if used + len(tail.encode()) <= limit else text
        text += "\n" + line
        used += cost
    return text


def _md_escape(text: str) -> str:
    """Keep a name from closing a markdown link or starting markup."""
    return text.replace("[", "［").replace("]", "］").replace("\n", " ")


def _markdown(message: Message, limit: int, *, heading: str) -> str:
    head = [f"{heading} {_md_escape(message.title)}"]
    head += [f"> {label}：**{value}**" for label, value in message.figures]
    lines = [
        f"- [{_md_escape(item.text)}]({item.url})" if item.url else f"- {_md_escape(item.text)}"
        for item in message.items
    ]
    if message.url and not message.is_card:
        lines.append(f"[{_('Open in zonetrack')}]({message.url})")
    return _fit_lines(head, lines, limit)


def _plain(message: Message) -> str:
    figures = "; ".join(f"{label} {value}" for label, value in message.figures)
    lines = [item.text for item in message.items[:GENERIC_LINES]]
    if len(message.items) > GENERIC_LINES:
        lines.append(_more(len(message.items) - GENERIC_LINES))
    return "\n".join([message.title, *([figures] if figures else []), *lines])


def generic_payload(message: Message) -> dict[str, Any]:
    """zonetrack's own JSON: a plain text (the shape most chat hooks accept) and the same
    content as fields, for a receiver that reads them."""
    return {
        "msgtype": "text",
        "text": {"content": _plain(message)},
        "title": message.title,
        "url": message.url,
        "figures": [{"label": label, "value": value} for label, value in message.figures],
        "items": [{"text": i.text, "url": i.url} for i in message.items[:GENERIC_ITEMS]],
    }


def wecom_payload(message: Message) -> dict[str, Any]:
    """A WeCom group robot message: a ``text_notice`` card opening the page, or markdown."""
    if message.is_card and message.url:
        item = message.items[0] if message.items else Item(message.title)
        return {
            "msgtype": "template_card",
            "template_card": {
                "card_type": "text_notice",
                "source": {"desc": "zonetrack"},
                "main_title": {"title": message.title[:WECOM_CARD_TITLE]},
                "sub_title_text": item.text[:WECOM_CARD_TEXT],
                # Lengths past WeCom's advice are shortened by its client, not refused.
                "horizontal_content_list": [
                    {"keyname": label, "value": value}
                    for label, value in message.figures[:WECOM_CARD_ROWS]
                ],
                "jump_list": [{"type": 1, "url": message.url, "title": _("Open in zonetrack")}],
                "card_action": {"type": 1, "url": message.url},
            },
        }
    return {
        "msgtype": "markdown",
        "markdown": {"content": _markdown(message, WECOM_MARKDOWN_BYTES, heading="###")},
    }


def dingtalk_payload(message: Message) -> dict[str, Any]:
    """A DingTalk group robot message: an ``actionCard`` with one button, or markdown."""
    if message.is_card and message.url:
        return {
            "msgtype": "actionCard",
            "actionCard": {
                "title": message.title,
                "text": _markdown(message, DINGTALK_MARKDOWN_BYTES, heading="####"),
                "btnOrientation": "0",
                "singleTitle": _("Open in zonetrack"),
                "singleURL": message.url,
            },
        }
    return {
        "msgtype": "markdown",
        "markdown": {
            "title": message.title,
            "text": _markdown(message, DINGTALK_MARKDOWN_BYTES, heading="####"),
        },
    }


PAYLOADS: dict[str, Any] = {
    WebhookFormat.GENERIC: generic_payload,
    WebhookFormat.WECOM: wecom_payload,
    WebhookFormat.DINGTALK: dingtalk_payload,
}


def payload_for(fmt: str, message: Message) -> dict[str, Any]:
    """The body of ``message`` in the webhook's format."""
    build = PAYLOADS.get(str(fmt), generic_payload)
    payload: dict[str, Any] = build(message)
    return payload


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature of a request: urlencoded Base64 of the HmacSHA256 of
    ``timestamp + "\\n" + secret`` keyed with the secret."""
    digest = hmac.new(
        secret.encode(), f"{timestamp_ms}\n{secret}".encode(), digestmod=hashlib.sha256
    ).digest()
    return quote_plus(base64.b64encode(digest))


def signed_url(url: str, secret: str, timestamp_ms: int | None = None) -> str:
    """The address with DingTalk's ``timestamp`` and ``sign`` appended."""
    stamp = timestamp_ms if timestamp_ms is not None else round(time.time() * 1000)
    joiner = "&" if urlsplit(url).query else "?"
    return f"{url}{joiner}timestamp={stamp}&sign={dingtalk_sign(secret, stamp)}"


def validate_webhook_url(url: str) -> str | None:
    """The error of a webhook address, or None when it is a usable http(s) URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return _("The webhook address must be an http:// or https:// URL.")
    return None


def _robot_refusal(fmt: str, body: bytes) -> str:
    """A robot's refusal in its answer (``errcode`` other than 0), or "" when it took it."""
    if fmt not in (WebhookFormat.WECOM, WebhookFormat.DINGTALK):
        return ""
    try:
        answer = json.loads(body or b"{}")
    except ValueError:
        return _("The robot's answer is not JSON.")
    code = answer.get("errcode", 0) if isinstance(answer, dict) else 0
    if code in (0, "0", None):
        return ""
    return f"errcode {code}: {str(answer.get('errmsg', ''))[:500]}"


def send_json(
    url: str, payload: dict[str, Any], *, fmt: str = WebhookFormat.GENERIC, secret: str = ""
) -> tuple[str, int, str]:
    """POST a JSON message, retried a bounded number of times on a network error or an error
    status; a robot's refusal is final. Returns (status, attempts, last error); records
    nothing."""
    error = validate_webhook_url(url)
    if error:
        return DeliveryStatus.FAILED, 0, error
    body = json.dumps(payload, ensure_ascii=False).encode()
    attempts = conf.webhook_attempts()
    backoff = conf.webhook_backoff()
    status, last_error, attempt = DeliveryStatus.FAILED, "", 0
    for attempt in range(1, attempts + 1):
        address = signed_url(url, secret) if fmt == WebhookFormat.DINGTALK and secret else url
        # The scheme was checked above: only http and https are ever opened.
        request = urllib.request.Request(  # noqa: S310
            address,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        try:
            with urllib.request.urlopen(request, timeout=conf.webhook_timeout()) as response:  # noqa: S310
                code, answer = response.status, response.read(65536)
            if 200 <= code < 300:
                last_error = _robot_refusal(fmt, answer)
                status = DeliveryStatus.FAILED if last_error else DeliveryStatus.SENT
                break
            last_error = f"HTTP {code}"
        except urllib.error.HTTPError as exc:
            last_error = f"HTTP {exc.code}"
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            last_error = str(getattr(exc, "reason", exc))[:1000] or type(exc).__name__
        if attempt < attempts and backoff:
            time.sleep(backoff * 2 ** (attempt - 1))
    if status != DeliveryStatus.SENT:
        logger.warning("Webhook failed after %s attempts: %s", attempt, last_error)
    return status, attempt, last_error


def post_webhook(
    url: str,
    payload: dict[str, Any],
    *,
    fmt: str = WebhookFormat.GENERIC,
    secret: str = "",
    webhook: Webhook | None = None,
    digest_on: date | None = None,
) -> Delivery:
    """POST a JSON message (``send_json``) and record the outcome."""
    record: dict[str, Any] = {"channel": Channel.WEBHOOK, "target": url, "payload": payload}
    record |= {"webhook": webhook, "digest_on": digest_on}
    status, attempts, last_error = send_json(url, payload, fmt=fmt, secret=secret)
    return services.delivery_record(
        **record, status=status, attempts=attempts, last_error=last_error
    )
