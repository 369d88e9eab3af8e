"""A zone's industry-chain map (产业链招商图谱) as an upload: firms present and target firms
by chain link read into a checked plan (each fault named by row and column), and the blank
template that lists the chains."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zonetrack.core.validators import text_problem
from zonetrack.projects.validators import validate_credit_code
from zonetrack.registry.models import Zone
from zonetrack.sheets.cells import clean_text
from zonetrack.sheets.reader import BinaryReader, Row, Table, open_table
from zonetrack.sheets.writer import BinaryWriter, Column, write_xlsx

from ..models import Chain, ChainFirm, ChainNode, TargetFirm
from ..selectors import chains, regions
from ..services.sheets import PRESENT, TARGET, ChainFirmDraft
from .leads import _key
from .plans import PlannedRow, ZonePlan, check_rows

# Header texts of each column; the first is the template's and the export's.
KNOWN: dict[str, list[str]] = {
    "chain": ["产业链", "产业链名称", "所属产业链"],
    "link": ["环节", "产业链环节", "链上环节", "所在环节"],
    "kind": ["类别", "企业类别"],
    "firm": ["企业名称", "企业"],
    "credit_code": ["统一社会信用代码", "信用代码"],
    "is_leader": ["是否链主", "链主"],
    "products": ["主要产品", "产品"],
    "region": ["来源地区", "来源地"],
    "reason": ["引进理由", "引进原因", "理由"],
}
REQUIRED = ("chain", "link", "kind", "firm")
TITLE = "产业链招商图谱"
# The words of the 类别 column, and of 是否链主 (a cell Excel keeps as TRUE/FALSE reads too).
KIND_WORDS = {PRESENT: "在链企业", TARGET: "目标企业"}
KIND_SYNONYMS = {
    PRESENT: ("在链企业", "在链", "链上企业"),
    TARGET: ("目标企业", "目标", "招商目标"),
}
KINDS = {_key(word): kind for kind, words in KIND_SYNONYMS.items() for word in words}
YES, NO = "是", "否"
ANSWERS = {
    **dict.fromkeys(("是", "y", "yes", "true", "1", "√"), True),
    **dict.fromkeys(("否", "n", "no", "false", "0", "×"), False),
}
# The columns a kind of firm keeps; the others are told as not imported.
KEPT = {
    PRESENT: ("is_leader", "products"),
    TARGET: ("region", "reason"),
}
LIMITS = {"firm": 200, "products": 200, "reason": 300}


@dataclass
class ChainRow(PlannedRow):
    """A row of a chain map: a firm, or a link on its own line (``link``), with the firm it
    would add."""

    link: str = ""
    draft: ChainFirmDraft | None = None


class ChainPlan(ZonePlan[ChainRow]):
    """What an import would write to one zone's map: a firm per new row, all or none; a row
    the map already has exactly is unchanged."""


def read_chain_table(stored: BinaryReader | bytes, name: str) -> Table:
    """Open an uploaded chain map (SheetError says why it cannot be read)."""
    return open_table(stored, name, known=KNOWN)


def credit_code_of(enterprise: Any) -> str:
    """The credit code of a firm's enterprise on record, or "" without one."""
    return (enterprise.credit_code or "") if enterprise else ""


class _Map:
    """The chains, their links, the regions and what the zone's map holds, read once."""

    def __init__(self, zone: Zone) -> None:
        self.chains: dict[str, Chain] = {}
        for chain in chains():
            self.chains.setdefault(_key(chain.name), chain)
            self.chains.setdefault(_key(chain.code), chain)
        self.links = {
            (node.chain_id, _key(node.name)): node
            for node in ChainNode.objects.filter(chain__is_active=True)
        }
        self.regions = {_key(r.name): r for r in regions()}
        # What each firm on the zone's map says, by (kind, link, name) and (kind, link, code).
        self.on_map: dict[tuple[str, int, str], dict[str, Any]] = {}
        for kind, model in ((PRESENT, ChainFirm), (TARGET, TargetFirm)):
            records = model.objects.active().filter(zone=zone).select_related("enterprise")
            for record in records:
                code = credit_code_of(record.enterprise)
                said: dict[str, Any] = {
                    "credit_code": code,
                    "is_leader": getattr(record, "is_leader", False),
                    "products": getattr(record, "products", ""),
                    "region": getattr(record, "region_id", None),
                    "reason": getattr(record, "reason", ""),
                }
                self.on_map[kind, record.node_id, _key(record.name)] = said
                if code:
                    self.on_map[kind, record.node_id, code] = said


