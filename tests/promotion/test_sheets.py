"""Promotion's spreadsheets: a lead list previewed then imported whole; a list with unknown
listed words or a bad date refused cell by cell with nothing written; another zone's officer
refused; the lead ledger (the user's leads, as filtered; it imports back) and the incentive
ledger downloaded; the pages in Chinese."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zonetrack.projects.models import Enterprise
from zonetrack.projects.validators import credit_code_check_char
from zonetrack.promotion import selectors, services
from zonetrack.promotion.choices import LeadStatus
from zonetrack.promotion.models import Channel, Lead, Region
from zonetrack.promotion.services.sheets import LeadDraft, leads_import
from zonetrack.registry.models import Cluster

from ..conftest import World, client_for
from .factories import make_lead

HEADER = [
    "线索名称",
    "投资方/意向企业",
    "统一社会信用代码",
    "产业集群",
    "意向投资额（万元）",
    "来源渠道",
    "来源地区",
    "负责人",
    "下一步工作",
    "下一步时限",
    "备注",
]
FIRST17 = "91140100MA0K7Q2R3"
CREDIT_CODE = FIRST17 + credit_code_check_char(FIRST17)
TODAY = timezone.localdate()


def _upload(rows: list[list[Any]], *, header: list[str] = HEADER) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["招商线索台账"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return SimpleUploadedFile("leads.xlsx", stream.getvalue())


def _rows(response: Any) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return list(book.active.iter_rows(values_only=True))


def _table(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """The data lines under the title, unit and header lines, by header."""
    header = list(rows[2])
    return [dict(zip(header, row, strict=False)) for row in rows[3:]]


GOOD_ROWS = [
    [
        "汾河新能源电池模组项目",
        "晋辰储能科技有限公司",
        CREDIT_CODE,
        "光伏",
        "1.5亿",
        "以企招商",
        "长三角",
        "ao",
        "安排实地考察",
        "2026年9月30日",
        "对方关注用电指标",
    ],
    ["智能仓储机器人项目", "某深圳机器人企业", None, "智能制造", 8000, "专业招商", "珠三角"],
]


def test_a_good_sheet_is_previewed_then_imported_whole(world: World) -> None:
    client = client_for(world.a_officer)
    url = reverse("promotion:lead_import")
    response = client.post(url, {"file": _upload(GOOD_ROWS), "zone": world.zone_a.pk})
    assert response.status_code == 302
    page = client.get(response["Location"], headers={"accept-language": "zh-hans"})
    assert page.status_code == 200
    preview = page.context["job"]
    assert preview.result["ok"] and preview.result["summary"]["create"] == 2
    assert preview.file_name.endswith(".xlsx")  # the row-by-row report
    assert not Lead.objects.exists()
    response = client.post(url, {"confirm": "1", "preview": preview.pk})
    assert response.status_code == 302
    leads = {lead.name: lead for lead in Lead.objects.select_related("investor")}
    assert set(leads) == {"汾河新能源电池模组项目", "智能仓储机器人项目"}
    battery = leads["汾河新能源电池模组项目"]
    assert battery.zone == world.zone_a and battery.status == LeadStatus.NEW
    assert battery.investor == Enterprise.objects.get(credit_code=CREDIT_CODE)
    assert battery.investor.name == "晋辰储能科技有限公司" and battery.prospect == ""
    assert battery.cluster == Cluster.objects.get(name="新能源")  # by its alias 光伏
    assert battery.investment_wan == Decimal("15000.00")
    assert battery.channel == Channel.objects.get(name="以企招商")
    assert battery.region == Region.objects.get(name="长三角")
    assert battery.owner == world.a_officer
    assert (battery.next_action, battery.next_action_on) == ("安排实地考察", date(2026, 9, 30))
    assert battery.notes == "对方关注用电指标"
    robots = leads["智能仓储机器人项目"]
    assert robots.investor is None and robots.prospect == "某深圳机器人企业"
    assert robots.investment_wan == Decimal("8000.00") and robots.owner == world.a_officer
    # Confirming again writes nothing again.
    client.post(url, {"confirm": "1", "preview": preview.pk})
    assert Lead.objects.count() == 2


def test_unknown_words_and_a_bad_date_are_told_by_row_and_column_and_nothing_is_saved(
    world: World,
) -> None:
    client = client_for(world.a_officer)
    url = reverse("promotion:lead_import")
    rows = [
        GOOD_ROWS[1],
        [
            *("光伏支架项目", "某光伏支架企业", None, "新能源", "五千万", "飞鸽传书", "火星"),
            *("无此人", "洽谈", "下周三", None),
        ],
        ["", "", "91140100MA0K7Q2R30", "量子养生", -5, None, None, None, None, "2026-13-40", None],
    ]
    response = client.post(url, {"file": _upload(rows), "zone": world.zone_a.pk})
    page = client.get(response["Location"], headers={"accept-language": "zh-hans"})
    assert page.status_code == 200
    preview = page.context["job"]
    assert not preview.result["ok"] and preview.result["summary"]["reject"] == 2
    faults = {
        row["number"]: {cell["column"]: cell["message"] for cell in row["cells"]}
        for row in preview.result["rows"]
    }
    assert faults[3] == {}
    assert set(faults[4]) == {"意向投资额（万元）", "来源渠道", "来源地区", "负责人", "下一步时限"}
    assert "飞鸽传书" in faults[4]["来源渠道"] and "火星" in faults[4]["来源地区"]
    assert "下周三" in faults[4]["下一步时限"] and "无此人" in faults[4]["负责人"]
    assert set(faults[5]) >= {
        "线索名称",
        "投资方/意向企业",
        "统一社会信用代码",
        "产业集群",
        "意向投资额（万元）",
        "下一步时限",
    }
    assert "量子养生" in faults[5]["产业集群"]
    # The page shows each fault under its row and column.
    html = page.content.decode()
    assert 'data-row="4"' in html and 'data-column="来源渠道"' in html
    response = client.post(url, {"confirm": "1", "preview": preview.pk})
    assert response.status_code == 302
    assert not Lead.objects.exists()


def test_a_sheet_without_the_name_column_is_refused(world: World) -> None:
    client = client_for(world.a_officer)
    upload = _upload([["某企业", "专业招商"]], header=["投资方", "来源渠道"])
    response = client.post(
        reverse("promotion:lead_import"), {"file": upload, "zone": world.zone_a.pk}
    )
    preview = client.get(response["Location"]).context["job"]
    assert not preview.result["ok"] and "线索名称" in preview.result["problems"][0]


def test_an_officer_of_another_zone_cannot_import_into_this_zone(world: World) -> None:
    client = client_for(world.a_officer)
    response = client.post(
        reverse("promotion:lead_import"), {"file": _upload(GOOD_ROWS), "zone": world.zone_b.pk}
    )
    assert response.status_code == 400 and "zone" in response.context["form"].errors
    # Nor through the service, which an import job calls.
    with pytest.raises(PermissionDenied):
        leads_import(
            actor=world.a_officer, zone=world.zone_b, drafts=[LeadDraft("乙区线索", "某企业")]
        )
    assert not Lead.objects.exists()
    # A viewer of the zone itself may not either.
    response = client_for(world.a_viewer).post(
        reverse("promotion:lead_import"), {"file": _upload(GOOD_ROWS), "zone": world.zone_a.pk}
    )
    assert response.status_code == 400 and "zone" in response.context["form"].errors


def test_the_lead_ledger_has_the_users_leads_as_filtered_and_imports_back(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for n in range(12):
        make_lead(world.zone_a, f"甲区线索{n:02d}", owner=world.a_officer)
    make_lead(world.zone_a, "甲区储能项目", prospect="某储能企业", next_action="回访")
    make_lead(world.zone_b, "乙区秘密线索")
    client = client_for(world.a_viewer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("promotion:lead_export"))
    assert response.status_code == 200 and "leads-" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0][0] == "招商线索台账" and "单位：万元" in rows[1]
    data = _table(rows)
    assert len(data) == 13 and {row["开发区"] for row in data} == {"甲区"}
    assert "乙区秘密线索" not in str(rows)
    energy = next(row for row in data if row["线索名称"] == "甲区储能项目")
    assert energy["投资方/意向企业"] == "某储能企业" and energy["意向投资额（万元）"] == 15000
    assert energy["来源渠道"] == "专业招商" and energy["状态"] == "新线索"
    filtered = _table(_rows(client.get(reverse("promotion:lead_export"), {"q": "储能"})))
    assert [row["线索名称"] for row in filtered] == ["甲区储能项目"]
    # The ledger imports back (its leads again, each row warned that the zone has it).
    officer = client_for(world.a_officer)
    back = SimpleUploadedFile("ledger.xlsx", response.content)
    response = officer.post(
        reverse("promotion:lead_import"), {"file": back, "zone": world.zone_a.pk}
    )
    preview = officer.get(response["Location"]).context["job"]
    assert preview.result["ok"] and preview.result["summary"]["create"] == 13
    assert all(row["warnings"] for row in preview.result["rows"])
    assert "开发区" in preview.result["unknown_columns"]


def _agreement(project: Any, title: str, conditions: list[Any]) -> Any:
    signed = TODAY - timedelta(days=200)
    return services.agreement_create(
        actor=None,
        project=project,
        title=title,
        signed_on=signed,
        promises=[
            services.PromiseDraft("subsidy", Decimal(500), signed + timedelta(days=30)),
            services.PromiseDraft("tax_rebate", Decimal(300), TODAY + timedelta(days=90)),
        ],
        conditions=conditions,
    )


def test_the_incentive_ledger_lists_the_agreements_in_view_with_the_ledgers_totals(
    world: World,
) -> None:
    _agreement(world.project_a, "甲区补贴协议", [])
    # Nothing invested by the deadline: the check fails and the unpaid promises are at risk.
    failing = _agreement(
        world.project_a,
        "甲区投资协议",
        [services.ConditionDraft("investment_by", TODAY - timedelta(days=10), Decimal(5000))],
    )
    services.condition_check(actor=None, condition=failing.conditions.get(), day=TODAY)
    _agreement(world.project_b, "乙区补贴协议", [])
    response = client_for(world.a_viewer).get(reverse("promotion:agreement_export"))
    assert response.status_code == 200 and "incentives-" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0][0] == "政策兑现台账" and "单位：万元" in rows[1]
    data = _table(rows)
    by_title = {row["协议名称"]: row for row in data[:-1]}
    assert set(by_title) == {"甲区补贴协议", "甲区投资协议"} and "乙区" not in str(rows)
    plain, risky = by_title["甲区补贴协议"], by_title["甲区投资协议"]
    assert (plain["承诺金额"], plain["已兑现金额"], plain["到期未兑现金额"]) == (800, 0, 500)
    assert (risky["风险金额（条件未满足）"], risky["到期未兑现金额"], risky["未办结追回/暂停"]) == (
        800,
        0,
        1,
    )
    ledger = selectors.incentive_ledger(user=world.a_viewer, today=TODAY)
    total = data[-1]
    assert total["开发区"] == "合计"
    assert (total["承诺金额"], total["已兑现金额"]) == (ledger.promised_wan, ledger.paid_wan)
    assert (total["到期未兑现金额"], total["风险金额（条件未满足）"]) == (500, 800)
    assert (ledger.due_wan, ledger.at_risk_wan) == (500, 800)


def test_the_pages_and_the_template_read_in_chinese(world: World) -> None:
    make_lead(world.zone_a, "甲区线索")
    client = client_for(world.a_officer)
    chinese = {"accept-language": "zh-hans"}
    for name in ("promotion:lead_list", "promotion:agreement_list", "promotion:lead_import"):
        page = client.get(reverse(name), headers=chinese)
        assert page.status_code == 200, name
    listing = client.get(reverse("promotion:lead_list"), headers=chinese).content.decode()
    assert reverse("promotion:lead_export") in listing
    assert reverse("promotion:lead_import") in listing
    form = client.get(reverse("promotion:lead_import"), headers=chinese).content.decode()
    assert "以企招商" in form and "长三角" in form and "预览" in form
    template = client.get(reverse("promotion:lead_import_template"), headers=chinese)
    rows = _rows(template)
    assert rows[0][0] == "招商线索台账" and rows[2][0] == "线索名称" and len(rows) == 3
