"""Month ranges, year-only events and day.month.year datelines, on invented sentences."""

from __future__ import annotations

from datetime import date

from zonetrack.articles.text import read


def dates(text: str, pub: date | None = None) -> set[str]:
    return {f.fields["date"] for f in read(text, pub_date=pub).facts if f.type == "date"}


def test_a_month_range_takes_the_publication_year_or_the_year_named() -> None:
    text = "1至5月，园区规模以上工业增加值同比增长6.1%。"
    assert "2021-01/2021-05" in dates(text, date(2021, 6, 20))
    assert "2019-01/2019-08" in dates("2019年1—8月，园区实现营业收入80亿元。")
    assert "2020-01/2020-10" in dates("今年1~10月份，园区完成投资9亿元。", date(2020, 11, 18))


def test_a_month_range_without_any_year_is_not_a_fact() -> None:
    assert dates("1至5月，园区规模以上工业增加值同比增长6.1%。") == set()


def test_events_dated_by_a_year_alone() -> None:
    text = "该园区成立于1996年，2004年升格为省级开发区。"
    assert {"1996", "2004"} <= dates(text)
    assert "2015" in dates("园区去年成功升级为省级产业园。", date(2016, 3, 2))
    assert dates("园区去年成功升级为省级产业园。") == set()


def test_a_day_month_year_dateline() -> None:
    assert "2016-03-02" in dates("园区新闻\n02.03.2016 10:15\n园区召开年度工作会议。")


def test_one_year_for_two_zones_is_two_events() -> None:
    text = "青山经开区成立于1995年，发展迅速。白水高新区成立于1995年，2010年晋升为国家级高新区。"
    found = [f for f in read(text).facts if f.type == "date" and f.fields["date"] == "1995"]
    assert len(found) == 2


def test_one_event_told_twice_is_one_date() -> None:
    text = "青山经开区成立于1995年。回顾历程，青山经开区成立于1995年，发展迅速。"
    found = [f for f in read(text).facts if f.type == "date" and f.fields["date"] == "1995"]
    assert len(found) == 1
