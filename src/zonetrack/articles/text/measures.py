"""Achieved statistics, counts, ranks and their qualifiers: the reader's quantity facts."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .lexicon import DATA
from .model import Fact
from .numbers import NUMBER, cn_to_int, money_yuan, plain, to_number

if TYPE_CHECKING:
    from .extract import Context

HAN = "\u4e00-\u9fff"


@functools.cache
def _words(name: str) -> tuple[str, ...]:
    """A word list shipped in data/, longest first (so that 总产值 wins over 产值)."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    words = {w.strip() for w in lines if w.strip() and not w.startswith("#")}
    return tuple(sorted(words, key=len, reverse=True))


@functools.cache
def _indicator_re() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in _words("indicators.txt")))


@functools.cache
def _noun_end_re() -> re.Pattern[str]:
    """A count noun ending a run of text (the noun before its count: 企业210余家)."""
    return re.compile("(?:" + "|".join(re.escape(w) for w in _words("count_nouns.txt")) + ")$")


@functools.cache
def _noun_re() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in _words("count_nouns.txt")))


_SPENDING = re.compile(r"投资|资金|融资|贷款|基金|补贴|补助|奖励|奖金|红包|资助")
QUALIFIERS_BEFORE = ("超过", "突破", "大约", "接近", "约", "近", "超", "过", "逾")
QUALIFIERS_AFTER = ("以上", "左右", "多", "余")


def indicator_metric(prefix: str) -> str | None:
    """The statistic a sum of money reports ("工业总产值" in "全区完成工业总产值483.1亿元"), or
    None when the words before it are not a statistic or speak of spending (investment, funds)."""
    tail = prefix[-24:]
    found = None
    for m in _indicator_re().finditer(tail):
        found = m
    if found is None or _SPENDING.search(tail[found.start() :]):
        return None
    if _SPENDING.search(tail[: found.start()][-6:]):
        return None  # "投资收入", "资金收入": about spending
    start = found.start()
    stops = "，、；：。“”（）的 %元"
    while start > 0 and tail[start - 1] not in stops and found.end() - start < 14:
        start -= 1
    return tail[start : found.end()].lstrip("完成实现全区")


def qualified(unit: str, head: str, tail: str) -> str:
    """The unit with the qualifier written beside the figure in brackets: 元（超过）, 家（余）."""
    for word in QUALIFIERS_AFTER:
        if tail.startswith(word):
            return f"{unit}（{word}）"
    for word in QUALIFIERS_BEFORE:
        if head.endswith(word):
            return f"{unit}（{word}）"
    return unit


_PERIOD_RE = re.compile(
    r"((?:19|20)\d\d年)?(上半年|下半年|前三季度|第?[一二三四]季度|1[-—－~至]\d{1,2}月|全年)"
)


def period(text: str) -> str:
    """The reporting period named last in `text` ("2018年上半年"), or ""."""
    found = None
    for m in _PERIOD_RE.finditer(text[-120:]):
        found = m
    return found.group(0) if found else ""


def with_period(metric: str, when: str) -> str:
    return f"{metric}（{when}）" if when else metric


# ---- percentages and percentage-point gaps -----------------------------------------------------

_PERCENT_RE = re.compile(r"(\d{1,24}(?:\.\d{1,12})?)(%|％|个百分点)")
_GROWTH = (
    *("同比增长", "增长", "增速", "提高", "下降", "回落"),
    *("增幅", "占比", "比重", "高于", "低于"),
)


def _percent_metric(ctx: Context, sentence_start: int, pos: int) -> str:
    before = ctx.text[max(sentence_start, pos - 60) : pos]
    named = None
    for m in _indicator_re().finditer(before):
        named = m
    label = next((w for w in _GROWTH if w in before[-12:]), "")
    base = before[named.start() : named.end()] if named else ""
    return (base + label) or "比例"


# ---- counts and ranks --------------------------------------------------------------------------

COUNT_UNITS = "家个户名人位条套所座"
_COUNT_RE = re.compile(rf"(?<![\d.第前])({NUMBER})(万)?(余|多)?([{COUNT_UNITS}])")
# the words between a noun and its count ("企业总数达"); applied to one clause only
_LEADS = re.compile(
    r"(?:达到|达|共有|共计|共|合计|有|约|近|超过|超|逾|为|已|累计|增至|总数|数量|的){1,6}$"
)
_THRESHOLD_RE = re.compile(rf"(?:过|超过|超)({NUMBER}|)(亿|万)元|({NUMBER})(亿|万)元以上")
_RANK_RE = re.compile(r"第([一二三四五六七八九十百\d]{1,6})(位|名)?(?![批期届次季轮个家条章部项])")
_RANK_LEAD = re.compile(r"排名|位列|位居|名列|排在|排位|居全|列全|排全|排")


