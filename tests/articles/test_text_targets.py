"""What is and is not a target, on invented sentences."""

from __future__ import annotations

from zonetrack.articles.text import read


def kinds(text: str) -> dict[object, str]:
    found = read(text).facts
    return {f.fields.get("amount_yuan", f.fields.get("value")): f.type for f in found}


def test_a_projects_total_investment_in_a_plan_is_a_planned_amount() -> None:
    reading = read("星河食品项目总投资3亿元，计划明年上半年开工。")
    (amount,) = [f for f in reading.facts if f.type == "amount"]
    assert amount.fields["amount_yuan"] == 300000000
    assert amount.fields["status"] == "planned"
    assert not [f for f in reading.facts if f.type == "target"]


def test_completing_the_annual_plan_is_not_a_new_target() -> None:
    found = kinds("东湖产业园已完成全年计划2.5亿元的91.2%。")
    assert found.get(91.2) == "quantity"
    assert "target" not in found.values()


def test_will_receive_is_forward_looking() -> None:
    assert kinds("获评优秀的园区各将获得500万元的资金支持。").get(5000000) == "target"


def test_a_goal_to_complete_investment_stays_a_target() -> None:
    text = "力争推动50家企业进行技术改造，完成投资80亿元以上。"
    assert kinds(text).get(8000000000) == "target"
