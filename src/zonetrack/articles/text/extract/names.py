"""Proper names before a suffix (zones and organisations): where a name starts and what is not
part of it (lead verbs, common words, dates)."""

from __future__ import annotations

import re

from .. import lexicon
from .context import is_han

# Words that start a clause but are not part of a name ("访", "推进", "加快推进" …).
LEAD_WORDS = (
    "加快推进",
    "大力推进",
    "积极推进",
    "全力推进",
    "全面打造",
    "加快打造",
    "着力打造",
    "重点打造",
    "加快建设",
    "加快发展",
    "培育发展",
    "培育壮大",
    "积极融入",
    "依托",
    "借助",
    "推进",
    "推动",
    "打造",
    "建设",
    "创建",
    "建成",
    "引进",
    "培育",
    "形成",
    "发展",
    "围绕",
    "落户",
    "入驻",
    "进驻",
    "支持",
    "组建",
    "成立",
    "设立",
    "访问",
    "走进",
    "来到",
    "考察",
    "参观",
    "对接",
    "联合",
    "携手",
    "积极",
    "全力",
    "大力",
    "加快",
    "着力",
    "全面",
    "进一步",
    "要",
    "访",
    "在",
    "和",
    "与",
    "及",
    "对",
    "把",
    "将",
    "向",
    "是",
    "为",
    "到",
    "从",
    "由",
    "以",
    "使",
    "让",
    "被",
    "经",
    "于",
    "同",
    "了",
    "的",
    "等",
    "即",
    "其",
    "该",
    "原",
)
_STOP_CHARS = set("的了是在将把对为和与及或就都也还又被让使向从于个这那其该等着过")
_NUMERAL_START_RE = re.compile(rf"^[\d{'一二三四五六七八九十两几多'}]")


def strip_lead(name: str) -> str:
    """The name without the verbs and particles a clause starts with ("加快推进X" → "X")."""
    changed = True
    while changed and name:
        changed = False
        # a place that starts with a lead word's characters (于都, 和平) is no lead word
        place = max((k for k in (2, 3, 4) if name[:k] in lexicon.places()), default=0)
        for word in LEAD_WORDS:
            if name.startswith(word) and len(name) > len(word) + 1 and len(word) < place:
                continue
            if name.startswith(word) and len(name) > len(word) + 1:
                name = name[len(word) :]
                changed = True
                break
        # "入驻有X学院": 有 leads a name only when a place follows it (有色金属 is a word)
        if not changed and name.startswith("有") and len(name) > 3 and anchor(name[1:]) == 0:
            name = name[1:]
            changed = True
    return name


def anchor(prefix: str) -> int | None:
    """Index of the earliest place name (administrative division) in the prefix of a name."""
    places = lexicon.places()
    for i in range(len(prefix) - 1):
        for size in (4, 3, 2):
            if prefix[i : i + size] in places:
                return i
    return None


def generic(name: str) -> bool:
    """True when a name starts with a common word rather than a proper name (中心, 新兴 …)."""
    common = lexicon.common_words()
    return any(name[:size] in common for size in (4, 3, 2) if len(name) >= size)


_CUT_WORDS = (
    "不含",
    "哪些",
    "创建",
    "升级",
    "建设",
    "申请",
    "争创",
    "打造",
    "列入",
    "同意",
    "助推",
    "成为",
    "致力于",
    "作为",
    "依托",
    "借助",
    "推进",
    "加快",
    "培育",
    "围绕",
    "对照",
    "起草",
    "根据",
    "按照",
    "包括",
    "带动",
    "暨",
    "以及",
    "或者",
    "参与",
    "进入",
    "入驻",
    "落户",
    "签约",
    "合作",
    "实施",
)


def _in_place(run: str, i: int) -> bool:
    """Whether the character at `i` is inside a place name of the run."""
    places = lexicon.places()
    return any(
        run[j : j + k] in places
        for j in range(max(0, i - 3), i + 1)
        for k in (2, 3, 4)
        if j + k > i and j + k <= len(run)
    )


_BRACKETED_PLACE_RE = re.compile(r"（[\u4e00-\u9fff]{2,4}）")
_GENERIC_STARTS = (
    "国家级",
    "省级",
    "市级",
    "全国",
    "全省",
    "全市",
    "一流",
    "这个",
    "该",
    "各",
    "其他",
    "相关",
    "现代化",
    "新型",
    "综合",
    "重点",
    "主要",
    "城市",
    "中心",
    "所在",
    "周边",
    "其",
    "本",
)


def name_before(
    text: str, end: int, suffix_len: int, limit: int = 14, floor: int = 0
) -> tuple[int, str] | None:
    """The proper name that ends at text[end] (its last `suffix_len` chars are the suffix):
    a place name (administrative division) and what follows it, or a proper name that is not
    a common word. `floor` is where an earlier name ended: a name never reaches back over it."""
    begin = end - suffix_len
    a = begin
    while a > floor and begin - a < limit and (is_han(text[a - 1]) or text[a - 1] in "（）—"):
        a -= 1
    run = text[a:begin]
    stops = [i for i, ch in enumerate(run) if ch in _STOP_CHARS or ch in "（）暨—"]
    # a place spelt with a stop character (和平, 于都) or a place in brackets inside the name
    # ("深圳（河源）产业园") does not end the name there
    while stops and (
        _in_place(run, stops[-1])
        or (run[stops[-1]] == "（" and _BRACKETED_PLACE_RE.match(run, stops[-1]))
        or (run[stops[-1]] in "）—" and anchor(run[max(0, stops[-1] - 4) : stops[-1]]) is not None)
    ):
        stops.pop()
    cut = stops[-1] if stops else -1
    if cut >= 0 and run[cut] == "其" and run[cut + 1 : cut + 2] == "中":
        cut += 1  # "其中X园": 中 belongs to 其中, not to the name
    run = run[cut + 1 :]
    if run[:1] in ("年", "月", "日", "号") and a + cut >= 0 and text[a + cut].isdigit():
        # "2014年X经开区", "2013年度省产业园": a name starts at its place, never at a date
        run = run[2:] if run.startswith("年度") else run[1:]
    for word in _CUT_WORDS:
        at = run.rfind(word)
        if at >= 0 and at + len(word) < len(run):
            run = run[at + len(word) :]
        elif at >= 0:
            return None
    run = strip_lead(run)
    if run.startswith("—"):
        return None
    double = re.match(r"([\u4e00-\u9fff]{2,4}?)[\u4e00-\u9fff]{2,4}（\1）", run)
    if double and double.group(1) in lexicon.places():
        # "甲市乙（甲）产业园": the host city said twice, the name is 乙（甲）产业园
        run = run[len(double.group(1)) :]
    if not run or run.startswith(_GENERIC_STARTS):
        return None
    if anchor(run) == 0:
        prefix = run
    elif len(run) < 2 or generic(run) or _NUMERAL_START_RE.match(run):
        return None
    else:
        prefix = run
    return end - suffix_len - len(prefix), text[end - suffix_len - len(prefix) : end]
