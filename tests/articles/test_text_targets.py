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


def goals(text: str) -> list[str]:
    found = read(text).facts
    return [f.fields["metric"] for f in found if f.type == "target" and f.fields["value"] is None]


def test_a_quoted_slogan_named_as_the_goal_to_strive_for_is_a_target() -> None:
    assert goals("全区上下始终以“争做创新高地”作为奋斗目标，狠抓落实。") == ["争做创新高地"]
    assert goals("紧紧围绕“一年打基础，三年见成效”的奋斗目标推进工作。") == [
        "一年打基础，三年见成效"
    ]


def test_a_slogan_that_only_orients_is_not_a_target() -> None:
    assert goals("园区按照“勇立潮头”的目标定位，以“比学赶超”为目标开展工作。") == []


def test_a_milestone_with_its_time_and_no_figure_is_a_target() -> None:
    assert goals("青禾饮品项目计划近期开工。") == ["青禾饮品项目计划近期开工"]
    assert len(goals("云杉材料项目设备正在调试，计划年内投产。")) == 1
    assert len(goals("办公楼预计年底完成主体工程。")) == 1
    assert len(goals("另一个项目近日将正式开工。")) == 1


def test_a_milestone_that_runs_on_into_a_figure_is_not_a_figureless_goal() -> None:
    assert goals("该项目将于年内开工建设两条生产线。") == []
    assert goals("该项目去年已经建成投产，运行良好。") == []