class _Checker:
    """Checks the rows of one table for one zone's map."""

    def __init__(self, table: Table, zone: Zone) -> None:
        self.table = table
        self.map = _Map(zone)
        self.seen: dict[tuple[int, str], int] = {}

    def label(self, column: str) -> str:
        return self.table.labels.get(column, KNOWN[column][0])

    def text(self, row: Row, column: str) -> str:
        value = row.values.get(column)
        if isinstance(value, bool):
            return YES if value else NO
        return clean_text(value)

    def fault(self, line: ChainRow, column: str, message: str) -> None:
        line.cells.append((self.label(column), message))

    def link(self, row: Row, line: ChainRow) -> ChainNode | None:
        chain_word, link_word = self.text(row, "chain"), self.text(row, "link")
        line.link = " · ".join(w for w in (chain_word, link_word) if w)
        if not chain_word:
            self.fault(line, "chain", _("Name the industry chain (its name or code)."))
            return None
        chain = self.map.chains.get(_key(chain_word))
        if chain is None:
            message = _("%(value)s is not an industry chain") % {"value": chain_word}
            self.fault(line, "chain", message)
            return None
        if not link_word:
            self.fault(line, "link", _("Name the link of the chain."))
            return None
        node = self.map.links.get((chain.pk, _key(link_word)))
        if node is None:
            self.fault(
                line,
                "link",
                _("%(value)s is not a link of %(chain)s") % {"value": link_word, "chain": chain},
            )
        return node

    def credit_code(self, row: Row, line: ChainRow) -> str:
        code = self.text(row, "credit_code").upper()
        if code:
            try:
                validate_credit_code(code)
            except ValidationError as exc:
                for message in exc.messages:
                    self.fault(line, "credit_code", message)
        return code

    def kind_values(self, row: Row, line: ChainRow, kind: str) -> dict[str, Any]:
        """The columns this kind of firm keeps, checked; the others' words are not imported."""
        answer = self.text(row, "is_leader")
        is_leader = ANSWERS.get(_key(answer)) if answer else False
        if is_leader is None:
            self.fault(line, "is_leader", _("Write %(yes)s or %(no)s.") % {"yes": YES, "no": NO})
        region = None
        if kind == TARGET and (word := self.text(row, "region")):
            region = self.map.regions.get(_key(word))
            if region is None:
                self.fault(line, "region", _("%(value)s is not an origin region") % {"value": word})
        if kind == TARGET and is_leader:
            self.fault(line, "is_leader", _("Only a firm present is a chain leader."))
        for column in ("products", "region", "reason"):
            if column not in KEPT[kind] and self.text(row, column):
                line.warnings.append(
                    _("%(column)s is not kept for a %(kind)s; it is not imported.")
                    % {"column": self.label(column), "kind": KIND_WORDS[kind]}
                )
        return {
            "is_leader": bool(is_leader) and kind == PRESENT,
            "products": self.text(row, "products") if kind == PRESENT else "",
            "region": region.pk if region else None,
            "reason": self.text(row, "reason") if kind == TARGET else "",
        }

    def check(self, row: Row) -> ChainRow:
        name, kind_word = self.text(row, "firm"), self.text(row, "kind")
        line = ChainRow(number=row.number, name=name, problems=list(row.problems))
        node = self.link(row, line)
        if not name and not kind_word and not line.errors:
            # A link's own line (as the export writes links without firms): nothing to add.
            line.name, line.action = line.link, "unchanged"
            line.warnings.append(_("A link without firms: nothing to import."))
            return line
        kind = KINDS.get(_key(kind_word)) if kind_word else None
        if kind is None:
            words = {"value": kind_word, **{k: KIND_WORDS[k] for k in (PRESENT, TARGET)}}
            if kind_word:
                message = _("%(value)s is not a category; write %(present)s or %(target)s.")
            else:
                message = _("Write %(present)s or %(target)s.")
            self.fault(line, "kind", message % words)
        if not name:
            self.fault(line, "firm", _("Name the firm."))
        code = self.credit_code(row, line)
        values = self.kind_values(row, line, kind or PRESENT)
        for column in ("firm", "products", "reason"):
            written = self.text(row, column)
            if problem := text_problem(written, max_length=LIMITS[column]):
                self.fault(line, column, problem)
        if node is not None and name:
            self.once(line, node, name, code)
        if node is not None and kind is not None and name and not line.errors:
            self.against_map(line, kind, node, name, code, values)
        if line.errors:
            line.action = "reject"
        elif line.action == "create" and node is not None and kind is not None:
            line.draft = ChainFirmDraft(
                kind=kind,
                node_id=node.pk,
                name=name,
                credit_code=code,
                is_leader=values["is_leader"],
                products=values["products"],
                region_id=values["region"],
                reason=values["reason"],
            )
        return line

    def once(self, line: ChainRow, node: ChainNode, name: str, code: str) -> None:
        """A firm is on a link once in a file, by its name or its credit code."""
        for column, key in (("firm", _key(name)), ("credit_code", code)):
            if not key:
                continue
            first = self.seen.setdefault((node.pk, key), line.number)
            if first != line.number:
                self.fault(
                    line, column, _("The same firm on this link as row %(row)d.") % {"row": first}
                )
                return

    def against_map(
        self,
        line: ChainRow,
        kind: str,
        node: ChainNode,
        name: str,
        code: str,
        values: dict[str, Any],
    ) -> None:
        """A firm the map has on this link already: unchanged when the row says what the map
        does (as an exported map does), else refused — an import adds firms, changes none."""
        said = self.map.on_map.get((kind, node.pk, _key(name)))
        by_code = said is None and code
        if by_code:
            said = self.map.on_map.get((kind, node.pk, code))
        if said is None:
            other = PRESENT if kind == TARGET else TARGET
            if (other, node.pk, _key(name)) in self.map.on_map:
                line.warnings.append(
                    _("This firm is also a %(kind)s of this link.") % {"kind": KIND_WORDS[other]}
                )
            return
        given = {"credit_code": code, **values}
        differ = [
            self.label(column)
            for column in ("credit_code", *KEPT[kind])
            if column in self.table.labels and given[column] != said[column]
        ]
        if by_code:  # the same enterprise under another name
            differ.insert(0, self.label("firm"))
        if differ:
            self.fault(
                line,
                "firm",
                _(
                    "This firm is already on this link of the zone's map, with other %(columns)s; "
                    "an import adds firms and changes none: change it on the map."
                )
                % {"columns": "、".join(differ)},
            )
        else:
            line.action = "unchanged"
            line.warnings.append(_("Already on the map as written: nothing to import."))


