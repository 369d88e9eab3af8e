"""The quality floors of the reader on the sample articles beside the repository (issue 6)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from zonetrack.articles.text import decode, read
from zonetrack.articles.text.evaluate import Evaluation, evaluate

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    gold = SAMPLES / "gold.json"
    if not gold.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"test data missing: {SAMPLES.name}/gold.json beside the repository")
        pytest.skip("the shared sample articles are not beside this checkout")
    return evaluate(SAMPLES, gold)


def test_every_sample_file_was_read(evaluation: Evaluation) -> None:
    assert evaluation.missing_files == []
    assert evaluation.overall.gold > 0


def test_gold_quotes_are_found_verbatim_in_the_cleaned_text(evaluation: Evaluation) -> None:
    assert evaluation.quote_share >= 0.95


def test_recall_and_precision_floors(evaluation: Evaluation) -> None:
    assert evaluation.overall.recall >= 0.96
    assert evaluation.overall.precision >= 0.88


@pytest.fixture(scope="module")
def dev_evaluation() -> Evaluation:
    gold = SAMPLES / "dev" / "gold.json"
    if not gold.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"test data missing: {SAMPLES.name}/dev/gold.json beside the repository")
        pytest.skip("the shared development articles are not beside this checkout")
    return evaluate(SAMPLES / "dev", gold)


def test_development_articles_floors(dev_evaluation: Evaluation) -> None:
    # articles the reader was not built on: other provinces, years, scripts and page furniture
    assert dev_evaluation.missing_files == []
    assert dev_evaluation.overall.recall >= 0.93
    assert dev_evaluation.overall.precision >= 0.96
    # the gold quotes, half-width punctuation mapped to full-width, are in the cleaned text
    assert dev_evaluation.quote_share >= 0.98
    # (recall, precision) floors of every fact type with at least ten gold facts
    floors = {
        "quantity": (0.93, 0.95),
        "organisation": (0.89, 0.97),
        "zone": (0.91, 0.94),
        "amount": (0.96, 0.96),
        "project_count": (0.96, 0.96),
        "date": (0.92, 0.92),
        "target": (0.93, 0.93),
        "industry_cluster": (0.88, 0.95),
    }
    for name, (recall, precision) in floors.items():
        tally = dev_evaluation.by_type[name]
        assert tally.gold >= 10
        assert tally.recall >= recall and tally.precision >= precision, name
    assert set(dev_evaluation.by_file) == {f"dev_{i:02d}.txt" for i in range(1, 13)}


def test_accepted_repairs_read_as_the_words_around_them(evaluation: Evaluation) -> None:
    # every accepted repair restores Han characters or punctuation, never a "?" or pinyin
    accepted = [r for r in evaluation.repairs if r[5]]
    assert accepted
    for _file, _start, _end, before, after, _ok, _context in accepted:
        assert "?" not in after and "(" not in after and "□" not in after
        assert before.startswith("?")


def test_eval_command_prints_scores_quotes_and_every_repair(
    evaluation: Evaluation, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("articles", "eval", str(SAMPLES), str(SAMPLES / "gold.json"))
    out = capsys.readouterr().out
    assert "overall" in out and "precision" in out and "recall" in out
    assert "gold quotes found verbatim" in out
    assert "per article:" in out
    assert all(name in out for name in evaluation.by_file)
    assert out.count("accepted '") + out.count("damaged  '") == len(evaluation.repairs)


def test_no_damage_is_left_unreported_in_the_development_articles(
    dev_evaluation: Evaluation,
) -> None:
    # runs of question marks and "?!" slips are repaired, removed as lost indents or marked □
    for path in sorted((SAMPLES / "dev").glob("dev_*.txt")):
        reading = read(decode(path.read_bytes(), path.name))
        leftover = re.search(r"[?？]{2,}|[?？][!！]", reading.clean_text)
        assert leftover is None, f"{path.name}: {leftover}"
        assert reading.clean_text.count("□") == len(reading.damaged_spans)
