"""Project pages: lists that cost a fixed number of queries, the project page's workflow forms
with field errors, stale edits refused, verification by the supervising level, and roles."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from zonetrack.projects import services
from zonetrack.projects.choices import Stage, Verification
from zonetrack.projects.models import Project, StageRule, StageTransition
from zonetrack.projects.selectors import board as board_selectors
from zonetrack.projects.validators import credit_code_check_char
from zonetrack.registry.models import Cluster

from ..conftest import World, client_for

TODAY = timezone.localdate()
PREVIOUS_MONTH = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
NEXT_MONTH = (TODAY.replace(day=28) + timedelta(days=7)).replace(day=1)


def fresh(project: Project) -> Project:
    return Project.objects.get(pk=project.pk)


def detail_url(project: Project) -> str:
    return reverse("projects:project_detail", kwargs={"project_id": project.pk})


def url_for(name: str, project: Project) -> str:
    return reverse(f"projects:{name}", kwargs={"project_id": project.pk})


def sign(world: World, project: Project) -> StageTransition:
    """Move a project to signed through packaged; returns the pending signing claim."""
    services.project_transition(
        actor=world.a_manager,
        project=project,
        to_stage=Stage.SIGNED,
        happened_on=TODAY - timedelta(days=3),
        skipped={"packaged": TODAY - timedelta(days=10)},
    )
    return project.transitions.get(to_stage=Stage.SIGNED)


def _many_projects(world: World, count: int, start: int = 0) -> None:
    """Projects in both zones with investors, clusters, people, claims and reports."""
    clusters = list(Cluster.objects.all()[:3])
    for i in range(start, start + count):
        zone, park = (world.zone_a, world.park_a) if i % 2 else (world.zone_b, world.park_b)
        investor = services.enterprise_for(name=f"投资方{i}")
        project = services.project_create(
            actor=None,
            zone=zone,
            name=f"批量项目{i:03d}",
            park=park,
            cluster=clusters[i % len(clusters)],
            investor=investor,
            total_investment_wan=Decimal(1000 + i),
            leader=world.city_manager,
            officer=world.a_officer if zone == world.zone_a else None,
            task_force=[world.a_manager],
        )
        if i % 3 == 0:
            services.project_transition(
                actor=None,
                project=project,
                to_stage=Stage.SIGNED,
                happened_on=TODAY - timedelta(days=2),
                skipped={"packaged": TODAY - timedelta(days=5)},
            )
        if i % 4 == 0:
            services.report_submit(
                actor=None, project=project, month=PREVIOUS_MONTH, invested_wan=Decimal(10)
            )


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("projects:project_list", {}),
        ("projects:project_list", {"verified_only": "1", "sort": "-investment"}),
        ("projects:pipeline_board", {}),
        ("projects:pipeline_board", {"group": "cluster"}),
        ("projects:pipeline_board", {"group": "leader"}),
        ("projects:my_projects", {}),
        ("projects:verification_queue", {}),
        ("projects:leader_workload", {}),
    ],
)
def test_list_pages_use_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any, url_name: str, params: dict[str, str]
) -> None:
    client = client_for(world.city_manager)
    url = reverse(url_name)
    _many_projects(world, 3)
    client.get(url, params)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(16) as few:
        response = client.get(url, params)
        assert response.status_code == 200
    _many_projects(world, 40, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, params)
        assert response.status_code == 200
    if url_name not in ("projects:pipeline_board", "projects:leader_workload"):
        assert "批量项目042" in response.content.decode()


@pytest.mark.parametrize(
    "url_name",
    [
        "project_list",
        "project_create",
        "pipeline_board",
        "verification_queue",
        "my_projects",
        "project_detail",
        "project_edit",
    ],
)
def test_pages_render_for_the_zone_manager(world: World, url_name: str) -> None:
    with_id = {"project_detail", "project_edit"}
    kwargs = {"project_id": world.project_a.pk} if url_name in with_id else {}
    response = client_for(world.a_manager).get(reverse(f"projects:{url_name}", kwargs=kwargs))
    assert response.status_code == 200
    page = response.content.decode()
    assert world.project_b.name not in page
    assert world.zone_b.name not in page


def test_project_pages_hide_other_branch_including_stage_changes(world: World) -> None:
    """Every projects URL with ids, for a record of branch B, is 404 to branch A's manager."""
    transition = world.project_b.transitions.get()
    report = services.report_submit(
        actor=None,
        project=world.project_b,
        month=PREVIOUS_MONTH,
        invested_wan=Decimal(1),
        photo=SimpleUploadedFile("site.png", PNG),
        photos=[services.PhotoUpload(file=SimpleUploadedFile("site.png", PNG))],
    )
    values = {
        "project_id": world.project_b.pk,
        "transition_id": transition.pk,
        "report_id": report.pk,
        "photo_id": report.photos.get().pk,
    }
    outsider, owner = client_for(world.a_manager), client_for(world.b_manager)
    patterns = get_resolver("zonetrack.projects.urls").url_patterns
    checked = 0
    for pattern in patterns:
        assert isinstance(pattern, URLPattern)
        names = sorted(pattern.pattern.converters)
        if not names:
            continue
        url = reverse(f"projects:{pattern.name}", kwargs={n: values[n] for n in names})
        statuses = {m: getattr(outsider, m)(url).status_code for m in ("get", "post")}
        assert set(statuses.values()) <= {404, 405}, f"{url}: {statuses}"
        assert 404 in statuses.values(), f"{url}: {statuses}"
        assert owner.get(url).status_code in {200, 405}, url
        checked += 1
    assert checked >= 8
    # A stage change of another project is not reachable through a visible project either.
    mixed = reverse(
        "projects:transition_detail",
        kwargs={"project_id": world.project_a.pk, "transition_id": transition.pk},
    )
    assert outsider.get(mixed).status_code == 404
    decide = reverse(
        "projects:verification_decide",
        kwargs={"project_id": world.project_a.pk, "transition_id": transition.pk},
    )
    assert client_for(world.city_manager).post(decide, {"approve": "1"}).status_code == 404


