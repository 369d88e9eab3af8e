"""Repair of byte-slip damage in text that went through a GBK tool which slipped by one byte.

The damage looks like ``要?jiǎng)?wù)`` for 要務(wù), or ``?!?`` where ``。”`` stood. Decoding
GBK bytes one byte off produces a wrong character (here 獎, shown as ``?`` and its own
pinyin), invalid pairs that became ``?`` and swallowed the next byte (often the ``(`` of an
annotation), and full-width characters that were turned into ASCII. The bytes are mostly still
there, so the region is re-read one byte earlier. Unknown bytes are filled only from evidence:
the pinyin annotation of the character they belong to, or the only candidate that forms a
dictionary word with its neighbours. A repair is accepted only when the result reads as real
words; otherwise the garbled characters become □ and the passage is reported as damaged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeGuard

from . import lexicon

OPEN, CLOSE = "\ue000", "\ue001"

_PY = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
# A damage start: "?" right after a Han character (or an annotation) followed by a bare
# syllable and ")" (a wrong character whose "(" was swallowed), or by "?"/"!" (a punctuation slip).
_START_RE = re.compile(rf"(?<=[\u4e00-\u9fff),:;])\?(?=[{_PY}]{{1,7}}\)|[?!][^\n]?|[!-~])")
# Strong signs of damage: a bare syllable and ")" after "?", or "?!?". Any other "?" before
# ASCII is only tried: it stays as it is (a real question mark) unless a re-reading is found.
_STRONG_RE = re.compile(rf"\?(?:[{_PY}]{{1,7}}\)|[?!]\?)")
_ANNOT_RE = re.compile(rf"\(([{_PY}]{{1,7}})\)")
_BARE_RE = re.compile(rf"\?([{_PY}]{{1,7}})\)")
_TAG_AHEAD_RE = re.compile(r"/[a-zA-Z][a-zA-Z0-9]*>")

MAX_REGION = 24
MAX_PATHS = 400
"""Re-readings tried per damaged spot at most: long runs of ?!?… cannot blow up the search."""
MIN_ANNOTATIONS = 3
_ANNOT_AFTER_HAN_RE = re.compile(rf"[\u4e00-\u9fff]\([{_PY}]{{1,7}}\)")


@dataclass
class _Path:
    out: list[str]  # realigned characters; "\0" + bytes placeholders resolved later
    slots: list[tuple[int | None, int | None, str | None]]  # (lead, trail, reading) per char
    pending: int | None
    end: int  # index in text after the consumed tokens
    lost_ascii: str | None = None  # a lone ASCII byte that was swallowed
    inserted: bool = False  # a pair of bytes lost without trace was assumed once


def _gbk(ch: str) -> bytes | None:
    try:
        data = ch.encode("gbk")
    except UnicodeEncodeError:
        return None
    return data if len(data) == 2 else None


def _pair(lead: int, trail: int) -> str | None:
    try:
        ch = bytes((lead, trail)).decode("gbk")
    except UnicodeDecodeError:
        return None
    return ch if len(ch) == 1 else None


def _is_han(ch: str | None) -> TypeGuard[str]:
    return ch is not None and "\u4e00" <= ch <= "\u9fff"


def _candidates(lead: int | None, trail: int | None, reading: str | None) -> list[str]:
    """Characters whose GBK bytes fit the known bytes (and the reading when one is known)."""
    out: list[str] = []
    if reading is not None:
        for ch in lexicon.chars_by_reading().get(reading, ()):
            data = _gbk(ch)
            if data and (lead is None or data[0] == lead) and (trail is None or data[1] == trail):
                out.append(ch)
        return out
    if lead is not None and trail is not None:
        pair = _pair(lead, trail)
        return [pair] if pair else []
    if lead is not None:
        for t in range(0x40, 0xFF):
            pair = _pair(lead, t) if t != 0x7F else None
            if _is_han(pair):
                out.append(pair)
        return out
    if trail is not None:
        for lead_byte in range(0x81, 0xFF):
            pair = _pair(lead_byte, trail)
            if _is_han(pair):
                out.append(pair)
    return out


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """Three characters either side of a damaged span, without pinyin annotations, for the
    dictionary-word checks."""
    before = _ANNOT_RE.sub("", text[max(0, start - 30) : start])[-3:]
    after = _ANNOT_RE.sub("", text[end : end + 30])[:3]
    return before, after


def _word_score(text: str, index: int) -> int:
    """The frequency of the most frequent dictionary word (2+ chars) covering text[index]."""
    simplified = lexicon.to_simplified(text)
    if len(simplified) != len(text):
        simplified = text
    vocabulary = lexicon.words()
    best = 0
    for size in (2, 3, 4):
        for start in range(max(0, index - size + 1), index + 1):
            if start + size <= len(simplified):
                best = max(best, vocabulary.get(simplified[start : start + size], 0))
    return best


def _has_word(text: str, index: int) -> bool:
    """True when the character at `index` of `text` is inside a dictionary word of 2+ chars."""
    return _word_score(text, index) > 0


_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}


def _previous_char(text: str, start: int) -> str:
    """The character whose trail byte the slip re-read: the one before the damage, skipping its
    own pinyin annotation; ASCII punctuation stands for the full-width mark it replaced."""
    prev = text[start - 1]
    if prev == ")":
        opening = text.rfind("(", max(0, start - 10), start)
        if opening > 0 and _ANNOT_RE.fullmatch(text, opening, start):
            prev = text[opening - 1]
    return _FULL_WIDTH.get(prev, prev)


def _tokens_path(text: str, start: int) -> list[_Path]:
    """Every consistent re-reading of the damage that starts at text[start] ("?")."""
    results: list[_Path] = []
    prev = _previous_char(text, start)
    bare = _BARE_RE.match(text, start)
    initial: list[_Path] = []
    if bare is not None:
        prev_bytes = _gbk(prev)
        if prev_bytes is None:
            return []
        for g in _candidates(prev_bytes[1], None, bare.group(1)):
            data = _gbk(g)
            if data:
                initial.append(_Path([], [], data[1], bare.end()))
    else:
        # a lone lead byte: the slip began inside a punctuation mark (A1xx row: 。、“”…)
        initial.append(_Path([], [], 0xA1, start + 1))
    stack = initial
    explored = 0
    while stack and explored < MAX_PATHS:
        explored += 1
        path = stack.pop()
        if path.end - start > MAX_REGION:
            continue
        i = path.end
        ch = text[i] if i < len(text) else ""
        if path.pending is None:
            annot = _ANNOT_RE.match(text, i)
            if annot and path.slots:
                lead, trail, reading = path.slots[-1]
                if reading is None:
                    path.slots[-1] = (lead, trail, annot.group(1))
                    path.end = annot.end()
                elif reading != annot.group(1):
                    continue
            results.append(path)
            continue
        p = path.pending
        bare = _BARE_RE.match(text, i)
        if bare is not None:
            # "?" = the invalid pair (pending, unknown) that swallowed "(": then its reading
            slots = [*path.slots, (p, None, bare.group(1))]
            stack.append(_Path([*path.out, "\x00"], slots, None, bare.end()))
            continue
        data = _gbk(ch) if ch and ord(ch) > 0x7F else None
        if data is not None:
            slots = [*path.slots, (p, data[0], None)]
            stack.append(_Path([*path.out, "\x00"], slots, data[1], i + 1))
            continue
        if ch == "?":
            # an invalid pair (pending, x) followed by a swallowed ASCII byte
            tag = _TAG_AHEAD_RE.match(text, i + 1)
            slots = [*path.slots, (p, None, None)]
            if tag:
                stack.append(_Path([*path.out, "\x00"], slots, None, tag.end(), lost_ascii=""))
            else:
                stack.append(_Path([*path.out, "\x00"], slots, None, i + 1, lost_ascii="□"))
        if ch and " " < ch < "\x7f":
            code = ord(ch)
            if code >= 0x40:
                slots = [*path.slots, (p, code, None)]
                stack.append(_Path([*path.out, "\x00"], slots, None, i + 1))
                if not path.inserted and path.slots:
                    # two bytes lost without trace (a character the tool dropped)
                    slots = [*path.slots, (p, None, None), (None, code, None)]
                    stack.append(
                        _Path([*path.out, "\x00", "\x00"], slots, None, i + 1, inserted=True)
                    )
            # or a full-width character (A3xx) that was turned into ASCII
            slots = [*path.slots, (p, 0xA3, None)]
            stack.append(_Path([*path.out, "\x00"], slots, code + 0x80, i + 1))
    return results


def _quote_open_before(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    segment = text[line_start:start]
    return segment.count("“") > segment.count("”")


def _options(lead: int | None, trail: int | None, reading: str | None) -> list[str]:
    if lead == 0xA1 and trail is None and reading is None:
        return []
    if lead is not None and trail is not None and reading is None:
        ch = _pair(lead, trail)
        return [ch] if ch and (_is_han(ch) or ch in "。，、；：？！“”‘’（）《》") else []
    return _candidates(lead, trail, reading)


def _resolve(text: str, start: int, path: _Path) -> tuple[str, bool] | None:
    """The characters of a path with unknown bytes filled in; None when it does not decode or
    an unknown byte has no clear answer. Determined slots first, then the others by words."""
    chars: list[str | None] = []
    open_quote = _quote_open_before(text, start)
    for lead, trail, reading in path.slots:
        if lead == 0xA1 and trail is None and reading is None:
            chars.append("”" if open_quote else "“")
            continue
        options = _options(lead, trail, reading)
        if not options:
            return None
        chars.append(options[0] if len(options) == 1 else None)
    before, after_text = _context(text, start, path.end)
    certain = True
    for index, (lead, trail, reading) in enumerate(path.slots):
        if chars[index] is not None:
            continue
        scored = []
        for option in _options(lead, trail, reading):
            trial = [c if c is not None else "" for c in chars]
            trial[index] = option
            window = before + "".join(trial[: index + 1])
            at = len(window) - 1
            window += "".join(trial[index + 1 :]) + after_text
            scored.append((_word_score(window, at), option))
        # 級 and 级 are one answer: compare by the Simplified form
        merged: dict[str, tuple[int, str]] = {}
        for score, option in scored:
            simple = lexicon.to_simplified(option)
            if simple not in merged or score > merged[simple][0]:
                merged[simple] = (score, simple)
        scored = sorted(merged.values(), reverse=True)
        if not scored or scored[0][0] == 0:
            return None
        if len(scored) > 1 and scored[0][0] < 10 * max(scored[1][0], 1):
            return None
        chars[index] = scored[0][1]
        certain = certain and reading is not None
    result = "".join(c or "" for c in chars)
    if path.lost_ascii:
        result += path.lost_ascii
    return result, certain


def _reads_as_words(text: str, start: int, end: int, fixed: str, confirmed: set[int]) -> bool:
    """Every repaired character sits in a dictionary word with its neighbours, or is confirmed
    by its own pinyin annotation and is a common character on its own."""
    before, after = _context(text, start, end)
    window = before + fixed + after
    vocabulary = lexicon.words()
    for offset, ch in enumerate(fixed):
        if not _is_han(ch):
            continue
        if _has_word(window, len(before) + offset):
            continue
        if offset in confirmed and lexicon.to_simplified(ch) in vocabulary:
            continue
        return False
    return True


def _choose(text: str, start: int) -> tuple[str, int] | None:
    """The one re-reading of the damage at `start` that the evidence supports, or None.

    Re-readings whose characters all sit in dictionary words come first; one that relies on a
    pinyin annotation alone is taken only when it is the only re-reading at all. Several
    different re-readings with similar support mean no repair."""
    options: dict[str, tuple[tuple[bool, bool, int], bool, int, int]] = {}
    for path in _tokens_path(text, start):
        resolved = _resolve(text, start, path)
        if resolved is None:
            continue
        fixed, _certain = resolved
        # a character stands on its own only with both bytes known and its reading confirmed
        confirmed = {
            k
            for k, (lead, trail, reading) in enumerate(path.slots)
            if reading is not None and lead is not None and trail is not None
        }
        strict = _reads_as_words(text, start, path.end, fixed, set())
        if not strict and not _reads_as_words(text, start, path.end, fixed, confirmed):
            continue
        rank = ("□" not in fixed, not path.inserted, path.end)
        before, after = _context(text, start, path.end)
        window = before + fixed + after
        score = sum(
            _word_score(window, len(before) + k) for k, ch in enumerate(fixed) if _is_han(ch)
        )
        previous = options.get(fixed)
        if previous is None or rank > previous[0]:
            options[fixed] = (rank, strict, score, path.end)
    if not options:
        return None
    top = max(v[0][:2] for v in options.values())
    options = {f: v for f, v in options.items() if v[0][:2] == top}
    strict_options = {f: v for f, v in options.items() if v[1]}
    pool = strict_options or options
    if not strict_options and len(options) > 1:
        return None
    longest = max(v[0] for v in pool.values())
    pool = {f: v for f, v in pool.items() if v[0] == longest}
    ranked = sorted(pool.items(), key=lambda item: -item[1][2])
    if len(ranked) > 1 and ranked[0][1][2] < 10 * max(ranked[1][1][2], 1):
        return None
    fixed, (_rank, _strict, _score, end) = ranked[0]
    return fixed, end


def repair(text: str) -> tuple[str, list[tuple[str, str, bool]]]:
    """Return the text with repaired spans wrapped in markers, and (before, after, accepted)."""
    if "?" not in text:
        return text, []
    if len(_ANNOT_AFTER_HAN_RE.findall(text, 0, 200_000)) < MIN_ANNOTATIONS:
        # the slip comes with the pinyin-annotating tool: without its annotations a "?!" is
        # real, but "?!" run on into more question marks is never punctuation
        return _mark_slips(text)
    log: list[tuple[str, str, bool]] = []
    out: list[str] = []
    cursor = 0
    for match in _START_RE.finditer(text):
        start = match.start()
        if start < cursor:
            continue
        best = _choose(text, start)
        if (best is None or "□" in best[0]) and not _STRONG_RE.match(text, start):
            continue
        out.append(text[cursor:start])
        if best is not None:
            fixed, end = best
            if fixed.endswith("□"):
                fixed = fixed[:-1] + _lost_from_elsewhere(text, end)
            out.append(OPEN + fixed + CLOSE)
            log.append((text[start:end], fixed, "□" not in fixed))
        else:
            end = _damage_end(text, start)
            out.append(OPEN + "□" + CLOSE)
            log.append((text[start:end], "□", False))
        cursor = end
    out.append(text[cursor:])
    return "".join(out), log


# a full stop and an opening quote that slipped into "?!", then the characters lost after them
# (one to four question marks, at times a stray Latin letter): "凸显?!?5+7”"
_SLIP_RE = re.compile(r"(?<=[\u4e00-\u9fff])\?!\?{1,4}[A-Za-z]?(?=[0-9A-Za-z\u4e00-\u9fff])")


def _mark_slips(text: str) -> tuple[str, list[tuple[str, str, bool]]]:
    """Slips in a text without pinyin annotations: the full stop and quote restored, what was
    lost after them marked □ (never guessed)."""
    log: list[tuple[str, str, bool]] = []

    def mark(match: re.Match[str]) -> str:
        log.append((match.group(0), "。“□", False))
        return OPEN + "。“□" + CLOSE

    return _SLIP_RE.sub(mark, text), log


def _lost_from_elsewhere(text: str, end: int) -> str:
    """A byte lost at the start of a quoted code such as “□356” is restored only when the same
    text quotes exactly one code that ends so (“1356”); otherwise it stays □."""
    rest = re.match(r"[0-9A-Za-z]{1,12}(?=”)", text[end:])
    if rest is None:
        return "□"
    found = set(re.findall(r"“([0-9A-Za-z])" + re.escape(rest.group(0)) + "”", text))
    return found.pop() if len(found) == 1 else "□"


def _damage_end(text: str, start: int) -> int:
    bare = _BARE_RE.match(text, start)
    if bare is not None:
        return bare.end()
    end = start + 1
    while end < len(text) and text[end] in "?!" and end - start < 4:
        end += 1
    return end