def plan_chain_firms(
    table: Table, *, zone: Zone, progress: Callable[[int], None] | None = None
) -> ChainPlan:
    """Check every row of a chain map for ``zone``: the chain and its link, the category, the
    credit code, the chain-leader answer and the region, a firm twice in the file or already
    on the map. Nothing is written."""
    return check_rows(
        ChainPlan(zone_id=zone.pk, unknown_columns=list(table.unknown_columns)),
        table,
        zone=zone,
        required=REQUIRED,
        known=KNOWN,
        checker=lambda: _Checker(table, zone),
        archived=_("This zone is archived; its chain map cannot change."),
        empty=_("The file has no rows of firms."),
        progress=progress,
    )


TEMPLATE_COLUMNS = [
    Column("chain", KNOWN["chain"][0], 18),
    Column("link", KNOWN["link"][0], 22),
    Column("kind", KNOWN["kind"][0], 10),
    Column("firm", KNOWN["firm"][0], 30),
    Column("credit_code", KNOWN["credit_code"][0], 22),
    Column("is_leader", KNOWN["is_leader"][0], 10),
    Column("products", KNOWN["products"][0], 24),
    Column("region", KNOWN["region"][0], 12),
    Column("reason", KNOWN["reason"][0], 30),
]


def template_note() -> str:
    """The line over the template's header: the chains (name and code) and the words of the
    listed columns."""
    listed = "、".join(f"{c.name}（{c.code}）" for c in chains())
    return (
        f"产业链：{listed or '—'}；类别：在链企业、目标企业；是否链主：是、否（在链企业）；"
        f"来源地区：{'、'.join(r.name for r in regions()) or '—'}（目标企业）"
    )


def write_chain_template(target: BinaryWriter) -> None:
    """The blank chain map to fill in: a title line, the note listing the chains, the columns."""
    write_xlsx(
        target,
        sheet_name=TITLE,
        title=TITLE,
        columns=TEMPLATE_COLUMNS,
        rows=(),
        unit_note=template_note(),
    )
