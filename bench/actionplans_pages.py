"""Time the public action-plan pages on a plan of 50 commitments with 10 milestones each, with
progress updates, evidence and assessments, in a database of the script's own.

    .venv/bin/python bench/actionplans_pages.py                    # SQLite, /tmp/ap_bench.sqlite3
    .venv/bin/python bench/actionplans_pages.py --database-url postgres://postgres@127.0.0.1:5432/x
    .venv/bin/python bench/actionplans_pages.py --commitments 50 --milestones 10 --requests 100

The databases are handled as in `import_registers.py`: on PostgreSQL a database of the script's
own (`ap_bench` unless --bench-database says otherwise) on the server named by the URL, dropped
at the end; otherwise a SQLite file (--sqlite-path), replaced at the start and removed at the end.

The data is generated here with a fixed random seed, in bulk: the measured plan (every tenth
commitment a part of the one before, three policy areas, a lead and two supporting institutions
each; per commitment `--milestones` milestones, three dated progress updates with one or two
evidence links, and an independent, a self- and a civil-society assessment), five co-creation
events, and around it 20 other members with a public plan of 10 commitments of 5 milestones
each, so that the overview and the index have more than one plan to read.

Each page is requested through Django's test client with DEBUG off, the cache cleared before
every request: a few requests to warm up, then `--requests` timed ones. The script prints the
median, the 90th percentile and the extremes of the server time in milliseconds, the SQL queries
of one request (counted on a separate request, so that counting does not slow the timed ones)
and the size of the page; beside the wall-clock times, the median CPU time of this process
(the server's own work, less disturbed by other load on the machine; for PostgreSQL it leaves
out the database server's time). Numbers only: nothing is checked.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_registers import bench_url, postgres_admin  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = 20240901
WARM_UP = 5


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="postgres://... (default: SQLite)")
    parser.add_argument("--bench-database", default="ap_bench")
    parser.add_argument("--sqlite-path", default="/tmp/ap_bench.sqlite3")  # noqa: S108
    parser.add_argument("--commitments", type=int, default=50)
    parser.add_argument("--milestones", type=int, default=10)
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    return parser.parse_args()


def build(commitment_count: int, milestone_count: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The data set, written in bulk; returns the paths of the pages to time."""
    import datetime
    from decimal import Decimal

    from django.urls import reverse
    from django.utils import timezone, translation

    from opencity.accounts.models import Organisation, OrganisationKind
    from opencity.actionplans.models import (
        ActionPlan,
        Assessment,
        CoCreationEvent,
        Commitment,
        Member,
        Milestone,
        PolicyArea,
        ProgressEvidence,
        ProgressUpdate,
    )
    from opencity.actionplans.scales import (
        COMPLETION,
        OPEN_GOVERNMENT,
        AssessorKind,
        InfluenceLevel,
        MemberKind,
        MilestoneStatus,
        PlanStatus,
        ReportType,
    )
    from opencity.places.models import (
        Country,
        Municipality,
        MunicipalityType,
        Region,
        RegionType,
        Register,
    )

    rng = random.Random(SEED)
    today = timezone.localdate()
    country = Country.objects.create(code="RO", slug="ro", name_en="Romania", name_ro="România")
    region = Region.objects.create(
        country=country,
        register=Register.SIRUTA,
        code="22",
        unit_type=RegionType.JUDET,
        slug="iasi",
        name_en="Iași",
    )
    municipalities = Municipality.objects.bulk_create(
        Municipality(
            region=region,
            country=country,
            register=Register.SIRUTA,
            code=f"9{index:04d}",
            unit_type=MunicipalityType.MUNICIPIU,
            slug=f"town-{index}",
            name_en=f"Town {index}",
            search_text=f"town {index}",
        )
        for index in range(21)
    )
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                kind=OrganisationKind.CITY_HALL,
                slug=f"city-hall-{index}",
                name_en=f"City Hall {index}",
                municipality=municipalities[index],
                country=country,
            )
            for index in range(21)
        ]
        + [
            Organisation(kind=OrganisationKind.CSO, slug=f"cso-{index}", name_en=f"Watch {index}")
            for index in range(5)
        ]
        + [Organisation(kind=OrganisationKind.OTHER, slug="irm", name_en="IRM")]
    )
    city_halls, watchers, irm = organisations[:21], organisations[21:26], organisations[26]
    departments = Organisation.objects.bulk_create(
        Organisation(
            kind=OrganisationKind.OTHER, slug=f"department-{index}", name_en=f"Department {index}"
        )
        for index in range(8)
    )
    areas = PolicyArea.objects.bulk_create(
        PolicyArea(code=f"area-{index}", name_en=f"Policy area {index}") for index in range(20)
    )
    members = Member.objects.bulk_create(
        Member(
            kind=MemberKind.LOCAL,
            name_en=f"Town {index}",
            slug=f"town-{index}",
            prefix=f"T{index:02d}",
            municipality=municipalities[index],
            country=country,
            government=city_halls[index],
        )
        for index in range(21)
    )
    plans = ActionPlan.all_objects.bulk_create(
        ActionPlan(
            member=member,
            number=1,
            identifier=f"AP_{member.prefix}01",
            title_en=f"Open {member.name_en}",
            start_year=2024,
            end_year=2026,
            status=PlanStatus.IMPLEMENTATION,
            influence_level=rng.choice(InfluenceLevel.values),
            minimum_requirements_met=True,
            reasoned_response_en="What was taken up and why. " * 20,
            reasoned_response_url="https://example.org/response",
        )
        for member in members
    )
    measured = plans[0]
    CoCreationEvent.objects.bulk_create(
        CoCreationEvent(
            plan=measured,
            kind="workshop",
            held_on=datetime.date(2024, 3, index + 1),
            title_en=f"Workshop {index + 1}",
            participants=20 + index,
        )
        for index in range(5)
    )
    commitments: list[Commitment] = []
    for plan in plans:
        count = commitment_count if plan is measured else 10
        for number in range(1, count + 1):
            commitments.append(
                Commitment(
                    plan=plan,
                    identifier=f"{plan.member.prefix}{number:04d}",
                    number=str(number),
                    title_en=f"Commitment {number} of {plan.member.name_en}: open the data",
                    problem_en="The problem, described at length. " * 15,
                    description_en="What it does, described at length. " * 15,
                    how_it_helps_en="How it helps, described at length. " * 15,
                    start_date=datetime.date(2024, 9, 1),
                    end_date=datetime.date(2026, 8, 31),
                    lead_institution=rng.choice(departments),
                    access_to_information=rng.random() < 0.7,
                    civic_participation=rng.random() < 0.5,
                    public_accountability=rng.random() < 0.4,
                    technology=rng.random() < 0.3,
                )
            )
    commitments = Commitment.all_objects.bulk_create(commitments)
    children = []
    for index, commitment in enumerate(commitments):
        if index % 10 == 9 and commitments[index - 1].plan_id == commitment.plan_id:
            commitment.parent = commitments[index - 1]
            children.append(commitment)
    Commitment.all_objects.bulk_update(children, ["parent"])
    Commitment.policy_areas.through.objects.bulk_create(
        Commitment.policy_areas.through(commitment_id=commitment.pk, policyarea_id=area.pk)
        for commitment in commitments
        for area in rng.sample(areas, 3)
    )
    Commitment.supporting_institutions.through.objects.bulk_create(
        Commitment.supporting_institutions.through(
            commitment_id=commitment.pk, organisation_id=organisation.pk
        )
        for commitment in commitments
        for organisation in rng.sample(departments + watchers, 2)
    )
    milestones = []
    for commitment in commitments:
        count = milestone_count if commitment.plan_id == measured.pk else 5
        for number in range(1, count + 1):
            end = today + datetime.timedelta(days=rng.randint(-300, 300))
            status = rng.choice(MilestoneStatus.values)
            milestones.append(
                Milestone(
                    commitment=commitment,
                    number=number,
                    deliverable_en=f"Deliverable {number}: a register published",
                    description_en="The activity, in a sentence or two.",
                    responsible=f"Department {number % 8}",
                    start_date=datetime.date(2024, 9, 1),
                    end_date=end,
                    status=status,
                    completed_on=end if status == MilestoneStatus.COMPLETE else None,
                    weight=Decimal(rng.choice([1, 1, 2])),
                )
            )
    milestones = Milestone.objects.bulk_create(milestones)
    by_commitment: dict[int, list[Milestone]] = {}
    for milestone in milestones:
        by_commitment.setdefault(milestone.commitment_id, []).append(milestone)
    updates = ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            commitment=commitment,
            milestone=rng.choice(by_commitment[commitment.pk]),
            reported_on=today - datetime.timedelta(days=30 * step + 1),
            title_en=f"Progress report {step + 1}",
            text_en="What was done since the last report. " * 10,
            progress=Decimal(rng.randint(0, 100)),
            organisation=commitment.lead_institution,
        )
        for commitment in commitments
        for step in range(3)
    )
    ProgressEvidence.objects.bulk_create(
        ProgressEvidence(update=update, url=f"https://example.org/evidence/{update.pk}/{index}")
        for update in updates
        for index in range(rng.randint(1, 2))
    )
    completion = [value for value, _label in COMPLETION]
    open_government = [value for value, _label in OPEN_GOVERNMENT]
    Assessment.objects.bulk_create(
        Assessment(
            commitment=commitment,
            report_type=ReportType.RESULTS_REPORT,
            assessor_kind=kind,
            organisation=organisation,
            published_on=datetime.date(2026, 10, 1),
            verifiability="verifiable",
            specificity=rng.choice(["low", "medium", "high"]),
            potential_impact=rng.choice(["minor", "moderate", "transformative"]),
            completion=rng.choice(completion),
            open_government=rng.choice(open_government),
            starred=rng.random() < 0.2,
            promising=rng.random() < 0.2,
            summary_en="The assessment, in a paragraph.",
        )
        for commitment in commitments
        for kind, organisation in (
            (AssessorKind.INDEPENDENT, irm),
            (AssessorKind.SELF, commitment.lead_institution),
            (AssessorKind.CIVIL_SOCIETY, watchers[0]),
        )
    )
    measured_commitments = [c for c in commitments if c.plan_id == measured.pk]
    with translation.override("en"):
        plan_path = reverse("actionplans:plan", kwargs={"identifier": measured.identifier})
        return {
            "plan": plan_path,
            "plan, filtered": f"{plan_path}?status=delayed&value=access_to_information",
            "commitment": reverse(
                "actionplans:commitment", kwargs={"identifier": measured_commitments[0].identifier}
            ),
            "member": reverse("actionplans:member", kwargs={"slug": members[0].slug}),
            "index": reverse("actionplans:index"),
            "overview": reverse("actionplans:overview"),
            "municipality": municipalities[0].get_absolute_url(),
        }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    position = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[position]


