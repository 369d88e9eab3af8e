"""Quality evaluation of the reader against gold facts (the `zonetrack articles eval` command)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .decoding import decode
from .model import Fact, Reading, UnreadableInput
from .pipeline import read_text

READABLE = (".txt", ".html", ".htm", ".docx")
FACT_TYPES = (
    "zone",
    "amount",
    "project_count",
    "target",
    "date",
    "organisation",
    "industry_cluster",
    "quantity",
)


def _norm_name(name: object) -> str:
    return str(name or "").replace("(", "（").replace(")", "）").strip()


def _norm_value(value: object) -> object:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return round(float(value), 6)
    return str(value).strip()


_FULLWIDTH = str.maketrans(
    {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
)


def _fullwidth(text: str) -> str:
    """Half-width punctuation as full-width: gold quotes keep the page's own punctuation, and
    are compared with the cleaned text after this mapping (samples/dev/README.md)."""
    return text.translate(_FULLWIDTH)


def _unit_family(unit: object) -> str:
    """A unit without the qualifier in brackets after it: FACTS.md scores targets and quantities
    by unit family, so 元（突破） and 元 are the same unit."""
    return re.sub(r"（[^（）]*）$", "", _norm_name(unit))


def match_key(fact_type: str, fields: dict) -> tuple:
    """What two facts must share to count as the same fact: the type and its value."""
    if fact_type in ("zone", "organisation", "industry_cluster"):
        return (fact_type, _norm_name(fields.get("name")))
    if fact_type == "amount":
        return (fact_type, fields.get("amount_yuan"))
    if fact_type == "project_count":
        return (fact_type, fields.get("count"))
    if fact_type in ("target", "quantity"):
        return (fact_type, _norm_value(fields.get("value")), _unit_family(fields.get("unit")))
    if fact_type == "date":
        return (fact_type, str(fields.get("date")))
    return (fact_type, json.dumps(fields, sort_keys=True, ensure_ascii=False))


def _twin(gold_fact: dict, predicted: dict[tuple, list[Fact]]) -> tuple | None:
    """The key of a predicted fact the conventions count as the same although its key differs:
    a zone by one of the gold's aliases (short and long forms), a cluster sharing at least half
    of the gold's items."""
    if gold_fact["type"] == "zone":
        for alias in gold_fact.get("aliases") or ():
            key = match_key("zone", {"name": alias})
            if predicted.get(key):
                return key
    if gold_fact["type"] == "industry_cluster":
        wanted = {_norm_name(i) for i in gold_fact.get("items") or ()}
        for key, facts in predicted.items():
            if key[0] != "industry_cluster" or not facts:
                continue
            items = {_norm_name(i) for i in facts[0].fields.get("items") or ()}
            if wanted and 2 * len(wanted & items) >= len(wanted):
                return key
    return None


def fact_json(fact: Fact) -> dict:
    """A fact in the JSON shape of the issue (the same shape as gold.json's facts)."""
    return {
        "type": fact.type,
        **fact.fields,
        "quote": fact.quote,
        "start": fact.start,
        "end": fact.end,
        "confidence": fact.confidence,
    }


def reading_json(reading: Reading, file: str) -> dict:
    """The `extract --json` document of one file."""
    return {
        "file": file,
        "pub_date": reading.pub_date.isoformat() if reading.pub_date else None,
        "damaged_spans": [list(s) for s in reading.damaged_spans],
        "clean_text": reading.clean_text,
        "facts": [fact_json(f) for f in reading.facts],
        "repairs": [
            {
                "start": r.start,
                "end": r.end,
                "before": r.before,
                "after": r.after,
                "accepted": r.accepted,
            }
            for r in reading.repairs
        ],
        "warnings": reading.warnings,
    }