def test_list_filters_marks_pending_claims_and_counts_both_ways(world: World) -> None:
    sign(world, world.project_a)
    client = client_for(world.city_manager)
    url = reverse("projects:project_list")
    page = client.get(url).content.decode()
    assert world.project_a.name in page and world.project_b.name in page
    assert "zt-pending" in page
    claimed = client.get(url).context["pipeline"]
    verified = client.get(url, {"verified_only": "1"}).context["pipeline"]
    counts = {c.stage: c.count for c in claimed}
    assert counts["signed"] == 1 and counts["pursued"] == 1
    counts = {c.stage: c.count for c in verified}
    assert counts["signed"] == 0 and counts["packaged"] == 1
    page = client.get(url, {"zone": world.zone_b.pk}).content.decode()
    assert world.project_b.name in page and world.project_a.name not in page
    page = client.get(url, {"stage": "signed"}).content.decode()
    assert world.project_a.name in page and world.project_b.name not in page
    assert client.get(url, {"sort": "nonsense", "page": "x", "year": "abc"}).status_code == 200
    assert 'id="new-project"' in page
    assert 'id="new-project"' not in client_for(world.a_viewer).get(url).content.decode()


def test_create_page_resolves_the_investor_and_refuses_a_bad_credit_code(world: World) -> None:
    client = client_for(world.a_officer)
    url = reverse("projects:project_create")
    data = {
        "zone": world.zone_a.pk,
        "name": "高纯硅材料项目",
        "investor_name": "晋硅科技有限公司",
        "investor_credit_code": "91140100MA0K7RXX00",
        "kind": "industrial",
        "construction_status": "preparation",
        "total_investment_wan": "120000",
        "park": world.park_a.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "investor_credit_code" in response.context["form"].errors
    assert not Project.objects.filter(name="高纯硅材料项目").exists()
    body = "91140100MA0K7RXX0"
    data["investor_credit_code"] = (body + credit_code_check_char(body)).lower()
    response = client.post(url, data)
    assert response.status_code == 302
    project = Project.objects.get(name="高纯硅材料项目")
    assert project.investor.credit_code == body + credit_code_check_char(body)
    assert project.officer == world.a_officer  # an officer who adds a project answers for it
    assert response["Location"] == detail_url(project)
    # A park of another zone, and a zone the user may not add to, are field errors.
    data.update(name="另一个", park=world.park_b.pk)
    response = client.post(url, data)
    assert response.status_code == 400 and "park" in response.context["form"].errors
    response = client_for(world.a_viewer).post(url, {**data, "park": ""})
    assert response.status_code == 400 and "zone" in response.context["form"].errors


def test_project_edit_refuses_a_stale_version_naming_who_changed_it(world: World) -> None:
    client = client_for(world.a_manager)
    url = url_for("project_edit", world.project_a)
    form = client.get(url).context["form"]
    version = form.initial["version"]
    services.project_update(
        actor=world.city_manager, project=world.project_a, changes={"name": "先改的名字"}
    )
    response = client.post(
        url,
        {
            "name": "后改的名字",
            "kind": "industrial",
            "construction_status": "preparation",
            "total_investment_wan": "50000",
            "version": version,
        },
    )
    assert response.status_code == 409
    assert "cm" in response.content.decode()
    assert fresh(world.project_a).name == "先改的名字"
    response = client.post(
        url,
        {
            "name": "后改的名字",
            "kind": "industrial",
            "construction_status": "preparation",
            "total_investment_wan": "50000",
            "version": fresh(world.project_a).version,
            "leader": world.a_manager.pk,
        },
    )
    assert response.status_code == 302
    project = fresh(world.project_a)
    assert (project.name, project.leader) == ("后改的名字", world.a_manager)


def test_transition_missing_a_skipped_date_is_refused_and_changes_nothing(world: World) -> None:
    client = client_for(world.a_manager)
    project = world.project_a
    url = url_for("project_transition", project)
    response = client.post(url, {"stage": "signed", "date": TODAY.isoformat()})
    assert response.status_code == 400
    form = response.context["transition_form"]
    assert "skipped" in form.errors
    assert 'id="transition-form"' in response.content.decode()
    project = fresh(project)
    assert project.stage == Stage.PURSUED
    assert project.transitions.count() == 1
    # With the skipped stage's date and a contract as evidence, the move is made.
    contract = SimpleUploadedFile("合同.pdf", b"%PDF-1.4 contract", content_type="application/pdf")
    response = client.post(
        url,
        {
            "stage": "signed",
            "date": TODAY.isoformat(),
            "skipped_packaged": (TODAY - timedelta(days=7)).isoformat(),
            "note": "签约仪式",
            "evidence": contract,
            "version": project.version,
        },
    )
    assert response.status_code == 302
    project = fresh(project)
    assert (project.stage, project.verified_stage) == (Stage.SIGNED, Stage.PACKAGED)
    claim = project.transitions.get(to_stage=Stage.SIGNED)
    assert claim.verification == Verification.PENDING and claim.evidence
    evidence = reverse(
        "projects:transition_detail",
        kwargs={"project_id": project.pk, "transition_id": claim.pk},
    )
    download = client.get(evidence, {"file": "1"})
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 contract"
    assert client.get(evidence).status_code == 200
    assert client_for(world.b_manager).get(evidence, {"file": "1"}).status_code == 404
    page = client.get(detail_url(project)).content.decode()
    assert "签约仪式" in page and f"transition-{claim.pk}" in page


def test_board_move_returns_to_the_board_and_errors_show_on_the_project_page(
    world: World,
) -> None:
    client = client_for(world.a_manager)
    board = reverse("projects:pipeline_board") + f"?zone={world.zone_a.pk}"
    url = url_for("project_transition", world.project_a)
    response = client.post(
        url, {"stage": "packaged", "date": TODAY.isoformat(), "next": board, "version": 1}
    )
    assert response.status_code == 302 and response["Location"] == board
    assert fresh(world.project_a).stage == Stage.PACKAGED
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    response = client.post(url, {"stage": "signed", "date": tomorrow, "next": board})
    assert response.status_code == 400
    assert response.context["project"] == world.project_a
    assert "date" in response.context["transition_form"].errors
    assert fresh(world.project_a).stage == Stage.PACKAGED
    # An outside "next" is ignored.
    response = client.post(
        url, {"stage": "pursued", "date": TODAY.isoformat(), "note": "退回", "next": "//evil/"}
    )
    assert response.status_code == 302 and response["Location"] == detail_url(world.project_a)


def test_monthly_report_for_a_future_month_is_refused(world: World) -> None:
    client = client_for(world.a_manager)
    url = url_for("report_create", world.project_a)
    response = client.post(url, {"month": NEXT_MONTH.strftime("%Y-%m"), "invested_wan": "100"})
    assert response.status_code == 400
    assert "month" in response.context["report_form"].errors
    assert not world.project_a.reports.exists()
    response = client.post(url, {"month": "2024-13", "invested_wan": "100"})
    assert response.status_code == 400
    response = client.post(
        url,
        {"month": PREVIOUS_MONTH.strftime("%Y-%m"), "invested_wan": "-1"},
    )
    assert response.status_code == 400 and "invested_wan" in response.context["report_form"].errors
    for month, amount in ((PREVIOUS_MONTH, "300"), (TODAY.replace(day=1), "200.5")):
        response = client.post(
            url, {"month": month.strftime("%Y-%m"), "invested_wan": amount, "progress": "主体封顶"}
        )
        assert response.status_code == 302
    response = client.post(url, {"month": TODAY.strftime("%Y-%m"), "invested_wan": "1"})
    assert response.status_code == 400  # one report per month
    page = client.get(detail_url(world.project_a))
    reports = page.context["reports"]
    assert [r.cumulative_wan for r in reports] == [Decimal("500.5"), Decimal("300")]
    chart = page.context["chart"]
    assert chart["year"] == TODAY.year and len(chart["invested"]) == 12
    assert 'id="plan-chart-data"' in page.content.decode()


def test_year_plan_and_milestones_from_the_project_page(world: World) -> None:
    client = client_for(world.a_manager)
    project = world.project_a
    response = client.post(
        url_for("year_plan_set", project),
        {"year": TODAY.year, "planned_investment_wan": "8000", "planned_start": "on"},
    )
    assert response.status_code == 302
    plan = project.year_plans.get()
    assert (plan.planned_investment_wan, plan.planned_start) == (Decimal("8000"), True)
    page = client.get(detail_url(project))
    assert page.context["chart"]["plan"] == "8000.00"
    url = url_for("milestone_create", project)
    response = client.post(url, {"name": "主体封顶", "planned_on": "2020-01-01"})
    assert response.status_code == 302
    milestone = project.milestones.get()
    prefix = f"m{milestone.pk}"
    future = (TODAY + timedelta(days=3)).isoformat()
    reached = {
        "prefix": prefix,
        f"{prefix}-milestone": milestone.pk,
        f"{prefix}-name": "主体封顶",
        f"{prefix}-planned_on": "2020-01-01",
        f"{prefix}-actual_on": future,
    }
    response = client.post(url, reached)
    assert response.status_code == 400
    assert "actual_on" in response.context["milestone_form"].errors
    response = client.post(url, {**reached, f"{prefix}-actual_on": TODAY.isoformat()})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.actual_on == TODAY and project.milestones.count() == 1
    other = services.project_create(actor=None, zone=world.zone_a, name="别的项目")
    stranger = services.milestone_save(
        actor=None, project=other, name="别人的", planned_on=date(2020, 1, 1)
    )
    response = client.post(
        url, {"milestone": stranger.pk, "name": "改别人的", "planned_on": "2020-01-01"}
    )
    assert response.status_code == 404


def test_city_manager_verifies_from_the_queue_and_the_zone_manager_cannot(world: World) -> None:
    claim = sign(world, world.project_a)
    decide = reverse(
        "projects:verification_decide",
        kwargs={"project_id": world.project_a.pk, "transition_id": claim.pk},
    )
    zone_manager = client_for(world.a_manager)
    assert zone_manager.post(decide, {"approve": "1"}).status_code == 403
    own_queue = zone_manager.get(reverse("projects:verification_queue")).content.decode()
    assert f'id="claim-{claim.pk}"' not in own_queue
    city = client_for(world.city_manager)
    queue = reverse("projects:verification_queue")
    page = city.get(queue).content.decode()
    assert f'id="claim-{claim.pk}"' in page
    # The claim stands beside what a signing calls for (the seeded rule).
    signed_rule = StageRule.objects.get(stage=Stage.SIGNED)
    row = page[page.index(f'id="claim-{claim.pk}"') :]
    assert signed_rule.evidence and signed_rule.evidence in row[: row.index("</tr>")]
    response = city.post(decide, {"approve": "0", "note": "", "next": queue})
    assert response.status_code == 400
    assert "note" in response.context["verification_form"].errors
    response = city.post(
        decide, {"approve": "1", "note": "合同核实", "next": queue, "without_evidence": "1"}
    )
    assert response.status_code == 302 and response["Location"] == queue
    claim.refresh_from_db()
    assert (claim.verification, claim.verified_by) == (Verification.VERIFIED, world.city_manager)
    assert fresh(world.project_a).verified_stage == Stage.SIGNED
    assert f'id="claim-{claim.pk}"' not in city.get(queue).content.decode()
    response = city.post(decide, {"approve": "1"})
    assert response.status_code == 400  # already decided


def test_officer_moves_a_project_only_when_assigned(world: World) -> None:
    client = client_for(world.a_officer)
    url = url_for("project_transition", world.project_a)
    data = {"stage": "packaged", "date": TODAY.isoformat()}
    assert client.post(url, data).status_code == 403
    assert fresh(world.project_a).stage == Stage.PURSUED
    services.project_update(
        actor=None, project=world.project_a, changes={"officer": world.a_officer}
    )
    assert client.post(url, data).status_code == 302
    assert fresh(world.project_a).stage == Stage.PACKAGED
    assert client.get(url_for("project_edit", world.project_a)).status_code == 200


def test_viewer_reads_but_gets_403_on_every_change(world: World) -> None:
    client = client_for(world.a_viewer)
    project = world.project_a
    page = client.get(detail_url(project))
    assert page.status_code == 200
    assert 'id="edit-project"' not in page.content.decode()
    assert 'id="transition-form"' not in page.content.decode()
    assert client.get(url_for("project_edit", project)).status_code == 403
    assert client.post(url_for("project_edit", project), {"name": "x"}).status_code == 403
    for name, data in (
        ("project_transition", {"stage": "packaged", "date": TODAY.isoformat()}),
        ("report_create", {"month": PREVIOUS_MONTH.strftime("%Y-%m"), "invested_wan": "1"}),
        ("milestone_create", {"name": "x", "planned_on": "2020-01-01"}),
        ("year_plan_set", {"year": TODAY.year, "planned_investment_wan": "1"}),
        ("project_archive", {}),
    ):
        assert client.post(url_for(name, project), data).status_code == 403, name
    project = fresh(project)
    assert (project.stage, project.is_archived) == (Stage.PURSUED, False)
    assert not project.reports.exists() and not project.milestones.exists()


def test_manager_archives_and_restores_a_project(world: World) -> None:
    client = client_for(world.a_manager)
    archive = url_for("project_archive", world.project_a)
    assert client.post(archive).status_code == 302
    assert fresh(world.project_a).is_archived
    assert world.project_a.name not in client.get(reverse("projects:project_list")).content.decode()
    assert client.get(detail_url(world.project_a)).status_code == 200
    assert client.post(archive, {"restore": "1"}).status_code == 302
    assert not fresh(world.project_a).is_archived


def test_board_caps_cards_per_column_and_groups(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(board_selectors, "BOARD_CARDS", 2)
    for i in range(3):
        services.project_create(
            actor=None, zone=world.zone_a, name=f"看板{i}", total_investment_wan=Decimal(i + 1)
        )
    client = client_for(world.a_manager)
    response = client.get(reverse("projects:pipeline_board"))
    pursued = response.context["columns"][0]
    assert pursued["stage"] == "pursued" and pursued["count"] == 4
    assert [p.name for p in pursued["cards"]] == [world.project_a.name, "看板2"]
    assert pursued["more"] == 2
    assert "zt-more" in response.content.decode()
    response = client.get(reverse("projects:pipeline_board"), {"group": "leader"})
    [row] = response.context["groups"]
    assert row["total"] == 4 and dict(row["cells"])["pursued"] == 4


def test_my_projects_shows_the_report_each_project_owes(world: World) -> None:
    services.project_update(
        actor=None, project=world.project_a, changes={"officer": world.a_officer}
    )
    # Only a project under construction or in production since before this month owes last
    # month's report (``owing_report``).
    services.project_transition(
        actor=None,
        project=Project.objects.get(pk=world.project_a.pk),
        to_stage=Stage.STARTED,
        happened_on=PREVIOUS_MONTH,
        skipped={"packaged": PREVIOUS_MONTH, "signed": PREVIOUS_MONTH},
    )
    client = client_for(world.a_officer)
    url = reverse("projects:my_projects")
    response = client.get(url)
    [row] = response.context["projects"]
    assert row.pk == world.project_a.pk and not row.has_previous
    assert response.context["due_on"] == services.report_due(PREVIOUS_MONTH)
    assert 'id="reports-due"' in response.content.decode()
    services.report_submit(
        actor=None, project=world.project_a, month=PREVIOUS_MONTH, invested_wan=Decimal(5)
    )
    response = client.get(url)
    [row] = response.context["projects"]
    assert row.has_previous and row.last_report == PREVIOUS_MONTH
    assert 'id="reports-due"' not in response.content.decode()


def test_list_total_follows_the_filters(world: World) -> None:
    for n in range(3):
        services.project_create(actor=None, zone=world.zone_a, name=f"计数项目{n}")
    services.project_transition(
        actor=None,
        project=world.project_a,
        to_stage="packaged",
        happened_on=timezone.localdate() - timedelta(days=1),
    )
    client = client_for(world.a_manager)
    url = reverse("projects:project_list")
    assert client.get(url).context["page_obj"].paginator.count == 4
    assert client.get(url, {"stage": "packaged"}).context["page_obj"].paginator.count == 1
    assert client.get(url, {"stage": "pursued"}).context["page_obj"].paginator.count == 3
    assert len(client.get(url, {"stage": "pursued"}).context["projects"]) == 3


def test_detail_page_shows_the_evidence_each_stage_calls_for(world: World) -> None:
    from zonetrack.projects.models import StageRule

    StageRule.objects.filter(stage="started").update(needs_evidence=True)
    # The stage form is fetched when its fold opens; it carries the rules.
    page = client_for(world.a_manager).get(
        reverse("projects:project_transition", kwargs={"project_id": world.project_a.pk}),
        headers={"HX-Request": "true"},
    )
    rules = page.content.decode().split('id="stage-rules"')[1].split("</dl>")[0]
    assert "签订的投资合同" in rules
    assert "施工许可证" in rules
    assert rules.count('class="badge bg-red-lt"') == 1


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), "green").save(out, "PNG")
    return out.getvalue()


