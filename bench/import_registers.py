"""Time the import of the three shipped registers into a fresh, throwaway database.

    .venv/bin/python bench/import_registers.py                      # SQLite, a temporary file
    .venv/bin/python bench/import_registers.py --database-url postgres://postgres@127.0.0.1:5432/x

For PostgreSQL the script connects to the server named by the URL, creates a database of its own
(`opencity_bench` unless --bench-database says otherwise), migrates it, imports, and drops it at
the end; the database named in the URL is not touched. For SQLite it uses a file in a temporary
folder that is deleted afterwards.

Each register is imported twice: the first import creates every row, the second finds them all
unchanged. For each run the script prints the wall-clock seconds (reading the file, writing the
rows), the rows of that register in the database, what the import created, updated or left
unchanged, and the number of SQL queries. Numbers only: nothing is checked.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGISTERS = ("katotth", "siruta", "ekatte")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default="",
        help="postgres://user@host:port/db to benchmark PostgreSQL (default: SQLite)",
    )
    parser.add_argument(
        "--bench-database",
        default="opencity_bench",
        help="name of the throwaway PostgreSQL database (default: opencity_bench)",
    )
    return parser.parse_args()


def postgres_admin(url: str):
    """A connection to the server's maintenance database, to create and drop the bench one."""
    import environ
    import psycopg

    config = environ.Env.db_url_config(url)
    connection = psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=int(config["PORT"] or 5432),
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    return connection, config


def bench_url(url: str, name: str) -> str:
    base, _slash, _database = url.rpartition("/")
    query = ""
    if "?" in _database:
        query = "?" + _database.split("?", 1)[1]
    return f"{base}/{name}{query}"


def run_benchmark() -> list[dict[str, object]]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opencity.places.models import Municipality, Region
    from opencity.places.registers import DEFAULT_PATHS, PARSERS, no_progress
    from opencity.places.services import register_apply

    call_command("migrate", verbosity=0, interactive=False)
    rows: list[dict[str, object]] = []
    for register in REGISTERS:
        for run in ("first", "second"):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                parsed = PARSERS[register](DEFAULT_PATHS[register], no_progress)
                parsed_at = time.perf_counter()
                result = register_apply(parsed=parsed)
                end = time.perf_counter()
            rows.append(
                {
                    "register": register,
                    "run": run,
                    "seconds": end - start,
                    "parse": parsed_at - start,
                    "write": end - parsed_at,
                    "rows": Region.objects.filter(register=register).count()
                    + Municipality.objects.filter(register=register).count(),
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "queries": len(queries.captured_queries),
                }
            )
    connection.close()
    return rows


def print_table(rows: list[dict[str, object]]) -> None:
    columns = [
        ("register", "{:<8}"),
        ("run", "{:<6}"),
        ("seconds", "{:>8.3f}"),
        ("parse", "{:>6.3f}"),
        ("write", "{:>6.3f}"),
        ("rows", "{:>5}"),
        ("created", "{:>7}"),
        ("updated", "{:>7}"),
        ("unchanged", "{:>9}"),
        ("queries", "{:>7}"),
    ]
    widths = [len(fmt.format(rows[0][name])) for name, fmt in columns]
    header = [
        name.ljust(width) if "<" in fmt else name.rjust(width)
        for (name, fmt), width in zip(columns, widths, strict=True)
    ]
    print("  ".join(header))
    for row in rows:
        print("  ".join(fmt.format(row[name]) for name, fmt in columns))
    total = sum(float(row["seconds"]) for row in rows if row["run"] == "first")
    print(f"first imports, all three registers: {total:.3f} s")


def main() -> int:
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "opencity.settings"
    os.environ["OPENCITY_ENV"] = "test"
    url = args.database_url
    cleanup = None
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
        print_table(run_benchmark())
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
