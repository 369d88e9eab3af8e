"""Cleaning: normalise, repair byte slips, drop inserted pinyin and page boilerplate, restore
full-width punctuation, convert to Simplified Chinese. Offsets of repairs are kept through all
steps by private-use marker characters wrapped around each repaired span."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from zonetrack.core.limits import Budget

from . import lexicon
from .decoding import html_to_text
from .model import Note, Repair, gettext_noop

OPEN, CLOSE = "\ue000", "\ue001"
"""Markers around a repaired (or □) span; removed at the end, their positions give the offsets."""

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "“”‘’、。，：；？！（）《》〈〉【】「」『』…—·□"
NEAR = HAN + CJK_PUNCT

_INVISIBLE_RE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_SPACES_RE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]+")
_PINYIN_RE = re.compile(rf"(?<=[{HAN}{CLOSE}])\(([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{{1,7}})\)")
_HTML_PAGE_RE = re.compile(r"<(script|style|html|body|div|p|br|span|table)\b", re.I)
_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>\n]{0,300})?/?>")
_ENTITY_RE = re.compile(r"&(#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")

_DATE_PATTERNS = (
    re.compile(r"(20\d\d|19\d\d)-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(20\d\d|19\d\d)年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(20\d\d|19\d\d)/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(20\d\d|19\d\d)\.(\d{1,2})\.(\d{1,2})"),
)
_DATELINE_HINT_RE = re.compile(r"(发布|来源|日报|晚报|时报|新闻|网|时间|\d\d:\d\d)")

_EDITOR_RE = re.compile(
    r"^[（(]?\s*(责任编辑|责编|编辑|审核|审校|校对|监制|统筹|主编|终审|初审|复审)\s*[:：]"
)
_BYLINE_RE = re.compile(
    r"^(本报讯|本刊讯|本报|本刊|本台|本网|据)?\s*"
    r"(记者|通讯员|特约记者|见习记者|撰稿|文|图|文图|摄影)(\s|[:：/｜|])"
)
# "（记者 陈明 通讯员 刘洋）" on its own line, "本报讯（记者 赵磊）" at the start of a paragraph
_BRACKET_BYLINE_RE = re.compile(r"[（(]\s*(本报|本刊)?(记者|通讯员|文|图|撰稿)[^（）()]{1,40}[）)]")
_LEAD_BYLINE_RE = re.compile(
    r"^(本报讯|本刊讯|本台讯|本网讯|讯)?\s*[（(]\s*(本报)?(记者|通讯员)[^（）()]{1,40}[）)]\s*"
    r"|^(本报讯|本刊讯|本台讯|本网讯)\s*"
)
_CAPTION_RE = re.compile(r"^(图为|图片为|上图|下图|左图|右图|图[:：]|照片由|图片由|图片来源|图源)")
_SHOT_BY_RE = re.compile(r"[\s　]\S{1,6}\s*摄[。）)]?$")
_FOOTER_LINES = frozenset(
    [
        "新闻推荐",
        "相关新闻",
        "相关阅读",
        "推荐阅读",
        "延伸阅读",
        "热点推荐",
        "猜你喜欢",
        "更多精彩",
        "热门推荐",
        "精彩推荐",
        "相关文章",
        "版权声明",
        "免责声明",
        "往期回顾",
        "阅读原文",
        "相关推荐",
        "热门文章",
        "最新文章",
    ]
)
# Anchored at the start of a run of spaces and possessive where spaces may repeat: tried at every
# space of a long run, with overlapping space quantifiers, the search would be quadratic.
_WIDGET_RE = re.compile(
    r"(?<!\s)\s+(大字|小字|中字|字号[:：]?[大中小\s]*+|打印|关闭|分享到?[:：]?)\s*$"
)
_WIDGET_LINE_RE = re.compile(
    r"^(【?打印】?|【?关闭】?|【?关闭窗口】?|分享到?[:：]?.*|扫一扫.*|字号[:：].*)$"
)

# a notice of rights or of a forum edit, not the article: 本文为X原创文章, 转载请注明出处,
# 未经授权不得转载, 本帖最后由X于…编辑
_RIGHTS_RE = re.compile(
    r"^(?:本文(?:为|系|是|由)[^。]{0,30}?(?:原创|独家|授权|首发)"
    r"|(?:转载请|如需转载|未经(?:授权|许可)|版权(?:所有|归))"
    r"|本帖最后由.{0,40}编辑$"
    r")"
)

# links back to the site: 返回X首页 返回Y首页 (each link bounded, separated by spaces or |)
_BACK_LINKS_RE = re.compile(r"(?:返回[^\s。，|]{0,20}?(?:首页|主页|频道|列表)[\s|]{0,4}){1,6}")

# a short line ending in a link arrow is a teaser or an advert of the page around the article
_LINK_LINE_RE = re.compile(r"(?:>>|》》|>>>|→)\s*$")

# a paragraph's indent (two ideographic spaces) lost in a conversion: "????前三季度，……"
_LOST_INDENT_RE = re.compile(r"^([ \t]*)[?？]{2,8}(?=[\u4e00-\u9fff“《【（])", re.M)
# characters a forum scatters into a page against copying: "2 f2 o5 @% `# w9 F3"
_JAMMER_RE = re.compile(r"(?<![!-~])(?:[!-~]{1,3}[ \t]+){3,}[!-~]{1,3}(?![!-~])")


def drop_lost_indents(text: str) -> tuple[str, int]:
    """Remove paragraph indents lost as question marks; return the text and how many."""
    return _LOST_INDENT_RE.subn(r"\1", text)


def drop_jammer(text: str) -> str:
    """Remove runs of short Latin tokens scattered against copying (at least four tokens, some
    letters and some digits or symbols); words, figures and dates stay."""

    def drop(match: re.Match[str]) -> str:
        run = match.group(0)
        tokens = run.split()
        letters = sum(1 for t in tokens if re.search(r"[A-Za-z]", t))
        others = sum(1 for t in tokens if re.search(r"[^A-Za-z]", t))
        if len(tokens) >= 4 and letters >= 2 and others >= 2:
            return " "
        return run

    return _JAMMER_RE.sub(drop, text)


@dataclass
class Cleaned:
    """The result of cleaning: text, offsets of repairs and damage, the lifted publication date."""

    text: str
    pub_date: date | None
    damaged_spans: list[tuple[int, int]] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def normalise(text: str) -> str:
    """Unicode NFC, one kind of line break and space, no invisible characters."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _INVISIBLE_RE.sub("", text)
    text = _SPACES_RE.sub(" ", text)
    text = text.replace("\ufffd", "?")
    return text.replace(OPEN, "").replace(CLOSE, "")