PNG = _png()


def test_a_monthly_report_takes_a_site_photo_that_only_insiders_can_open(
    world: World, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.a_manager)
    url = url_for("report_create", world.project_a)
    month = PREVIOUS_MONTH.strftime("%Y-%m")
    not_an_image = SimpleUploadedFile("site.jpg", b"%PDF-1.4 not a photo")
    response = client.post(url, {"month": month, "invested_wan": "10", "photo": not_an_image})
    assert response.status_code == 400 and "photo" in response.context["report_form"].errors
    too_big = SimpleUploadedFile("site.png", PNG + b"\x00" * (10 * 1024 * 1024))
    response = client.post(url, {"month": month, "invested_wan": "10", "photo": too_big})
    assert response.status_code == 400 and "photo" in response.context["report_form"].errors
    assert not world.project_a.reports.exists()

    photo = SimpleUploadedFile("工地.png", PNG)
    response = client.post(url, {"month": month, "invested_wan": "10", "photo": photo})
    assert response.status_code == 302
    report = world.project_a.reports.get()
    # The report's photos are site photos now, shown as thumbnails: served inline (the stored
    # copy is the one checked_photo re-encoded), still only through the gate.
    photo_url = reverse(
        "projects:site_photo",
        kwargs={"project_id": world.project_a.pk, "photo_id": report.photos.get().pk},
    )
    assert photo_url in client.get(detail_url(world.project_a)).content.decode()
    served = client.get(photo_url)
    assert served["Content-Type"] == "image/png"
    assert served["Content-Disposition"].startswith("inline;")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(b"".join(served.streaming_content))).size == (32, 24)
    assert client_for(world.b_manager).get(photo_url).status_code == 404


