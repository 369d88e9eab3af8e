"""Fact extraction from cleaned Simplified Chinese text.

Rules, not models: sentences are split on 。！？ and line breaks, clauses on ，；：. Each fact
carries the clause (or clauses) that support it, sliced from the cleaned text, so its quote is
always verbatim. Facts whose quote touches □ (characters lost in the source) get low confidence.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zonetrack.core.limits import Budget

from . import lexicon
from .clusters import find_free_clusters
from .events import find_more_dates
from .firms import find_firms
from .measures import find_measures, indicator_metric, period, qualified, with_period
from .model import Fact
from .numbers import MONEY_RE, NUMBER, cn_to_int, money_yuan, plain, to_number

HAN = "\u4e00-\u9fff"
SENTENCE_END = "。！？!?\n"
CLAUSE_END = SENTENCE_END + "，；,;：:●"
CLAUSE_REACH = 120
"""How far a quote reaches either side of its figure when there is no punctuation."""
WINDOW = 200
"""How far before a figure its sentence is searched (status words, years, zones)."""

# ---- zones ------------------------------------------------------------------------------------

ZONE_SUFFIXES = (
    "经济技术开发区",
    "高新技术产业开发区",
    "高新技术开发区",
    "经济开发区",
    "技术开发区",
    "工业开发区",
    "开发区",
    "高新区",
    "经开区",
    "综合保税区",
    "保税区",
    "保税港区",
    "自由贸易试验区",
    "自贸试验区",
    "自贸区",
    "工业园区",
    "产业园区",
    "科技园区",
    "工业园",
    "产业园",
    "科技园",
    "物流园",
    "新区",
    "示范区",
    "合作区",
    "产业集聚区",
)
MAJOR_SUFFIXES = ("开发区", "高新区", "经开区", "新区", "保税区", "自贸区", "试验区")
_ZONE_SUFFIX_RE = re.compile("|".join(sorted(ZONE_SUFFIXES, key=len, reverse=True)))
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


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


class Context:
    """The text being read, its sentences and the facts found so far."""

    def __init__(
        self, text: str, pub_date: date | None, zones: Iterable[str], damaged: list[tuple[int, int]]
    ) -> None:
        self.text = text
        self.pub_date = pub_date
        names = {z.strip() for z in zones if isinstance(z, str)}
        self.extra_zones = tuple(sorted((z for z in names if 2 <= len(z) <= 60), key=len))
        self.damaged = damaged
        self.sentences = _split(text, SENTENCE_END)
        self.bounds = [
            i
            for i, ch in enumerate(text)
            if ch in CLAUSE_END
            and not (
                ch in ":,："
                and 0 < i < len(text) - 1
                and text[i - 1].isdigit()
                and text[i + 1].isdigit()
            )
        ]
        self.year_counts: Counter[int] | None = None
        self.main_zone: str | None = None
        self.zone_names: list[str] = []
        self.dates_by_sentence: dict[int, str] = {}
        self.budget: Budget | None = None
        self._zone_at: dict[int, str | None] = {}  # zone_near is asked twice for most figures

    def check(self) -> None:
        """Refuse once the reading's time budget is spent."""
        if self.budget is not None:
            self.budget.check()

    def zone_near(self, pos: int) -> str | None:
        """The zone named last before `pos` in its sentence, else the article's main zone."""
        if pos not in self._zone_at:
            self._zone_at[pos] = self._zone_before(pos)
        return self._zone_at[pos]

    def _zone_before(self, pos: int) -> str | None:
        sentence = self.sentence_at(pos)
        segment = self.text[max(sentence.start, pos - WINDOW) : pos]
        best: tuple[int, str] | None = None
        for name in self.zone_names:
            if not name.endswith(MAJOR_SUFFIXES):
                continue
            at = segment.rfind(name)
            if at >= 0 and (best is None or at > best[0]):
                best = (at, name)
        return best[1] if best else self.main_zone

    def sentence_at(self, pos: int) -> _Span:
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            span = self.sentences[mid]
            if pos < span.start:
                hi = mid - 1
            elif pos >= span.end:
                lo = mid + 1
            else:
                return span
        return _Span(pos, pos)

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause(s) around text[start:end], trimmed of spaces and quote marks at the ends;
        at most CLAUSE_REACH characters either side, so text without punctuation stays cheap."""
        text = self.text
        k = bisect.bisect_left(self.bounds, start)
        a = self.bounds[k - 1] + 1 if k > 0 else 0
        a = max(a, start - CLAUSE_REACH)
        k = bisect.bisect_left(self.bounds, end)
        b = self.bounds[k] if k < len(self.bounds) else len(text)
        b = min(b, end + CLAUSE_REACH)
        dash = text.rfind("——", a, start)
        if dash >= 0:
            a = dash + 2
        while a < b and (
            text[a] in " —-·●"
            or (text[a] in "“‘" and text.count("”", a, b) <= text.count("“", a, b) - 1)
        ):
            a += 1
        while b > a and (
            text[b - 1] == " "
            or (text[b - 1] in "”’" and text.count("“", a, b) < text.count("”", a, b))
        ):
            b -= 1
        return a, b

    def fact(self, type_: str, fields: dict, start: int, end: int, confidence: float) -> Fact:
        """A fact whose quote is the clause around text[start:end]."""
        a, b = self.clause(start, end)
        quote = self.text[a:b]
        if "□" in quote:
            confidence = min(confidence, 0.3)
        return Fact(type_, fields, quote, a, b, round(confidence, 2))


def _split(text: str, ends: str) -> list[_Span]:
    spans = []
    start = 0
    for i, ch in enumerate(text):
        if ch in ends:
            if i + 1 > start:
                spans.append(_Span(start, i + 1))
            start = i + 1
    if start < len(text):
        spans.append(_Span(start, len(text)))
    return spans


def _strip_lead(name: str) -> str:
    changed = True
    while changed and name:
        changed = False
        for word in LEAD_WORDS:
            if name.startswith(word) and len(name) > len(word) + 1:
                name = name[len(word) :]
                changed = True
                break
    return name


def _anchor(prefix: str) -> int | None:
    """Index of the earliest place name (administrative division) in the prefix of a name."""
    places = lexicon.places()
    for i in range(len(prefix) - 1):
        for size in (4, 3, 2):
            if prefix[i : i + size] in places:
                return i
    return None


def _generic(name: str) -> bool:
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


def _name_before(
    text: str, end: int, suffix_len: int, limit: int = 14, floor: int = 0
) -> tuple[int, str] | None:
    """The proper name that ends at text[end] (its last `suffix_len` chars are the suffix):
    a place name (administrative division) and what follows it, or a proper name that is not
    a common word. `floor` is where an earlier name ended: a name never reaches back over it."""
    begin = end - suffix_len
    a = begin
    while a > floor and begin - a < limit and (_is_han(text[a - 1]) or text[a - 1] in "（）"):
        a -= 1
    run = text[a:begin]
    cut = max((i for i, ch in enumerate(run) if ch in _STOP_CHARS or ch in "（）暨"), default=-1)
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
    run = _strip_lead(run)
    if not run or run.startswith(_GENERIC_STARTS):
        return None
    if _anchor(run) == 0:
        prefix = run
    elif len(run) < 2 or _generic(run) or _NUMERAL_START_RE.match(run):
        return None
    else:
        prefix = run
    return end - suffix_len - len(prefix), text[end - suffix_len - len(prefix) : end]


_CATEGORY_RE = re.compile(
    r"^(?:中国|国家级|国家|省级|市级|县级|市管|省管|省|市|县|示范|重点|一般|优秀|全国|各类|各|首批){0,4}$"
)


_BARE_ZONE_RE = re.compile(rf"(?<![{HAN}])(经济技术开发区|经济开发区|高新区|经开区|开发区)")
# the paper or site of the source line names the place: 来源：青山日报, 来源：青山发布
_SOURCE_PLACE_RE = re.compile(
    rf"(?:来源|稿源|来自)[:：]\s*([{HAN}]{{2,3}}?)[市县区]?"
    r"(?:日报|晚报|新闻网|新闻|发布|融媒体中心|电视台|广播电视台|网)"
)


def _zone_of_source_line(text: str, found: dict) -> str | None:
    """An article that only ever says 高新区 / 经开区 is about the zone of the place its source
    line names ("来源：青山日报" → 青山高新区); the name is added to `found`."""
    head = text[:300]
    source = _SOURCE_PLACE_RE.search(head)
    if source is None or source.group(1) not in lexicon.places():
        return None
    bare = Counter(m.group(1) for m in _BARE_ZONE_RE.finditer(text, 0, 5000))
    if not bare:
        return None
    suffix, count = bare.most_common(1)[0]
    if count < 2:
        return None
    at = text.find(suffix)
    name = source.group(1) + suffix
    found.setdefault(name, (at, at + len(suffix), 0.6, suffix))
    return name


_RENAMED_RE = re.compile(r"(?:原名|原称|更名为|改名为|改称|前身为|前身是|曾用名)[：:]?[“\"「]?$")


def find_zones(ctx: Context) -> list[Fact]:
    """Zones: the registry's and shipped names verbatim, then place name + zone suffix."""
    text = ctx.text
    found: dict[str, tuple[int, int, float, str | None]] = {}
    counts: Counter[str] = Counter()
    known = sorted({*ctx.extra_zones, *lexicon.gazetteer()}, key=len, reverse=True)
    if known:
        # one pass over the text for all known names (the registry may hold thousands)
        for match in re.finditer("|".join(map(re.escape, known)), text):
            name = match.group(0)
            counts[name] += 1
            found.setdefault(name, (match.start(), match.end(), 0.9, None))
    floor = 0
    for match in _ZONE_SUFFIX_RE.finditer(text):
        suffix = match.group(0)
        got = _name_before(text, match.end(), len(suffix), floor=floor)
        floor = match.end()
        if got is None:
            continue
        start, name = got
        prefix = name[: -len(suffix)]
        if _CATEGORY_RE.match(prefix):
            continue  # 省级开发区, 中国产业园区, 省示范工业园: a kind of zone, not a zone
        place = _anchor(prefix)
        if place == 0:
            place_len = max(n for n in (2, 3, 4) if prefix[:n] in lexicon.places())
            extra = len(prefix) - place_len
            if suffix == "开发区" and (extra > 3 or prefix.endswith(("省", "市"))):
                continue
            if extra > 8:
                continue
        if any(start >= s and match.end() <= e for s, e, _c, _p in found.values()):
            counts[name] += 1
            continue
        counts[name] += 1
        anchored = _anchor(name[: -len(suffix)]) is not None
        found.setdefault(name, (start, match.end(), 0.8 if anchored else 0.6, suffix))
        # "襄汾、安泽经济技术开发区": the shared suffix belongs to each place of the list
        descriptor = re.match(r"^(.*?)(经济技术|高新技术产业|高新技术|经济)?(开发区|高新区)$", name)
        if descriptor and start >= 3 and text[start - 1] == "、":
            k = start - 1
            b = k
            while b > 0 and _is_han(text[b - 1]) and k - b < 4:
                b -= 1
            place = _strip_lead(text[b:k])
            if 2 <= len(place) <= 4 and (place in lexicon.places() or anchored):
                other = place + name[len(descriptor.group(1)) :]
                found.setdefault(other, (b, match.end(), 0.7, suffix))
                counts[other] += 1
    for name in list(found):
        if any(other != name and other.endswith(name) for other in found):
            del found[name]
    main = None
    majors = [n for n in counts if n.endswith(MAJOR_SUFFIXES) and n in found]
    if majors:
        main = max(majors, key=lambda n: (counts[n], len(n)))
    if main is None:
        main = _zone_of_source_line(text, found)
    ctx.main_zone = main
    ctx.zone_names = sorted(found, key=len, reverse=True)
    # a former or later name (原名“X”, 更名为“Y”) is an alias of the zone, not a zone of its own
    aliases = [
        n
        for n, (start, *_rest) in found.items()
        if main and n != main and _RENAMED_RE.search(text, max(0, start - 5), start)
    ]
    facts = []
    for name, (start, end, confidence, suffix) in found.items():
        if name in aliases:
            continue
        fields: dict = {"name": name}
        if name == main and aliases:
            fields["aliases"] = aliases
        if (
            main
            and name != main
            and suffix in ("工业园区", "产业园区", "工业园", "自贸区", "园区", "科技园区")
            and not name.startswith(main)
        ):
            fields["parent"] = main
        facts.append(ctx.fact("zone", fields, start, end, confidence))
    return facts


