"""Lazily loaded dictionaries: pinyin syllables and readings, jieba's word list, OpenCC."""

from __future__ import annotations

import functools
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

_TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")


def has_tone_mark(syllable: str) -> bool:
    """True when the syllable carries a tone mark (ā, é, ǐ, ò, ǜ …)."""
    return any(ch in _TONE_MARKS for ch in syllable)


@functools.cache
def readings() -> dict[str, tuple[str, ...]]:
    """Character → its tone-marked readings, from pypinyin's single-character dictionary."""
    from pypinyin.pinyin_dict import pinyin_dict

    return {chr(code): tuple(value.split(",")) for code, value in pinyin_dict.items()}


@functools.cache
def syllables() -> frozenset[str]:
    """Every tone-marked syllable of Mandarin (the inventory of inserted pinyin)."""
    found: set[str] = set()
    for values in readings().values():
        found.update(v for v in values if has_tone_mark(v) and v.isalpha())
    return frozenset(found)


@functools.cache
def chars_by_reading() -> dict[str, tuple[str, ...]]:
    """Tone-marked syllable → the characters that read so (GBK-encodable ones only)."""
    index: dict[str, list[str]] = {}
    for ch, values in readings().items():
        try:
            ch.encode("gbk")
        except UnicodeEncodeError:
            continue
        for v in values:
            index.setdefault(v, []).append(ch)
    return {k: tuple(v) for k, v in index.items()}


@functools.cache
def _dictionary() -> tuple[dict[str, int], dict[str, str]]:
    import jieba

    path = Path(jieba.__file__).resolve().parent / "dict.txt"
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                freq[parts[0]] = int(parts[1])
                if len(parts) >= 3:
                    tags[parts[0]] = parts[2]
    return freq, tags


def words() -> dict[str, int]:
    """jieba's shipped dictionary (Simplified; some Traditional): word → frequency, read directly
    from the package's dict.txt (no segmentation model is loaded)."""
    return _dictionary()[0]


def tag(word: str) -> str:
    """The part-of-speech tag jieba's dictionary gives a word ("ns" for places), or ""."""
    return _dictionary()[1].get(word, "")


@functools.cache
def places() -> frozenset[str]:
    """Place names (2–4 characters) of jieba's dictionary and the shipped division list."""
    found = {w for w, t in _dictionary()[1].items() if t == "ns" and 2 <= len(w) <= 4}
    with (DATA / "divisions.txt").open(encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("#"):
                found.add(line)
    return frozenset(found)


@functools.cache
def gazetteer() -> tuple[str, ...]:
    """Zone names shipped with the package (national-level zones and new areas)."""
    with (DATA / "zones.txt").open(encoding="utf-8") as handle:
        names = [ln.strip() for ln in handle if ln.strip() and not ln.startswith("#")]
    return tuple(sorted(set(names), key=len, reverse=True))


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@functools.cache
def _overrides() -> tuple[tuple[str, str], ...]:
    pairs = []
    with (DATA / "t2s_overrides.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            wrong, right = line.split("\t")[:2]
            pairs.append((wrong, right))
    pairs.sort(key=lambda pair: -len(pair[0]))
    return tuple(pairs)


def to_simplified(text: str) -> str:
    """Traditional → Simplified with OpenCC, then the override table for OpenCC's known misses."""
    out = _converter().convert(text)
    for wrong, right in _overrides():
        if wrong in out:
            out = out.replace(wrong, right)
    return out


_HAN_RE = re.compile(r"[\u4e00-\u9fff]")


def traditional_share(text: str) -> float:
    """Share of Han characters that OpenCC changes (0 for Simplified text)."""
    sample = "".join(_HAN_RE.findall(text[:50_000]))
    if not sample:
        return 0.0
    converted = _converter().convert(sample)
    changed = sum(1 for a, b in zip(sample, converted, strict=False) if a != b)
    return changed / len(sample)
