"""Counts in a sentence: the number of projects at a stage (签约项目24个) and counts that are
targets (引进企业100家); the project stages a figure can refer to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..model import Fact
from ..numbers import NUMBER, money_yuan, plain, to_number
from .context import HAN, WINDOW, Context
from .targets import metric_before, target_year

if TYPE_CHECKING:
    from .figures import SentenceFigures

STATUS_WORDS = (
    ("融资意向", "financing_intent"),
    ("签约开工", "signed_and_started"),
    ("签约并开工", "signed_and_started"),
    ("完成投资", "completed_investment"),
    ("到位资金", "funds_in_place"),
    ("资金到位", "funds_in_place"),
    ("实际到位", "funds_in_place"),
    ("竣工投产", "in_production"),
    ("投产", "in_production"),
    ("达产", "in_production"),
    ("竣工", "completed"),
    ("建成", "completed"),
    ("在建", "under_construction"),
    ("开工", "started"),
    ("签约", "signed"),
    ("签订", "signed"),
    ("签署", "signed"),
    ("洽谈", "negotiating"),
    ("在谈", "negotiating"),
    ("计划投资", "planned"),
    ("拟投资", "planned"),
    ("计划总投资", "planned"),
    ("建成后", "planned"),
    ("投产后", "planned"),
    ("达产后", "planned"),
    ("规划", "planned"),
)
_STATUS_OF = dict(STATUS_WORDS)
_STATUS_RE = re.compile("|".join(sorted(_STATUS_OF, key=len, reverse=True)))
COUNT_UNITS = "个家条座所户人"
_RANGE = rf"{NUMBER}(?:(?:至|到|-|－|~|—)\s*{NUMBER})?"
_COUNT_RE = re.compile(rf"({_RANGE})(万)?([{COUNT_UNITS}])(以上)?")
_THRESHOLD_RE = re.compile(rf"(过|超过|超|以上)?({NUMBER})(亿|万)元(以上)?项目$")
_COUNT_NOUN_RE = re.compile(rf"[{HAN}、]{{1,20}}?(?=[，。；、]|$|进行|的)")
_RANGE_SPLIT_RE = re.compile(r"至|到|-|－|~|—")
_COUNT_LEAD_RE = re.compile(r"^(共有|共|其中|全年|累计|新|有)+")
_TARGET_LEAD_RE = re.compile(r"^(力争|今年|要|将|并|全力|大力|重点)+")


def stage_of(clause: str, upto: int, own: tuple[int, int] | None = None) -> str:
    """The project stage a figure refers to: a status word in the figure's own clause (`own`,
    offsets in `clause`), else the one nearest before it in its sentence, else the nearest after
    it. A longer word wins over one inside it: 签约开工 over 开工."""
    hits = [(m.start(), m.end(), _STATUS_OF[m.group(0)]) for m in _STATUS_RE.finditer(clause)]
    if own is not None:
        inside = [h for h in hits if own[0] <= h[0] and h[1] <= own[1]]
        if inside:
            return min(inside, key=lambda h: abs(h[0] - upto))[2]
    before = [h for h in hits if h[0] < upto]
    if before:
        return max(before)[2]
    after = [h for h in hits if h[0] >= upto]
    return min(after)[2] if after else "other"


def _range_value(text: str) -> int | float | str | None:
    """A count ("24") as a number, a range of counts ("1-2") as text; None when unreadable."""
    parts = _RANGE_SPLIT_RE.split(text)
    values = [to_number(p.strip()) for p in parts if p.strip()]
    if not values or any(v is None for v in values):
        return None
    if len(values) == 1:
        return plain(values[0])  # type: ignore[arg-type]
    return "-".join(str(plain(v)) for v in values)  # type: ignore[arg-type]


@dataclass
class Passage:
    """The sentence and stage of the last project count: a breakdown after 其中 in the next
    sentence has the stage of its whole."""

    index: int = -2
    status: str = "other"


@dataclass(frozen=True)
class Count:
    """One count in a sentence (24个, 1-2家, 1万户) and the clause around it."""

    match: re.Match[str]
    start: int
    end: int
    value: int | float | str
    clause_start: int
    clause_end: int
    head: str
    """The clause up to the count."""
    is_of_projects: bool


def count_figures(sentence: SentenceFigures, passage: Passage) -> list[Fact]:
    """Counts of projects that are not targets, and counts that are targets."""
    facts = []
    for m in _COUNT_RE.finditer(sentence.text):
        count = _count(sentence, m)
        if count is None:
            continue
        if sentence.is_target(count.start):
            fact = _count_target(sentence, count)
        elif count.is_of_projects and isinstance(count.value, int):
            fact = _project_count(sentence, count, passage)
        else:
            fact = None
        if fact is not None:
            facts.append(fact)
    return facts


def _count(sentence: SentenceFigures, m: re.Match[str]) -> Count | None:
    """The count matched, or None when it is part of another figure or no count at all."""
    ctx, text = sentence.ctx, sentence.ctx.text
    a, b = sentence.span.start + m.start(), sentence.span.start + m.end()
    if a > 0 and (text[a - 1].isdigit() or text[a - 1] in "第前"):
        return None
    if text.startswith("百分点", b):
        return None  # a percentage-point gap, read with the percentages
    value = _range_value(m.group(1))
    if m.group(2) and isinstance(value, int | float):
        value = plain(Decimal(str(value)) * 10_000)  # "1万户"
    if value is None or m.group(1) == "一":
        return None
    after = text[b : b + 12]
    c_start, c_end = ctx.clause(a, b)
    head = text[c_start:a]
    return Count(
        match=m,
        start=a,
        end=b,
        value=value,
        clause_start=c_start,
        clause_end=c_end,
        head=head,
        is_of_projects=after.startswith(("项目", "重点项目", "新项目", "大项目"))
        or head.endswith("项目"),
    )


def _project_count(sentence: SentenceFigures, count: Count, passage: Passage) -> Fact:
    """How many projects are at a stage (签约项目24个); the stage is remembered in `passage`."""
    ctx, text, span = sentence.ctx, sentence.ctx.text, sentence.span
    a, b, c_start, c_end = count.start, count.end, count.clause_start, count.clause_end
    lo = max(span.start, a - WINDOW)
    clause_text = text[lo : min(span.end, b + WINDOW)]
    status = stage_of(clause_text, a - lo, (c_start - lo, c_end - lo))
    if (
        status == "other"
        and passage.index >= sentence.index - 1
        and "其中" in text[max(span.start, a - 60) : a]
    ):
        status = passage.status  # a breakdown after 其中 has the status of its whole
    passage.index, passage.status = sentence.index, status
    refers = _COUNT_LEAD_RE.sub("", text[c_start:a] + text[b:c_end])
    fields: dict[str, Any] = {"count": count.value, "refers_to": refers[:40], "status": status}
    if count.match.group(4):
        fields["qualifier"] = ">="
    before = count.head
    limit = _THRESHOLD_RE.search(before if before.endswith("项目") else "")
    limit = limit or _THRESHOLD_RE.search(before + text[b : b + 2])
    if limit:
        fields["threshold_yuan"] = money_yuan(limit.group(2), limit.group(3))
    if ctx.zone_near(a):
        fields["zone"] = ctx.zone_near(a)
    when = ctx.dates_by_sentence.get(span.start)
    if when:
        fields["date"] = when
    return ctx.fact("project_count", fields, a, b, 0.75)


def _count_target(sentence: SentenceFigures, count: Count) -> Fact | None:
    """A count that is a target (引进企业100家), named after its noun or the words before it;
    None when it names nothing."""
    ctx, text, m = sentence.ctx, sentence.ctx.text, count.match
    a, b, c_start = count.start, count.end, count.clause_start
    noun = _COUNT_NOUN_RE.match(text[b : count.clause_end])
    unit = m.group(3) + ("（以上）" if m.group(4) else "")
    before = count.head
    if m.group(3) == "个" and noun is None and not before:
        return None
    threshold = None
    limit = _THRESHOLD_RE.search(before)
    if limit:
        threshold = money_yuan(limit.group(2), limit.group(3))
        metric = "投资" + limit.group(0).replace("项目", "").replace("投资", "") + "项目"
        metric = metric.replace("投资投资", "投资")
    elif before and not noun:
        metric = metric_before(text, a, c_start)
    else:
        verb = _TARGET_LEAD_RE.sub("", before)
        metric = (verb + (noun.group(0) if noun else "")).strip("、，")
    if not metric:
        return None
    fields = {
        "metric": metric[:40],
        "value": count.value,
        "unit": unit,
        "year": target_year(ctx, sentence.span, a),
    }
    if threshold:
        fields["threshold_yuan"] = threshold
    if ctx.zone_near(a):
        fields["zone"] = ctx.zone_near(a)
    return ctx.fact("target", fields, a, b, 0.65)


# a clause that is only a status and a count ("已开工建设24个", "开工15家") after a count of
# projects in its sentence: the 项目 is left out of the parallel list
_ELIDED_RE = re.compile(
    r"(?<=[，,；;])\s*(?:已|已经|累计|共|目前)?(?:已)?"
    r"(开工建设|建成投产|签约落地|开工|签约|投产|竣工|在建|在谈|落地)了?"
    rf"({NUMBER})(个|家)(?=[，,。；;]|$)"
)


def elided_counts(ctx: Context, facts: list[Fact]) -> list[Fact]:
    """Project counts whose 项目 is left out ("引进项目22个，开工15家"): one per clause made of a
    status word and a count, in a sentence that already counts projects."""
    counted = {ctx.sentence_at(f.start).start for f in facts if f.type == "project_count"}
    taken = {(f.start, f.end) for f in facts}
    found = []
    for m in _ELIDED_RE.finditer(ctx.text):
        sentence = ctx.sentence_at(m.start())
        if sentence.start not in counted or (m.start(), m.end()) in taken:
            continue
        value = _range_value(m.group(2))
        if value is None:
            continue
        a = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        status = stage_of(m.group(1), 0)
        fields: dict = {"count": value, "refers_to": ctx.text[a : m.end()], "status": status}
        if ctx.zone_near(a):
            fields["zone"] = ctx.zone_near(a)
        found.append(ctx.fact("project_count", fields, a, m.end(), 0.6))
    return found