# ---- organisations ----------------------------------------------------------------------------

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
        got = _name_before(text, match.end(), len(match.group(0)), limit=12)
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
            if _ZONE_SUFFIX_RE.search(prefix):
                continue
        found.setdefault(name, (start, match.end()))
        last = (name, start, match.end())
    for match in _BASE_RE.finditer(text):
        name = _strip_lead(match.group(1))
        if _generic(name):
            continue
        full = f"{name}（{match.group(2)}）"
        found.setdefault(full, (match.end() - len(full), match.end()))
    for name, (start, _end) in list(found.items()):
        if any(o != name and o.startswith(name) and found[o][0] == start for o in found):
            del found[name]
    return [ctx.fact("organisation", {"name": n}, s, e, 0.7) for n, (s, e) in found.items()]


# ---- dates ------------------------------------------------------------------------------------

_DATE_RE = re.compile(
    r"(?:(?P<y>(?:19|20)\d\d)年|(?P<rel>今年|去年|明年))?(?P<m>1[0-2]|0?[1-9])月(?:(?P<d>3[01]|[12]\d|0?[1-9])[日号])?"
    r"(?:(?:至|到|—|-|－|~)(?:(?P<m2>1[0-2]|0?[1-9])月)?(?P<d2>3[01]|[12]\d|0?[1-9])[日号])?"
)
_ISO_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})(?!\d)")
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _year_for(ctx: Context, pos: int, month: int) -> tuple[int, str] | None:
    """The year of a date written without one: the publication year (the year before when the
    month is later than publication), else a year named in the same sentence, else the year the
    text names most."""
    if ctx.pub_date is not None:
        year = ctx.pub_date.year
        year = year - 1 if month > ctx.pub_date.month + 1 else year
        return year, "publication date"
    sentence = ctx.sentence_at(pos)
    lo = max(sentence.start, pos - WINDOW)
    years = [
        (abs(m.start() + lo - pos), int(m.group(1)))
        for m in _YEAR_RE.finditer(ctx.text[lo : min(sentence.end, pos + WINDOW)])
    ]
    if years:
        year = min(years)[1]
        return year, f"{year} in the same sentence"
    if ctx.year_counts is None:
        ctx.year_counts = Counter(int(m.group(1)) for m in _YEAR_RE.finditer(ctx.text))
    counted = ctx.year_counts
    if not counted:
        return None
    year = counted.most_common(1)[0][0]
    return year, f"{year}, the year the text names most"