def test_leader_workload_counts_what_each_viewer_may_see(world: World) -> None:
    _many_projects(world, 6)  # city manager leads them: 批量项目001, 003, 005 are in zone A
    city = client_for(world.city_manager).get(reverse("projects:leader_workload"))
    [led, unled] = city.context["loads"]
    assert led.leader_id == world.city_manager.pk and led.projects == 6
    # 000 and 003 are signed; reports were filed for 000 and 004 only, and none is started.
    assert led.by_batch == [4, 0, 2, 0, 0] and led.reports_owed == 0
    assert led.investment_wan == sum(Decimal(1000 + i) for i in range(6))
    assert unled.leader_id is None and unled.projects == 2  # project_a and project_b
    zone_a = client_for(world.a_manager).get(reverse("projects:leader_workload"))
    assert [(load.leader_id, load.projects) for load in zone_a.context["loads"]] == [
        (world.city_manager.pk, 3),
        (None, 1),
    ]
    assert world.zone_b.name not in zone_a.content.decode()
    started = Project.objects.get(name="批量项目003")
    services.project_transition(
        actor=None, project=started, to_stage=Stage.STARTED, happened_on=TODAY
    )
    # It was started last month (recorded late), so it owes last month's report.
    Project.objects.filter(pk=started.pk).update(started_on=PREVIOUS_MONTH)
    zone_a = client_for(world.a_manager).get(reverse("projects:leader_workload"))
    assert zone_a.context["loads"][0].reports_owed == 1


