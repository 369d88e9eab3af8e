"""Project counts without a status word, and breakdowns after 其中, on invented sentences."""

from __future__ import annotations

from zonetrack.articles.text import read


def counts(text: str) -> list[tuple[int, str]]:
    found = [f for f in read(text).facts if f.type == "project_count"]
    return [(f.fields["count"], f.fields["status"]) for f in found]


def test_a_count_without_a_status_word_still_counts() -> None:
    assert counts("今年以来，园区已新引进5亿元以上项目9个。") == [(9, "other")]


def test_a_breakdown_after_qizhong_inherits_the_status_of_its_passage() -> None:
    text = "一季度园区集中签约项目20个。其中，制造业项目12个，科创类项目8个。"
    assert counts(text) == [(20, "signed"), (12, "signed"), (8, "signed")]


def test_a_threshold_and_qualifier_on_a_project_count() -> None:
    (fact,) = [
        f for f in read("全区已招引3亿元以上项目10个以上。").facts if f.type == "project_count"
    ]
    assert fact.fields["count"] == 10
    assert fact.fields["qualifier"] == ">="
    assert fact.fields["threshold_yuan"] == 300000000