def _event(ctx: Context, end: int) -> str:
    text = ctx.text
    b = end
    while b < len(text) and text[b] not in CLAUSE_END and b - end < 60:
        b += 1
    event = text[end:b].strip(" ，,")
    event = re.sub(r"^(在|于|，|的)", "", event)
    event = re.sub(r"(上|时|期间|中)$", "", event)
    return event[:40]


def find_dates(ctx: Context) -> list[Fact]:
    """Dated events: full dates, year-months, day ranges; dates without a year are resolved."""
    facts = []
    text = ctx.text
    for match in _ISO_DATE_RE.finditer(text):
        try:
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
        value = day.isoformat()
        event = "publication" if ctx.pub_date == day else _event(ctx, match.end())
        a, b = match.start(), match.end()
        line_start = text.rfind("\n", 0, a) + 1
        line_end = text.find("\n", b)
        line_end = len(text) if line_end < 0 else line_end
        if line_end - line_start < 60:
            quote = text[line_start:line_end].strip()
            q_start = text.find(quote, line_start)
            facts.append(
                Fact(
                    "date",
                    {"date": value, "event": event},
                    quote,
                    q_start,
                    q_start + len(quote),
                    0.8,
                )
            )
        else:
            facts.append(ctx.fact("date", {"date": value, "event": event}, a, b, 0.8))
        ctx.dates_by_sentence.setdefault(ctx.sentence_at(a).start, value)
    for match in _DATE_RE.finditer(text):
        month = int(match.group("m"))
        if match.start() > 0 and text[match.start() - 1].isdigit():
            continue
        year = int(match.group("y")) if match.group("y") else None
        inferred = None
        if match.group("rel"):
            if ctx.pub_date is None:
                continue
            year = ctx.pub_date.year + {"今年": 0, "去年": -1, "明年": 1}[match.group("rel")]
            inferred = f"{match.group('rel')}, from the publication date"
        if year is None:
            if not match.group("d"):
                continue  # "6月" alone is too vague
            found = _year_for(ctx, match.start(), month)
            if found is None:
                continue
            year, inferred = found
        try:
            if match.group("d"):
                value = date(year, month, int(match.group("d"))).isoformat()
            else:
                value = f"{year:04d}-{month:02d}"
            if match.group("d2"):
                month2 = int(match.group("m2") or month)
                value += "/" + date(year, month2, int(match.group("d2"))).isoformat()
        except ValueError:
            continue
        if ctx.pub_date is not None and value == ctx.pub_date.isoformat():
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_end = text.find("\n", match.end())
            line_end = len(text) if line_end < 0 else line_end
            if line_end - line_start < 60 and match.start() < 300:
                quote = text[line_start:line_end].strip()
                q_start = text.find(quote, line_start)
                fields = {"date": value, "event": "publication"}
                facts.append(Fact("date", fields, quote, q_start, q_start + len(quote), 0.8))
                continue
        end = match.end()
        a, b = ctx.clause(match.start(), end)
        if b - end <= 1 and b < len(text) and text[b] in "，,":
            end = ctx.clause(b + 1, b + 1)[1]  # "4月17日，举行了……": the event is the next clause
        fields = {"date": value, "event": _event(ctx, match.end())}
        if not fields["event"] and end > b:
            fields["event"] = text[b + 1 : end][:40]
        if inferred:
            fields["year_inferred_from"] = inferred
        facts.append(ctx.fact("date", fields, match.start(), end, 0.8 if not inferred else 0.7))
        ctx.dates_by_sentence.setdefault(ctx.sentence_at(match.start()).start, value.split("/")[0])
    return facts


