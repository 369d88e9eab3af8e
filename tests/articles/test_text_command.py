"""`zonetrack articles clean|extract` on files written by the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

TEXT = (
    "鹤壁经济技术开发区简讯\n鹤壁日报 2021-06-09 08:30\n"
    "5月20日，鹤壁经济技术开发区集中签约项目8个，总投资约12亿元。\n责任编辑：张三\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "news.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    return path


def test_clean_prints_the_cleaned_text(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("articles", "clean", str(article))
    out = capsys.readouterr().out
    assert "集中签约项目8个，总投资约12亿元。" in out
    assert "责任编辑" not in out


def test_extract_json_has_the_shape_of_the_issue(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("articles", "extract", str(article), "--json")
    document = json.loads(capsys.readouterr().out)
    assert {"file", "pub_date", "damaged_spans", "clean_text", "facts"} <= set(document)
    assert document["file"] == "news.txt"
    assert document["pub_date"] == "2021-06-09"
    amount = next(f for f in document["facts"] if f["type"] == "amount")
    assert amount["amount_yuan"] == 1_200_000_000
    assert amount["date"] == "2021-05-20"
    for fact in document["facts"]:
        assert fact["quote"] in document["clean_text"]


def test_extract_takes_a_publication_date(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = article.with_name("nodate.txt")
    path.write_text("5月20日，园区集中签约项目8个，总投资约12亿元。", encoding="utf-8")
    call_command("articles", "extract", str(path), "--json", "--pub-date", "2020-07-01")
    document = json.loads(capsys.readouterr().out)
    assert document["pub_date"] == "2020-07-01"
    assert "2020-05-20" in [f["date"] for f in document["facts"] if f["type"] == "date"]


def test_unreadable_file_and_bad_date_give_command_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="empty"):
        call_command("articles", "clean", str(empty))
    with pytest.raises(CommandError, match="No such file"):
        call_command("articles", "extract", str(tmp_path / "missing.txt"))
    text = tmp_path / "a.txt"
    text.write_text("园区集中签约项目8个，总投资约12亿元。", encoding="utf-8")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("articles", "extract", str(text), "--pub-date", "yesterday")