def test_an_absurd_year_filter_is_ignored_and_a_year_zero_month_refused(world: World) -> None:
    client = client_for(world.city_manager)
    for name in ("project_list", "pipeline_board", "leader_workload", "ledger_export"):
        response = client.get(reverse(f"projects:{name}"), {"year": "99999"})
        assert response.status_code == 200, name
    response = client_for(world.a_manager).post(
        url_for("report_create", world.project_a), {"month": "0000-01", "invested_wan": "1"}
    )
    assert response.status_code == 400 and "month" in response.context["report_form"].errors


def test_the_project_page_fetches_its_workflow_forms_when_opened(world: World) -> None:
    client = client_for(world.a_manager)
    project = world.project_a
    page = client.get(detail_url(project)).content.decode()
    # The folds are empty: each names the address its form is fetched from, and its toggle
    # links there for a browser without script.
    for name, field in (
        ("project_transition", "skipped_signed"),
        ("report_create", "invested_wan"),
        ("milestone_create", "planned_on"),
        ("year_plan_set", "planned_investment_wan"),
    ):
        url = url_for(name, project)
        assert f'data-zt-lazy="{url}"' in page and f'href="{url}"' in page
        assert f'name="{field}"' not in page
        fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
        assert fragment.lstrip().startswith("<form") and f'name="{field}"' in fragment
        assert "<html" not in fragment
        whole = client.get(url).content.decode()
        assert "<html" in whole and f'name="{field}"' in whole
    # The report form offers last month, as the page's folded form did.
    fragment = client.get(url_for("report_create", project), headers={"HX-Request": "true"})
    assert f'value="{PREVIOUS_MONTH:%Y-%m}"' in fragment.content.decode()
    # Who may only read the project gets neither the folds nor the forms.
    viewer = client_for(world.a_viewer)
    assert "data-zt-lazy" not in viewer.get(detail_url(project)).content.decode()
    assert viewer.get(url_for("report_create", project)).status_code == 403


def test_a_failed_form_comes_back_open_in_the_page_with_its_errors(world: World) -> None:
    client = client_for(world.a_manager)
    response = client.post(url_for("year_plan_set", world.project_a), {"year": "1800"})
    assert response.status_code == 400
    page = response.content.decode()
    fold = page.split('id="plan-form"')[0].rsplit("<div", 1)[1]
    assert "collapse show" in fold
    assert 'name="planned_investment_wan"' in page and 'aria-invalid="true"' in page
    # The other folds stay empty.
    assert 'name="invested_wan"' not in page