# ---- money, project counts and targets ---------------------------------------------------------

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
TARGET_MARKERS = re.compile(
    r"力争|争取|(?<!完成)(?<!年度)目标|确保|预计|(?<!完成)(?<!全年)计划(?!总?投资)|"
    r"到(?:19|20)\d\d年|今年(?:要|将|计划|引进|实现|完成)|"
    r"(?<![重主需只必想还总纲摘首])要(?![求素点是务闻害])|将[实完建打推引培形启获]|实现.{0,6}翻番|"
    r"启动|力求"
)
COUNT_UNITS = "个家条座所户人"
_PLAN_VERB_RE = re.compile(r"(形成|打造|建成|培育|引进|新增|推动|启动|新建|实施)$")
_RANGE = rf"{NUMBER}(?:(?:至|到|-|－|~|—)\s*{NUMBER})?"
_COUNT_RE = re.compile(rf"({_RANGE})(万)?([{COUNT_UNITS}])(以上)?")
_PERCENT_RE = re.compile(r"(\d{1,24}(?:\.\d{1,12})?)%(?:、(\d{1,24}(?:\.\d{1,12})?)%)*")
_TOP_RE = re.compile(r"前(\d+)强")
_THRESHOLD_RE = re.compile(rf"(过|超过|超|以上)?({NUMBER})(亿|万)元(以上)?项目$")
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


