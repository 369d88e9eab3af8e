"""Finding a table's header row (one or two levels) among title and unit lines, by synonyms."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .cells import canonical_unit


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header is and what each column holds.

    `columns` maps a 0-based column index to its field; `labels` and `units` give, per field, the
    header as written and the unit it named ("万元" from "总投资（万元）"). `first_row` and
    `last_row` index the rows passed to find_header (equal for a one-level header).
    """

    columns: dict[int, str]
    labels: dict[str, str]
    units: dict[str, str]
    unknown: list[str]
    missing: list[str]
    first_row: int
    last_row: int


_BRACKETED = re.compile(r"\(([^()]*)\)$")
_UNIT_PREFIX = re.compile(r"^单位[:：]?")


def parse_unit(text: str) -> str | None:
    """The unit a header bracket or unit line names: "万元", "%", a rate like "万元/亩", or None."""
    text = _UNIT_PREFIX.sub("", unicodedata.normalize("NFKC", text).strip())
    if text == "%":
        return "%"
    unit = canonical_unit(text)
    if unit:
        return unit
    # Rates such as 万元/亩 are units too; keep them as written for the importer to interpret.
    parts = text.split("/")
    if len(parts) == 2 and all(canonical_unit(part) for part in parts):
        return text
    return None


def normalise_header(value: object) -> tuple[str, str | None]:
    """Header text without spaces, NFKC-normalised, and the unit it names, if any.

    "总投资\\n（万元）" gives ("总投资", "万元"); "占年度计划%" gives ("占年度计划", "%").
    """
    if value is None:
        return "", None
    text = "".join(unicodedata.normalize("NFKC", str(value)).split()).rstrip(":")
    unit = None
    if match := _BRACKETED.search(text):
        unit = parse_unit(match.group(1))
        if unit:
            text = text[: match.start()]
    elif text.endswith("%") and len(text) > 1:
        unit, text = "%", text[:-1]
    return text, unit


# Headers carry the report's year and months ("2024年计划投资", "1-3月累计完成投资"); matching
# ignores them so one synonym serves every year's and month's ledger.
_DASHES = "-~—–至到"
_MONTH_SPAN = re.compile(rf"\d{{1,2}}月?[{_DASHES}]\d{{1,2}}(?=月)")
_MONTH = re.compile(r"\d{1,2}(?=月)")
_YEAR = re.compile(r"(?:19|20)\d{2}(?=年)")


def _match_key(label: str) -> str:
    key = _MONTH_SPAN.sub("1-N", label)
    key = _MONTH.sub("N", key)
    return _YEAR.sub("Y", key).lower()


def _synonym_lookup(known: Mapping[str, Iterable[str]]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for field, synonyms in known.items():
        for synonym in [field, *synonyms]:
            key = _match_key(normalise_header(synonym)[0])
            if lookup.setdefault(key, field) != field:
                raise ValueError(f"header {synonym!r} is a synonym of two fields")
    return lookup


def _display(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _match(
    rows: Sequence[Sequence[object]], first: int, lookup: dict[str, str], fields: list[str]
) -> HeaderMatch:
    columns: dict[int, str] = {}
    labels: dict[str, str] = {}
    units: dict[str, str] = {}
    unknown: list[str] = []
    for index in range(max(len(row) for row in rows)):
        raw = [row[index] if index < len(row) else None for row in rows]
        texts = [normalise_header(value) for value in raw]
        if len(texts) == 1 or not texts[1][0] or texts[1][0] == texts[0][0]:
            candidates = [texts[0]]
        elif not texts[0][0]:
            candidates = [texts[1]]
        else:
            # A child under a parent ("计划开工时间" under "建设起止年限") is known by the pair or
            # by itself; the parent's unit covers children that name none.
            (parent, parent_unit), (child, child_unit) = texts
            unit = child_unit or parent_unit
            candidates = [(parent + child, unit), (child, unit)]
        shown = " / ".join(dict.fromkeys(text for value in raw if (text := _display(value))))
        if not shown:
            continue
        field = next(
            (lookup[key] for label, _unit in candidates if (key := _match_key(label)) in lookup),
            None,
        )
        if field is None or field in labels:
            unknown.append(shown)
            continue
        columns[index] = field
        labels[field] = shown
        unit = next((unit for label, unit in candidates if unit), None)
        if unit:
            units[field] = unit
    missing = [field for field in fields if field not in labels]
    return HeaderMatch(columns, labels, units, unknown, missing, first, first + len(rows) - 1)


def find_header(
    rows: Sequence[Sequence[object]],
    known: Mapping[str, Iterable[str]],
    *,
    max_scan: int = 10,
) -> HeaderMatch | None:
    """Find the header in the first `max_scan` rows: the row, or pair of rows, naming most fields.

    `known` maps each field to the header texts that mean it; texts are compared after
    normalise_header, with years and months ignored. Merged header cells must already be filled
    with their top-left value. A pair of rows is read as a two-level header, parent over child.
    None when no row names any field.
    """
    lookup = _synonym_lookup(known)
    fields = list(known)
    best: HeaderMatch | None = None
    best_rank: tuple[int, int, int] = (0, 0, 0)
    for first in range(min(max_scan, len(rows))):
        alone = 0
        for depth in (1, 2):
            chosen = rows[first : first + depth]
            if len(chosen) < depth:
                continue
            match = _match(chosen, first, lookup, fields)
            if depth == 1:
                alone, shape = len(match.columns), 0
            else:
                # Vertically merged headers repeat in the lower row, so it alone can match as
                # many fields as the pair. The pair wins that tie only when its upper row is a
                # header itself and the lower row adds fields: not a title over the header, nor
                # a header over a data row.
                shape = 1 if 0 < alone < len(match.columns) else -1
            rank = (len(match.columns), shape, -first)
            if match.columns and (best is None or rank > best_rank):
                best, best_rank = match, rank
    return best
