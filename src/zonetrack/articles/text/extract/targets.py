"""Targets: what marks a figure as forward-looking, the metric and year a target is about, and
targets without a figure (a goal, a quoted slogan, a milestone with its time)."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import Fact
from .context import WINDOW, Context, Span

TARGET_MARKERS = re.compile(
    r"力争|争取|(?<!完成)(?<!年度)目标(?!任务)|确保|预计|(?<!完成)(?<!全年)计划(?!总?投资)|"
    r"到(?:19|20)\d\d年|今年(?:要|将|计划|引进|实现|完成)|"
    r"(?<![重主需只必想还总纲摘首])要(?![求素点是务闻害])|将[实完建打推引培形启获]|实现.{0,6}翻番|"
    r"启动|力求"
)
# between a marker and a figure, words that report what is done end the marker's reach
# ("计划年底完工，目前已完成投资3亿元")
_ACHIEVED_RE = re.compile(r"目前|截至|截止|已(?:完成|实现|达到|累计|建成)")
_GOAL_GOES_ON_RE = re.compile(
    r"实现|完成|达到|新增|引进|培育|建成|形成|打造|力争|确保|争取|推动|年均|其中|全年|"
    r"新开工|开工|主营|工业|规上|规模以上|固定资产|税收|财政|地区生产总值|营业收入"
)
PLAN_VERB_RE = re.compile(r"(形成|打造|建成|培育|引进|新增|推动|启动|新建|实施)$")
_METRIC_LEAD = (
    "实现",
    "完成",
    "达到",
    "突破",
    "力争",
    "确保",
    "争取",
    "新增",
    "引进",
    "培育",
    "打造",
    "推动",
    "形成",
    "启动",
    "建设",
    "年均",
    "其中",
    "全年",
    "今年",
    "到",
    "使",
)


def metric_before(text: str, start: int, clause_start: int) -> str:
    """What a figure at `start` measures: its clause up to the figure, without the year, the
    verbs and the copulas around it."""
    run = text[clause_start:start]
    run = re.sub(r"^(力争|争取|确保|计划)?(到|在|至)?(19|20)\d\d年(底|末)?", "", run)
    run = re.sub(r"(达|为|是|共|约|近|超|过|逾|了|到|突破|达到|总额|合计)+$", "", run)
    cut = max(run.rfind(c) for c in "的，、“”元%")
    if cut >= 0 and len(run) - cut > 2:
        run = run[cut + 1 :]
    changed = True
    while changed:
        changed = False
        for word in _METRIC_LEAD:
            if run.startswith(word) and len(run) > len(word) + 1:
                run = run[len(word) :]
                changed = True
    return run.strip(" ，、")[:30]


def target_year(ctx: Context, sentence: Span, pos: int) -> int | None:
    """The year a target at `pos` is set for: 到2025年 or 2025年要 before it in its sentence, else
    the publication year when the text before it speaks of this year (今年, 全年)."""
    segment = ctx.text[max(sentence.start, pos - 2 * WINDOW) : pos]
    years = re.findall(
        r"(?:到|至)((?:19|20)\d\d)年|((?:19|20)\d\d)年(?:要|将|力争|计划|争取|全年)", segment
    )
    years = [a or b for a, b in years]
    if years:
        return int(years[-1])
    if ("今年" in segment or "全年" in segment) and ctx.pub_date is not None:
        return ctx.pub_date.year
    return None


def marker_reaches(text: str, sentence_start: int, pos: int) -> bool:
    """Whether a target marker of the sentence reaches the figure at `pos`: a marker reaches to
    the end of its sentence but not past a semicolon (the parts of a sentence listing several
    projects each say whether they are plans), nor past words reporting what is done."""
    part_start = max(sentence_start, text.rfind("；", sentence_start, pos) + 1)
    # a part without a subject of its own ("力争到2030年，实现A；实现B") continues the goal
    while part_start > sentence_start and _GOAL_GOES_ON_RE.match(text, part_start):
        part_start = max(sentence_start, text.rfind("；", sentence_start, part_start - 1) + 1)
    marker = TARGET_MARKERS.search(text, part_start, pos)
    return marker is not None and not _ACHIEVED_RE.search(text, marker.end(), pos)


def target_at(ctx: Context) -> Callable[[int], bool]:
    """Whether a figure at a position is forward-looking: after a target marker in its sentence,
    or right after a plan verb ("形成1-2个", "推动100家")."""
    markers: dict[int, int | None] = {}

    def at(pos: int) -> bool:
        sentence = ctx.sentence_at(pos)
        if sentence.start not in markers:
            found = TARGET_MARKERS.search(ctx.text, sentence.start, sentence.end)
            markers[sentence.start] = found.start() if found else None
        marker = markers[sentence.start]
        if marker is not None and pos >= marker and marker_reaches(ctx.text, sentence.start, pos):
            return True
        return bool(PLAN_VERB_RE.search(ctx.text, max(0, pos - 4), pos))

    return at


# ---- goals without a figure ------------------------------------------------------------------

_GOAL_RE = re.compile(
    r"((?:创建|升级|晋升|争创|建成|创成|升格|建设|打造)(?:为)?(?:国家级|省级|世界一流|全国一流|国际一流)[\u4e00-\u9fff]{0,10}?(?:开发区|高新区|新区|园区|示范区|示范基地))"
    r"(?:这个|这一)?(?:为)?目标"
)


# a quoted slogan named as the goal to strive for: 以“…”作为奋斗目标, 围绕“…”的奋斗目标 (a
# slogan that only orients, 以“…”为目标 or “…”的目标定位, is a motto, not a goal)
_SLOGAN_GOAL_RE = re.compile(r"[“\"]([^“”\"\n]{2,40})[”\"](?:的|作为|为)奋斗目标")
# a milestone with a time and no figure: 计划年内投产, 近日将正式开工, 预计年底完成主体工程
_MILESTONE_RE = re.compile(
    r"(?:(?:计划|预计|力争|争取|确保|将|拟)(?:于|在)?"
    r"(?:年内|年底|年末|年前|近期|近日|月底|明年|下半年|上半年|今年)"
    r"|(?:年内|年底|年末|年前|近期|近日|月底|明年|下半年|上半年|今年)"
    r"(?:计划|预计|力争|争取|确保|将|拟))"
    r"(?:将|可|能)?(?:正式|全面|全部|建成)?"
    r"(投产|开工|竣工|完工|投用|投入使用|投入运营|运营|试产|试生产|开业|封顶|完成主体工程)"
    r"(?=[，。；,;！!]|$)"
)


def _goal_metric(ctx: Context, start: int, end: int) -> str:
    """What a figureless goal is about: its clause up to the goal's verb."""
    c_start, _ = ctx.clause(start, start)
    return ctx.text[max(c_start, end - 40) : end]


def find_goals(ctx: Context) -> list[Fact]:
    """Targets without a figure: "以升级国家级开发区为目标", a quoted slogan as the goal, a
    milestone with its time ("计划年内投产")."""
    facts = []
    found = [(m, m.group(1)) for m in _GOAL_RE.finditer(ctx.text)]
    found += [(m, m.group(1)) for m in _SLOGAN_GOAL_RE.finditer(ctx.text)]
    found += [(m, _goal_metric(ctx, m.start(), m.end())) for m in _MILESTONE_RE.finditer(ctx.text)]
    for m, metric in found:
        fields = {
            "metric": metric,
            "value": None,
            "unit": None,
            "year": target_year(ctx, ctx.sentence_at(m.start()), m.start()),
        }
        if ctx.main_zone:
            fields["zone"] = ctx.main_zone
        facts.append(ctx.fact("target", fields, m.start(), m.end(), 0.6))
    return facts
