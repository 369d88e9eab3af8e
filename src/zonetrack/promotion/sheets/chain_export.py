"""A zone's industry-chain map (产业链招商图谱) written out: every link with its state and
counts, one row per firm present or targeted, under the headers an upload reads, so that the
file imports back."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import translation

from zonetrack.sheets.writer import BinaryWriter, Column, write_xlsx

from ..choices import NodeState, Segment
from ..models import ChainFirm, TargetFirm
from ..selectors import ChainMap
from ..services.sheets import PRESENT, TARGET
from .chains import KIND_WORDS, NO, TEMPLATE_COLUMNS, TITLE, YES, credit_code_of

EXPORT_COLUMNS = [
    Column("zone", "开发区", 16),
    *TEMPLATE_COLUMNS[:2],
    Column("segment", "上中下游", 10),
    Column("state", "环节状态", 10),
    Column("firms", "在链企业数", 10),
    Column("leaders", "链主数", 8),
    Column("signed", "已签约项目数", 12),
    Column("leads", "在谈线索数", 10),
    Column("targets", "目标企业数", 10),
    *TEMPLATE_COLUMNS[2:],
]


def _export_rows(
    maps: list[ChainMap], firms: Iterable[ChainFirm], targets: Iterable[TargetFirm]
) -> Iterator[dict[str, Any]]:
    by_link: dict[int, list[dict[str, Any]]] = {}
    for firm in firms:
        by_link.setdefault(firm.node_id, []).append(
            {
                "kind": KIND_WORDS[PRESENT],
                "firm": firm.name,
                "credit_code": credit_code_of(firm.enterprise),
                "is_leader": YES if firm.is_leader else NO,
                "products": firm.products,
            }
        )
    for target in targets:
        by_link.setdefault(target.node_id, []).append(
            {
                "kind": KIND_WORDS[TARGET],
                "firm": target.name,
                "credit_code": credit_code_of(target.enterprise),
                "region": target.region.name if target.region else "",
                "reason": target.reason,
            }
        )
    with translation.override("zh-hans"):
        states = {value: str(label) for value, label in NodeState.choices}
        segments = {value: str(label) for value, label in Segment.choices}
    for found in maps:
        for link in found.links:
            tally = link.tally
            head = {
                "zone": found.zone.name,
                "chain": found.chain.name,
                "link": link.node.name,
                "segment": segments.get(link.node.segment, link.node.segment),
                "state": states.get(link.state, link.state),
                "firms": tally.firms,
                "leaders": tally.leaders,
                "signed": tally.signed,
                "leads": tally.leads,
                "targets": tally.targets,
            }
            # One row per firm; a link without firms still has its line.
            for listed in by_link.get(link.node.pk) or [{}]:
                yield {**head, **listed}


def export_chain_map(
    maps: list[ChainMap],
    firms: Iterable[ChainFirm],
    targets: Iterable[TargetFirm],
    target: BinaryWriter,
) -> None:
    """Write a zone's maps (as ``chain_map`` reads them) with the firms present and the target
    firms on their links (enterprise and region loaded): every link with its state and counts,
    one row per firm. The columns an import reads come under the template's headers."""
    title = f"{maps[0].zone.name}{TITLE}" if maps else TITLE
    write_xlsx(
        target,
        sheet_name=TITLE,
        title=title,
        columns=EXPORT_COLUMNS,
        rows=_export_rows(maps, firms, targets),
    )
