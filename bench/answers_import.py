"""Time the import of a whole cycle's answers (1,470 hromadas x 86 indicators, about 126,000 rows)
into a fresh, throwaway database, from CSV and from XLSX, and the exports.

    .venv/bin/python bench/answers_import.py                      # SQLite, a temporary file
    .venv/bin/python bench/answers_import.py --database-url postgres://postgres@127.0.0.1:5432/x
    .venv/bin/python bench/answers_import.py --municipalities 100 --indicators 20

The databases are handled as in `import_registers.py`: a database of the script's own on the
PostgreSQL server named by the URL, dropped at the end, or a temporary SQLite file.

The file is generated with a fixed random seed: levels on binary and a-e scales, about 5 % left
unanswered, one or two evidence links, short comments in Ukrainian. Runs, in order: the CSV
into an empty cycle (every row created), the same CSV again (every row unchanged), the XLSX with
every comment changed (every row updated), then the CSV and XLSX exports. For each the script
prints the wall-clock seconds, the counts, the SQL queries and the peak resident memory of the
process so far. Numbers only: nothing is checked.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from import_registers import bench_url, postgres_admin

ROOT = Path(__file__).resolve().parent.parent
SEED = 20190601


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="postgres://... (default: SQLite)")
    parser.add_argument("--bench-database", default="opencity_bench_answers")
    parser.add_argument("--municipalities", type=int, default=1470)
    parser.add_argument("--indicators", type=int, default=86)
    return parser.parse_args()


def build(municipality_count: int, indicator_count: int):  # type: ignore[no-untyped-def]
    """A superuser, a frozen methodology and a cycle of hromadas, written in bulk."""
    import datetime

    from opencity.accounts.models import User
    from opencity.places.models import (
        Country,
        Municipality,
        MunicipalityType,
        Region,
        RegionType,
        Register,
    )
    from opencity.rankings import services
    from opencity.rankings.models import (
        Area,
        CategoryThreshold,
        CheckMethod,
        Indicator,
        RequirementType,
        ScaleKind,
    )

    actor = User.objects.create_superuser(email="bench@example.org", password=None)
    country = Country.objects.create(code="UA", name_en="Ukraine", slug="ua")
    region = Region.objects.create(
        country=country, register=Register.KATOTTH, code="UA0", unit_type=RegionType.OBLAST,
        name_en="Oblast", slug="oblast",
    )  # fmt: skip
    municipalities = Municipality.objects.bulk_create(
        Municipality(
            country=country,
            region=region,
            register=Register.KATOTTH,
            code=f"UA{number:017d}",
            unit_type=MunicipalityType.HROMADA,
            name_uk=f"Громада {number}",
            name_en=f"Hromada {number}",
            slug=f"hromada-{number}",
        )  # fmt: skip
        for number in range(municipality_count)
    )
    methodology = services.methodology_create(actor=actor, name="Bench", edition=2019)
    scales = [methodology.scales.get(kind=ScaleKind.BINARY)] * 3 + [
        methodology.scales.get(kind=ScaleKind.LETTERED)
    ]
    areas = [
        Area.objects.create(methodology=methodology, code=str(n), title_en=f"Area {n}", order=n)
        for n in range(1, 15)
    ]
    Indicator.objects.bulk_create(
        Indicator(
            methodology=methodology,
            area=areas[n % len(areas)],
            code=f"{n % 14 + 1}.{n}",
            title_en=f"Indicator {n}",
            check_method=CheckMethod.WEBSITE,
            requirement_type=RequirementType.LEGAL,
            scale=scales[n % len(scales)],
            order=n,
        )  # fmt: skip
        for n in range(indicator_count)
    )
    CategoryThreshold.objects.create(methodology=methodology, code="all", label_en="All", minimum=0)
    today = datetime.date.today()
    cycle = services.cycle_open(
        actor=actor, methodology=methodology, year=2019, name="Bench",
        municipalities=municipalities,
        information_requests_start=today, assessment_start=today, review_start=today,
        reply_start=today, publication_date=today,
    )  # fmt: skip
    return actor, cycle


def generate_rows(cycle, comment: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    from opencity.rankings.models import Indicator

    rng = random.Random(SEED)
    indicators = list(
        Indicator.objects.filter(methodology=cycle.methodology).prefetch_related("scale__levels")
    )
    levels = {i.pk: [level.code for level in i.scale.levels.all()] for i in indicators}
    rows = []
    for municipality in cycle.municipalities.order_by("code"):
        for indicator in indicators:
            links = " ".join(
                f"https://{municipality.slug}.example.gov.ua/{indicator.code}/{n}"
                for n in range(rng.choice((1, 1, 2)))
            )
            rows.append(
                {
                    "municipality_register": municipality.register,
                    "municipality_code": municipality.code,
                    "municipality": municipality.name,
                    "indicator_code": indicator.code,
                    "level": "" if rng.random() < 0.05 else rng.choice(levels[indicator.pk]),
                    "evidence_urls": links,
                    "comment": f"{comment} {indicator.code}",
                    "recommendation": "Оприлюднюйте рішення вчасно",
                    "state": "",
                }
            )
    return rows


def to_csv(rows: list[dict[str, str]]) -> bytes:
    import csv

    from opencity.rankings.answer_exchange import COLUMNS

    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def to_xlsx(rows: list[dict[str, str]]) -> bytes:
    from openpyxl import Workbook

    from opencity.rankings.answer_exchange import COLUMNS, SHEET

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row[column] for column in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def peak_megabytes() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_benchmark(municipality_count: int, indicator_count: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opencity.rankings import answer_exchange

    call_command("migrate", verbosity=0, interactive=False)
    actor, cycle = build(municipality_count, indicator_count)
    first = generate_rows(cycle, "Перевірено на сайті")
    changed = generate_rows(cycle, "Перевірено вдруге")
    files = [
        ("csv, empty cycle", to_csv(first), "answers.csv"),
        ("csv, same again", to_csv(first), "answers.csv"),
        ("xlsx, all changed", to_xlsx(changed), "answers.xlsx"),
    ]
    print(f"rows per file: {len(first)}")
    print(f"{'run':<18} {'MB file':>7} {'seconds':>8} {'created':>7} {'updated':>7} "
          f"{'unchanged':>9} {'queries':>7} {'peak MB':>7}")  # fmt: skip
    for label, data, name in files:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            summary = answer_exchange.answers_import(
                actor=actor, cycle=cycle, data=io.BytesIO(data), filename=name
            )
            seconds = time.perf_counter() - start
        print(
            f"{label:<18} {len(data) / 1e6:>7.1f} {seconds:>8.2f} {summary.created:>7} "
            f"{summary.updated:>7} {summary.unchanged:>9} {len(queries):>7} "
            f"{peak_megabytes():>7.0f}"
        )
    for label, export in (("csv export", answer_exchange.export_csv),
                          ("xlsx export", answer_exchange.export_xlsx)):  # fmt: skip
        start = time.perf_counter()
        data = export(cycle)
        seconds = time.perf_counter() - start
        print(f"{label:<18} {len(data) / 1e6:>7.1f} {seconds:>8.2f} {'':>7} {'':>7} {'':>9} "
              f"{'':>7} {peak_megabytes():>7.0f}")  # fmt: skip
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
        run_benchmark(args.municipalities, args.indicators)
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
