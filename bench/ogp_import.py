"""Time the import of OGP's commitment table (5,000 commitments of about 300 members, with their
IRM assessments) into a fresh, throwaway database, and its export.

    .venv/bin/python bench/ogp_import.py                      # SQLite, a temporary file
    .venv/bin/python bench/ogp_import.py --database-url postgres://postgres@127.0.0.1:5432/x
    .venv/bin/python bench/ogp_import.py --commitments 1000 --members 60

The databases are handled as in `import_registers.py`: a database of the script's own on the
PostgreSQL server named by the URL (`ogp_bench` unless --bench-database says otherwise), dropped
at the end, or a temporary SQLite file.

The table is generated here with a fixed random seed, in OGP's published layout: about a quarter
national members (Ukraine, Romania and Bulgaria among them, which are countries of the platform)
and three quarters local ones; half of the local members are found by name among municipalities
the script creates, the others were created by hand beforehand (outside our countries). Plans of
5 to 15 commitments, older-method plans (specificity, potential impact, mid-term and end-of-term
completion) before 2020 and refreshed-method ones after, 80 policy-area flag columns, numeric
`_` code columns, one to three supporting institutions, and the mess of real files: values in
any case and with stray spaces, `ND`, `NR` and `NA`, dates as `6/30/2019`, `06/30/2019 0:00`,
`2019-06-30` or `NA`.

Runs, in order: the file into an empty database (everything created), the same file again
(everything unchanged), the file with every title and one completion value per commitment
changed (every commitment and some assessments updated), a file where 1 % of the rows hold an
unknown value or a broken date imported with keep_going, then the CSV export of everything.
For each the script prints the wall-clock seconds, the CPU seconds of this process (the rest is
the database and waiting for the machine), rows per second, the counts, the SQL queries and the
peak resident memory. Numbers only: nothing is checked.
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import os
import random
import resource
import shutil
import string
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_registers import bench_url, postgres_admin  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = 20110920  # OGP was launched on 20 September 2011

POLICY_AREAS = [
    "Anti-Corruption And Integrity", "Beneficial Ownership", "Open Contracting",
    "Fiscal Openness", "Justice", "Civic Space", "Digital Governance", "Gender",
    "Public Participation", "E-Government", "Access To Justice", "Asset Disclosure",
    "Audits And Controls", "Capacity Building", "Citizenship And Immigration",
    "Conflicts Of Interest", "Data Stewardship And Privacy", "Defense", "Education",
    "Elections", "Environment And Climate", "Extractive Industries", "Fiscal Transparency",
    "Health", "Human Rights", "Infrastructure And Transport", "Labor", "Land Rights",
    "Law Enforcement", "Legislation", "Lobbying", "Media And Telecommunications",
    "Natural Resources", "Nutrition", "Open Data", "Open Parliaments", "Political Integrity",
    "Private Sector", "Public Procurement", "Public Service Delivery", "Records Management",
    "Regulatory Governance", "Right To Information", "Science And Technology",
    "Social Accountability", "Sub-National", "Tax", "Water And Sanitation", "Whistleblower",
    "Youth", "Aid", "Agriculture", "Anti-Money Laundering", "Budget", "Citizen Budgets",
    "Civic Technology", "Corporate Accountability", "Crime And Safety", "Customs",
    "Disability", "E-Petitions", "Energy", "Freedom Of Association", "Freedom Of Expression",
    "Gender Mainstreaming", "Grievance Redress", "Housing", "Inclusion", "Local Commitments",
    "Marginalized Communities", "Participatory Budgeting", "Police", "Private Sector Engagement",
    "Public Officials", "Publication Of Budget", "Safety", "Social Security", "Sport",
    "Tourism", "Welfare",
]  # fmt: skip
COUNTRIES = [
    ("Ukraine", "UA"), ("Romania", "RO"), ("Bulgaria", "BG"), ("Albania", None),
    ("Argentina", None), ("Armenia", None), ("Brazil", None), ("Canada", None),
    ("Chile", None), ("Colombia", None), ("Croatia", None), ("Estonia", None),
    ("Georgia", None), ("Ghana", None), ("Indonesia", None), ("Kenya", None),
    ("Mexico", None), ("Moldova", None), ("Nigeria", None), ("Philippines", None),
]  # fmt: skip
INSTITUTIONS = [
    "Ministry of Finance", "Ministry of Justice", "Ministry of Digital Transformation",
    "National Agency on Corruption Prevention", "Office of the Prime Minister",
    "Ministry of Education", "Ministry of Health", "State Audit Office", "City Council",
    "Department of Urban Planning", "Transparency International", "Open Data Institute",
    "Civic Innovation Lab", "Budget Monitoring Coalition", "Association of Municipalities",
]  # fmt: skip
TOPICS = [
    "Open budget data", "Beneficial ownership register", "Participatory budgeting",
    "Open contracting portal", "Right to information training", "Public consultations portal",
    "Asset declarations online", "Open parliament data", "Complaints register",
    "Youth councils", "Audit reports published", "Open land registry",
]  # fmt: skip
TOWN_STEMS = ["North", "South", "Old", "New", "Upper", "Lower"]
FULL_TEXT = (
    "The government will publish the data, consult the public and report on progress twice a year. "
)
MESSY = {
    "specificity": ["High", "Medium", "Low", "None", "medium", "HIGH ", "ND", "NR"],
    "verifiable": ["Yes", "Yes", "Yes", "No", "yes", "NR"],
    "impact": ["Transformative", "Moderate", "Minor", "None", "moderate", "ND"],
    "completion": ["Not Started", "Limited", "Substantial", "Complete", "Withdrawn", "Unclear",
                   "No Evidence Available", "not started", "Substantial ", "ND", "NR", "NA"],
    "results": ["Unclear", "Modest", "Substantial", "substantial", "NR"],
    "early": ["No Notable Results", "Moderate", "Significant", "Moderate Results", "NR", "NA"],
    "open": ["Worsened", "Did Not Change", "Marginal", "Major", "Outstanding", "did not change",
             "No early results to report yet", "ND", "NR", "NA"],
}  # fmt: skip


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="postgres://... (default: SQLite)")
    parser.add_argument("--bench-database", default="ogp_bench")
    parser.add_argument("--commitments", type=int, default=5000)
    parser.add_argument("--members", type=int, default=300)
    return parser.parse_args()


def columns() -> list[str]:
    from opencity.actionplans import ogp_exchange as x

    return [
        *x.COLUMNS_BEFORE_AREAS[:9], "_National Or Local", *x.COLUMNS_BEFORE_AREAS[9:],
        *POLICY_AREAS, *x.COLUMNS_AFTER_AREAS[:2], "_Specificity",
        *x.COLUMNS_AFTER_AREAS[2:9], "_Completion (End Of Term)", *x.COLUMNS_AFTER_AREAS[9:],
    ]  # fmt: skip


def members(count: int, rng: random.Random) -> list[dict[str, object]]:
    """National and local members: (name, kind, prefix, ours, matched by municipality)."""
    two = ("".join(p) for p in itertools.product(string.ascii_uppercase, repeat=2))
    three = ("".join(p) for p in itertools.product(string.ascii_uppercase, repeat=3))
    result: list[dict[str, object]] = []
    national = max(len(COUNTRIES), count // 4)
    for number in range(national):
        name, code = COUNTRIES[number] if number < len(COUNTRIES) else (f"Republic {number}", None)
        prefix = code or next(p for p in two if p not in {"UA", "RO", "BG"})
        result.append({"name": name, "kind": "National", "prefix": prefix, "country": code})
    for number in range(count - national):
        country_name, code = (
            rng.choice(COUNTRIES[:3]) if number % 2 == 0 else rng.choice(COUNTRIES[3:])
        )
        result.append(
            {
                "name": f"{rng.choice(TOWN_STEMS)}town {number}",
                "kind": rng.choice(["Legacy Local", "Other", "Local"]),
                "prefix": next(three),
                "country": code,
                "country_name": country_name,
            }
        )
    return result


def messy_date(day: object, rng: random.Random) -> str:
    if rng.random() < 0.05:
        return rng.choice(["NA", "ND", ""])
    form = rng.random()
    if form < 0.7:
        return f"{day.month}/{day.day}/{day.year}"  # type: ignore[attr-defined]
    if form < 0.9:
        return f"{day.month:02d}/{day.day:02d}/{day.year} 0:00"  # type: ignore[attr-defined]
    return day.isoformat()  # type: ignore[attr-defined]


def generate(
    members_: list[dict[str, object]], commitment_count: int, title_suffix: str = ""
) -> list[dict[str, str]]:
    import datetime

    rng = random.Random(SEED)
    heading = columns()
    rows: list[dict[str, str]] = []
    member_cycle = itertools.cycle(members_)
    plans_per_member: dict[str, int] = {}
    while len(rows) < commitment_count:
        member = next(member_cycle)
        prefix = str(member["prefix"])
        plan_number = plans_per_member.get(prefix, 0) + 1
        plans_per_member[prefix] = plan_number
        start = 2012 + 2 * plan_number + rng.choice((0, 1))
        end = start + 2
        refreshed = start >= 2020
        for number in range(1, rng.randint(5, 15) + 1):
            if len(rows) >= commitment_count:
                break
            identifier = f"{prefix}{plan_number * 100 + number:04d}"
            row = dict.fromkeys(heading, "")
            begin = datetime.date(start, rng.randint(1, 12), rng.randint(1, 28))
            finish = datetime.date(end, rng.randint(1, 12), rng.randint(1, 28))
            locality = (
                member["name"]
                if member["kind"] == "National"
                else f"{member['name']}, {member['country_name']}"
            )
            flags = {area: "1" if rng.random() < 0.08 else "0" for area in POLICY_AREAS}
            values = [rng.choice("01") for _value in range(4)]
            row.update(
                {
                    "Commitment Unique Identifier": identifier,
                    "Country/Locality": str(locality),
                    "National Or Local": str(member["kind"]),
                    "_National Or Local": "1" if member["kind"] == "National" else "2",
                    "Region": rng.choice(
                        ["Europe", "Americas", "Africa and Middle East", "Asia and the Pacific"]
                    ),
                    "Action Plan ID": f"AP_{prefix}{plan_number:02d}",
                    "Action Plan Number": str(plan_number),
                    "Commitment Number": str(number),
                    "Year Of Submission": str(start),
                    "Action Plan End Year": str(end),
                    "Commitment Title": (
                        f"{rng.choice(TOPICS)} in {member['name']}, step {number}{title_suffix}"
                    ),
                    "Short Title": rng.choice(TOPICS),
                    "Full Text": FULL_TEXT * rng.randint(1, 6),
                    "Start Date": messy_date(begin, rng),
                    "End Date": messy_date(finish, rng),
                    "Lead Institution": rng.choice(INSTITUTIONS),
                    "Supporting Institution(s)": "; ".join(
                        rng.sample(INSTITUTIONS, rng.randint(0, 3))
                    ),
                    "Theme": rng.choice(["Open data", "Anti-corruption", "Participation", "NA"]),
                    **flags,
                    "OGP Value Access To Information": values[0],
                    "OGP Value Civic Participation": values[1],
                    "OGP Value Public Accountability": values[2],
                    "OGP Value Technology": values[3],
                    "Verifiable": rng.choice(MESSY["verifiable"]),
                    "Completion (End Of Term)": rng.choice(MESSY["completion"]),
                    "Did It Open Government (Overall)": rng.choice(MESSY["open"]),
                    "Did It Open Government (Access To Information)": rng.choice(MESSY["open"]),
                    "Did It Open Government (Civic Participation)": rng.choice(MESSY["open"]),
                    "Did It Open Government (Public Accountability)": rng.choice(MESSY["open"]),
                    "Starred (Current Formula)": rng.choice("01"),
                    "URL": f"https://www.opengovpartnership.org/members/{prefix.lower()}/commitments/{identifier}/",
                }
            )
            if refreshed:
                row["Potential for Results"] = rng.choice(MESSY["results"])
                row["Early Results"] = rng.choice(MESSY["early"])
            else:
                row["Specificity"] = rng.choice(MESSY["specificity"])
                row["_Specificity"] = str(rng.randint(0, 3))
                row["Potential Impact"] = rng.choice(MESSY["impact"])
                row["Completion (Progress Report)"] = rng.choice(MESSY["completion"])
            row["_Completion (End Of Term)"] = str(rng.randint(0, 4))
            rows.append(row)
    return rows


def to_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns(), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def build(members_: list[dict[str, object]]) -> None:
    """Our three countries, a municipality for each local member found by name, and the local
    members outside our countries created beforehand."""
    from opencity.actionplans.models import Member
    from opencity.places.models import (
        Country,
        Municipality,
        MunicipalityType,
        Region,
        RegionType,
        Register,
    )

    countries = {
        code: Country.objects.create(code=code, name_en=name, slug=code.lower())
        for name, code in COUNTRIES[:3]
    }
    regions = {
        code: Region.objects.create(
            country=country,
            register=Register.SIRUTA,
            code=f"{code}0",
            unit_type=RegionType.JUDET,
            name_en=f"Region of {country.name_en}",
            slug=f"region-{code.lower()}",
        )  # fmt: skip
        for code, country in countries.items()
    }
    municipalities = []
    by_hand = []
    for number, member in enumerate(members_):
        if member["kind"] == "National":
            continue
        if member["country"]:
            code = str(member["country"])
            municipalities.append(
                Municipality(
                    country=countries[code],
                    region=regions[code],
                    register=Register.SIRUTA,
                    code=f"{code}{number:06d}",
                    unit_type=MunicipalityType.MUNICIPIU,
                    name_en=str(member["name"]),
                    slug=f"town-{number}",
                    search_text=str(member["name"]).lower(),
                )  # fmt: skip
            )
        else:
            by_hand.append(member)
    Municipality.objects.bulk_create(municipalities)
    # Members outside our countries need a municipality too: one stands in for them.
    stand_in = Municipality.objects.create(
        country=countries["RO"], region=regions["RO"], register=Register.SIRUTA, code="RO999999",
        unit_type=MunicipalityType.MUNICIPIU, name_en="Stand-in", slug="stand-in",
    )  # fmt: skip
    Member.objects.bulk_create(
        Member(
            kind="local",
            name=str(m["name"]),
            name_en=str(m["name"]),
            prefix=str(m["prefix"]),
            slug=f"local-{str(m['prefix']).lower()}",
            municipality=stand_in,
        )  # fmt: skip
        for m in by_hand
    )


def peak_megabytes() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_benchmark(commitment_count: int, member_count: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opencity.actionplans import ogp_exchange
    from opencity.actionplans.models import Assessment, Commitment

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(SEED)
    members_ = members(member_count, rng)
    build(members_)
    first = generate(members_, commitment_count)
    changed = generate(members_, commitment_count, title_suffix=" (revised)")
    change_rng = random.Random(SEED + 1)
    for row in changed:
        row["Completion (End Of Term)"] = change_rng.choice(MESSY["completion"])
    broken = generate(members_, commitment_count)
    for row in broken[::100]:
        row["Completion (End Of Term)"] = "Mostly done"
    for row in broken[50::200]:
        row["End Date"] = "31/12/2021"
    runs = [
        ("empty database", to_csv(first), False),
        ("same again", to_csv(first), False),
        ("all changed", to_csv(changed), False),
        ("1 % bad, keep going", to_csv(broken), True),
    ]
    plans = len({row["Action Plan ID"] for row in first})
    print(f"rows: {len(first)} commitments of {len(members_)} members in {plans} plans, "
          f"{len(columns())} columns, {len(runs[0][1]) / 1e6:.1f} MB")  # fmt: skip
    print(f"{'run':<20} {'seconds':>8} {'CPU s':>7} {'rows/s':>7} {'commitments c/u/=':>18} "
          f"{'assessments c/u/=':>18} {'problems':>8} {'queries':>7} {'peak MB':>7}")  # fmt: skip
    for label, data, keep_going in runs:
        with CaptureQueriesContext(connection) as queries:
            start, cpu = time.perf_counter(), time.process_time()
            result = ogp_exchange.ogp_import(data, keep_going=keep_going)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        c, a = result.counts["commitments"], result.counts["assessments"]
        print(
            f"{label:<20} {seconds:>8.2f} {cpu:>7.2f} {result.rows / seconds:>7.0f} "
            f"{f'{c.created}/{c.updated}/{c.unchanged}':>18} "
            f"{f'{a.created}/{a.updated}/{a.unchanged}':>18} {len(result.problems):>8} "
            f"{len(queries):>7} {peak_megabytes():>7.0f}"
        )
    with CaptureQueriesContext(connection) as queries:
        start, cpu = time.perf_counter(), time.process_time()
        text = ogp_exchange.export_csv(Commitment.all_objects.all())
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{'csv export':<20} {seconds:>8.2f} {cpu:>7.2f} {text.count(chr(10)) / seconds:>7.0f} "
          f"{'':>18} {'':>18} {'':>8} {len(queries):>7} {peak_megabytes():>7.0f}")  # fmt: skip
    print(f"stored: {Commitment.all_objects.count()} commitments, "
          f"{Assessment.objects.count()} assessments")  # fmt: skip
    connection.close()


def main() -> int:
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "opencity.settings"
    os.environ["OPENCITY_ENV"] = "test"
    url = args.database_url
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        admin, _config = postgres_admin(url)
        name = args.bench_database
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = bench_url(url, name)
        description = f"PostgreSQL, throwaway database {name}"

        def cleanup() -> None:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.close()

    elif url:
        raise SystemExit(f"unsupported --database-url {url!r}: use postgres://... or nothing")
    else:
        folder = tempfile.mkdtemp(prefix="opencity-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        description = f"SQLite, temporary file {folder}/bench.sqlite3"

        def cleanup() -> None:
            shutil.rmtree(folder, ignore_errors=True)

    try:
        print(f"database: {description}")
        run_benchmark(args.commitments, args.members)
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
