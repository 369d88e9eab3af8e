"""Lazily loaded dictionaries: pinyin syllables and readings, jieba's word list, OpenCC."""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

_TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")


def has_tone_mark(syllable: str) -> bool:
    """True when the syllable carries a tone mark (ā, é, ǐ, ò, ǜ …)."""
    return any(ch in _TONE_MARKS for ch in syllable)


@functools.cache
def readings() -> dict[str, tuple[str, ...]]:
    """Character → its tone-marked readings, from pypinyin's single-character dictionary (loaded
    from its module file alone: the pypinyin package also loads a large phrase dictionary)."""
    path = _package_dir("pypinyin") / "pinyin_dict.py"
    spec = importlib.util.spec_from_file_location("_zonetrack_pinyin_dict", path)
    if spec is None or spec.loader is None:
        raise RuntimeError("pypinyin's pinyin_dict is missing")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table: dict[int, str] = module.pinyin_dict
    return {chr(code): tuple(value.split(",")) for code, value in table.items()}


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


def _package_dir(name: str) -> Path:
    """The directory of an installed package, found without importing it (jieba's import alone
    costs a fifth of a second)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {name} package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@functools.cache
def _dictionary_text() -> str:
    """jieba's shipped dict.txt ("word frequency tag" lines), read once."""
    return (_package_dir("jieba") / "dict.txt").read_text(encoding="utf-8")


@functools.cache
def words() -> dict[str, int]:
    """jieba's shipped dictionary: word → frequency (read directly; no segmentation model is
    loaded). Only the repair of damaged text needs the whole of it."""
    return {w: int(f) for w, f in re.findall(r"^(\S+) (\d+)", _dictionary_text(), re.M)}


@functools.cache
def common_words() -> frozenset[str]:
    """Common words of 2–4 characters (frequency ≥ 100, not a proper name): what a name of a
    zone or a company does not start with (中心, 新兴, 电子商务 …)."""
    found = re.findall(r"^(\S{2,4}) [1-9]\d{2,} (?!ns|nr|nz|nt)", _dictionary_text(), re.M)
    return frozenset(found)


@functools.cache
def places() -> frozenset[str]:
    """Place names (2–4 characters) of jieba's dictionary and the shipped division list."""
    found = set(re.findall(r"^(\S{2,4}) \d+ ns$", _dictionary_text(), re.M))
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