def _range_value(text: str) -> int | float | str | None:
    parts = re.split(r"至|到|-|－|~|—", text)
    values = [to_number(p.strip()) for p in parts if p.strip()]
    if not values or any(v is None for v in values):
        return None
    if len(values) == 1:
        return plain(values[0])  # type: ignore[arg-type]
    return "-".join(str(plain(v)) for v in values)  # type: ignore[arg-type]


def _status(clause: str, upto: int, own: tuple[int, int] | None = None) -> str:
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


def _metric_before(text: str, start: int, clause_start: int) -> str:
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


def _target_year(ctx: Context, sentence: _Span, pos: int) -> int | None:
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
        if marker is not None and pos >= marker:
            return True
        return bool(_PLAN_VERB_RE.search(ctx.text, max(0, pos - 4), pos))

    return at


def find_figures(ctx: Context) -> list[Fact]:
    """Amounts, project counts and targets (money, percentages, counts, ranks)."""
    text = ctx.text
    facts: list[Fact] = []
    passage = (-2, "other")  # the sentence and status of the last project count
    for index, sentence in enumerate(ctx.sentences):
        if index % 256 == 0:
            ctx.check()
        s_text = text[sentence.start : sentence.end]
        marker = TARGET_MARKERS.search(s_text)
        target_from = sentence.start + marker.start() if marker else None
        metrics: list[tuple[int, str]] = []  # money targets in order, for 分别/年均增长

        def is_target(pos: int, marker_pos: int | None = target_from) -> bool:
            if marker_pos is not None and pos >= marker_pos:
                return True
            # "形成1-2个", "推动100家": a plan verb right before the figure, not a past "了"
            return bool(_PLAN_VERB_RE.search(text, max(0, pos - 4), pos))

        # money
        for m in MONEY_RE.finditer(s_text):
            a, b = sentence.start + m.start(), sentence.start + m.end()
            tail = text[b : b + 6]
            head = text[max(sentence.start, a - 3) : a]
            threshold = re.match(r"(以上)?(的)?(工业|规上|规模以上)?(项目|企业|公司)", tail)
            if threshold:
                continue  # "投资过50亿元项目3个", "产值过亿元企业12家": a threshold of a count
            yuan = money_yuan(m.group(1), m.group(2) or "")
            if yuan is None or (m.start() > 0 and s_text[m.start() - 1] in "数几上"):
                continue  # "数十亿元", "上百亿元": no figure to record
            more = tail.startswith("以上") or head.endswith(("过", "超", "超过", "逾"))
            about = head.endswith(("约", "近", "大约")) or tail.startswith("左右")
            c_start, c_end = ctx.clause(a, b)
            metric = _metric_before(text, a, c_start)
            # planned investment of a project is an amount with status planned, not a target
            invested = re.search(
                r"项目(?:计划|拟)?总投资(?:额)?(?:达|为|约|近|超过|超|共)?$", text[c_start:a]
            )
            if is_target(a) and not invested:
                unit = qualified("元", head, tail)
                fields = {
                    "metric": metric,
                    "value": yuan,
                    "unit": unit,
                    "year": _target_year(ctx, sentence, a),
                }
                if ctx.zone_near(a):
                    fields["zone"] = ctx.zone_near(a)
                metrics.append((a, metric))
                facts.append(ctx.fact("target", fields, a, b + (2 if more else 0), 0.7))
            elif (statistic := indicator_metric(text[c_start:a])) is not None:
                # an achieved statistic (产值, 营业收入, 税收 …): a quantity in yuan
                when = period(text[max(0, sentence.start - 120) : a])
                fields = {
                    "metric": with_period(statistic, when),
                    "value": yuan,
                    "unit": qualified("元", head, tail),
                }
                if ctx.zone_near(a):
                    fields["zone"] = ctx.zone_near(a)
                facts.append(ctx.fact("quantity", fields, a, b, 0.7))
            else:
                lo = max(sentence.start, a - WINDOW)
                clause_text = text[lo : min(sentence.end, b + WINDOW)]
                own = (c_start - lo, c_end - lo)
                status = _status(clause_text, a - lo, own)
                if (
                    invested
                    and _status(clause_text[: a - lo], a - lo) == "other"
                    and (is_target(a) or TARGET_MARKERS.search(text, b, sentence.end))
                ):
                    status = "planned"  # "项目总投资3亿元，计划年内开工": the 开工 is the plan
                amount_text = m.group(0) + ("以上" if tail.startswith("以上") else "")
                refers = text[c_start:a].strip("，、 ")
                quote_from = a
                bare = re.sub(r"(总投资|总额|金额|投资)?(达|为|约|近|超|过|共|合计)*$", "", refers)
                if len(bare) < 3:
                    # "共有24个项目签约开工，总投资达286亿元": it refers to the clause before
                    prev_start = ctx.clause(max(sentence.start, c_start - 1), c_start - 1)[0]
                    if prev_start < c_start - 1:
                        refers = text[prev_start : c_start - 1] + refers
                        quote_from = prev_start
                refers = re.sub(r"(达|为|约|近|超|过|共|合计|了)+$", "", refers)
                fields = {
                    "amount_text": amount_text,
                    "amount_yuan": yuan,
                    "qualifier": ">=" if more else ("~" if about else None),
                    "refers_to": refers or metric,
                    "status": status,
                }
                if ctx.zone_near(a):
                    fields["zone"] = ctx.zone_near(a)
                counts = list(
                    re.finditer(
                        rf"({NUMBER})个(?:重点|新|大)?项目|项目({NUMBER})个",
                        text[max(sentence.start, c_start - 30) : b],
                    )
                )
                count = counts[-1] if counts else None
                if count:
                    value = to_number(count.group(1) or count.group(2))
                    if value is not None:
                        fields["project_count"] = plain(value)
                when = ctx.dates_by_sentence.get(sentence.start)
                if when:
                    fields["date"] = when
                facts.append(ctx.fact("amount", fields, quote_from, b, 0.75))
        # percentages (targets only: growth rates with a year or a plan)
        for m in _PERCENT_RE.finditer(s_text):
            a = sentence.start + m.start()
            if not is_target(a):
                continue
            values = [
                float(v) if "." in v else int(v)
                for v in re.findall(r"(\d+(?:\.\d+)?)%", m.group(0))
            ]
            before = text[max(sentence.start, a - 8) : a]
            growth = "增长" if "增长" in before else ("提高" if "提高" in before else "")
            label = (growth and ("年均" + growth if "年均" in before else growth)) or "比例"
            named = [metric for pos, metric in metrics if pos < a]
            if len(values) > 1 and "分别" in before and len(named) >= len(values):
                names = named[-len(values) :]
            elif named:
                names = [named[-1]] * len(values)
            else:
                names = [_metric_before(text, a, ctx.clause(a, a)[0])] * len(values)
            year = _target_year(ctx, sentence, a)
            for name, value in zip(names, values, strict=False):
                metric = name + label if label != "比例" else name
                fields = {"metric": metric, "value": value, "unit": "%", "year": year}
                if ctx.main_zone:
                    fields["zone"] = ctx.main_zone
                facts.append(ctx.fact("target", fields, a, sentence.start + m.end(), 0.7))
            # a growth rate belongs to the metrics before it; later ones start a new list
            metrics = [(p, n) for p, n in metrics if p > a]
        # ranks: "跻身……前60强"
        for m in _TOP_RE.finditer(s_text):
            a = sentence.start + m.start()
            if not is_target(a):
                continue
            c_start, _ = ctx.clause(a, a)
            subject = re.sub(r"^(跻身|进入|迈入|位居|挺进|跃居|争创|争进)", "", text[c_start:a])
            fields = {
                "metric": subject + "排名",
                "value": int(m.group(1)),
                "unit": "前N强",
                "year": _target_year(ctx, sentence, a),
            }
            facts.append(ctx.fact("target", fields, a, sentence.start + m.end(), 0.7))
        # counts: projects, enterprises, roads …
        for m in _COUNT_RE.finditer(s_text):
            a, b = sentence.start + m.start(), sentence.start + m.end()
            if a > 0 and (text[a - 1].isdigit() or text[a - 1] in "第前"):
                continue
            if text.startswith("百分点", b):
                continue  # a percentage-point gap, read with the percentages
            value = _range_value(m.group(1))
            if m.group(2) and isinstance(value, int | float):
                value = plain(Decimal(str(value)) * 10_000)  # "1万户"
            if value is None or m.group(1) == "一":
                continue
            after = text[b : b + 12]
            c_start, c_end = ctx.clause(a, b)
            noun = re.match(rf"[{HAN}、]{{1,20}}?(?=[，。；、]|$|进行|的)", text[b:c_end])
            head = text[c_start:a]
            projects = after.startswith(("项目", "重点项目", "新项目", "大项目")) or head.endswith(
                "项目"
            )
            if not is_target(a):
                if projects and isinstance(value, int):
                    lo = max(sentence.start, a - WINDOW)
                    clause_text = text[lo : min(sentence.end, b + WINDOW)]
                    own = (c_start - lo, c_end - lo)
                    status = _status(clause_text, a - lo, own)
                    if (
                        status == "other"
                        and passage[0] >= index - 1
                        and "其中" in text[max(sentence.start, a - 60) : a]
                    ):
                        status = passage[1]  # a breakdown after 其中 has the status of its whole
                    passage = (index, status)
                    refers = text[c_start:a] + text[b:c_end]
                    refers = re.sub(r"^(共有|共|其中|全年|累计|新|有)+", "", refers)
                    fields = {"count": value, "refers_to": refers[:40], "status": status}
                    if m.group(4):
                        fields["qualifier"] = ">="
                    before = text[c_start:a]
                    limit = _THRESHOLD_RE.search(before if before.endswith("项目") else "")
                    limit = limit or _THRESHOLD_RE.search(before + text[b : b + 2])
                    if limit:
                        fields["threshold_yuan"] = money_yuan(limit.group(2), limit.group(3))
                    if ctx.zone_near(a):
                        fields["zone"] = ctx.zone_near(a)
                    when = ctx.dates_by_sentence.get(sentence.start)
                    if when:
                        fields["date"] = when
                    facts.append(ctx.fact("project_count", fields, a, b, 0.75))
                continue
            unit = m.group(3) + ("（以上）" if m.group(4) else "")
            if m.group(3) == "个" and noun is None and not head:
                continue
            metric = ""
            threshold = None
            before = text[c_start:a]
            limit = _THRESHOLD_RE.search(before)
            if limit:
                threshold = money_yuan(limit.group(2), limit.group(3))
                metric = "投资" + limit.group(0).replace("项目", "").replace("投资", "") + "项目"
                metric = metric.replace("投资投资", "投资")
            elif before and not noun:
                metric = _metric_before(text, a, c_start)
            else:
                verb = re.sub(r"^(力争|今年|要|将|并|全力|大力|重点)+", "", before)
                metric = (verb + (noun.group(0) if noun else "")).strip("、，")
            if not metric:
                continue
            fields = {
                "metric": metric[:40],
                "value": value,
                "unit": unit,
                "year": _target_year(ctx, sentence, a),
            }
            if threshold:
                fields["threshold_yuan"] = threshold
            if ctx.zone_near(a):
                fields["zone"] = ctx.zone_near(a)
            facts.append(ctx.fact("target", fields, a, b, 0.65))
    return facts


