"""Sums of money in a sentence: a money target, an achieved statistic in yuan (a quantity), or an
amount of investment with the project stage it refers to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..measures import indicator_metric, period, qualified, with_period
from ..model import Fact
from ..numbers import MONEY_RE, NUMBER, money_yuan, plain, to_number
from .context import WINDOW
from .projects import stage_of
from .targets import TARGET_MARKERS, metric_before, target_year

if TYPE_CHECKING:
    from .figures import SentenceFigures

# "投资过50亿元项目3个", "产值过亿元企业12家": a sum that is the threshold of a count
_THRESHOLD_TAIL_RE = re.compile(r"(以上)?(的)?(工业|规上|规模以上)?(项目|企业|公司)")
# "投资1亿元或2000万美元以上重大项目": two thresholds of one count
_EITHER_THRESHOLD_RE = re.compile(
    r"(?:以上)?或[^，。；]{1,12}?以上的?[\u4e00-\u9fff]{0,4}?(?:项目|企业|公司)"
)
# the planned investment of a project is an amount with status planned, not a target
_INVESTED_RE = re.compile(r"项目(?:计划|拟)?总投资(?:额)?(?:达|为|约|近|超过|超|共)?$")
_COPULA_END_RE = re.compile(r"(总投资|总额|金额|投资)?(达|为|约|近|超|过|共|合计)*$")
_REFERS_END_RE = re.compile(r"(达|为|约|近|超|过|共|合计|了)+$")
_PROJECT_COUNT_RE = re.compile(rf"({NUMBER})个(?:重点|新|大)?项目|项目({NUMBER})个")


@dataclass(frozen=True)
class Money:
    """One sum of money in a sentence and the words around it."""

    match: re.Match[str]
    start: int
    end: int
    yuan: int
    head: str
    """The three characters before the sum (约, 超过 …)."""
    tail: str
    """The six characters after the sum (以上, 左右 …)."""
    clause_start: int
    clause_end: int
    metric: str
    invested: bool
    """Whether the sum is the total investment of a project (项目总投资)."""

    @property
    def more(self) -> bool:
        return self.tail.startswith("以上") or self.head.endswith(("过", "超", "超过", "逾"))

    @property
    def about(self) -> bool:
        return self.head.endswith(("约", "近", "大约")) or self.tail.startswith("左右")


def money_figures(sentence: SentenceFigures) -> list[Fact]:
    """Every sum of money in the sentence that is a figure, as a target, quantity or amount."""
    facts = []
    for m in MONEY_RE.finditer(sentence.text):
        money = _money(sentence, m)
        if money is None:
            continue
        if sentence.is_target(money.start) and not money.invested:
            facts.append(_money_target(sentence, money))
            continue
        statistic = indicator_metric(sentence.ctx.text[money.clause_start : money.start])
        if statistic is not None:
            facts.append(_yuan_statistic(sentence, money, statistic))
        else:
            facts.append(_amount(sentence, money))
    facts += _foreign_money(sentence)
    return facts


# money in a foreign currency keeps its text and currency; its yuan are not known
_FOREIGN_RE = re.compile(rf"({NUMBER})(亿|千万|百万|万)?(多|余)?(美元|欧元|港元|港币|日元|英镑)")
_FOREIGN_THRESHOLD_RE = re.compile(r"以上的?[\u4e00-\u9fff]{0,4}?(?:项目|企业|公司)")
_CURRENCIES = {
    "美元": "USD",
    "欧元": "EUR",
    "港元": "HKD",
    "港币": "HKD",
    "日元": "JPY",
    "英镑": "GBP",
}


def _foreign_money(sentence: SentenceFigures) -> list[Fact]:
    """Sums in a foreign currency: a target or a statistic in that currency, else an amount
    with `amount_text`, `currency` and `amount_original` and no yuan."""
    ctx, text, s_start = sentence.ctx, sentence.ctx.text, sentence.span.start
    facts = []
    for m in _FOREIGN_RE.finditer(sentence.text):
        a, b = s_start + m.start(), s_start + m.end()
        original = money_yuan(m.group(1), m.group(2) or "")
        head, tail = text[max(s_start, a - 3) : a], text[b : b + 8]
        if original is None or (m.start() > 0 and sentence.text[m.start() - 1] in "数几上"):
            continue
        if _FOREIGN_THRESHOLD_RE.match(tail):
            continue  # "1000万美元以上重大项目12家": the threshold of a count
        c_start, _c_end = ctx.clause(a, b)
        currency = m.group(4)
        metric = metric_before(text, a, c_start)
        zone = ctx.zone_near(a)
        if sentence.is_target(a):
            fields: dict = {
                "metric": metric,
                "value": original,
                "unit": qualified(currency, head, m.group(3) or tail),
                "year": target_year(ctx, sentence.span, a),
            }
            kind = "target"
        else:
            more = tail.startswith("以上") or head.endswith(("过", "超", "超过", "逾"))
            about = head.endswith(("约", "近", "大约")) or tail.startswith("左右")
            fields = {
                "amount_text": m.group(0),
                "amount_yuan": None,
                "currency": _CURRENCIES[currency],
                "amount_original": original,
                "qualifier": ">=" if more or m.group(3) else ("~" if about else None),
                "refers_to": _REFERS_END_RE.sub("", text[c_start:a].strip("，、 ")) or metric,
                "status": _status_of(sentence, a, b),
            }
            kind = "amount"
        if zone:
            fields["zone"] = zone
        facts.append(ctx.fact(kind, fields, a, b, 0.7))
    return facts


def _status_of(sentence: SentenceFigures, a: int, b: int) -> str:
    """The project stage of a sum at a..b; money already arrived (实际到位, 实际进资) is in
    place."""
    text, span = sentence.ctx.text, sentence.span
    c_start, c_end = sentence.ctx.clause(a, b)
    if re.search(r"实际(?:到位|进资|使用|利用)|到位", text[c_start:b]):
        return "funds_in_place"
    lo = max(span.start, a - WINDOW)
    clause_text = text[lo : min(span.end, b + WINDOW)]
    return stage_of(clause_text, a - lo, (c_start - lo, c_end - lo))


def _money(sentence: SentenceFigures, m: re.Match[str]) -> Money | None:
    """The sum of money matched, or None when it records no figure (数十亿元, a threshold)."""
    ctx, text, s_start = sentence.ctx, sentence.ctx.text, sentence.span.start
    a, b = s_start + m.start(), s_start + m.end()
    tail = text[b : b + 6]
    head = text[max(s_start, a - 3) : a]
    if _THRESHOLD_TAIL_RE.match(tail) or _EITHER_THRESHOLD_RE.match(text, b):
        return None
    yuan = money_yuan(m.group(1), m.group(2) or "")
    if yuan is None or (m.start() > 0 and sentence.text[m.start() - 1] in "数几上"):
        return None  # "数十亿元", "上百亿元": no figure to record
    c_start, c_end = ctx.clause(a, b)
    return Money(
        match=m,
        start=a,
        end=b,
        yuan=yuan,
        head=head,
        tail=tail,
        clause_start=c_start,
        clause_end=c_end,
        metric=metric_before(text, a, c_start),
        invested=_INVESTED_RE.search(text[c_start:a]) is not None,
    )


def _money_target(sentence: SentenceFigures, money: Money) -> Fact:
    ctx, a = sentence.ctx, money.start
    fields = {
        "metric": money.metric,
        "value": money.yuan,
        "unit": qualified("元", money.head, money.tail),
        "year": target_year(ctx, sentence.span, a),
    }
    if ctx.zone_near(a):
        fields["zone"] = ctx.zone_near(a)
    sentence.metrics.append((a, money.metric))
    return ctx.fact("target", fields, a, money.end + (2 if money.more else 0), 0.7)


def _yuan_statistic(sentence: SentenceFigures, money: Money, statistic: str) -> Fact:
    """An achieved statistic (产值, 营业收入, 税收 …): a quantity in yuan."""
    ctx, a = sentence.ctx, money.start
    when = period(ctx.text[max(0, sentence.span.start - 120) : a])
    fields = {
        "metric": with_period(statistic, when),
        "value": money.yuan,
        "unit": qualified("元", money.head, money.tail),
    }
    if ctx.zone_near(a):
        fields["zone"] = ctx.zone_near(a)
    return ctx.fact("quantity", fields, a, money.end, 0.7)


def _amount(sentence: SentenceFigures, money: Money) -> Fact:
    """An amount of money with the project stage and the projects it refers to."""
    ctx, text, span = sentence.ctx, sentence.ctx.text, sentence.span
    a, b, c_start = money.start, money.end, money.clause_start
    refers, quote_from = _refers_to(sentence, money)
    fields = {
        "amount_text": money.match.group(0) + ("以上" if money.tail.startswith("以上") else ""),
        "amount_yuan": money.yuan,
        "qualifier": ">=" if money.more else ("~" if money.about else None),
        "refers_to": refers or money.metric,
        "status": _amount_status(sentence, money),
    }
    if ctx.zone_near(a):
        fields["zone"] = ctx.zone_near(a)
    counts = list(_PROJECT_COUNT_RE.finditer(text[max(span.start, c_start - 30) : b]))
    count = counts[-1] if counts else None
    if count:
        value = to_number(count.group(1) or count.group(2))
        if value is not None:
            fields["project_count"] = plain(value)
    when = ctx.dates_by_sentence.get(span.start)
    if when:
        fields["date"] = when
    return ctx.fact("amount", fields, quote_from, b, 0.75)


def _amount_status(sentence: SentenceFigures, money: Money) -> str:
    """The project stage an amount refers to."""
    text, span, a, b = sentence.ctx.text, sentence.span, money.start, money.end
    lo = max(span.start, a - WINDOW)
    clause_text = text[lo : min(span.end, b + WINDOW)]
    own = (money.clause_start - lo, money.clause_end - lo)
    status = stage_of(clause_text, a - lo, own)
    if (
        money.invested
        and stage_of(clause_text[: a - lo], a - lo) == "other"
        and (sentence.is_target(a) or TARGET_MARKERS.search(text, b, span.end))
    ):
        status = "planned"  # "项目总投资3亿元，计划年内开工": the 开工 is the plan
    return status


def _refers_to(sentence: SentenceFigures, money: Money) -> tuple[str, int]:
    """What an amount is the sum of, and where its quote starts."""
    ctx, text, span = sentence.ctx, sentence.ctx.text, sentence.span
    c_start = money.clause_start
    refers = text[c_start : money.start].strip("，、 ")
    quote_from = money.start
    bare = _COPULA_END_RE.sub("", refers)
    if len(bare) < 3:
        # "共有24个项目签约开工，总投资达286亿元": it refers to the clause before
        prev_start = ctx.clause(max(span.start, c_start - 1), c_start - 1)[0]
        if prev_start < c_start - 1:
            refers = text[prev_start : c_start - 1] + refers
            quote_from = prev_start
    return _REFERS_END_RE.sub("", refers), quote_from
