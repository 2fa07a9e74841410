"""Export a methodology to XLSX or a ZIP of CSV files, or import one from them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from opencity.accounts.models import User
from opencity.rankings import exchange
from opencity.rankings.models import Methodology


class Command(BaseCommand):
    help = (
        "`methodology export ID FILE` writes a methodology as .xlsx or .zip (CSV files); "
        "`methodology import FILE --as EMAIL` creates a draft methodology from such a file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("arguments", nargs="+", help="export: ID FILE; import: FILE")
        parser.add_argument("--as", dest="actor", help="import: the e-mail of the person importing")
        parser.add_argument("--previous", type=int, help="import: ID of the previous edition")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            if len(options["arguments"]) != 2:
                raise CommandError("export needs ID FILE")
            identifier, target = options["arguments"]
            methodology = Methodology.objects.filter(pk=identifier).first()
            if methodology is None:
                raise CommandError(f"No methodology with ID {identifier}.")
            path = Path(target)
            if path.suffix == ".xlsx":
                path.write_bytes(exchange.export_xlsx(methodology))
            elif path.suffix == ".zip":
                path.write_bytes(exchange.export_csv_zip(methodology))
            else:
                raise CommandError("The file must end in .xlsx or .zip.")
            self.stdout.write(f"Wrote {methodology} to {path}")
            return
        path = Path(options["arguments"][0])
        actor = User.objects.filter(email=(options["actor"] or "").lower()).first()
        if actor is None:
            raise CommandError("--as must name the e-mail of an existing person.")
        previous = (
            Methodology.objects.filter(pk=options["previous"]).first()
            if options["previous"]
            else None
        )
        if not path.is_file():
            raise CommandError(f"{path}: file not found")
        try:
            with path.open("rb") as data:
                tables = (
                    exchange.read_xlsx(data)
                    if path.suffix == ".xlsx"
                    else exchange.read_csv_zip(data)
                )
            methodology = exchange.methodology_import(
                actor=actor, tables=tables, predecessor=previous
            )
        except (ValidationError, PermissionDenied) as error:
            problems = "; ".join(getattr(error, "messages", [str(error)]))
            raise CommandError(f"{path}: {problems}. Nothing was imported.") from error
        self.stdout.write(
            f"Imported {methodology} (ID {methodology.pk}): {methodology.areas.count()} areas, "
            f"{methodology.indicators.count()} indicators, {methodology.scales.count()} scales, "
            f"{methodology.thresholds.count()} thresholds."
        )