# ---- goals without a figure --------------------------------------------------------------------

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
            "year": _target_year(ctx, ctx.sentence_at(m.start()), m.start()),
        }
        if ctx.main_zone:
            fields["zone"] = ctx.main_zone
        facts.append(ctx.fact("target", fields, m.start(), m.end(), 0.6))
    return facts


# ---- quantities --------------------------------------------------------------------------------

AREA_UNITS = "平方公里|平方千米|平方米|万平方米|公顷|万亩|亩"
_AREA_RE = re.compile(rf"({NUMBER})(万)?(多|余)?({AREA_UNITS})")
_AREA_BASE = {"平方千米": ("平方公里", 1), "万平方米": ("平方米", 10_000), "万亩": ("亩", 10_000)}
_PEOPLE_RE = re.compile(
    r"(\d{1,12})(多|余)?(名|位)([\u4e00-\u9fff]{2,4}?)(?=[，。、齐参出共和与]|$)"
)
_ANNIVERSARY_RE = re.compile(r"(\d{1,6})周年")
_YEARS_OF_RE = re.compile(
    r"(?<![\d年])(\d{1,3})年(?:的|来的)(探索|发展|奋斗|建设|历程|风雨|积淀|努力)"
)
_PARKS_RE = re.compile(r"([一二三四五六七八九十两\d]{1,12})(?:大|个)(园区|片区|功能区|板块)")