def run_benchmark(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0, interactive=False)
    start = time.perf_counter()
    paths = build(args.commitments, args.milestones)
    print(
        f"data: {args.commitments} commitments x {args.milestones} milestones in the measured "
        f"plan, built in {time.perf_counter() - start:.1f} s; DEBUG={settings.DEBUG}"
    )
    client = Client()
    print(f"{'page':<16} {'median ms':>9} {'p90 ms':>7} {'min ms':>7} {'max ms':>7} "
          f"{'CPU ms':>7} {'queries':>7} {'KB':>6}")  # fmt: skip
    for name, path in paths.items():
        for _ in range(WARM_UP):
            cache.clear()
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        times, cpu_times = [], []
        for _ in range(args.requests):
            cache.clear()
            begin, cpu_begin = time.perf_counter(), time.process_time()
            response = client.get(path)
            times.append((time.perf_counter() - begin) * 1000)
            cpu_times.append((time.process_time() - cpu_begin) * 1000)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        print(
            f"{name:<16} {statistics.median(times):>9.1f} {percentile(times, 0.9):>7.1f} "
            f"{min(times):>7.1f} {max(times):>7.1f} {statistics.median(cpu_times):>7.1f} "
            f"{len(queries):>7} "
            f"{len(response.content) / 1024:>6.0f}"
        )
    connection.close()


def main() -> int:
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "opencity.settings"
    os.environ["OPENCITY_ENV"] = "test"
    os.environ["DEBUG"] = "false"
    url = args.database_url
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        admin, _config = postgres_admin(url)
        name = args.bench_database
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = bench_url(url, name)
        description = f"PostgreSQL, throwaway database {name}"

        def cleanup() -> None:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()

    elif url:
        raise SystemExit(f"unsupported --database-url {url!r}: use postgres://... or nothing")
    else:
        path = Path(args.sqlite_path)
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        description = f"SQLite, file {path}"

        def cleanup() -> None:
            path.unlink(missing_ok=True)

    try:
        print(f"database: {description}")
        run_benchmark(args)
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
