"""The reads of the projects app: lists and their filters, the pipeline counts by both of
their paths, the board, a project's page, the work queues and the leaders' workload."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from zonetrack.projects import selectors, services
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import Project
from zonetrack.projects.selectors import ProjectFilters

from ..conftest import World
from .factories import MilestoneFactory, ProjectFactory, ReportFactory, YearPlanFactory

TODAY = timezone.localdate()
LAST_MONTH = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)


def names(projects: object) -> set[str]:
    return {p.name for p in projects}  # type: ignore[attr-defined]


def started(project: Project, when: date | None = None) -> Project:
    """The project moved to started (skipping packaged and signed on the same day)."""
    day = when or TODAY
    services.project_transition(
        actor=None,
        project=project,
        to_stage=Stage.STARTED,
        happened_on=day,
        skipped={"packaged": day, "signed": day},
    )
    return Project.objects.get(pk=project.pk)


def test_project_list_is_what_the_user_sees_filtered(world: World) -> None:
    ProjectFactory(zone=world.zone_a, name="甲区光伏项目", is_city_key=True)
    everything = selectors.project_list(user=world.city_manager)
    assert names(everything) == {"甲区新材料项目", "乙区装备项目", "甲区光伏项目"}
    assert names(selectors.project_list(user=world.a_viewer)) == {"甲区新材料项目", "甲区光伏项目"}
    assert selectors.project_list(user=world.nobody).count() == 0
    by = {
        "q": ProjectFilters(q="光伏"),
        "zone": ProjectFilters(zone=world.zone_b.pk),
        "key": ProjectFilters(key="city"),
    }
    assert names(selectors.project_list(user=world.city_manager, filters=by["q"])) == {
        "甲区光伏项目"
    }
    assert names(selectors.project_list(user=world.city_manager, filters=by["zone"])) == {
        "乙区装备项目"
    }
    assert names(selectors.project_list(user=world.city_manager, filters=by["key"])) == {
        "甲区光伏项目"
    }


def test_project_list_sorts_and_leaves_archived_out(world: World) -> None:
    services.project_archive(actor=None, project=world.project_b)
    by_investment = ProjectFilters(sort="-investment")
    assert names(selectors.project_list(user=world.city_manager, filters=by_investment)) == {
        "甲区新材料项目"
    }
    with_archived = ProjectFilters(sort="-investment", include_archived=True)
    listed = list(selectors.project_list(user=world.city_manager, filters=with_archived))
    assert [p.name for p in listed] == ["乙区装备项目", "甲区新材料项目"]


def test_stage_totals_read_from_kept_totals_equal_the_counted_ones(world: World) -> None:
    ProjectFactory(zone=world.zone_a, total_investment_wan=Decimal("12.5"))
    started(world.project_a)
    kept = selectors.stage_totals(user=world.city_manager)  # from PipelineTotal
    # A filter the kept totals cannot answer makes the selector count the projects instead.
    counted = selectors.stage_totals(
        user=world.city_manager, filters=ProjectFilters(year=TODAY.year)
    )
    assert kept == counted
    assert kept[Stage.PURSUED] == (2, Decimal("80012.5"))
    assert kept[Stage.STARTED] == (1, Decimal("50000"))
    verified = selectors.stage_totals(user=world.city_manager, verified_only=True)
    assert verified[Stage.STARTED] == (0, Decimal(0))  # the claim waits for verification


def test_five_batches_count_at_capacity_as_in_production() -> None:
    totals = {stage: (0, Decimal(0)) for stage in Stage.values}
    totals[Stage.IN_PRODUCTION] = (2, Decimal("10"))
    totals[Stage.AT_CAPACITY] = (3, Decimal("5.5"))
    batches = selectors.five_batches(totals)
    assert [b.stage for b in batches] == [
        "pursued",
        "packaged",
        "signed",
        "started",
        "in_production",
    ]
    assert (batches[-1].count, batches[-1].investment_wan) == (5, Decimal("15.50"))


def test_list_count_reads_the_stage_totals(world: World) -> None:
    totals = selectors.stage_totals(user=world.city_manager)
    assert selectors.list_count(totals, ProjectFilters()) == 2
    assert selectors.list_count(totals, ProjectFilters(stage="pursued")) == 2
    assert selectors.list_count(totals, ProjectFilters(stage="signed")) == 0


def test_verification_queue_is_the_supervising_levels(world: World) -> None:
    started(world.project_a)
    queue = list(selectors.verification_queue(user=world.city_manager))
    assert {t.to_stage for t in queue} == {"signed", "started"}
    assert list(selectors.verification_queue(user=world.a_manager)) == []
    assert list(selectors.verification_queue(user=world.province_viewer)) == []
    claims = selectors.verification_claims(queue)
    assert all(hasattr(claim, "rule") for claim in claims)


def test_my_projects_owing_says_which_reported_last_month(world: World) -> None:
    a = services.project_update(
        actor=None, project=world.project_a, changes={"officer": world.a_officer}
    )
    # Only a project under construction or in production owes a report (``owing_report``).
    other = started(ProjectFactory(zone=world.zone_a, officer=world.a_officer), LAST_MONTH)
    ReportFactory(project=a, month=LAST_MONTH)
    rows = {p.pk: p for p in selectors.my_projects_owing(user=world.a_officer, month=LAST_MONTH)}
    assert set(rows) == {a.pk, other.pk}
    assert rows[a.pk].has_previous and rows[a.pk].last_report == LAST_MONTH
    assert not rows[other.pk].has_previous and rows[other.pk].last_report is None
    assert list(selectors.my_projects(user=world.a_manager)) == []


def test_board_columns_hold_the_largest_cards_first(world: World) -> None:
    ProjectFactory(zone=world.zone_a, name="小项目", total_investment_wan=Decimal("1"))
    counts = selectors.pipeline_counts(user=world.city_manager)
    columns = selectors.board_columns(
        user=world.city_manager, filters=ProjectFilters(), counts=counts
    )
    pursued = columns[0]
    assert pursued["stage"] == "pursued" and pursued["count"] == 3 and pursued["more"] == 0
    assert [p.name for p in pursued["cards"]] == ["乙区装备项目", "甲区新材料项目", "小项目"]


def test_board_groups_count_each_park_by_batch(world: World) -> None:
    ProjectFactory(zone=world.zone_a, park=world.park_a)
    started(ProjectFactory(zone=world.zone_a, park=world.park_a))
    rows, cut = selectors.board_groups(
        user=world.city_manager, filters=ProjectFilters(), group="park"
    )
    assert not cut
    first, *rest = rows
    assert first["param"] == str(world.park_a.pk) and first["total"] == 2
    assert dict(first["cells"]) == {
        "pursued": 1,
        "packaged": 0,
        "signed": 0,
        "started": 1,
        "in_production": 0,
    }
    # Projects without a park come last, as one row.
    assert rest[-1]["param"] == "" and rest[-1]["total"] == 2


def test_project_page_reads_reports_with_their_running_total(world: World) -> None:
    project = world.project_a
    earlier = (LAST_MONTH - timedelta(days=1)).replace(day=1)
    ReportFactory(project=project, month=earlier, invested_wan=Decimal("10"))
    ReportFactory(project=project, month=LAST_MONTH, invested_wan=Decimal("5"))
    YearPlanFactory(project=project, year=TODAY.year, planned_investment_wan=Decimal("100"))
    MilestoneFactory(project=project)
    page = selectors.project_page(project=project, today=TODAY)
    assert [r.month for r in page.reports] == [LAST_MONTH, earlier]
    assert [r.cumulative_wan for r in page.reports] == [Decimal("15"), Decimal("10")]
    assert len(page.milestones) == 1 and len(page.transitions) == 1
    assert page.chart_year == TODAY.year and TODAY.year in page.chart_years
    assert page.chart_summary["planned"] == Decimal("100")
    assert page.steps[0]["active"] and page.steps[0]["label"]


def test_project_page_refuses_a_chart_year_it_has_no_data_for(world: World) -> None:
    for asked in ("1999", "abc", "20261", ""):
        page = selectors.project_page(project=world.project_a, today=TODAY, chart_year=asked)
        assert page.chart_year == TODAY.year


def test_chart_data_fills_the_months_of_a_past_year() -> None:
    class Report:
        def __init__(self, month: date, invested_wan: Decimal) -> None:
            self.month, self.invested_wan = month, invested_wan

    reports = [Report(date(2020, 2, 1), Decimal("3")), Report(date(2020, 5, 1), Decimal("2"))]
    chart = selectors.chart_data(reports, [], 2020, date(2021, 3, 1))  # type: ignore[arg-type]
    assert chart["invested"][1] == "3" and chart["invested"][0] is None
    assert chart["cumulative"][11] == "5" and chart["plan"] is None
    assert chart["summary"] == {"planned": None, "done": Decimal("5"), "percent": None}


def test_stage_steps_date_the_reached_stages(world: World) -> None:
    project = started(world.project_a, TODAY)
    steps = selectors.stage_steps(project)
    assert [s["done"] for s in steps[:3]] == [True, True, True]
    assert steps[3]["active"] and steps[3]["date"] == TODAY
    assert steps[4]["date"] is None


def test_filter_choices_offer_only_what_the_user_sees(world: World) -> None:
    choices = selectors.filter_choices(user=world.a_manager, filters=ProjectFilters())
    assert [name for _pk, name in choices["zone_choices"]] == ["甲区"]
    assert [p.name for p in choices["parks"]] == ["甲一园"]
    assert world.a_manager in list(choices["leaders"])
    assert world.b_manager not in list(choices["leaders"])


def test_leader_workload_counts_each_leaders_projects_and_reports_owed(world: World) -> None:
    a = started(world.project_a, LAST_MONTH)
    services.project_update(actor=None, project=a, changes={"leader": world.a_manager})
    ProjectFactory(zone=world.zone_a, leader=world.a_manager)
    loads = selectors.leader_workload(user=world.city_manager, month=LAST_MONTH)
    lead, unled = loads
    assert lead.leader_id == world.a_manager.pk and lead.projects == 2
    assert lead.by_batch == [1, 0, 0, 1, 0] and lead.reports_owed == 1
    assert unled.leader_id is None and unled.projects == 1