def find_quantities(ctx: Context) -> list[Fact]:
    """Areas, numbers of people, anniversaries, ages and numbers of parks."""
    text = ctx.text
    facts = []
    forward = target_at(ctx)
    for m in _AREA_RE.finditer(text):
        value = to_number(m.group(1))
        if value is None or (m.start() > 0 and text[m.start() - 1] in "数几上"):
            continue
        c_start, _ = ctx.clause(m.start(), m.end())
        metric = _metric_before(text, m.start(), c_start)
        # areas in base units: 17万平方米 → 170000 平方米, 平方千米 → 平方公里
        base, factor = _AREA_BASE.get(m.group(4), (m.group(4), 1))
        if m.group(2):
            factor *= 10_000  # "3万多亩"
        head = text[max(0, m.start() - 3) : m.start()]
        unit = qualified(base, head, m.group(3) or text[m.end() : m.end() + 2])
        fields = {"metric": metric, "value": plain(value * factor), "unit": unit}
        type_ = "target" if forward(m.start()) else "quantity"
        if type_ == "target":
            fields["year"] = _target_year(ctx, ctx.sentence_at(m.start()), m.start())
        if ctx.zone_near(m.start()):
            fields["zone"] = ctx.zone_near(m.start())
        facts.append(ctx.fact(type_, fields, m.start(), m.end(), 0.7))
    for m in _PEOPLE_RE.finditer(text):
        unit = m.group(3) + ("（余）" if m.group(2) else "")
        fields = {"metric": m.group(4), "value": int(m.group(1)), "unit": unit}
        if ctx.main_zone:
            fields["zone"] = ctx.main_zone
        facts.append(ctx.fact("quantity", fields, m.start(), m.end(), 0.6))
    for m in _ANNIVERSARY_RE.finditer(text):
        c_start, _ = ctx.clause(m.start(), m.end())
        subject = _metric_before(text, m.start(), c_start)
        fields = {"metric": (subject or "") + "周年", "value": int(m.group(1)), "unit": "周年"}
        if ctx.main_zone:
            fields["zone"] = ctx.main_zone
        facts.append(ctx.fact("quantity", fields, m.start(), m.end(), 0.6))
    for m in _YEARS_OF_RE.finditer(text):
        fields = {"metric": m.group(2) + "年数", "value": int(m.group(1)), "unit": "年"}
        if ctx.main_zone:
            fields["zone"] = ctx.main_zone
        facts.append(ctx.fact("quantity", fields, m.start(), m.end(), 0.5))
    for m in _PARKS_RE.finditer(text):
        value = cn_to_int(m.group(1)) if not m.group(1).isdigit() else int(m.group(1))
        if not value:
            continue
        fields = {"metric": m.group(2) + "数量", "value": value, "unit": "个"}
        if ctx.main_zone:
            fields["zone"] = ctx.main_zone
        facts.append(ctx.fact("quantity", fields, m.start(), m.end(), 0.6))
    return facts


