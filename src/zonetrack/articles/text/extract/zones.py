"""Zones: the registry's and the shipped names verbatim, then a place name before a zone suffix;
the article's main zone, aliases and parent zones."""

from __future__ import annotations

import re
from collections import Counter

from .. import lexicon
from ..model import Fact
from .context import HAN, MAJOR_SUFFIXES, Context, is_han
from .names import anchor, name_before, strip_lead

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
ZONE_SUFFIX_RE = re.compile("|".join(sorted(ZONE_SUFFIXES, key=len, reverse=True)))

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


# name → (start, end, confidence, the suffix it was read by; None for a known name)
Found = dict[str, tuple[int, int, float, str | None]]
_DESCRIPTOR_RE = re.compile(r"^(.*?)(经济技术|高新技术产业|高新技术|经济)?(开发区|高新区)$")
_PARK_SUFFIXES = ("工业园区", "产业园区", "工业园", "自贸区", "园区", "科技园区")


def find_zones(ctx: Context) -> list[Fact]:
    """Zones: the registry's and shipped names verbatim, then place name + zone suffix."""
    found: Found = {}
    counts: Counter[str] = Counter()
    _known_zones(ctx, found, counts)
    _suffixed_zones(ctx.text, found, counts)
    for name in list(found):
        if any(
            other != name and (other.endswith(name) or _with_level(other, name)) for other in found
        ):
            del found[name]
    main = _main_zone(ctx.text, found, counts)
    ctx.main_zone = main
    ctx.zone_names = sorted(found, key=len, reverse=True)
    return _zone_facts(ctx, found, main)


def _with_level(longer: str, shorter: str) -> bool:
    """True when `longer` is `shorter` with the level word after its place (天水市经开区 beside
    天水经开区): the same zone, kept by its fuller name."""
    if len(longer) != len(shorter) + 1:
        return False
    for k in (2, 3, 4):
        if (
            longer[k : k + 1] in ("市", "县")
            and longer[:k] in lexicon.places()
            and longer[:k] + longer[k + 1 :] == shorter
        ):
            return True
    return False


def _known_zones(ctx: Context, found: Found, counts: Counter[str]) -> None:
    """The registry's and the shipped zone names, verbatim."""
    known = sorted({*ctx.extra_zones, *lexicon.gazetteer()}, key=len, reverse=True)
    if known:
        # one pass over the text for all known names (the registry may hold thousands)
        for match in re.finditer("|".join(map(re.escape, known)), ctx.text):
            name = match.group(0)
            counts[name] += 1
            found.setdefault(name, (match.start(), match.end(), 0.9, None))


def _suffixed_zones(text: str, found: Found, counts: Counter[str]) -> None:
    """Proper names before a zone suffix, and the other places of a list sharing the suffix."""
    floor = 0
    for match in ZONE_SUFFIX_RE.finditer(text):
        suffix = match.group(0)
        got = name_before(text, match.end(), len(suffix), floor=floor)
        floor = match.end()
        if got is None:
            continue
        start, name = got
        prefix = name[: -len(suffix)]
        if _CATEGORY_RE.match(prefix):
            continue  # 省级开发区, 中国产业园区, 省示范工业园: a kind of zone, not a zone
        place = anchor(prefix)
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
        anchored = anchor(name[: -len(suffix)]) is not None
        found.setdefault(name, (start, match.end(), 0.8 if anchored else 0.6, suffix))
        _listed_zone(text, found, counts, name, start, match.end(), suffix, anchored)


def _listed_zone(
    text: str,
    found: Found,
    counts: Counter[str],
    name: str,
    start: int,
    end: int,
    suffix: str,
    anchored: bool,
) -> None:
    """ "襄汾、安泽经济技术开发区": the shared suffix belongs to each place of the list."""
    descriptor = _DESCRIPTOR_RE.match(name)
    if descriptor and start >= 3 and text[start - 1] == "、":
        k = start - 1
        b = k
        while b > 0 and is_han(text[b - 1]) and k - b < 4:
            b -= 1
        place = strip_lead(text[b:k])
        # the listed word must itself read as a place ("X、Y高新区"), not as the tail of another
        # body's name that happens to stand before the zone in a list of firms
        if 2 <= len(place) <= 4 and (place in lexicon.places() or anchor(place) == 0):
            other = place + name[len(descriptor.group(1)) :]
            found.setdefault(other, (b, end, 0.7, suffix))
            counts[other] += 1


def _main_zone(text: str, found: Found, counts: Counter[str]) -> str | None:
    """The zone the article is about: the major zone named most (the longer name on a tie),
    else the zone of the place its source line names."""
    majors = [n for n in counts if n.endswith(MAJOR_SUFFIXES) and n in found]
    if majors:
        return max(majors, key=lambda n: (counts[n], len(n)))
    return _zone_of_source_line(text, found)


def _zone_facts(ctx: Context, found: Found, main: str | None) -> list[Fact]:
    """One fact per zone found; the main zone with its aliases, parks with their parent."""
    # a former or later name (原名“X”, 更名为“Y”) is an alias of the zone, not a zone of its own
    aliases = [
        n
        for n, (start, *_rest) in found.items()
        if main and n != main and _RENAMED_RE.search(ctx.text, max(0, start - 5), start)
    ]
    facts = []
    for name, (start, end, confidence, suffix) in found.items():
        if name in aliases:
            continue
        fields: dict = {"name": name}
        if name == main and aliases:
            fields["aliases"] = aliases
        if main and name != main and suffix in _PARK_SUFFIXES and not name.startswith(main):
            fields["parent"] = main
        facts.append(ctx.fact("zone", fields, start, end, confidence))
    return facts
