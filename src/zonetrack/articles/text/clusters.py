"""Industry clusters in free form: "涉及A、B等领域", "以A、B和C为主导产业", "打造A、B产业集群"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .model import Fact
from .numbers import cn_to_int

if TYPE_CHECKING:
    from .extract import Context

HAN = "\u4e00-\u9fff"
_LIST_RE = re.compile(rf"[{HAN}]{{2,24}}(?:、[{HAN}]{{2,24}}){{1,12}}")
# what closes a list of industries: "等领域", "三大千亿级优势产业集群", "为主导产业", "产业链条"
_CLOSE_RE = re.compile(
    r"(?:形成了?(?:完整|完善|完备)?的?)?(?:等|为)?(?:[一二三四五六七八九十两\d]{1,3}[大个])?"
    r"(?:千亿级|百亿级|优势|主导|支柱|战略性新兴|新兴|特色|重点|高端|现代|新){0,3}"
    r"(产业集群|产业链条|产业链|主导产业|支柱产业|产业|领域|行业|集群|板块)"
)
_OPEN_RE = re.compile(
    r"^.{0,20}(?:涉及|涵盖了|涵盖|面向|形成了|形成|打造|发展|培育|聚焦|壮大|成立了|包括|既有|以)"
)
_BARE_CLOSE_RE = re.compile(r"等()(?=[。；;，,])")
_TOPIC_OPEN_RE = re.compile(r"^.{0,20}(?:涉及|涵盖了|涵盖)")
_LAST_CUT = re.compile(
    r"形成(?=了?(?:完整|完善|完备)?的?(?:产业链|产业集群))|为(?=主导|支柱|重点|特色|优势|核心)|等|[一二三四五六七八九十两\d]{1,3}[大个]|"
    r"产业集群|产业链|产业|领域|行业|集群"
)
_NOT_INDUSTRY = re.compile(
    r"项目|企业|公司|园|开发区|高新区|市|县|省|镇|局|政策|服务中心|其中|将|在|"
    r"完善|拓展|延伸|供暖|部$|规划|编制|瞄准|基地"
)


_ZONE_LEAD_RE = re.compile(rf"[{HAN}]{{2,12}}?(?:园区|开发区|高新区|经开区|新区)")


def _drop_lead(listing: str) -> str:
    """What stands before the first industry is not one: a modifier ending in 的 (…相配套的A、B)
    or the zone the list belongs to (X产业园区A、B)."""
    at = listing.rfind("的", 0, listing.rfind("、"))
    if at >= 0:
        listing = listing[at + 1 :]
    zone = _ZONE_LEAD_RE.match(listing)
    if zone and zone.end() < listing.find("、"):
        listing = listing[zone.end() :]
    return listing


_SECTOR_END_RE = re.compile(r"(?<!产)业$")


def _items(listing: str) -> list[str]:
    items = listing.split("、")
    last = items[-1]
    if "及" not in last and "和" in last:
        items[-1:] = [i for i in last.split("和") if i]  # "A、B和C": the 和 joins the list
    elif "及" in last:
        # "A、B及现代服务业": a whole sector after 及 is an item of its own; "汽车及零部件"
        # and "新能源及智能制造" stay one item
        head, _sep, tail = last.partition("及")
        if len(head) >= 2 and len(tail) >= 3 and _SECTOR_END_RE.search(tail):
            items[-1:] = [head, tail]
    return [i.strip("“”") for i in items if i.strip("“”")]


def find_free_clusters(ctx: Context) -> list[Fact]:
    """Lists of two or more industries closed by an industry word (产业, 领域, 行业, 产业集群 …)
    or opened by 涉及/涵盖/以…为; a stated number ("三大") must match the list."""
    text = ctx.text
    facts: list[Fact] = []
    for m in _LIST_RE.finditer(text):
        listing = m.group(0)
        last_at = listing.rfind("、") + 1
        cut = _LAST_CUT.search(listing, last_at)
        end = m.start() + (cut.start() if cut else len(listing))
        close = _CLOSE_RE.match(text, end)
        listing = text[m.start() : end]
        if close is None:
            # "涉及A、B、C等。": what a list of industries is about may be left unsaid
            close = _BARE_CLOSE_RE.match(text, end)
            if close is None or _TOPIC_OPEN_RE.match(listing) is None:
                continue
        if close.end() - end > 14:
            continue
        opened = _OPEN_RE.match(listing)
        if opened:
            listing = listing[opened.end() :]
        listing = _drop_lead(listing)
        items = _items(listing)
        if len(items) < 2 or any(len(i) > 10 or _NOT_INDUSTRY.search(i) for i in items):
            continue
        stated = re.match(r"(?:等)?([一二三四五六七八九十两]{1,3})[大个]", text[end : end + 5])
        if stated and cn_to_int(stated.group(1)) != len(items):
            items = [i.strip("“”") for i in listing.split("、")]  # keep 和 inside its item
            if cn_to_int(stated.group(1)) != len(items):
                continue
        name = "、".join(items[:2]) + "等" + close.group(1)
        fields: dict[str, Any] = {"name": name, "items": items}
        if ctx.zone_near(m.start()):
            fields["zone"] = ctx.zone_near(m.start())
        facts.append(ctx.fact("industry_cluster", fields, m.start(), close.end(), 0.6))
    return facts
