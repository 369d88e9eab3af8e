"""Zone names start at their place, never at a date or list word; categories are not zones."""

from __future__ import annotations

from zonetrack.articles.text import read


def zones(text: str) -> set[str]:
    return {f.fields["name"] for f in read(text).facts if f.type == "zone"}


def test_a_name_never_starts_at_a_date() -> None:
    assert zones("2019年青山经开区新增标准厂房12万平方米。") == {"青山经开区"}


def test_a_name_never_starts_inside_qizhong_or_buhan() -> None:
    found = zones("全区产值50亿元（不含白沙工业园），其中东湖产业园、西岭产业园获评优秀。")
    assert {"白沙工业园", "东湖产业园", "西岭产业园"} <= found
    assert not any(n.startswith(("中", "不含")) for n in found)


def test_categories_of_zone_are_not_zones() -> None:
    text = (
        "在全省15个省示范工业园中排名第四，省发布了2013年度省产业园考评通报，中国产业园区论坛举行。"
    )
    assert zones(text) == set()


def test_a_question_in_page_furniture_is_not_a_zone() -> None:
    assert zones("相关问题\n青山有哪些工业园\n") == set()


def test_former_and_later_names_are_aliases_of_the_zone_not_zones() -> None:
    text = (
        "宁安经济开发区原名“宁安市科技工业园区”，2001年更名为“宁安省级经济开发区”。"
        "近年来，宁安经济开发区引进项目30个，宁安经济开发区营业收入稳步增长。"
    )
    zones = [f for f in read(text).facts if f.type == "zone"]
    assert [z.fields["name"] for z in zones] == ["宁安经济开发区"]
    assert "宁安省级经济开发区" in zones[0].fields["aliases"]


def test_a_bare_zone_is_resolved_from_the_source_line() -> None:
    text = (
        "高新区上半年经济稳中有进\n发布时间：2020-07-01 来源：江阴日报\n"
        "6月28日，高新区召开工作会议。上半年，高新区规上工业产值增长8%。"
    )
    assert zones(text) == {"江阴高新区"}


def test_a_bare_zone_without_a_source_line_stays_unnamed() -> None:
    text = "6月28日，高新区召开工作会议。上半年，高新区规上工业产值增长8%。"
    assert zones(text) == set()
