"""Load on the Open311 GeoReport v2 API, with PostgreSQL and production settings (DEBUG off).

    # sustained POST requests.json against gunicorn on loopback, for 30 seconds
    .venv/bin/python bench/open311_load.py post --duration 30 --workers 4 --connections 32

    # GET requests.json and .xml with 100,000 stored requests, through Django's test client
    .venv/bin/python bench/open311_load.py get --rows 100000 --requests 50

    --database-url   postgres://postgres@127.0.0.1:5432/open311_bench (the default); the database
                     is created if missing and migrated; `--fresh` drops it first
    --redis URL      keep the rate-limit counters in Redis (shared by the workers, as in
                     production); without it each worker counts in its own memory

`post` starts `gunicorn opencity.wsgi` (`--workers`, `--threads`; gthread workers keep
connections alive) with bench/open311_settings.py, which raises the rate limits far above the
load so that they are still counted on every request without refusing one, creates one API key,
and drives the server with the small asyncio load generator below: `--connections` keep-alive
connections, each sending form-encoded POSTs (coordinates, an attribute, a description and the
reporter's contact details, as a phone app sends them) one after the other until `--duration`
seconds have passed. It prints the accepted requests per second, the other answers by status,
connection errors, latency percentiles, the load average before and after, the CPU time that
gunicorn, PostgreSQL and the generator spent per accepted request (from /proc, so that a figure
taken on a busy machine still says what the work costs), and checks that the number of requests
stored by the bench's key grew by exactly the number accepted.

`get` stores `--rows` requests in one municipality (the worst case for one jurisdiction: every
request in the same answer's scope) spread over the last 400 days across 8 categories, a third
with one or two public responses, then times `--requests` answers of each of: the default (last
90 days, at most 1,000), status=open, one service_code, 20 ids, in JSON and in XML. It prints the
median, 90th percentile and maximum server time in milliseconds, the answer's size and queries.

The load generator runs on the same machine as the server and the database: a figure is the
machine's, with whatever else runs on it (see the load average printed with it). Locust would do
the same job (`pip install locust` into the venv, not a project dependency); the generator here
needs nothing beyond the standard library and uses less CPU per request, which matters on two
cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/open311_bench"
MUNICIPALITY_CODE = "BENCH311"
CLIENT_NAME = "Open311 load bench"
VAR_DIR = Path(tempfile.gettempdir()) / "open311_bench_var"


def environment(database_url: str, redis_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "OPENCITY_ENV": "production",
            "DEBUG": "false",
            "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "open311_settings",
            "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT), env.get("PYTHONPATH", "")]),
            "LOG_LEVEL": "WARNING",
            "OPENCITY_VAR_DIR": str(VAR_DIR),
            "MEDIA_ROOT": str(VAR_DIR / "media"),
            "STATIC_ROOT": str(VAR_DIR / "static"),
            "TASKS_BACKEND": "immediate",
        }
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


def prepare_database(database_url: str, fresh: bool) -> None:
    import environ
    import psycopg

    config = environ.Env.db_url_config(database_url)
    name = config["NAME"]
    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=int(config["PORT"] or 5432),
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            admin.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def django_setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def bench_service() -> tuple[object, str]:
    """The bench's municipality with its city hall and 8 categories (the first with a required
    attribute), created once; returns the first category and a new API key."""
    from opencity.accounts.models import Organisation, OrganisationKind, User
    from opencity.feedback import services
    from opencity.feedback.models import Service, ServiceAttribute
    from opencity.places.models import Country, Municipality, Region

    country, _ = Country.objects.get_or_create(
        code="RO", defaults={"name": "Romania", "slug": "ro"}
    )
    region, _ = Region.objects.get_or_create(
        register="siruta",
        code="BENCH-REGION",
        defaults={"country": country, "unit_type": "county", "name": "Bench", "slug": "bench"},
    )
    municipality, _ = Municipality.objects.get_or_create(
        register="siruta",
        code=MUNICIPALITY_CODE,
        defaults={
            "country": country,
            "region": region,
            "unit_type": "municipiu",
            "name": "Bench City",
            "slug": "bench-city",
        },
    )
    Organisation.objects.get_or_create(
        slug="bench-city-hall",
        defaults={
            "name": "Bench City Hall",
            "kind": OrganisationKind.CITY_HALL,
            "country": country,
            "municipality": municipality,
        },
    )
    for number in range(8):
        service, created = Service.objects.get_or_create(
            municipality=municipality,
            code=f"category-{number}",
            defaults={"name": f"Category {number}", "deadline_days": 7 + number, "order": number},
        )
        if created and number == 0:
            ServiceAttribute.objects.create(
                service=service,
                code="size",
                datatype="singlevaluelist",
                required=True,
                description="How big is it?",
                values=[{"key": "small", "name": "small"}, {"key": "large", "name": "large"}],
            )
    admin, created = User.objects.get_or_create(
        email="open311-bench-admin@example.org",
        defaults={"is_superuser": True, "is_staff": True},
    )
    _client, key = services.api_client_create(actor=admin, name=CLIENT_NAME)
    return Service.objects.get(municipality=municipality, code="category-0"), key


def stored_by_bench() -> int:
    from opencity.feedback.models import Request

    return Request.all_objects.filter(api_client__name=CLIENT_NAME).count()


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of one process so far (0 once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pids(master: int) -> list[int]:
    pids = [master]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry.name))
    return pids


def database_pids(database_url: str) -> list[int]:
    import environ
    import psycopg

    config = environ.Env.db_url_config(database_url)
    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=int(config["PORT"] or 5432),
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        rows = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [config["NAME"]]
        ).fetchall()
    return [row[0] for row in rows]


def cpu_snapshot(master: int, database_url: str) -> dict[str, dict[int, float]]:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "server": {pid: cpu_seconds(pid) for pid in server_pids(master)},
        "database": {pid: cpu_seconds(pid) for pid in database_pids(database_url)},
        "generator": {0: usage.ru_utime + usage.ru_stime},
    }


def cpu_used(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]) -> dict:
    return {
        part: sum(value - before[part].get(pid, 0.0) for pid, value in after[part].items())
        for part in after
    }


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


# ---------------------------------------------------------------------------------------------
# The load generator


def request_bytes(host: str, port: int, key: str, number: int) -> bytes:
    body = urllib.parse.urlencode(
        {
            "api_key": key,
            "jurisdiction_id": MUNICIPALITY_CODE,
            "service_code": "category-0",
            "lat": f"{46.05 + (number % 1000) / 100000:.6f}",
            "long": f"{23.55 + (number % 997) / 100000:.6f}",
            "description": f"Pothole number {number} on the way to the market, deep and wide.",
            "attribute[size]": "large" if number % 2 else "small",
            "email": f"reporter{number}@example.org",
            "first_name": "Ana",
            "last_name": "Popescu",
            "phone": "+40722555019",
            "device_id": f"device-{number % 5000}",
        }
    ).encode()
    head = (
        f"POST /open311/v2/requests.json HTTP/1.1\r\n"
        f"Host: {host}:{port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: keep-alive\r\n\r\n"
    ).encode()
    return head + body


class Tally:
    def __init__(self) -> None:
        self.statuses: dict[int, int] = {}
        self.latencies: list[float] = []
        self.connection_errors = 0
        self.number = 0


async def connection_loop(host: str, port: int, key: str, deadline: float, tally: Tally) -> None:
    reader = writer = None
    while time.monotonic() < deadline:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            tally.number += 1
            payload = request_bytes(host, port, key, tally.number)
            started = time.perf_counter()
            writer.write(payload)
            status_line = await reader.readline()
            if not status_line:
                raise ConnectionError("closed by the server")
            status = int(status_line.split()[1])
            length = 0
            close = False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    length = int(value)
                elif name == "connection" and value.strip().lower() == "close":
                    close = True
            if length:
                await reader.readexactly(length)
            tally.latencies.append(time.perf_counter() - started)
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
            if close:
                writer.close()
                writer = None
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
            tally.connection_errors += 1
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.01)
    if writer is not None:
        writer.close()


async def generate(host: str, port: int, key: str, connections: int, seconds: float) -> Tally:
    tally = Tally()
    deadline = time.monotonic() + seconds
    await asyncio.gather(
        *(connection_loop(host, port, key, deadline, tally) for _ in range(connections))
    )
    return tally


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def wait_for(host: str, port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    import socket

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped before answering")
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer in time")


def run_post(arguments: argparse.Namespace, env: dict[str, str]) -> None:
    from django.db import connections

    _service, key = bench_service()
    before = stored_by_bench()
    connections.close_all()
    host, port = "127.0.0.1", arguments.port
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "opencity.wsgi",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(arguments.workers),
        "--worker-class",
        "gthread" if arguments.threads > 1 else "sync",
        "--threads",
        str(arguments.threads),
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603
    try:
        wait_for(host, port, server)
        asyncio.run(generate(host, port, key, min(4, arguments.connections), 3))  # warm up
        warm = stored_by_bench() - before
        connections.close_all()
        load_before = load_average()
        cpu_before = cpu_snapshot(server.pid, arguments.database_url)
        started = time.perf_counter()
        tally = asyncio.run(generate(host, port, key, arguments.connections, arguments.duration))
        elapsed = time.perf_counter() - started
        cpu = cpu_used(cpu_before, cpu_snapshot(server.pid, arguments.database_url))
        load_after = load_average()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    after = stored_by_bench()
    accepted = tally.statuses.get(200, 0)
    others = {status: count for status, count in tally.statuses.items() if status != 200}
    stored = after - before - warm
    print(
        f"gunicorn {arguments.workers} workers x {arguments.threads} threads, "
        f"{arguments.connections} connections, {arguments.duration:.0f} s, "
        f"rate limits in {'Redis' if arguments.redis else 'worker memory'}"
    )
    print(f"load average before {load_before}, after {load_after} (1, 5, 15 min)")
    print(f"accepted: {accepted} in {elapsed:.1f} s = {accepted / elapsed:.1f} requests/s")
    print(f"other answers: {others or 'none'}; connection errors: {tally.connection_errors}")
    print(
        "latency ms: median {:.1f}, p95 {:.1f}, p99 {:.1f}, max {:.1f}".format(
            *(percentile(tally.latencies, share) * 1000 for share in (0.5, 0.95, 0.99, 1.0))
        )
    )
    if accepted:
        per_request = {part: seconds * 1000 / accepted for part, seconds in cpu.items()}
        total = sum(per_request.values())
        print(
            "CPU per accepted request: gunicorn {server:.2f} ms, PostgreSQL {database:.2f} ms, "
            "load generator {generator:.2f} ms".format(**per_request)
            + f", in all {total:.2f} ms: what {os.cpu_count()} otherwise idle cores could carry "
            f"is about {os.cpu_count() * 1000 / total:.0f} requests/s"
        )
    print(
        f"stored by the bench's key during the run: {stored} "
        f"({'equals' if stored == accepted else 'DIFFERS FROM'} the accepted count)"
    )
    if stored != accepted or others or tally.connection_errors:
        sys.exit(1)


# ---------------------------------------------------------------------------------------------
# GET requests with many stored requests


def fill(rows: int) -> None:
    import datetime
    import random
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from opencity.accounts.models import Organisation
    from opencity.feedback.lifecycle import Status
    from opencity.feedback.models import Request, RequestUpdate, Service

    service = Service.objects.get(municipality__code=MUNICIPALITY_CODE, code="category-0")
    present = Request.all_objects.filter(municipality_id=service.municipality_id).count()
    if present >= rows:
        return
    categories = list(Service.objects.filter(municipality_id=service.municipality_id))
    city_hall = Organisation.objects.get(slug="bench-city-hall")
    random_numbers = random.Random(311)
    statuses = [
        *[Status.CONFIRMED] * 4,
        Status.INVESTIGATING,
        Status.IN_PROGRESS,
        Status.PLANNED,
        Status.CLOSED,
        Status.FIXED,
        Status.DUPLICATE,
        Status.UNCONFIRMED,
    ]
    now = timezone.now()
    # Stored in the order they came in, as a live system stores them.
    moments = sorted(
        now - datetime.timedelta(seconds=random_numbers.randint(0, 400 * 86400))
        for _number in range(present, rows)
    )
    batch = 5000
    for start in range(present, rows, batch):
        requests = []
        for number in range(start, min(rows, start + batch)):
            requested = moments[number - present]
            category = random_numbers.choice(categories)
            requests.append(
                Request(
                    municipality_id=service.municipality_id,
                    service=category,
                    status=random_numbers.choice(statuses),
                    description="Something to fix near the market: " + "x" * 60,
                    address="Strada Mihai Viteazul 12" if random_numbers.random() < 0.5 else "",
                    latitude=Decimal(f"{46 + random_numbers.random():.6f}"),
                    longitude=Decimal(f"{23 + random_numbers.random():.6f}"),
                    requested_at=requested,
                    updated_at=requested,
                    confirmed_at=requested,
                    expected_at=requested + datetime.timedelta(days=category.deadline_days),
                    token=secrets.token_urlsafe(12),
                )
            )
        with transaction.atomic():
            made = Request.all_objects.bulk_create(requests)
            updates = []
            for request in made:
                if random_numbers.random() < 1 / 3:
                    for step in range(random_numbers.choice((1, 2))):
                        updates.append(
                            RequestUpdate(
                                request=request,
                                status_before=Status.CONFIRMED,
                                status_after=request.status,
                                text=f"Response {step + 1}: the team will look at it.",
                                organisation=city_hall,
                                created_at=request.requested_at + datetime.timedelta(days=step + 1),
                            )
                        )
            RequestUpdate.objects.bulk_create(updates)
        print(f"  stored {min(rows, start + batch)} of {rows} requests", flush=True)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE feedback_request; ANALYZE feedback_requestupdate")


class QueryCounter(list):
    """An execute wrapper that keeps the statements it sees."""

    def __call__(self, execute, sql, params, many, context):  # noqa: ANN001, ANN204
        self.append(sql)
        return execute(sql, params, many, context)


def run_get(arguments: argparse.Namespace) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from opencity.feedback.models import Request

    bench_service()
    fill(arguments.rows)
    municipality_rows = Request.all_objects.filter(municipality__code=MUNICIPALITY_CODE).count()
    ids = ",".join(
        str(pk)
        for pk in Request.public.filter(municipality__code=MUNICIPALITY_CODE).values_list(
            "pk", flat=True
        )[:20]
    )
    client = Client()
    cases = [
        ("default (90 days, 1,000 max)", {}),
        ("status=open", {"status": "open"}),
        ("service_code=category-3", {"service_code": "category-3"}),
        ("20 service_request_ids", {"service_request_id": ids}),
    ]
    print(f"stored requests in the jurisdiction: {municipality_rows}")
    print(f"load average {load_average()} (1, 5, 15 min)")
    for format in ("json", "xml"):
        for label, params in cases:
            query = {"jurisdiction_id": MUNICIPALITY_CODE, **params}
            path = f"/open311/v2/requests.{format}"
            for _warm in range(3):
                client.get(path, query)
            queries = QueryCounter()
            with connection.execute_wrapper(queries):
                response = client.get(path, query)
            assert response.status_code == 200, response.content[:300]
            times = []
            for _number in range(arguments.requests):
                cache.clear()
                started = time.perf_counter()
                response = client.get(path, query)
                times.append((time.perf_counter() - started) * 1000)
            body = response.content
            count = body.count(b"<request>") if format == "xml" else body.count(b'"status"')
            print(
                f"{format} {label}: median {statistics.median(times):.1f} ms, "
                f"p90 {percentile(times, 0.9):.1f} ms, max {max(times):.1f} ms; "
                f"{count} requests, {len(body) / 1024:.0f} KiB, {len(queries)} queries"
            )
    print(f"load average {load_average()} (1, 5, 15 min)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["post", "get"])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--fresh", action="store_true", help="drop the bench database first")
    parser.add_argument("--redis", help="e.g. redis://127.0.0.1:6379/15")
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--port", type=int, default=8311)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    arguments = parser.parse_args()
    env = environment(arguments.database_url, arguments.redis)
    os.environ.update(env)
    if not arguments.redis:
        os.environ.pop("REDIS_URL", None)
    Path(env["MEDIA_ROOT"]).mkdir(parents=True, exist_ok=True)
    Path(env["STATIC_ROOT"]).mkdir(parents=True, exist_ok=True)
    sys.path[:0] = [str(BENCH), str(ROOT)]
    prepare_database(arguments.database_url, arguments.fresh)
    django_setup()
    if arguments.mode == "post":
        run_post(arguments, env)
    else:
        run_get(arguments)


if __name__ == "__main__":
    main()
