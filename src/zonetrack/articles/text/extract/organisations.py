"""Organisations: companies, groups, banks, institutes and government bodies, a proper name
before an organisation suffix."""

from __future__ import annotations

import re

from ..model import Fact
from .context import HAN, Context
from .names import generic, name_before, strip_lead
from .zones import ZONE_SUFFIX_RE

ORG_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "集团",
    "公司",
    "银行",
    "研究院",
    "研究所",
    "大学",
    "学院",
    "商会",
    "协会",
    "基金会",
    "交易所",
    # government bodies, named after their place (青山省科技厅, 白水市商务局)
    "科技厅",
    "商务厅",
    "财政厅",
    "工业和信息化厅",
    "发展和改革委员会",
    "发改委",
    "经信委",
    "科技局",
    "商务局",
    "统计局",
    "税务局",
    "财政局",
    "招商局",
)
# government bodies a zone has of its own (X开发区招商局): the zone name is their place
_BODY_SUFFIXES = frozenset(
    ("科技局", "商务局", "统计局", "税务局", "财政局", "招商局", "发改委", "经信委")
)
_ORG_RE = re.compile("|".join(sorted(ORG_SUFFIXES, key=len, reverse=True)))
_BASE_RE = re.compile(rf"([{HAN}]{{2,10}}(?:基地|中心|平台))（([{HAN}]{{2,6}})）")
_ORG_GENERIC = (
    "国有",
    "全资",
    "下属",
    "市场化",
    "招商",
    "相关",
    "各类",
    "有关",
    "骨干",
    "重点",
    "龙头",
    "上市",
    "民营",
    "外资",
    "本地",
    "一家",
    "多家",
    "这家",
    "该",
    "保险",
    "商业",
    "金融",
    "投资",
    "各",
    "平台",
    "科技",
    "建设",
)


def find_organisations(ctx: Context) -> list[Fact]:
    """Companies, groups, banks, institutes: a proper name before an organisation suffix."""
    text = ctx.text
    found: dict[str, tuple[int, int]] = {}
    last: tuple[str, int, int] | None = None  # the name found last: a body inside it runs on
    for match in _ORG_RE.finditer(text):
        if match.end() < len(text) and text[match.end()] in "化":
            continue
        got = name_before(text, match.end(), len(match.group(0)), limit=12)
        if got is None:
            continue
        start, name = got
        if last is not None and start < last[2] <= match.start():
            # a body of a body (X大学发展研究院): one name from the outer one's start, not two
            found.pop(last[0], None)
            start, name = last[1], text[last[1] : match.end()]
        else:
            prefix = name[: -len(match.group(0))]
            if prefix.startswith(_ORG_GENERIC) or len(prefix) < 2:
                continue
            if ZONE_SUFFIX_RE.search(prefix) and not (
                match.group(0) in _BODY_SUFFIXES and ZONE_SUFFIX_RE.search(prefix[-7:])
            ):
                # a firm inside a zone's name is not read; the zone's own bureau is a body
                continue
        found.setdefault(name, (start, match.end()))
        last = (name, start, match.end())
    for match in _BASE_RE.finditer(text):
        name = strip_lead(match.group(1))
        if generic(name):
            continue
        full = f"{name}（{match.group(2)}）"
        found.setdefault(full, (match.end() - len(full), match.end()))
    for name, (start, _end) in list(found.items()):
        if any(o != name and o.startswith(name) and found[o][0] == start for o in found):
            del found[name]
    return [ctx.fact("organisation", {"name": n}, s, e, 0.7) for n, (s, e) in found.items()]
