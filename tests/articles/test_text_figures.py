"""The steps of the figure reader, one sentence at a time: money, percentages, ranks, counts."""

from __future__ import annotations

from datetime import date

from zonetrack.articles.text.extract import Context, extract, find_figures
from zonetrack.articles.text.extract.amounts import money_figures
from zonetrack.articles.text.extract.figures import SentenceFigures, percent_targets, rank_targets
from zonetrack.articles.text.extract.projects import Passage, count_figures

# Written for these tests: targets with a shared 分别 list, a rank, then counts with 其中.
TEXT = (
    "到2025年，力争实现工业总产值100亿元、税收10亿元，分别增长10%、12%，跻身全国开发区前60强。"
    "今年一季度新签约项目8个，总投资约36亿元。其中，工业项目5个。"
)


def sentences(text: str = TEXT) -> list[SentenceFigures]:
    ctx = Context(text, date(2024, 5, 1), [], [])
    return [SentenceFigures.at(ctx, i, span) for i, span in enumerate(ctx.sentences)]


def test_money_targets_are_remembered_for_the_percentages_after_them() -> None:
    goal = sentences()[0]
    assert goal.target_from == 0 and goal.is_target(10)
    money = money_figures(goal)
    assert [(f.type, f.fields["metric"], f.fields["value"]) for f in money] == [
        ("target", "工业总产值", 10_000_000_000),
        ("target", "税收", 1_000_000_000),
    ]
    assert [name for _pos, name in goal.metrics] == ["工业总产值", "税收"]
    percent = percent_targets(goal)
    assert [(f.fields["metric"], f.fields["value"], f.fields["year"]) for f in percent] == [
        ("工业总产值增长", 10, 2025),
        ("税收增长", 12, 2025),
    ]
    assert goal.metrics == []  # a growth rate closes the list of metrics before it
    (rank,) = rank_targets(goal)
    assert rank.fields == {"metric": "全国开发区排名", "value": 60, "unit": "前N强", "year": 2025}


def test_counts_carry_their_stage_into_a_breakdown() -> None:
    _goal, signed, breakdown = sentences()
    passage = Passage()
    (count,) = count_figures(signed, passage)
    assert count.fields == {"count": 8, "refers_to": "今年一季度新签约项目", "status": "signed"}
    assert (passage.index, passage.status) == (1, "signed")
    (amount,) = money_figures(signed)
    assert amount.type == "amount" and amount.fields["project_count"] == 8
    assert amount.fields["qualifier"] == "~" and amount.fields["status"] == "signed"
    (part,) = count_figures(breakdown, passage)
    assert part.fields["status"] == "signed"  # 其中: the stage of its whole


def test_find_figures_runs_the_steps_in_order_and_extract_keeps_its_import_path() -> None:
    ctx = Context(TEXT, date(2024, 5, 1), [], [])
    kinds = [f.type for f in find_figures(ctx)]
    assert kinds == ["target"] * 5 + ["amount", "project_count", "project_count"]
    found = extract(TEXT, pub_date=date(2024, 5, 1))
    assert {f.type for f in found} >= {"target", "amount", "project_count"}
    assert all(TEXT[f.start : f.end] == f.quote for f in found)
