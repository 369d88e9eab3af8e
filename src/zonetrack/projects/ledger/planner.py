"""The ledger import's planner: matches each row to a project and works out its changes."""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Membership, User
from zonetrack.projects import services
from zonetrack.projects.models import MAX_AMOUNT_WAN, ProgressReport, Project, YearPlan
from zonetrack.projects.validators import validate_credit_code
from zonetrack.registry.models import Cluster, Zone
from zonetrack.sheets.cells import CellError, clean_text, parse_bool, parse_decimal
from zonetrack.sheets.reader import Row, Table

from .columns import (
    AMOUNTS,
    CENT,
    IMPORTED_AMOUNTS,
    NATURE_IGNORED,
    NATURE_WORDS,
    _key,
    _money,
    _person_key,
    _through_month,
)
from .plans import Action, LedgerRow


class _Planner:
    """Everything a ledger import matches rows against, loaded in a fixed number of queries."""

    def __init__(self, table: Table, *, user: Any, zone: Zone, year: int, as_of: date) -> None:
        self.table = table
        self.user = user
        self.zone = zone
        self.year = year
        self.through = _through_month(year, as_of)
        self.report_month = date(as_of.year, as_of.month, 1)
        # The difference of cumulative investment is only ever recorded for the current year's
        # month, never in a month that has not begun.
        self.can_record = as_of.year == year and self.report_month <= timezone.localdate()
        self.may_create = services.can_create_project(user, zone)
        projects = (
            Project.objects.active()
            .filter(zone=zone)
            .select_related("investor", "leader", "officer", "park", "cluster")
        )
        self.by_key: dict[str, list[Project]] = defaultdict(list)
        for project in projects:
            # The zone already loaded: the permission of each row reads its organisation, and
            # a project's own copy would cost two queries a row.
            project.zone = zone
            self.by_key[_key(project.name)].append(project)
        reports = ProgressReport.objects.filter(project__zone=zone)
        self.reported_sum: dict[int, Decimal] = {}
        if self.through:
            self.reported_sum = dict(
                reports.filter(month__gte=date(year, 1, 1), month__lte=date(year, self.through, 1))
                .order_by()
                .values("project")
                .annotate(total=Sum("invested_wan"))
                .values_list("project", "total")
            )
        self.reported_this_month = set(
            reports.filter(month=self.report_month).values_list("project_id", flat=True)
        )
        self.plans = {
            plan.project_id: plan for plan in YearPlan.objects.filter(project__zone=zone, year=year)
        }
        self.parks = {_key(park.name): park for park in zone.parks.active()}
        self.clusters: dict[str, Cluster] = {}
        for cluster in Cluster.objects.filter(is_active=True):
            for word in (cluster.name, *cluster.aliases):
                self.clusters.setdefault(_key(word), cluster)
        # Leaders and officers are people of the zone committee or of a unit under it.
        self.people: dict[str, list[User]] = defaultdict(list)
        members = User.objects.filter(
            is_active=True,
            pk__in=access.within(Membership.objects.all(), zone.organisation).values("user"),
        )
        for person in members:
            for name in _names_of(person):
                self.people[name].append(person)
        self.seen: dict[str, int] = {}
        self.kind: str | None = None

    # -- cells ---------------------------------------------------------------------------

    def amount(self, values: dict[str, Any], name: str, notes: list[str]) -> Decimal | None:
        label = self.table.labels.get(name, name)
        unit = self.table.units.get(name) or self.table.unit
        try:
            value = parse_decimal(values.get(name), header_unit=unit, unit_to="万元")
        except CellError as exc:
            notes.append(f"{label}: {exc.message}")
            return None
        if value is None:
            return None
        if value < 0:
            notes.append(_("%(column)s: an amount cannot be negative") % {"column": label})
            return None
        if value > MAX_AMOUNT_WAN:
            notes.append(
                _("%(column)s: %(value)s 万元 is above 10,000 亿元, which is not plausible")
                % {"column": label, "value": f"{value:.2f}"}
            )
            return None
        return value.quantize(CENT, ROUND_HALF_UP)

    def amounts(self, row: Row, plan: LedgerRow, *, strict: bool) -> dict[str, Decimal]:
        found: dict[str, Decimal] = {}
        for name in AMOUNTS:
            if name not in self.table.labels:
                continue
            notes = plan.errors if strict and name in IMPORTED_AMOUNTS else plan.warnings
            value = self.amount(row.values, name, notes)
            if value is not None:
                found[name] = value
        return found

    def person(self, text: str, current: User | None, role: str, plan: LedgerRow) -> Any:
        """The member named `text`; `current` when it names the person already set."""
        key = _person_key(text)
        if current is not None and key in _names_of(current):
            return current
        found = self.people.get(key, [])
        if len(found) == 1:
            return found[0]
        if found:
            plan.errors.append(
                _("%(role)s “%(name)s” names %(count)d people; use the username")
                % {
                    "role": _("Leader") if role == "leader" else _("Officer"),
                    "name": text,
                    "count": len(found),
                }
            )
        elif role == "leader":
            plan.errors.append(_("unknown leader: %(name)s") % {"name": text})
        else:
            plan.errors.append(_("unknown officer: %(name)s") % {"name": text})
        return None

    # -- rows ----------------------------------------------------------------------------

    def project_row(self, row: Row, plan: LedgerRow) -> dict[str, Decimal]:
        values = row.values
        plan.errors.extend(row.problems)
        amounts = self.amounts(row, plan, strict=True)

        def text(name: str) -> str:
            return clean_text(values.get(name))

        key = _key(plan.name)
        if not key:
            plan.errors.append(_("The project has no name."))
        elif len(plan.name) > 200:
            plan.errors.append(_("The project name is longer than 200 characters."))
        elif key in self.seen:
            plan.errors.append(_("The same project as row %(row)d.") % {"row": self.seen[key]})
        else:
            self.seen[key] = plan.number
        matches = self.by_key.get(key, []) if key else []
        if len(matches) > 1:
            plan.errors.append(
                _("%(count)d projects of this zone have this name; rename them apart first.")
                % {"count": len(matches)}
            )
        project = matches[0] if len(matches) == 1 else None
        plan.project = project
        wanted: dict[str, Any] = {}

        if "total" in amounts:
            wanted["total_investment_wan"] = amounts["total"]
        investor, code = text("investor"), text("credit_code")
        code = unicodedata.normalize("NFKC", code).upper()
        if code:
            try:
                validate_credit_code(code)
            except ValidationError as exc:
                label = self.table.labels["credit_code"]
                plan.errors.extend(f"{label}: {message}" for message in exc.messages)
        if len(investor) > 200:
            plan.errors.append(_("The investor's name is longer than 200 characters."))
        if investor or code:
            current = project.investor if project else None
            if (
                current is None
                or (investor and _key(current.name) != _key(investor))
                or (code and current.credit_code != code)
            ):
                plan.investor = (investor, code)
        description = str(values.get("description") or "").replace("\r\n", "\n").strip()
        if description:
            wanted["description"] = description
        level = text("level")
        if level:
            flags = _level_flags(level)
            if flags is None:
                plan.warnings.append(
                    _("%(column)s “%(value)s” is not 省重点, 市重点 or 区重点; left as it was")
                    % {"column": self.table.labels["level"], "value": level}
                )
            else:
                wanted["is_provincial_key"], wanted["is_city_key"] = flags
        if text("statistics"):
            try:
                wanted["is_in_statistics"] = parse_bool(values.get("statistics"))
            except CellError as exc:
                plan.errors.append(f"{self.table.labels['statistics']}: {exc.message}")
        nature = _key(unicodedata.normalize("NFKC", text("nature")))
        if nature in NATURE_WORDS:
            wanted["construction_status"] = NATURE_WORDS[nature]
        elif nature and nature not in NATURE_IGNORED:
            plan.warnings.append(
                _("%(column)s “%(value)s” is not understood; left as it was")
                % {"column": self.table.labels["nature"], "value": text("nature")}
            )
        for role in ("leader", "officer"):
            if text(role):
                holder = getattr(project, role) if project else None
                person = self.person(text(role), holder, role, plan)
                if person is not None:
                    wanted[role] = person
        location = _key(text("location"))
        if location in self.parks:
            wanted["park"] = self.parks[location]
        elif location and location == _key(self.zone.name):
            wanted["park"] = None
        industry = text("industry")
        if industry:
            cluster = self.clusters.get(_key(industry))
            if cluster is None:
                plan.warnings.append(
                    _("Not in the cluster list: %(term)s; the cluster is left as it was")
                    % {"term": industry}
                )
            else:
                wanted["cluster"] = cluster
        if self.kind:
            wanted["kind"] = self.kind

        if project is None:
            plan.fields = wanted
        else:
            plan.fields = {k: v for k, v in wanted.items() if _current(project, k) != v}
        plan.changed = list(plan.fields)
        if project is not None:
            plan.diffs = [
                (
                    _label(name),
                    _shown(project, name, getattr(project, name)),
                    _shown(project, name, value),
                )
                for name, value in plan.fields.items()
            ]
        if plan.investor is not None:
            plan.changed.append("investor")
            if project is not None:
                before = project.investor.name if project.investor else EMPTY
                plan.diffs.append((_label("investor"), before, plan.investor[0]))
        self.money(plan, project, amounts, text("progress"))

        if plan.errors:
            plan.action = Action.REJECT
        elif project is None:
            plan.action = Action.CREATE
            if not self.may_create:
                plan.action = Action.REJECT
                plan.errors.append(_("You may not add projects to this zone."))
        elif plan.changed:
            plan.action = Action.UPDATE
            if not access.can_change(self.user, project):
                plan.action = Action.REJECT
                plan.errors.append(_("You may not change this project."))
        else:
            plan.action = Action.UNCHANGED
        exported = _exported_version(values.get("version"))
        if plan.action == Action.UPDATE and project and exported and project.version > exported:
            plan.action = Action.STALE
            plan.warnings.append(
                _(
                    "Changed in zonetrack after this file was exported (version %(exported)d, "
                    "now %(current)d): kept as it is unless you tick it."
                )
                % {"exported": exported, "current": project.version}
            )
        return amounts

    def money(
        self, plan: LedgerRow, project: Project | None, amounts: dict[str, Decimal], progress: str
    ) -> None:
        """The year plan, and the month's report that makes the reports add up to the ledger's
        cumulative investment for the year."""
        existing = self.plans.get(project.pk) if project else None
        if "plan" in amounts and (
            existing is None or existing.planned_investment_wan != amounts["plan"]
        ):
            plan.year_plan = amounts["plan"]
            if existing is not None:
                plan.plan_flags = (existing.planned_start, existing.planned_completion)
            plan.changed.append("year_plan")
            if existing is not None:
                plan.diffs.append(
                    (
                        "年度计划投资",
                        _wan(existing.planned_investment_wan),
                        _wan(amounts["plan"]),
                    )
                )
        if "cumulative" not in amounts:
            return
        reported = self.reported_sum.get(project.pk, Decimal(0)) if project else Decimal(0)
        difference = amounts["cumulative"] - reported
        if difference == 0:
            return
        if difference > 0 and self.can_record and (project is None or not self.reported(project)):
            plan.report_wan = difference
            plan.progress = progress
            plan.changed.append("report")
            if project is not None:
                plan.diffs.append(
                    (
                        self.table.labels.get("cumulative", "累计完成投资"),
                        _wan(reported),
                        _wan(amounts["cumulative"]),
                    )
                )
            return
        if difference < 0:
            why = _("reports are never reduced by an import")
        elif not self.can_record:
            why = _("only the current year's investment is recorded")
        else:
            why = _("%(month)s is reported already") % {"month": f"{self.report_month:%Y-%m}"}
        plan.warnings.append(
            _("%(column)s: the ledger says %(ledger)s, the reports add up to %(reported)s; %(why)s")
            % {
                "column": self.table.labels["cumulative"],
                "ledger": _money(amounts["cumulative"]),
                "reported": _money(reported),
                "why": why,
            }
        )

    def reported(self, project: Project) -> bool:
        return project.pk in self.reported_this_month