def drop_pinyin(text: str) -> tuple[str, int]:
    """Remove "(shí)"-style annotations after a Han character when they are real tone-marked
    syllables; bracketed words, numbers and names survive."""
    count = 0

    def sub(match: re.Match[str]) -> str:
        nonlocal count
        syllable = match.group(1).lower()
        if lexicon.has_tone_mark(syllable) and syllable in lexicon.syllables():
            count += 1
            return ""
        return match.group(0)

    return _PINYIN_RE.sub(sub, text), count


def drop_comments(text: str) -> str:
    """Remove <!-- … --> comments; an unclosed one stays as text. One pass with str.find, where a
    lazy regular expression would rescan to the end from every unclosed opening."""
    parts: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break  # no comment closes after this point, so none opens after it either
        parts.append(text[position:start])
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


def drop_html(text: str) -> str:
    """Remove tags, comments and entities left over from a web page."""
    if "<" in text:
        text = _TAG_RE.sub("", drop_comments(text))
    if "&" in text:
        text = _ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), text)
    return text


_ASCII_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}


def restore_punctuation(text: str) -> str:
    """ASCII , : ; ? ! ( ) next to Chinese text become their full-width forms."""
    near = set(NEAR) | {OPEN, CLOSE}

    def is_cjk(ch: str) -> bool:
        return ch in near or "\u3400" <= ch <= "\u9fff"

    chars = list(text)
    n = len(chars)

    def neighbour(i: int, step: int) -> str:
        j = i + step
        while 0 <= j < n and chars[j] == " ":
            j += step
        return chars[j] if 0 <= j < n else ""

    for i, ch in enumerate(chars):
        if ch in _ASCII_TO_FULL:
            before, after = neighbour(i, -1), neighbour(i, 1)
            if ch in ",:" and before.isdigit() and after.isdigit():
                continue
            if is_cjk(before) or (is_cjk(after) and ch not in ":"):
                chars[i] = _ASCII_TO_FULL[ch]
    text = "".join(chars)

    def brackets(match: re.Match[str]) -> str:
        inner = match.group(1)
        start, end = match.start(), match.end()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if any(is_cjk(c) for c in inner) or is_cjk(before) or is_cjk(after):
            return f"（{inner}）"
        return match.group(0)

    return re.sub(r"\(([^()\n]{0,60})\)", brackets, text)


def find_dateline(text: str) -> date | None:
    """The publication date of a dateline near the top ("临沂日报 2018-05-15 10:51")."""
    lines = [line.strip() for line in text.split("\n")[:12] if line.strip()]
    for line in lines[:8]:
        for pattern in _DATE_PATTERNS:
            match = pattern.search(line)
            if match is None:
                continue
            if len(line) > 80 and not _DATELINE_HINT_RE.search(line):
                continue
            after = line[match.end() : match.end() + 1]
            if (
                after
                and "\u4e00" <= after <= "\u9fff"
                and not _DATELINE_HINT_RE.match(line, match.end())
            ):
                continue  # "2019年9月1日起施行": a date in a title, not a dateline
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
        # a dateline written day.month.year with its time ("08.09.2014 09:57"), alone on its line
        dmy = _DMY_LINE_RE.fullmatch(line)
        if dmy:
            try:
                return date(int(dmy.group(3)), int(dmy.group(2)), int(dmy.group(1)))
            except ValueError:
                continue
    return None


_DMY_LINE_RE = re.compile(r"([0-3]?\d)\.([01]?\d)\.((?:19|20)\d\d)\s+\d\d:\d\d(?::\d\d)?")


