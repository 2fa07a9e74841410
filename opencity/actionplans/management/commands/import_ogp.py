"""`opencity import_ogp FILE.csv`: OGP's published commitment table into action plans."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from opencity.accounts.models import User
from opencity.actionplans import ogp_exchange
from opencity.core.permissions import require

SUMMARY_LABELS = {
    "members": "members",
    "plans": "plans",
    "commitments": "commitments",
    "assessments": "assessments",
    "policy_areas": "policy areas",
    "organisations": "organisations",
}


class Command(BaseCommand):
    help = (
        "Import OGP's published commitment table (CSV, UTF-8): members, plans, commitments, "
        "policy areas, institutions and IRM assessments. Safe to run again: commitments are "
        "matched on their Commitment Unique Identifier. A file with any problem imports nothing "
        "and lists every problem by row and column, unless --keep-going is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file in OGP's layout.")
        parser.add_argument(
            "--keep-going",
            action="store_true",
            help=(
                "Import despite problems: rows with a broken identifier, date, year, member or "
                "plan are left out, unknown scale values are stored as 'no data', and the "
                "report of problems is printed and written to FILE.problems.txt (or --report)."
            ),
        )
        parser.add_argument(
            "--report", type=Path, help="Where to write the report of problems, if any."
        )
        parser.add_argument(
            "--as",
            dest="actor",
            help="The e-mail of the person importing, recorded in the history (optional).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path} cannot be read: {error.strerror}.") from error
        actor = None
        if options["actor"]:
            actor = User.objects.filter(email__iexact=options["actor"]).first()
            if actor is None:
                raise CommandError(f"No user has the e-mail {options['actor']}.")
            try:
                require(actor, "actionplans.import_ogp")
            except PermissionDenied as error:
                raise CommandError(f"{actor.email} may not import OGP data.") from error
        show_progress = not options["no_progress"] and options["verbosity"] > 0

        def progress(items: Iterable[Any], total: int, description: str) -> Iterable[Any]:
            return tqdm(
                items,
                total=total,
                desc=description,
                unit=" rows",
                file=self.stderr._out,
                disable=not show_progress,
                leave=False,
            )

        try:
            result = ogp_exchange.ogp_import(
                data, keep_going=options["keep_going"], actor=actor, progress=progress
            )
        except ogp_exchange.OgpImportError as error:
            report = ogp_exchange.report_text(error.problems)
            if options["report"]:
                options["report"].write_text(report + "\n", encoding="utf-8")
            count = len(error.problems)
            raise CommandError(
                f"{path}: {count} problem{'s' if count != 1 else ''}. Nothing was imported.\n"
                f"{report}\n"
                "Correct the file, or import the rest with --keep-going."
            ) from error

        if result.problems:
            report_path = options["report"] or path.with_name(path.name + ".problems.txt")
            report_path.write_text(result.report + "\n", encoding="utf-8")
            self.stdout.write(
                self.style.WARNING(
                    f"{len(result.problems)} problem(s); {result.skipped_rows} of {result.rows} "
                    f"rows left out. The report is in {report_path}:"
                )
            )
            self.stdout.write(result.report)
        self.stdout.write(self.style.SUCCESS(f"{path}: {result.rows} rows read"))
        for key, label in SUMMARY_LABELS.items():
            counts = result.counts[key]
            self.stdout.write(
                f"  {label}: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged"
            )
        if result.ignored_columns:
            self.stdout.write(f"  columns not read: {', '.join(result.ignored_columns)}")
