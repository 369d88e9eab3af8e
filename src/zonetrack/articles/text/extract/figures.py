"""Figures read sentence by sentence: money, percentages, ranks and counts, each a step of its
own; percentages and ranks are targets only (growth rates with a year or a plan)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Fact
from .amounts import money_figures
from .context import Context, Span
from .projects import Passage, count_figures
from .targets import PLAN_VERB_RE, TARGET_MARKERS, marker_reaches, metric_before, target_year

_PERCENT_RE = re.compile(r"(\d{1,24}(?:\.\d{1,12})?)%(?:、(\d{1,24}(?:\.\d{1,12})?)%)*")
_PERCENT_VALUE_RE = re.compile(r"(\d+(?:\.\d+)?)%")
_TOP_RE = re.compile(r"前(\d+)强")
_RANK_VERB_RE = re.compile(r"^(跻身|进入|迈入|位居|挺进|跃居|争创|争进)")


@dataclass
class SentenceFigures:
    """One sentence being read for figures, and what its earlier figures left for later ones."""

    ctx: Context
    index: int
    span: Span
    text: str
    """The sentence's own text; match offsets in it are relative to ``span.start``."""
    target_from: int | None
    """Where the sentence's first target marker is: every figure after it is a target."""
    metrics: list[tuple[int, str]] = field(default_factory=list)
    """Money targets in order (position, metric), for 分别 and 年均增长 after them."""

    @classmethod
    def at(cls, ctx: Context, index: int, span: Span) -> SentenceFigures:
        """The sentence `index` of the text, its target marker found."""
        text = ctx.text[span.start : span.end]
        marker = TARGET_MARKERS.search(text)
        return cls(ctx, index, span, text, span.start + marker.start() if marker else None)

    def is_target(self, pos: int) -> bool:
        """Whether the figure at `pos` is forward-looking."""
        if self.target_from is not None and pos >= self.target_from:
            return marker_reaches(self.ctx.text, self.span.start, pos)
        # "形成1-2个", "推动100家": a plan verb right before the figure, not a past "了"
        return bool(PLAN_VERB_RE.search(self.ctx.text, max(0, pos - 4), pos))


def find_figures(ctx: Context) -> list[Fact]:
    """Amounts, project counts and targets (money, percentages, counts, ranks)."""
    facts: list[Fact] = []
    passage = Passage()
    for index, span in enumerate(ctx.sentences):
        if index % 256 == 0:
            ctx.check()
        sentence = SentenceFigures.at(ctx, index, span)
        facts += money_figures(sentence)
        facts += percent_targets(sentence)
        facts += rank_targets(sentence)
        facts += count_figures(sentence, passage)
    return facts


def percent_targets(sentence: SentenceFigures) -> list[Fact]:
    """Percentages that are targets, each named after the money target before it (分别: one
    each), else after the words before it."""
    ctx, text, s_start = sentence.ctx, sentence.ctx.text, sentence.span.start
    facts = []
    for m in _PERCENT_RE.finditer(sentence.text):
        a = s_start + m.start()
        if not sentence.is_target(a):
            continue
        values = [float(v) if "." in v else int(v) for v in _PERCENT_VALUE_RE.findall(m.group(0))]
        before = text[max(s_start, a - 8) : a]
        growth = "增长" if "增长" in before else ("提高" if "提高" in before else "")
        label = (growth and ("年均" + growth if "年均" in before else growth)) or "比例"
        named = [metric for pos, metric in sentence.metrics if pos < a]
        if len(values) > 1 and "分别" in before and len(named) >= len(values):
            names = named[-len(values) :]
        elif named:
            names = [named[-1]] * len(values)
        else:
            names = [metric_before(text, a, ctx.clause(a, a)[0])] * len(values)
        year = target_year(ctx, sentence.span, a)
        for name, value in zip(names, values, strict=False):
            metric = name + label if label != "比例" else name
            fields = {"metric": metric, "value": value, "unit": "%", "year": year}
            if ctx.main_zone:
                fields["zone"] = ctx.main_zone
            facts.append(ctx.fact("target", fields, a, s_start + m.end(), 0.7))
        # a growth rate belongs to the metrics before it; later ones start a new list
        sentence.metrics = [(p, n) for p, n in sentence.metrics if p > a]
    return facts


def rank_targets(sentence: SentenceFigures) -> list[Fact]:
    """Ranks that are targets: "跻身……前60强"."""
    ctx, text, s_start = sentence.ctx, sentence.ctx.text, sentence.span.start
    facts = []
    for m in _TOP_RE.finditer(sentence.text):
        a = s_start + m.start()
        if not sentence.is_target(a):
            continue
        c_start, _ = ctx.clause(a, a)
        subject = _RANK_VERB_RE.sub("", text[c_start:a])
        fields = {
            "metric": subject + "排名",
            "value": int(m.group(1)),
            "unit": "前N强",
            "year": target_year(ctx, sentence.span, a),
        }
        facts.append(ctx.fact("target", fields, a, s_start + m.end(), 0.7))
    return facts
