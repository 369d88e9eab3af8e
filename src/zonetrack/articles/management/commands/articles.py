"""`zonetrack articles clean|extract|eval`: the articles reader from the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zonetrack.articles.text import UnreadableInput, decode, read
from zonetrack.articles.text.evaluate import evaluate, reading_json, report


def _load(path_text: str) -> tuple[Path, str]:
    path = Path(path_text)
    if not path.is_file():
        raise CommandError(f"No such file: {path}")
    try:
        return path, decode(path.read_bytes(), path.name)
    except UnreadableInput as exc:
        raise CommandError(f"{path.name}: {exc}") from exc


def _pub_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--pub-date must be YYYY-MM-DD, not {value!r}.") from exc


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

    def _read(self, text: str, name: str, **kwargs: Any) -> Any:
        try:
            return read(text, **kwargs)
        except UnreadableInput as exc:
            raise CommandError(f"{name}: {exc}") from exc

    def _clean(self, file: str) -> None:
        path, text = _load(file)
        reading = self._read(text, path.name)
        self.stdout.write(reading.clean_text)
        for warning in reading.warnings:
            self.stderr.write(warning)

    def _extract(self, file: str, pub: str | None, as_json: bool, zones: list[str]) -> None:
        path, text = _load(file)
        reading = self._read(text, path.name, pub_date=_pub_date(pub), zones=zones)
        if as_json:
            document = reading_json(reading, path.name)
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{path.name}: publication date {reading.pub_date or 'unknown'}")
        for warning in reading.warnings:
            self.stdout.write(f"  note: {warning}")
        for fact in reading.facts:
            fields = json.dumps(fact.fields, ensure_ascii=False)
            self.stdout.write(f"- {fact.type} {fields} ({fact.confidence:.2f})\n    “{fact.quote}”")

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
