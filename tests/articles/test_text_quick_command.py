"""`articles clean|extract` answered before Django starts (issue 16: under one second)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from zonetrack.articles.text.command import run_quick

from .test_text_command import TEXT


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "news.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["extract"],
        ["extract", "--json"],
        ["extract", "--pub-date", "2021-06-10", "--zone", "鹤壁经开区"],
    ],
)
def test_the_quick_path_prints_what_the_command_prints(
    article: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [args[0], str(article), *args[1:]]
    call_command("articles", *argv)
    expected = capsys.readouterr().out
    assert run_quick(argv) == 0
    assert capsys.readouterr().out == expected


def test_clean_notes_go_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "old.txt"
    path.write_text("????青石开发区新签项目12个。\n", encoding="utf-8")
    assert run_quick(["clean", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "青石开发区新签项目12个。\n"
    assert "indents" in captured.err


def test_a_missing_file_is_a_command_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_quick(["extract", "/nonexistent/news.txt"]) == 1
    assert capsys.readouterr().err == "CommandError: No such file: /nonexistent/news.txt\n"


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["eval", "a", "b"],
        ["extract", "x.txt", "--settings=other"],
        ["extract", "--help"],
        ["extract"],
    ],
)
def test_anything_else_is_left_to_the_management_command(argv: list[str]) -> None:
    assert run_quick(argv) is None


def test_the_quick_path_never_starts_django(article: Path) -> None:
    code = (
        "import sys; from zonetrack.articles.text.command import run_quick; "
        f"status = run_quick(['extract', {str(article)!r}]); "
        "assert not [m for m in sys.modules if m.startswith('django')], 'django imported'; "
        "raise SystemExit(status)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "集中签约项目8个" in result.stdout


def test_the_zonetrack_command_takes_the_quick_path(article: Path) -> None:
    code = (
        "import sys; from zonetrack import cli; "
        f"sys.argv = ['zonetrack', 'articles', 'extract', {str(article)!r}]; "
        "import atexit; "
        "atexit.register(lambda: sys.stderr.write("
        "'DJANGO' if [m for m in sys.modules if m.startswith('django')] else '')); "
        "cli.main()"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "集中签约项目8个" in result.stdout
    assert "DJANGO" not in result.stderr
