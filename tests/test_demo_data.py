"""The demo reads like real use, app by app: logins are people listed in the README, a project's
stages follow in order, escalated problems wait in someone's list, targets' rollups are kept,
promotion has leads in every status, rankings are published with rank changes.

The demo is loaded once for the module (it is the slowest write there is) inside a transaction
rolled back at its end; each test runs in a savepoint of its own, so what one test writes no
other sees. The module runs on one worker (``xdist_group``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from zonetrack.accounts.models import Membership, Organisation, User
from zonetrack.core import demo
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import Project, StageTransition
from zonetrack.projects.selectors import duplicate_investors
from zonetrack.registry.models import Zone

pytestmark = pytest.mark.xdist_group("demo")

Login = tuple[str, str, str]


@pytest.fixture(scope="module")
def logins(django_db_setup: None, django_db_blocker: object) -> Iterator[list[Login]]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        yield demo.load()
        transaction.set_rollback(True)


def _readme_demo_logins() -> set[str]:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme.split("## Demo logins", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([a-z_]+)`", row.split("|")[1])}


def test_demo_prints_every_login_the_readme_lists(logins: list[Login], db: None) -> None:
    listed = _readme_demo_logins()
    assert {"admin", "jc_manager", "yc_manager", "dt_manager"} <= listed
    assert {username for username, _who, _role in logins} == listed


def test_demo_logins_are_people_and_stage_dates_follow_in_order(
    logins: list[Login], db: None
) -> None:
    organisations = set(Organisation.objects.values_list("name", flat=True))
    for username, who, _role in logins:
        person = User.objects.get(username=username)
        name = person.display_name
        assert name not in organisations, f"{username} is named after an organisation"
        assert not any(word in name for word in ("管委会", "商务局", "商务厅", "观察员")), name
        assert name in who  # the printed list says who the login is

    dates: dict[int, list[tuple[int, object]]] = {}
    for project_id, pk, happened_on in StageTransition.objects.values_list(
        "project_id", "pk", "happened_on"
    ):
        dates.setdefault(project_id, []).append((pk, happened_on))
    assert dates
    for project_id, rows in dates.items():
        in_order = [day for _pk, day in sorted(rows)]
        assert in_order == sorted(in_order), f"project {project_id}: {in_order}"


def test_demo_escalated_problems_are_in_someones_list(logins: list[Login], db: None) -> None:
    """Every escalated demo problem waits in a demo city or province manager's to-do, and
    one of them has been urged."""
    from zonetrack.dispatch import selectors
    from zonetrack.dispatch.choices import EventKind, ProblemStatus
    from zonetrack.dispatch.models import Problem

    escalated = set(
        Problem.objects.filter(escalation_level__gte=1)
        .exclude(status=ProblemStatus.CLOSED)
        .values_list("pk", flat=True)
    )
    assert escalated
    listed: set[int] = set()
    for username in ("lf_manager", "sx_manager"):
        user = User.objects.filter(username=username).first()
        if user is not None:
            listed |= set(selectors.problems_for_my_level(user=user).values_list("pk", flat=True))
    assert escalated <= listed
    assert Problem.objects.filter(events__kind=EventKind.URGE).exists()


def test_demo_keeps_its_rollups_and_grows_on_last_year(logins: list[Login], db: None) -> None:
    from zonetrack.targets.models import Rollup, TargetQuarter
    from zonetrack.targets.services import rollups

    from .targets.factories import LAST_YEAR
    from .targets.test_rollups import kept

    assert kept() == rollups.live()
    assert TargetQuarter.objects.count() == 4
    assert Rollup.objects.filter(period__year=LAST_YEAR, basis="summed").exists()


def test_demo_windows_are_submitted_and_planned_starts_started(
    logins: list[Login], db: None
) -> None:
    """Every zone submitted each month but the late one last month; planned starts have
    started, so 开工率 is no zero."""
    from zonetrack.targets.models import ReportingWindow, Rollup, Submission

    windows = ReportingWindow.objects.count()
    assert Submission.objects.filter(submitted_at__isnull=False).count() >= windows * 2
    started = Rollup.objects.filter(indicator__code="start_rate", amount__gt=0)
    assert started.exists()


def test_demo_has_standard_factories_with_tenants_and_vacant_units(
    logins: list[Login], db: None
) -> None:
    from zonetrack.accounts.models import User
    from zonetrack.land import factories
    from zonetrack.land.models import FactoryBuilding

    assert FactoryBuilding.objects.count() == 2
    from zonetrack.land.models import Threshold

    assert Threshold.objects.values("cluster").distinct().count() == 2
    city = User.objects.get(username="lf_manager")
    (park,) = factories.by_park(factories.building_list(user=city))
    assert 0 < park.let_units < park.units


def test_demo_has_an_outbound_trip_with_visits_and_a_lead_from_it(
    logins: list[Login], db: None
) -> None:
    from zonetrack.promotion.models import Trip

    trip = Trip.objects.get()
    assert trip.visits.count() == 2 and trip.leads.count() == 1


def test_demo_has_an_incentive_agreement_with_a_failed_condition(
    logins: list[Login], db: None
) -> None:
    from zonetrack.promotion.models import Agreement

    agreement = Agreement.objects.get()
    assert agreement.follow_ups.filter(closed_on__isnull=True).count() == 1


def test_demo_has_a_chain_map_with_every_state(logins: list[Login], db: None) -> None:
    """The first zone's new-energy-vehicle chain shows strong, weak and gap links, targets at
    its gaps, projects placed and a lead at a gap."""
    from zonetrack.accounts.models import User
    from zonetrack.promotion import selectors
    from zonetrack.promotion.models import Chain
    from zonetrack.registry.models import Zone

    zone = Zone.objects.active().order_by("pk").first()
    chain = Chain.objects.get(code="new-energy-vehicles")
    found = selectors.chain_map(
        user=User.objects.get(username="lf_manager"), chain_id=chain.pk, zone_id=zone.pk
    )
    assert found.counts["strong"] and found.counts["weak"] and found.counts["gap"]
    cell = next(link for link in found.links if link.node.name == "电芯")
    assert (cell.state, cell.tally.targets, cell.tally.leads) == ("gap", 1, 1)
    assert sum(link.tally.signed for link in found.links) >= 1


def test_demo_has_leads_in_every_status_and_an_event(logins: list[Login], db: None) -> None:
    """Leads in every status for each demo zone with an officer, a converted one linked to
    its project, enquiries on time, late and waiting, and a signing ceremony with projects
    signed there; loading twice changes nothing."""
    from zonetrack.promotion import demo as promotion_demo
    from zonetrack.promotion.choices import LeadStatus
    from zonetrack.promotion.models import Enquiry, Event, Lead

    zones = set(Lead.objects.values_list("zone_id", flat=True))
    assert zones
    for zone_id in zones:
        statuses = set(Lead.objects.filter(zone_id=zone_id).values_list("status", flat=True))
        assert statuses == set(LeadStatus.values)
    converted = Lead.objects.filter(status=LeadStatus.CONVERTED)
    assert all(lead.project_id for lead in converted)
    assert Enquiry.objects.filter(first_response_at__isnull=True).exists()
    event = Event.objects.order_by("pk").first()
    assert event is not None and event.signings.count() >= 1
    counts = (Lead.objects.count(), Enquiry.objects.count(), Event.objects.count())
    promotion_demo.load()
    assert (Lead.objects.count(), Enquiry.objects.count(), Event.objects.count()) == counts


def test_demo_rankings_and_the_national_template(logins: list[Login], db: None) -> None:
    """四比四看 published for two half-years with rank changes, a 六个度 ranking, and the
    national 2021 template computing on the demo data."""
    from zonetrack.rankings import selectors, services
    from zonetrack.rankings.models import Ranking, Scheme

    published = list(
        Ranking.objects.filter(scheme__template="sibisikan", status="published").order_by("period")
    )
    assert len(published) == 2
    later = selectors.Table(published[1])
    assert len(later.lines) >= 2
    assert any(line.previous_rank is not None for line in later.lines)
    assert all(services.recompute(r) == r.result for r in published)
    assert Ranking.objects.filter(scheme__template="liugedu").exists()
    city = Organisation.objects.get(name="临汾市商务局")
    national = services.template_load(actor=None, key="national_2021", owner=city)
    draft = services.draft_of(national)
    draft.peer_zone_level = ""  # the demo city's zones, whatever their level
    national = services.scheme_save(actor=None, draft=draft, scheme=national)
    year = str(published[1].period[:4])
    ranking = services.ranking_compute(actor=None, scheme=national, period=year)
    assert next(line.rank for line in selectors.Table(ranking).lines) == 1
    assert Scheme.objects.filter(template="national_2016", edition=1).exists()
    demo.load()  # twice changes nothing
    assert Ranking.objects.filter(scheme__template="sibisikan").count() == 2


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "audit", "registry", "projects"}
    }


def test_demo_is_idempotent(logins: list[Login], db: None) -> None:
    first = _row_counts()
    demo.load()
    assert _row_counts() == first
    linfen = Zone.objects.get(name="临汾经济开发区")
    assert sorted(linfen.parks.values_list("name", flat=True)) == [
        "中心高端服务园区",
        "甘亭新兴工业园区",
        "空港跨境自贸区",
    ]
    assert linfen.management == "city"
    assert Zone.objects.get(name="侯马经济开发区").management == "county"
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"viewer", "officer", "manager", "admin"}
    stages = set(Project.objects.values_list("stage", flat=True))
    assert stages == set(Stage.values)
    assert StageTransition.objects.filter(verification="pending").exists()
    assert duplicate_investors(user=None)


def test_token_create_prints_a_working_token(logins: list[Login], db: None, capsys, client) -> None:  # type: ignore[no-untyped-def]
    call_command("token", "create", "lfkfq_manager")
    token = capsys.readouterr().out.strip()
    response = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert response.json()["username"] == "lfkfq_manager"