@dataclass
class Tally:
    """Counts of one fact type (or all): gold, predicted, matched."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0


@dataclass
class Evaluation:
    """Everything `eval` prints."""

    by_type: dict[str, Tally] = field(default_factory=dict)
    by_file: dict[str, Tally] = field(default_factory=dict)
    overall: Tally = field(default_factory=Tally)
    quotes_total: int = 0
    quotes_found: int = 0
    repairs: list[tuple[str, int, int, str, str, bool, str]] = field(default_factory=list)
    missed: list[tuple[str, dict]] = field(default_factory=list)
    extra: list[tuple[str, Fact]] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)
    ungraded: list[tuple[str, int]] = field(default_factory=list)

    @property
    def quote_share(self) -> float:
        return self.quotes_found / self.quotes_total if self.quotes_total else 1.0


def evaluate(directory: Path, gold_path: Path) -> Evaluation:
    """Read every file of the gold document from `directory` and compare with its facts."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    result = Evaluation(by_type={t: Tally() for t in FACT_TYPES})
    for article in gold.get("articles", []):
        path = directory / article["file"]
        if not path.exists():
            result.missing_files.append(article["file"])
            continue
        pub = article.get("pub_date")
        pub_date = date.fromisoformat(pub) if pub else None
        reading = read_text(decode(path.read_bytes(), path.name), pub_date=pub_date)
        for r in reading.repairs:
            context = reading.clean_text[max(0, r.start - 6) : r.end + 6].replace("\n", "⏎")
            result.repairs.append(
                (article["file"], r.start, r.end, r.before, r.after, r.accepted, context)
            )
        predicted: dict[tuple, list[Fact]] = {}
        per_file = result.by_file.setdefault(article["file"], Tally())
        per_file.predicted += len(reading.facts)
        per_file.gold += len(article.get("facts", []))
        for fact in reading.facts:
            predicted.setdefault(match_key(fact.type, fact.fields), []).append(fact)
            result.by_type.setdefault(fact.type, Tally()).predicted += 1
        for gold_fact in article.get("facts", []):
            fact_type = gold_fact["type"]
            tally = result.by_type.setdefault(fact_type, Tally())
            tally.gold += 1
            result.quotes_total += 1
            if _fullwidth(gold_fact.get("quote", "")) in _fullwidth(reading.clean_text):
                result.quotes_found += 1
            key = match_key(fact_type, gold_fact)
            if predicted.get(key):
                predicted[key].pop(0)
                tally.matched += 1
                per_file.matched += 1
            elif (twin := _twin(gold_fact, predicted)) is not None:
                predicted[twin].pop(0)
                tally.matched += 1
                per_file.matched += 1
            else:
                result.missed.append((article["file"], gold_fact))
        for facts in predicted.values():
            result.extra.extend((article["file"], f) for f in facts)
    graded = {article["file"] for article in gold.get("articles", [])}
    for path in sorted(directory.iterdir()):
        if path.name in graded or not path.is_file() or path.suffix.lower() not in READABLE:
            continue
        if path.resolve() == gold_path.resolve() or path.name.lower().startswith("readme"):
            continue
        try:
            reading = read_text(decode(path.read_bytes(), path.name))
        except UnreadableInput:
            result.ungraded.append((path.name, -1))
            continue
        result.ungraded.append((path.name, len(reading.facts)))
    for tally in result.by_type.values():
        result.overall.gold += tally.gold
        result.overall.predicted += tally.predicted
        result.overall.matched += tally.matched
    return result


def report(result: Evaluation, *, verbose: bool = False) -> str:
    """The printed evaluation: precision and recall per type and overall, quotes, repairs."""
    lines = [f"{'type':<18}{'gold':>6}{'found':>7}{'match':>7}{'precision':>11}{'recall':>8}"]
    for name, t in result.by_type.items():
        lines.append(
            f"{name:<18}{t.gold:>6}{t.predicted:>7}{t.matched:>7}"
            f"{t.precision:>11.2f}{t.recall:>8.2f}"
        )
    t = result.overall
    lines.append(
        f"{'overall':<18}{t.gold:>6}{t.predicted:>7}{t.matched:>7}"
        f"{t.precision:>11.2f}{t.recall:>8.2f}"
    )
    lines.append("per article:")
    for name, t in result.by_file.items():
        lines.append(
            f"  {name:<26}{t.gold:>6}{t.predicted:>7}{t.matched:>7}"
            f"{t.precision:>11.2f}{t.recall:>8.2f}"
        )
    lines.append(
        f"gold quotes found verbatim in the cleaned text: {result.quotes_found}/"
        f"{result.quotes_total} ({result.quote_share:.1%})"
    )
    accepted = sum(1 for r in result.repairs if r[5])
    lines.append(
        f"repairs: {len(result.repairs)} ({accepted} accepted, "
        f"{len(result.repairs) - accepted} left as □)"
    )
    for file, start, end, before, after, ok, context in result.repairs:
        lines.append(
            f"  {file} [{start}:{end}] {'accepted' if ok else 'damaged '} "
            f"{before!r} → {after!r}   …{context}…"
        )
    if result.missing_files:
        lines.append("missing files: " + ", ".join(result.missing_files))
    for name, count in result.ungraded:
        found = "unreadable" if count < 0 else f"{count} facts"
        lines.append(f"not in the gold file (not scored): {name}: {found}")
    if verbose:
        lines.append("missed gold facts:")
        for file, gold_fact in result.missed:
            shown = {k: v for k, v in gold_fact.items() if k not in ("id",)}
            lines.append(f"  {file} {json.dumps(shown, ensure_ascii=False)}")
        lines.append("facts not in the gold:")
        for file, extra_fact in result.extra:
            fields = json.dumps(extra_fact.fields, ensure_ascii=False)
            lines.append(f"  {file} {extra_fact.type} {fields} | {extra_fact.quote}")
    return "\n".join(lines)
