"""Firms and bodies named without a legal suffix: in lists before 等, and at a project's head."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from . import lexicon
from .lexicon import DATA
from .model import Fact

if TYPE_CHECKING:
    from .extract import Context

HAN = "\u4e00-\u9fff"


@functools.cache
def _endings(anchored: bool = True) -> re.Pattern[str]:
    lines = (DATA / "firm_endings.txt").read_text(encoding="utf-8").splitlines()
    words = sorted({w.strip() for w in lines if w.strip() and not w.startswith("#")}, key=len)
    return re.compile(
        "(?:" + "|".join(re.escape(w) for w in reversed(words)) + ")" + ("$" if anchored else "")
    )


def _endings_re() -> re.Pattern[str]:
    return _endings(True)


# a run of at least two short names joined by 、 (bounded items, no nested repeats)
_LIST_RE = re.compile(rf"[{HAN}]{{2,16}}(?:[、.．][{HAN}]{{2,16}}){{1,30}}")
_CLOSE_RE = re.compile(
    r"等(?:[\d一二三四五六七八九十两几多余]{0,6}[个家户所])?"
    r"(?:重点|骨干|龙头|新|大|签约|入驻|工业|规上)?(?:项目|企业|公司|单位|部门|机构|院校)"
)
# the last word that opens a list of names ("园区入驻有A、B"): the first name starts after it
_LEAD_RE = re.compile(r"^[^、]{0,14}(?:其中|包括|入驻|引进|签约|落户|有|由|继|如)了?")
_TAIL_RE = re.compile(r"(?:生产基地|基地|总部|加油站|项目)$")
_NOT_NAMES = re.compile(
    r"产业|发展|建设|工作|政策|服务|管理|经济|技术|行业|领域|市场|高新区|开发区|"
    r"信息|结构|制造|性能|纳米|节能|高端|现代|先进|绿色|数字|临港|新型|打造|作为|涵盖|成立|了|将|"
    r"企业园|产业园|工业园|一期|二期|新建|扩建|改建|续建|在建|技改|实施|推进|启动|开展"
)
_GENERIC_START = ("智能", "生物", "电子", "一批", "一些", "多家", "各类", "相关", "存在")
# a list of industries, not of names: "涉及A、B等领域", "发展A、B等产业"
_INDUSTRY_AFTER = re.compile(
    rf"等?[\d一二三四五六七八九十两几多]{{0,4}}[大个项]?[{HAN}]{{0,4}}?(?:领域|产业|行业|板块|集群|方向|链)"
)
_HEAD_RE = re.compile(rf"[{HAN}]{{2,24}}?项目")
# where a clause that may open with a project's name starts: a sentence, after ；, after 比如，
_CLAUSE_OPEN_RE = re.compile(r"[；;]|(?:比如|例如|譬如)[，,：:]")


def _head_starts(ctx: Context) -> list[int]:
    starts = [ctx.clause(s.start, s.start)[0] for s in ctx.sentences]
    starts += [m.end() for m in _CLAUSE_OPEN_RE.finditer(ctx.text)]
    return starts


def _firm_head(words: str) -> str | None:
    """The firm's name at the head of a project's name: up to its industry words, which may
    follow one another (远山汽车新能源); what follows them names the product or the plant
    (远山玻璃深加工及门窗制造 → 远山玻璃)."""
    word = _endings(False).search(words, 2)
    if word is None:
        return None
    end = word.end()
    while (more := _endings(False).match(words, end)) is not None:
        end = more.end()
    return words[:end]


_BODY_END_RE = re.compile(r"(?:厂|局|厅|委|支队|院|学校|大学)$")
_ZONE_WORD_RE = re.compile(r"高新区|开发区|经开区")


def _generic(item: str) -> bool:
    """Words of industries, places in a zone or verbs in the name, outside its ending (the
    ending may be a body such as 市场监督管理局)."""
    ending = _endings_re().search(item)
    head = item[: ending.start()] if ending else item
    if ending and _BODY_END_RE.search(item):
        # a zone's own plant or office is named with the zone (X高新区污水处理厂)
        head = _ZONE_WORD_RE.sub("", head)
    return item.startswith(_GENERIC_START) or _NOT_NAMES.search(head) is not None


def _is_firm(item: str) -> bool:
    """A distinctive name of at least two characters before an industry word or kind of body."""
    ending = _endings_re().search(item)
    return ending is not None and ending.start() >= 2 and not _generic(item)


def _place_and_name(item: str) -> bool:
    """A place followed by at least two characters of a name of its own."""
    place = max((k for k in (2, 3, 4) if item[:k] in lexicon.places()), default=0)
    return place > 0 and 2 <= len(item) - place <= 6


def find_firms(ctx: Context) -> list[Fact]:
    """Names in a list that closes with "等…项目/企业/部门", or a list whose names mostly end in
    an industry word (科技, 电子 …) or a kind of body (统计局); and a firm at the head of its
    project ("星河科技项目总投资…")."""
    text = ctx.text
    found: dict[str, tuple[int, int]] = {}
    for m in _LIST_RE.finditer(text):
        items = [i for i in re.split(r"[、.．]", m.group(0)) if i]
        end = m.end()
        # the last name runs on into the sentence: it ends before 等, or at its industry word
        last = items[-1]
        cut = last.find("等")
        if cut >= 0:
            end -= len(last) - cut
            last = last[:cut]
        closed = _CLOSE_RE.match(text, end) is not None
        if not closed:
            word = _endings(False).search(last, 2)
            last = last[: word.end()] if word else last
        items[-1] = last
        if not items[-1]:
            continue
        if not closed and _INDUSTRY_AFTER.match(text, end):
            continue
        items[0] = _LEAD_RE.sub("", items[0])
        items = [_TAIL_RE.sub("", i) if closed else i for i in items]
        # in a list closed by "等…部门/企业" a kind of body alone is a name too (地税局)
        firms = [i for i in items if _is_firm(i) or (closed and _endings_re().search(i))]
        if not firms or (not closed and 2 * len(firms) < len(items)):
            continue
        # in a long list of firms a name without an industry word is a firm too when it is a
        # place and a name of its own (星城兴业 among 星城电子、星城电气、…)
        mostly = len(items) >= 4 and 4 * len(firms) >= 3 * len(items)
        for item in items if closed or mostly else firms:
            if len(item) < 2 or len(item) > 14 or _generic(item):
                continue
            if not closed and not _is_firm(item) and not (mostly and _place_and_name(item)):
                continue
            at = text.find(item, m.start(), m.end())
            found.setdefault(item, (at, at + len(item)))
    for c_start in _head_starts(ctx):
        head = _HEAD_RE.match(text, c_start)
        if head is None:
            continue
        name = _firm_head(_LEAD_RE.sub("", head.group(0)[:-2]))
        if name and 2 < len(name) <= 12 and _is_firm(name):
            at = text.find(name, c_start, head.end())
            found.setdefault(name, (at, at + len(name)))
    return [ctx.fact("organisation", {"name": n}, s, e, 0.6) for n, (s, e) in found.items()]
