"""`zonetrack articles clean|extract|eval`: the articles reader from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zonetrack.articles.text import command
from zonetrack.articles.text.evaluate import evaluate, report


class Command(BaseCommand):
    # reading a file touches neither the database nor the URL map: the system checks are a
    # third of the start-up time (issue 16 asks for under one second)
    requires_system_checks: list[str] = []
    requires_migrations_checks = False
    help = (
        "Read a news or policy article: `clean FILE` prints the cleaned text, `extract FILE` "
        "its facts, `eval DIR GOLD.json` compares the facts of every file with gold facts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        clean = actions.add_parser("clean", help="print the cleaned text of FILE")
        clean.add_argument("file")
        extract = actions.add_parser("extract", help="print the facts found in FILE")
        extract.add_argument("file")
        extract.add_argument(
            "--pub-date", help="publication date YYYY-MM-DD, when the text lacks one"
        )
        extract.add_argument("--json", action="store_true", help="print the JSON document")
        extract.add_argument("--zone", action="append", default=[], help="a known zone name")
        evaluation = actions.add_parser("eval", help="precision and recall against gold facts")
        evaluation.add_argument("directory")
        evaluation.add_argument("gold")
        evaluation.add_argument(
            "--verbose", action="store_true", help="list missed and extra facts"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "clean":
            self._clean(options["file"])
        elif action == "extract":
            self._extract(
                options["file"], options.get("pub_date"), options["json"], options["zone"]
            )
        else:
            self._eval(options["directory"], options["gold"], options["verbose"])

    def _clean(self, file: str) -> None:
        try:
            out, err = command.clean_report(file)
        except command.ReadError as exc:
            raise CommandError(str(exc)) from exc
        for line in out:
            self.stdout.write(line)
        for line in err:
            self.stderr.write(line)

    def _extract(self, file: str, pub: str | None, as_json: bool, zones: list[str]) -> None:
        try:
            lines = command.extract_report(file, pub, as_json, zones)
        except command.ReadError as exc:
            raise CommandError(str(exc)) from exc
        for line in lines:
            self.stdout.write(line)

    def _eval(self, directory: str, gold: str, verbose: bool) -> None:
        folder, gold_path = Path(directory), Path(gold)
        if not folder.is_dir():
            raise CommandError(f"No such directory: {folder}")
        if not gold_path.is_file():
            raise CommandError(f"No such file: {gold_path}")
        try:
            result = evaluate(folder, gold_path)
        except (ValueError, KeyError) as exc:
            raise CommandError(f"{gold_path.name} is not a gold file: {exc}") from exc
        self.stdout.write(report(result, verbose=verbose))
