"""`opencity export_ogp OUT.csv`: commitments in OGP's published layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from opencity.actionplans import ogp_exchange
from opencity.actionplans.models import ActionPlan, Commitment, Member


class Command(BaseCommand):
    help = (
        "Write the commitments of public plans (all, one member's or one plan's) as a CSV file in "
        "OGP's layout, which `import_ogp` reads back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="The CSV file to write (UTF-8).")
        parser.add_argument("--member", help="Only the member with this slug.")
        parser.add_argument("--plan", help="Only the plan with this identifier (AP_ALB01).")
        parser.add_argument(
            "--include-drafts", action="store_true", help="Also plans still in preparation."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        commitments = (
            Commitment.all_objects.all() if options["include_drafts"] else Commitment.public.all()
        )
        if options["member"]:
            member = Member.objects.filter(slug=options["member"]).first()
            if member is None:
                raise CommandError(f"No member has the slug {options['member']}.")
            commitments = commitments.filter(plan__member=member)
        if options["plan"]:
            plan = ActionPlan.all_objects.filter(identifier=options["plan"]).first()
            if plan is None:
                raise CommandError(f"No plan has the identifier {options['plan']}.")
            commitments = commitments.filter(plan=plan)
        with translation.override("en"):
            count = 0
            with options["out"].open("w", encoding="utf-8", newline="") as out:
                for line in ogp_exchange.csv_lines(commitments):
                    out.write(line)
                    count += 1
        self.stdout.write(self.style.SUCCESS(f"{options['out']}: {max(count - 1, 0)} commitments"))
