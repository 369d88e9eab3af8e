"""The lead list (招商线索台账) as an upload: read into a checked plan, every row's lead or the
cells at fault (row and column), and the blank template to fill in."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Membership, User
from zonetrack.core.validators import LONG_TEXT_MAX, date_problem, text_problem
from zonetrack.projects.models import Enterprise
from zonetrack.registry.models import Cluster, Zone
from zonetrack.sheets.cells import CellError, clean_text, parse_date, parse_decimal
from zonetrack.sheets.reader import BinaryReader, Row, Table, open_table
from zonetrack.sheets.writer import BinaryWriter, Column, write_xlsx

from ..models import Lead
from ..selectors import channels, regions
from ..services.sheets import LeadDraft
from .plans import PlannedRow, ZonePlan, check_rows

# Header texts of each column; the first is the template's and the ledger's, so a downloaded
# ledger imports back (its other columns are listed as not imported).
KNOWN: dict[str, list[str]] = {
    "name": ["线索名称", "线索", "项目名称", "名称"],
    "investor": ["投资方/意向企业", "投资方", "意向企业", "投资主体", "企业名称"],
    "credit_code": ["统一社会信用代码", "信用代码"],
    "cluster": ["产业集群", "产业", "所属产业", "产业类别"],
    "investment_wan": ["意向投资额", "意向投资", "投资额", "计划投资额"],
    "channel": ["来源渠道", "渠道", "招商方式"],
    "region": ["来源地区", "来源地", "投资方来源地"],
    "owner": ["负责人", "跟进人"],
    "next_action": ["下一步工作", "下一步", "下步工作"],
    "next_action_on": ["下一步时限", "完成时限", "时限"],
    "notes": ["备注"],
}
REQUIRED = ("name", "investor")
TITLE = "招商线索台账"
UNIT_NOTE = "单位：万元"
# The lead's fields that a row's values become, by the column that holds them.
FIELD_COLUMNS = {
    "name": "name",
    "prospect": "investor",
    "investment_wan": "investment_wan",
    "next_action": "next_action",
    "next_action_on": "next_action_on",
    "notes": "notes",
}
CENT = Decimal("0.01")


def _key(text: str) -> str:
    """A name as lists match it: full-width forms folded, spaces dropped, case ignored."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


@dataclass
class PlanRow(PlannedRow):
    """A row of a lead list, with the lead it would add."""

    draft: LeadDraft | None = None


class LeadPlan(ZonePlan[PlanRow]):
    """What an import would write: a new lead per row, all or none."""


def read_table(stored: BinaryReader | bytes, name: str) -> Table:
    """Open an uploaded lead list (SheetError says why it cannot be read)."""
    return open_table(stored, name, known=KNOWN)


class _Lists:
    """The managed lists and the zone's people a row is matched against, read once."""

    def __init__(self, zone: Zone) -> None:
        self.channels = {_key(c.name): c.pk for c in channels()}
        self.regions = {_key(r.name): r.pk for r in regions()}
        self.clusters: dict[str, int] = {}
        for cluster in Cluster.objects.filter(is_active=True):
            for word in (cluster.name, *cluster.aliases):
                self.clusters.setdefault(_key(word), cluster.pk)
        # A lead's owner works for the zone: its committee or a unit under it.
        self.people: dict[str, set[int]] = defaultdict(set)
        members = User.objects.filter(
            is_active=True,
            pk__in=access.within(Membership.objects.all(), zone.organisation).values("user"),
        )
        for person in members:
            for name in (person.display_name, person.get_full_name(), person.username):
                if name:
                    self.people[_key(name)].add(person.pk)
        self.taken = {
            (_key(name), _key(prospect or investor or ""))
            for name, prospect, investor in Lead.objects.active()
            .filter(zone=zone)
            .values_list("name", "prospect", "investor__name")
        }