_PHOTO_SUBJECT_RE = re.compile(
    r"(车间|大厅|工作人员|生产线|厂区|厂房|展厅|现场|一角|全景|鸟瞰图?|外景|夜景|风貌|航拍|远景|"
    r"近景|掠影|剪影|实景|效果图|产业园|开发区|园区)$"
)


def _is_photo_caption(line: str) -> bool:
    """A short line without punctuation naming what a photo shows ("行政服务大厅",
    "华翔集团生产车间"), left between paragraphs when the photos were dropped."""
    if len(line) > 20 or re.search(r"[，。；：！？、“”,.;:!?\s\d]", line):
        return False
    return bool(_PHOTO_SUBJECT_RE.search(line))


def drop_boilerplate(text: str) -> str:
    """Drop bylines, photo captions, editor lines, page widgets and the page footer."""
    lines = text.split("\n")
    kept: list[str] = []
    total = len(lines)
    for index, raw in enumerate(lines):
        line = raw.strip()
        bare = line.replace(OPEN, "").replace(CLOSE, "")
        if not bare:
            kept.append("")
            continue
        if bare in _FOOTER_LINES and index > total * 0.3:
            break
        # Lengths first: the patterns then only ever see short lines.
        if len(bare) < 60 and _EDITOR_RE.match(bare):
            continue
        if len(bare) < 50 and "。" not in bare and _BYLINE_RE.match(bare):
            continue
        if len(bare) < 120 and _CAPTION_RE.match(bare):
            continue
        if len(bare) < 120 and _SHOT_BY_RE.search(bare):
            continue
        if _WIDGET_LINE_RE.match(bare):
            continue
        if len(bare) < 120 and (_RIGHTS_RE.match(bare) or _BACK_LINKS_RE.fullmatch(bare)):
            continue
        if index > 0 and _is_photo_caption(bare):
            continue
        if _BRACKET_BYLINE_RE.fullmatch(bare):
            continue
        if len(bare) < 80 and _LINK_LINE_RE.search(bare):
            continue  # a teaser linking elsewhere ("……点击领取>>"), not the article
        line = _WIDGET_RE.sub("", line)
        line = _LEAD_BYLINE_RE.sub("", line, count=1)
        kept.append(line)
    out = "\n".join(kept)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip()


def _resolve_markers(text: str, repairs: list[tuple[str, str, bool]]) -> Cleaned:
    out: list[str] = []
    spans: list[Repair] = []
    damaged: list[tuple[int, int]] = []
    index = 0
    start = 0
    pos = 0
    for ch in text:
        if ch == OPEN:
            start = pos
        elif ch == CLOSE:
            if index < len(repairs):
                before, _after, accepted = repairs[index]
                spans.append(Repair(start, pos, before, "".join(out[start:pos]), accepted))
            index += 1
        else:
            out.append(ch)
            if ch == "□":
                damaged.append((pos, pos + 1))
            pos += 1
    return Cleaned("".join(out), None, damaged, spans)


def clean(text: str, *, budget: Budget | None = None) -> Cleaned:
    """Run every cleaning step in order and return the cleaned text with its repair log.
    `budget` is checked between steps (each step is linear in the text)."""
    from .repair import repair

    check = budget.check if budget is not None else (lambda: None)
    text = normalise(text)
    if _HTML_PAGE_RE.search(text):
        # a pasted page: its scripts and styles are not text
        text = html_to_text(text, budget=budget)
    check()
    text, indents = drop_lost_indents(text)
    text = drop_jammer(text)
    text, repairs = repair(text)
    check()
    text, pinyin_count = drop_pinyin(text)
    text = drop_html(text)
    text = restore_punctuation(text)
    check()
    warnings: list[str] = []
    share = lexicon.traditional_share(text)
    if share > 0:
        text = lexicon.to_simplified(text)  # mixed text too: a few Traditional names or words
        if share > 0.1:
            warnings.append(
                Note(gettext_noop("The text was converted from Traditional to Simplified Chinese."))
            )
    pub_date = find_dateline(text)
    check()
    text = drop_boilerplate(text)
    check()
    text = re.sub(r"[ ]{2,}", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    result = _resolve_markers(text, repairs)
    result.pub_date = pub_date
    if indents:
        warnings.append(
            Note(
                gettext_noop(
                    "%(count)d paragraph indents lost in the source (runs of question marks) "
                    "were removed."
                ),
                count=indents,
            )
        )
    if pinyin_count:
        warnings.append(
            Note(
                gettext_noop("%(count)d inserted pinyin annotations were removed."),
                count=pinyin_count,
            )
        )
    accepted = sum(1 for r in result.repairs if r.accepted)
    if accepted:
        warnings.append(
            Note(
                gettext_noop(
                    "%(count)d garbled passages were repaired; check them in the repair log."
                ),
                count=accepted,
            )
        )
    if result.damaged_spans:
        warnings.append(
            Note(
                gettext_noop("%(count)d characters were lost in the source and are shown as □."),
                count=len(result.damaged_spans),
            )
        )
    result.warnings = warnings
    return result
