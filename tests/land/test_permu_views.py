"""Per-mu evaluation pages: the rule form, the firms' import with preview, score → publish →
objection → decision → final through the pages, summaries, export, fixed query counts."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zonetrack.accounts.models import User
from zonetrack.land import services
from zonetrack.land.choices import EvaluationStatus, FirmKind
from zonetrack.land.models import Evaluation, FirmYear, Objection

from ..conftest import World, client_for

HEADER = [
    "企业名称",
    "开发区",
    "园区",
    "规模",
    "用地面积(亩)",
    "税收(万元)",
    "产值(万元)",
    "用电量(万千瓦时)",
    "成立年份",
]


def _upload(rows: list[list[object]]) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return SimpleUploadedFile("firms.xlsx", stream.getvalue())


def _rule_form(evaluation: Evaluation | None = None, **changes: object) -> dict[str, object]:
    rule = evaluation or Evaluation()
    data: dict[str, object] = {
        "title": "2024年度亩均效益综合评价",
        "comment_days": 5,
        "new_firm_years": 2,
        "new_land_years": 3,
        "cutoff_A": 20,
        "cutoff_B": 60,
        "cutoff_C": 95,
    }
    for kind, weights in rule.weights.items():
        for name, weight in weights.items():
            data[f"w_{kind}_{name}"] = weight
            data[f"b_{kind}_{name}"] = rule.benchmarks.get(kind, {}).get(name, "")
    return {**data, **changes}


def test_a_manager_opens_an_evaluation_and_weights_must_sum_to_100(world: World) -> None:
    client = client_for(world.a_manager)
    url = reverse("land:evaluation_create")
    assert client.get(url).status_code == 200
    bad = _rule_form(organisation=world.org_a.pk, year=2024, w_above_tax_per_mu=40)
    response = client.post(url, bad)
    assert response.status_code == 400
    assert "110" in str(response.context["form"].non_field_errors())
    response = client.post(url, _rule_form(organisation=world.org_a.pk, year=2024))
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert evaluation.weights["above"]["tax_per_mu"] == 30
    assert evaluation.benchmarks["above"]["tax_per_mu"] == pytest.approx(24.097)
    assert evaluation.benchmarks["below"] == {}
    response = client.post(url, _rule_form(organisation=world.org_a.pk, year=2024))
    assert response.status_code == 400 and "year" in response.context["form"].errors
    officer = client_for(world.a_officer)
    response = officer.post(url, _rule_form(organisation=world.org_a.pk, year=2025))
    assert response.status_code == 400 and "organisation" in response.context["form"].errors


def test_the_whole_flow_through_the_pages(world: World) -> None:
    manager = client_for(world.a_manager)
    evaluation = services.evaluation_create(actor=None, organisation=world.org_a, year=2024)
    url = reverse("land:firm_import")
    upload = _upload(
        [
            ["晋阳精工", "甲区", "甲一园", "规下", 10, 50, 500, 10, 2010],
            ["汾河纺织", "甲区", None, "规下", 20, 20, 300, 40, 2005],
            ["新办企业", "甲区", None, "规下", 5, 1, 10, 1, 2024],
        ]
    )
    response = manager.post(url, {"file": upload, "evaluation": evaluation.pk})
    preview = manager.get(response["Location"]).context["job"]
    assert preview.result["ok"], preview.result
    manager.post(url, {"confirm": "1", "preview": preview.pk})
    assert evaluation.firms.count() == 3
    detail = reverse("land:evaluation_detail", kwargs={"evaluation_id": evaluation.pk})
    step = reverse("land:evaluation_step", kwargs={"evaluation_id": evaluation.pk})
    assert manager.post(step, {"step": "score"}).status_code == 302
    firms = {f.name: f for f in evaluation.firms.all()}
    # Year averages of the two scored firms: tax (50 + 20) / (10 + 20) = 2.333 万元/亩 and
    # (50 + 20) / (10 + 40) = 1.4 per 万kWh. 晋阳精工: 50 × 5/2.333 + 50 × 5/1.4 = 107.14 +
    # 178.57 = 285.71; 汾河纺织: 50 × 1/2.333 + 50 × 0.5/1.4 = 21.43 + 17.86 = 39.29.
    assert firms["晋阳精工"].score == Decimal("285.71")
    assert firms["汾河纺织"].score == Decimal("39.29")
    assert firms["新办企业"].computed_class == "exempt"
    assert manager.post(step, {"step": "publish", "on": "2025-03-03"}).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.PUBLISHED
    officer = client_for(world.a_officer)
    page = officer.get(detail).content.decode()
    assert "2025-03-07" in page
    objection_url = reverse("land:objection_create", kwargs={"firm_id": firms["汾河纺织"].pk})
    response = officer.post(objection_url, {"filed_on": "2025-03-09", "text": "x", "evidence": "y"})
    assert response.status_code == 400 and "filed_on" in response.context["form"].errors
    response = officer.post(
        objection_url,
        {"filed_on": "2025-03-04", "text": "用地含代征道路", "evidence": "不动产权证及红线图"},
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    decide = reverse("land:objection_decide", kwargs={"objection_id": objection.pk})
    assert officer.get(decide).status_code == 403
    response = manager.post(decide, {"outcome": "upheld", "reason": ""})
    assert response.status_code == 400 and "reason" in response.context["form"].errors
    response = manager.post(
        decide, {"outcome": "upheld", "new_class": "C", "reason": "扣除代征道路后重新核算"}
    )
    assert response.status_code == 302
    assert manager.post(step, {"step": "finalise", "on": "2025-03-08"}).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.FINAL
    finals = dict(evaluation.firms.values_list("name", "final_class"))
    assert finals["汾河纺织"] == "C" and finals["新办企业"] == "exempt"
    page = manager.get(detail).content.decode()
    assert "扣除代征道路后重新核算" in page
    # 甲区: tax 71 over 35 亩 = 2.03 万元/亩; output 810 / 35 = 23.14.
    summary = manager.get(detail).context["summary"]
    assert summary["zones"][0]["tax_per_mu"] == Decimal("2.03")
    assert summary["zones"][0]["output_per_mu"] == Decimal("23.14")
    export = manager.get(reverse("land:evaluation_export", kwargs={"evaluation_id": evaluation.pk}))
    book = openpyxl.load_workbook(io.BytesIO(export.content), read_only=True)
    names = [row[1] for row in book.active.iter_rows(min_row=3, values_only=True)]
    assert names == ["晋阳精工", "汾河纺织", "新办企业"]


def test_a_firm_file_with_bad_figures_imports_nothing(world: World) -> None:
    # The import job speaks its owner's language: this test reads its notes in English.
    User.objects.filter(pk=world.a_manager.pk).update(language="en")
    manager = client_for(world.a_manager)
    evaluation = services.evaluation_create(actor=None, organisation=world.org_a, year=2024)
    upload = _upload(
        [
            ["负税企业", "甲区", None, "规上", 10, -5, 1, 1, None],
            ["无地企业", "甲区", None, "规下", 0, 5, 1, 1, None],
            ["外区企业", "乙区", None, "规下", 5, 5, 1, 1, None],
            ["不明企业", None, None, "中型", 5, 5, 1, 1, None],
        ]
    )
    response = manager.post(
        reverse("land:firm_import"), {"file": upload, "evaluation": evaluation.pk}
    )
    preview = manager.get(response["Location"]).context["job"]
    assert not preview.result["ok"]
    errors = {row["name"]: " ".join(row["errors"]) for row in preview.result["rows"]}
    assert "negative" in errors["负税企业"]
    assert "above zero" in errors["无地企业"]
    assert "乙区" in errors["外区企业"]
    assert "中型" in errors["不明企业"]
    assert not FirmYear.objects.exists()


def _firms(evaluation: Evaluation, count: int, start: int = 0) -> None:
    FirmYear.objects.bulk_create(
        FirmYear(
            evaluation=evaluation,
            name=f"企业{i:04d}",
            kind=FirmKind.BELOW_SCALE if i % 2 else FirmKind.ABOVE_SCALE,
            land_mu=Decimal(10),
            tax_wan=Decimal(i + 1),
            zone=evaluation.organisation.zones.first(),
        )
        for i in range(start, start + count)
    )


@pytest.mark.parametrize("url_name", ["land:evaluation_detail", "land:evaluation_list"])
def test_evaluation_pages_use_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries, url_name: str
) -> None:  # type: ignore[no-untyped-def]
    evaluation = services.evaluation_create(actor=None, organisation=world.org_a, year=2024)
    client = client_for(world.city_manager)
    kwargs = {"evaluation_id": evaluation.pk} if url_name.endswith("detail") else {}
    url = reverse(url_name, kwargs=kwargs)
    _firms(evaluation, 4)
    services.evaluation_score(actor=None, evaluation=evaluation)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    _firms(evaluation, 60, start=4)
    services.evaluation_score(actor=None, evaluation=evaluation)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