class _Checker:
    """Checks the rows of one table for one zone."""

    def __init__(self, table: Table, zone: Zone) -> None:
        self.table = table
        self.lists = _Lists(zone)
        self.zone = zone
        self.seen: dict[tuple[str, str], int] = {}
        self.today = timezone.localdate()

    def label(self, column: str) -> str:
        return self.table.labels.get(column, KNOWN[column][0])

    def text(self, row: Row, column: str) -> str:
        return clean_text(row.values.get(column))

    def listed(
        self, row: Row, line: PlanRow, column: str, names: dict[str, int], message: str
    ) -> int | None:
        word = self.text(row, column)
        if not word:
            return None
        found = names.get(_key(word))
        if found is None:
            line.cells.append((self.label(column), message % {"value": word}))
        return found

    def owner(self, row: Row, line: PlanRow) -> int | None:
        word = self.text(row, "owner")
        if not word:
            return None
        found = self.lists.people.get(_key(word), set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            message = _("%(name)s names %(count)d people; use the username") % {
                "name": word,
                "count": len(found),
            }
        else:
            message = _("no one of this zone is called %(name)s") % {"name": word}
        line.cells.append((self.label("owner"), message))
        return None

    def investment(self, row: Row, line: PlanRow) -> Decimal | None:
        unit = self.table.units.get("investment_wan") or self.table.unit
        try:
            value = parse_decimal(
                row.values.get("investment_wan"), header_unit=unit, unit_to="万元"
            )
        except CellError as exc:
            line.cells.append((self.label("investment_wan"), exc.message))
            return None
        return value.quantize(CENT, ROUND_HALF_UP) if value is not None else None

    def deadline(self, row: Row, line: PlanRow) -> date | None:
        try:
            day = parse_date(row.values.get("next_action_on"), today=self.today)
        except CellError as exc:
            line.cells.append((self.label("next_action_on"), exc.message))
            return None
        if day is not None and (problem := date_problem(day)):
            line.cells.append((self.label("next_action_on"), problem))
            return None
        return day

    def credit_code(self, row: Row, line: PlanRow) -> str:
        code = self.text(row, "credit_code").upper()
        if code:
            try:
                Enterprise(name=code, credit_code=code).clean_fields(exclude=["name"])
            except ValidationError as exc:
                for message in exc.messages:
                    line.cells.append((self.label("credit_code"), message))
        return code

    def check(self, row: Row) -> PlanRow:
        name, investor = self.text(row, "name"), self.text(row, "investor")
        line = PlanRow(number=row.number, name=name, problems=list(row.problems))
        if not name:
            line.cells.append((self.label("name"), _("Name the lead.")))
        if not investor:
            line.cells.append(
                (self.label("investor"), _("Name the investor or describe the prospect."))
            )
        lists = self.lists
        draft = LeadDraft(
            name=name,
            investor_name=investor,
            credit_code=self.credit_code(row, line),
            cluster_id=self.listed(
                row, line, "cluster", lists.clusters, _("%(value)s is not an industry cluster")
            ),
            investment_wan=self.investment(row, line),
            channel_id=self.listed(
                row, line, "channel", lists.channels, _("%(value)s is not a source channel")
            ),
            region_id=self.listed(
                row, line, "region", lists.regions, _("%(value)s is not an origin region")
            ),
            owner_id=self.owner(row, line),
            next_action=self.text(row, "next_action"),
            next_action_on=self.deadline(row, line),
            notes=str(row.values.get("notes") or "").strip(),
        )
        for column in ("name", "investor", "next_action", "notes"):
            # Control characters break pages, exports and the database; lengths are the lead's.
            value = getattr(draft, "investor_name" if column == "investor" else column)
            problem = text_problem(value, multiline=column == "notes", max_length=LONG_TEXT_MAX)
            if problem:
                line.cells.append((self.label(column), problem))
        self.validate(draft, line)
        key = (_key(name), _key(investor))
        if name and key in self.seen:
            line.problems.append(_("The same lead as row %(row)d.") % {"row": self.seen[key]})
        self.seen.setdefault(key, row.number)
        if name and key in self.lists.taken:
            line.warnings.append(_("The zone already has this lead; the row adds another."))
        if line.errors:
            line.action = "reject"
        else:
            line.draft = draft
        return line

    def validate(self, draft: LeadDraft, line: PlanRow) -> None:
        """The lead's own rules (lengths, amounts, a deadline needs its action), each told at
        the column it came from."""
        lead = Lead(
            zone=self.zone,
            name=draft.name,
            prospect=draft.investor_name,
            investment_wan=draft.investment_wan,
            next_action=draft.next_action,
            next_action_on=draft.next_action_on,
            notes=draft.notes,
        )
        faults: dict[str, list[ValidationError]] = {}
        checked = [f.name for f in Lead._meta.fields if f.name not in FIELD_COLUMNS]
        try:
            lead.clean_fields(exclude=checked)
        except ValidationError as exc:
            faults.update(exc.error_dict)
        if not faults:
            try:
                lead.clean()
            except ValidationError as exc:
                faults.update(exc.error_dict)
        for name, errors in faults.items():
            column = FIELD_COLUMNS.get(name, "notes")
            for error in errors:
                if error.code != "blank":  # an empty name or investor is told already
                    line.cells.extend((self.label(column), text) for text in error.messages)


def plan_leads(
    table: Table, *, zone: Zone, progress: Callable[[int], None] | None = None
) -> LeadPlan:
    """Check every row of a lead list for ``zone``: names, the listed values (channel, region,
    cluster, owner), amounts, dates and credit codes. Nothing is written."""
    return check_rows(
        LeadPlan(zone_id=zone.pk, unknown_columns=list(table.unknown_columns)),
        table,
        zone=zone,
        required=REQUIRED,
        known=KNOWN,
        checker=lambda: _Checker(table, zone),
        archived=_("This zone is archived; leads cannot be added."),
        empty=_("The file has no lead rows."),
        progress=progress,
    )


TEMPLATE_COLUMNS = [
    Column("name", KNOWN["name"][0], 28),
    Column("investor", KNOWN["investor"][0], 28),
    Column("credit_code", KNOWN["credit_code"][0], 22),
    Column("cluster", KNOWN["cluster"][0], 14),
    Column("investment_wan", "意向投资额（万元）", 16, "0.00"),
    Column("channel", KNOWN["channel"][0], 14),
    Column("region", KNOWN["region"][0], 14),
    Column("owner", KNOWN["owner"][0], 12),
    Column("next_action", KNOWN["next_action"][0], 28),
    Column("next_action_on", KNOWN["next_action_on"][0], 14),
    Column("notes", KNOWN["notes"][0], 30),
]


def write_template(target: BinaryWriter, rows: Iterable[dict[str, Any]] = ()) -> None:
    """The blank lead list to fill in: title and unit lines over the columns an import reads."""
    write_xlsx(
        target,
        sheet_name=TITLE,
        title=TITLE,
        columns=TEMPLATE_COLUMNS,
        rows=rows,
        unit_note=UNIT_NOTE,
    )