# ---- industry clusters -------------------------------------------------------------------------

_CLUSTER_RE = re.compile(
    r"([一二三四五六七八九十两]{1,6}大(?:主导|战略性新兴|新兴|特色|支柱)?(?:产业集群|产业板块|产业|板块|集群))"
)
_CLUSTER_LEAD = re.compile(
    r"(培育发展|培育壮大|重点发展|加快发展|大力发展|重点打造|着力打造|打造|培育|发展|壮大|"
    r"聚焦|形成|构建|围绕|做强|的)"
)


def find_clusters(ctx: Context) -> list[Fact]:
    """ "培育…A、B、C和D五大产业": the items listed before "N大产业(集群)"."""
    text = ctx.text
    facts = []
    seen: set[str] = set()
    for m in _CLUSTER_RE.finditer(text):
        c_start, _ = ctx.clause(m.start(), m.end())
        listing = text[c_start : m.start()]
        if "、" not in listing:
            continue
        lead = None
        for lm in _CLUSTER_LEAD.finditer(listing):
            if "、" in listing[lm.end() :]:
                lead = lm
        body = listing[lead.end() :] if lead else listing
        items = [i for i in re.split(r"、|和|及|以及", body) if i]
        n = cn_to_int(m.group(1).split("大")[0])
        if not items or (n and len(items) != n):
            continue
        name = m.group(1)
        if name in seen:
            continue
        seen.add(name)
        fields = {"name": name, "items": items}
        if ctx.main_zone:
            fields["zone"] = ctx.main_zone
        start = c_start + (lead.end() if lead else 0)
        facts.append(ctx.fact("industry_cluster", fields, start, m.end(), 0.75))
    return facts


def extract(
    text: str,
    *,
    pub_date: date | None = None,
    zones: Iterable[str] = (),
    damaged: list[tuple[int, int]] | None = None,
    budget: Budget | None = None,
) -> list[Fact]:
    """Every fact found in the cleaned text, in text order. `budget` is checked between the
    kinds of fact and in the loop over sentences."""
    ctx = Context(text, pub_date, zones, damaged or [])
    ctx.budget = budget
    facts: list[Fact] = []
    for find in (
        find_zones,
        find_dates,
        find_figures,
        find_goals,
        find_quantities,
        find_clusters,
        find_organisations,
    ):
        ctx.check()
        facts += find(ctx)
    facts += find_measures(ctx, target_at(ctx))
    facts += find_firms(ctx)
    facts += find_more_dates(ctx)
    listed = [set(f.fields["items"]) for f in facts if f.type == "industry_cluster"]
    for cluster in find_free_clusters(ctx):
        # a list the "N大产业" reader already took is not a second cluster
        if not any(len(set(cluster.fields["items"]) & items) >= 2 for items in listed):
            facts.append(cluster)
    ctx.check()
    unique: dict[tuple, Fact] = {}
    for fact in facts:
        if fact.type == "quantity":
            # one fact per figure and clause: the same count in two places is two facts
            key = (fact.type, fact.start, fact.fields.get("value"), fact.fields.get("unit"))
        elif fact.type in ("date", "industry_cluster", "organisation", "zone"):
            fields = {
                k: v for k, v in fact.fields.items() if k in ("value", "unit", "date", "name")
            }
            key = (fact.type, repr(sorted(fields.items())))
            if fact.type == "date":
                # one date for two zones (A成立于1992年, B成立于1992年) is two events
                key += (ctx.zone_near(fact.end),)
        else:
            key = (fact.type, fact.start, fact.end, repr(sorted(fact.fields.items())))
        unique.setdefault(key, fact)
    return sorted(unique.values(), key=lambda f: (f.start, f.type))
