"""Industry clusters in free form, and how the evaluation matches them, on invented text."""

from __future__ import annotations

import json
from pathlib import Path

from zonetrack.articles.text import read
from zonetrack.articles.text.evaluate import evaluate


def clusters(text: str) -> list[list[str]]:
    return [f.fields["items"] for f in read(text).facts if f.type == "industry_cluster"]


def test_a_list_closed_by_deng_lingyu_is_a_cluster() -> None:
    text = "今年签约的项目涉及智能家居、精细化工、冷链物流等领域。"
    assert clusters(text) == [["智能家居", "精细化工", "冷链物流"]]


def test_yi_wei_zhudao_chanye_with_he_joining_the_last_item() -> None:
    text = "园区以纺织服装、食品加工和装备制造为主导产业。"
    assert clusters(text) == [["纺织服装", "食品加工", "装备制造"]]


def test_a_stated_number_keeps_he_inside_its_item() -> None:
    text = "园区已形成医药和医疗器械、汽车零部件、机械制造三大主导产业。"
    assert clusters(text) == [["医药和医疗器械", "汽车零部件", "机械制造"]]


def test_lists_of_parks_places_or_tasks_are_not_clusters() -> None:
    assert clusters("东湖产业园、西岭产业园等园区考核优秀，产业发展良好。") == []
    assert clusters("要在拓展空间、完善功能等方面下功夫，延伸产业链。") == []


def test_evaluation_matches_clusters_by_half_their_items_and_zones_by_alias(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.txt").write_text(
        "青山经开区重点发展智能家居、精细化工、冷链物流等产业。", encoding="utf-8"
    )
    gold = {
        "articles": [
            {
                "file": "a.txt",
                "facts": [
                    {
                        "type": "industry_cluster",
                        "name": "重点产业",
                        "items": ["智能家居", "精细化工", "冷链物流", "文旅"],
                    },
                    {"type": "zone", "name": "青山经济技术开发区", "aliases": ["青山经开区"]},
                ],
            }
        ]
    }
    (tmp_path / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = evaluate(tmp_path, tmp_path / "gold.json")
    assert result.by_type["industry_cluster"].matched == 1
    assert result.by_type["zone"].matched == 1


def test_the_zone_before_a_list_of_industries_is_not_an_item() -> None:
    text = "青川产业园区纺织、化工、光伏组件三大百亿级优势产业集群初步成型。"
    assert clusters(text) == [["纺织", "化工", "光伏组件"]]


def test_a_modifier_before_a_list_of_industries_is_not_an_item() -> None:
    text = "园区培育出了与城区产业相配套、相衔接的精密铸造、家具制造、中药饮片等支柱产业。"
    assert clusters(text) == [["精密铸造", "家具制造", "中药饮片"]]


def test_a_list_opened_by_involves_may_leave_its_industry_word_unsaid() -> None:
    text = "在谈项目30个，涉及精细化工及新材料、医疗器械、绿色食品等。"
    assert clusters(text) == [["精细化工及新材料", "医疗器械", "绿色食品"]]


def test_a_list_of_firms_closed_by_etc_is_no_cluster() -> None:
    assert clusters("签约企业有青禾、远山、星河等。") == []