EMPTY = "—"


@functools.lru_cache(maxsize=128)
def _label(name: str) -> str:
    """A project field's label as the preview shows it: in Chinese, as the ledger is (once
    per field: switching the language for every changed cell cost more than the row)."""
    with translation.override("zh-hans"):
        return str(getattr(Project._meta.get_field(name), "verbose_name", name))


@functools.lru_cache(maxsize=128)
def _choice_labels(name: str) -> dict[Any, str]:
    """A project field's choices and their labels in Chinese (empty without choices)."""
    field = Project._meta.get_field(name)
    if not getattr(field, "choices", None):
        return {}
    with translation.override("zh-hans"):
        return {key: str(label) for key, label in getattr(field, "flatchoices", [])}


def _wan(value: Decimal | None) -> str:
    return EMPTY if value is None else f"{value:,.2f}"


def _shown(project: Project, name: str, value: Any) -> str:
    """A field's value as a person reads it: 是/否, the choice's label, money with commas."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return _wan(value)
    if labels := _choice_labels(name):
        return labels.get(value, str(value))
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _exported_version(value: Any) -> int | None:
    """The project's version the export wrote in the hidden 数据版本 column, if any."""
    try:
        return int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None


def _current(project: Project, name: str) -> Any:
    value = getattr(project, name)
    # Compared as the import reads it, so surrounding spaces alone are not a change.
    return value.replace("\r\n", "\n").strip() if name == "description" else value


def _names_of(person: User) -> set[str]:
    names = {person.display_name, person.get_full_name(), person.username, str(person)}
    return {_person_key(name) for name in names if name}


def _level_flags(text: str) -> tuple[bool, bool] | None:
    """(provincial, city) from 项目级别: 省重点, 市重点, both, or 区/县重点 (neither)."""
    text = _key(text)
    provincial, city = "省" in text, "市" in text
    if provincial or city:
        return provincial, city
    if any(word in text for word in ("区", "县", "一般", "其他")):
        return False, False
    return None