def _count_value(number: str, wan: str) -> int | float | None:
    if number in ("一", "千", "百", "万", "两") or (number.isdigit() is False and len(number) > 6):
        return None
    value = to_number(number)
    if value is None or value <= 0:
        return None
    if wan:
        value = value * Decimal(10_000)
    return plain(value)


def find_measures(ctx: Context, target_at: Callable[[int], bool]) -> list[Fact]:
    """Achieved percentages and percentage-point gaps, counts of firms, institutions, parks,
    people and products (both word orders), and ranks; figures in a forward-looking passage are
    left to the target reader."""
    text = ctx.text
    facts: list[Fact] = []
    for index, sentence in enumerate(ctx.sentences):
        if index % 256 == 0:
            ctx.check()
        s_text = text[sentence.start : sentence.end]
        when = period(text[max(0, sentence.start - 120) : sentence.start] + s_text)
        for m in _PERCENT_RE.finditer(s_text):
            a, b = sentence.start + m.start(), sentence.start + m.end()
            unit = "个百分点" if m.group(2) == "个百分点" else "%"
            if unit == "%" and target_at(a):
                continue  # read as a target with its year
            value = to_number(m.group(1))
            if value is None:
                continue
            head = text[max(sentence.start, a - 4) : a].rstrip("在达为")
            unit = qualified(unit, head, text[b : b + 2])
            metric = with_period(_percent_metric(ctx, sentence.start, a), when)
            fields: dict[str, Any] = {"metric": metric[:60], "value": plain(value), "unit": unit}
            type_ = "quantity"
            if m.group(2) == "个百分点" and target_at(a):
                type_ = "target"
                fields["year"] = None
            if ctx.zone_near(a):
                fields["zone"] = ctx.zone_near(a)
            facts.append(ctx.fact(type_, fields, a, b, 0.65))
        for m in _COUNT_RE.finditer(s_text):
            a, b = sentence.start + m.start(), sentence.start + m.end()
            if target_at(a) or text.startswith("百分点", b):
                continue
            count = _count_value(m.group(1), m.group(2) or "")
            if count is None:
                continue
            c_start, c_end = ctx.clause(a, b)
            after = text[b : min(c_end, b + 12)]
            if after.startswith(("项目", "重点项目", "新项目", "大项目", "亿元以上")):
                continue  # project counts are their own facts
            noun = _noun_re().search(after)
            before = _LEADS.sub("", text[c_start:a].rstrip())
            noun_before = _noun_end_re().search(before)
            if noun is None and noun_before is None:
                continue
            if noun is not None and noun_before is None:
                between = after[: noun.start()]
                if re.search(r"[%，。]|项目", between):
                    continue
                metric = after[: noun.end()]
            else:
                metric = before[-20:]
            head = text[max(sentence.start, a - 3) : a]
            unit = qualified(m.group(4), head, m.group(3) or "")
            fields = {"metric": with_period(metric, when)[:60], "value": count, "unit": unit}
            limit = _THRESHOLD_RE.search(text[c_start:a] + after)
            if limit:
                number = limit.group(3) or limit.group(1) or "1"  # "过亿元": one 亿
                fields["threshold_yuan"] = money_yuan(number, limit.group(4) or limit.group(2))
            if ctx.zone_near(a):
                fields["zone"] = ctx.zone_near(a)
            facts.append(ctx.fact("quantity", fields, a, b, 0.6))
        for m in _RANK_RE.finditer(s_text):
            a, b = sentence.start + m.start(), sentence.start + m.end()
            lead = text[max(sentence.start, a - 8) : a]
            if not _RANK_LEAD.search(lead) or target_at(a):
                continue
            number = m.group(1)
            rank = int(number) if number.isdigit() else cn_to_int(number)
            if not rank:
                continue
            c_start, _ = ctx.clause(a, b)
            subject = text[c_start:a]
            subject = subject if subject.endswith("排名") else subject + "排名"
            fields = {"metric": with_period(subject, when)[:60], "value": rank}
            fields["unit"] = "位"
            if ctx.zone_near(a):
                fields["zone"] = ctx.zone_near(a)
            facts.append(ctx.fact("quantity", fields, a, b, 0.6))
    return facts
