"""Export a cycle's answers to CSV or XLSX, or import them from such a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from opencity.accounts.models import User
from opencity.rankings import answer_exchange
from opencity.rankings.models import Cycle


class Command(BaseCommand):
    help = (
        "`answers export CYCLE_ID FILE.csv|FILE.xlsx` writes every answer of a cycle; "
        "`answers import CYCLE_ID FILE --as EMAIL` creates or updates a cycle's answers from "
        "such a file, all of them or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="write every answer of a cycle to a file")
        export.add_argument("cycle", type=int, help="ID of the cycle")
        export.add_argument("file", help="FILE.csv or FILE.xlsx")
        load = actions.add_parser("import", help="import a cycle's answers from a file")
        load.add_argument("cycle", type=int, help="ID of the cycle")
        load.add_argument("file", help="FILE.csv or FILE.xlsx")
        load.add_argument(
            "--as", dest="actor", required=True, help="the e-mail of the person importing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cycle = Cycle.objects.select_related("methodology").filter(pk=options["cycle"]).first()
        if cycle is None:
            raise CommandError(f"No cycle with ID {options['cycle']}.")
        path = Path(options["file"])
        if options["action"] == "export":
            if path.suffix == ".xlsx":
                path.write_bytes(answer_exchange.export_xlsx(cycle))
            elif path.suffix == ".csv":
                path.write_bytes(answer_exchange.export_csv(cycle))
            else:
                raise CommandError("The file must end in .csv or .xlsx.")
            count = cycle.answers.count()
            self.stdout.write(f"Wrote {count} answers of {cycle} to {path}")
            return
        actor = User.objects.filter(email=(options["actor"] or "").lower()).first()
        if actor is None:
            raise CommandError("--as must name the e-mail of an existing person.")
        if not path.is_file():
            raise CommandError(f"{path}: file not found")
        try:
            with path.open("rb") as data:
                summary = answer_exchange.answers_import(
                    actor=actor, cycle=cycle, data=data, filename=path.name
                )
        except answer_exchange.AnswersFileError as error:
            lines = "\n".join(f"  {message}" for message in error.messages)
            raise CommandError(
                f"{path}: {len(error.problems)} problem(s); nothing was imported.\n{lines}"
            ) from error
        except (ValidationError, PermissionDenied) as error:
            problems = "; ".join(getattr(error, "messages", [str(error)]))
            raise CommandError(f"{path}: {problems} Nothing was imported.") from error
        self.stdout.write(
            f"Imported {summary.rows} rows into {cycle}: {summary.created} new, "
            f"{summary.updated} updated, {summary.unchanged} unchanged; "
            f"{summary.unanswered} without a level."
        )
