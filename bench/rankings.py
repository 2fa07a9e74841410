"""Time publishing a ranking cycle and the public results pages on a full-size data set:
1,470 municipalities x 86 indicators x 5 cycles (about 630,000 answers).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opencity_bench .venv/bin/python \
        bench/rankings.py
    DATABASE_URL=sqlite:////tmp/opencity_bench.sqlite3 .venv/bin/python bench/rankings.py
    DATABASE_URL=... .venv/bin/python bench/rankings.py --reuse            # keep the data
    DATABASE_URL=... .venv/bin/python bench/rankings.py --reuse --skip-publishing --requests 50
    DATABASE_URL=... .venv/bin/python bench/rankings.py --reuse --profile ranking
    DATABASE_URL=... .venv/bin/python bench/rankings.py --reuse --profile correction

Without --reuse the script wipes the benchmark database (it refuses any database that holds
other data: see `bench/rankings_data.py`), migrates it and generates the data set (40 to 45
minutes on two busy cores, most of it writing 630,000 answers and 930,000 archived links, and
publishing four cycles); with --reuse it measures the data an earlier run left. Without
DATABASE_URL it uses a SQLite file in the temporary folder.

What it measures and prints:

- generation: seconds per step, and the time each of the first four cycles took to publish;
- publishing (`services.cycle_publish`: scoring and the snapshot) of the fifth cycle: its
  first version, then three corrections (each after `services.answer_correct` changed five
  answers; a correction needs a reason); seconds and SQL queries of each, the median of the
  corrections, and the CPU seconds of this process beside the wall-clock ones (on a busy
  machine the difference is waiting: for the CPU, or for the PostgreSQL server), with the CPU
  seconds of the PostgreSQL backend when the server runs on this machine. Earlier
  runs' publications of that cycle are deleted first, so that every run times the same first
  publication;
- pages: server time in process with Django's test client (DEBUG off, the cache cleared
  before every request, a few warm-up requests first): median, 90th percentile and minimum
  over --requests requests, the median CPU time of this process, the SQL queries of one
  request (CaptureQueriesContext) and the size of the page. A page whose address does not
  resolve yet is listed as missing.
- the machine: CPUs, load average, Python, Django, the database engine and its version, the
  data size.

--profile KEY profiles one request of a page (the keys are in `choose_pages`), or `publish`
(the first version) or `correction`, with pyinstrument if it is installed
(`.venv/bin/pip install pyinstrument`; it is not a dependency of the project), else cProfile.

Targets of the issue: publishing under 5 s; median server time of the ranking page under
150 ms, the profile under 100 ms, the comparison under 150 ms; query counts independent of the
number of municipalities (run with --municipalities 147 to compare). Numbers only: nothing is
checked, and a missed target is reported, not raised. The test client keeps its database
connection between requests, as a server with persistent connections does.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import rankings_data  # noqa: E402

WARMUP = 3
CORRECTIONS = 3
CORRECTED_ANSWERS = 5
PUBLISH_TARGET = 5.0


@dataclass
class Page:
    key: str
    label: str
    path: str
    target_ms: float | None = None


@dataclass
class PageResult:
    page: Page
    status: str = "missing"
    queries: int | None = None
    timings: list[float] = field(default_factory=list)  # seconds, wall clock
    cpu: list[float] = field(default_factory=list)  # CPU seconds of this process
    size: int = 0

    def milliseconds(self, which: str, *, cpu: bool = False) -> float | None:
        values = self.cpu if cpu else self.timings
        if not values:
            return None
        ordered = sorted(values)
        if which == "median":
            value = statistics.median(ordered)
        elif which == "p90":
            value = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
        else:
            value = ordered[0]
        return value * 1000


@dataclass
class PublishRun:
    label: str
    seconds: float  # wall clock
    cpu: float  # CPU seconds of this process (the database server's work is not in it)
    queries: int
    results: int
    server_cpu: float | None = None  # CPU seconds of the PostgreSQL backend, when it is local


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="measure the data of an earlier run")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--skip-publishing", action="store_true", help="measure the pages only")
    parser.add_argument(
        "--municipalities", type=int, default=rankings_data.MUNICIPALITIES, help="generate fewer"
    )
    parser.add_argument(
        "--profile",
        metavar="KEY",
        help="profile one request of a page (its key in the table), 'publish' (the first version) "
        "or 'correction'",
    )
    return parser.parse_args()


class QueryCounter:
    """Counts SQL queries without keeping their text: capturing the text of the snapshot's
    inserts (megabytes of JSON) would cost more than what is measured."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def timed_publish(admin: Any, cycle: Any, reason: str, label: str) -> PublishRun:
    from django.db import connection

    from opencity.rankings import services

    counter = QueryCounter()
    backend = server_cpu()
    with connection.execute_wrapper(counter):
        started, cpu = time.perf_counter(), time.process_time()
        publication = services.cycle_publish(actor=admin, cycle=cycle, reason=reason)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    after = server_cpu()
    return PublishRun(
        label,
        seconds,
        cpu,
        counter.count,
        publication.municipality_count,
        None if backend is None or after is None else after - backend,
    )


def server_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend, read from /proc when
    the server runs on this machine (None otherwise, and on SQLite, whose work is in this
    process's CPU time). On a busy machine, this process's CPU plus the backend's is what a
    publication costs, whatever the waiting."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime and stime, the 14th and 15th fields of stat (the 12th and 13th after the name).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def correct_some_answers(admin: Any, cycle: Any, run: int) -> None:
    """Change five answers to another level of their scale, as a correction after a complaint."""
    from opencity.rankings import services
    from opencity.rankings.models import Answer, ScaleLevel

    rng = random.Random(rankings_data.SEED + run)
    pks = list(Answer.objects.filter(cycle=cycle).values_list("pk", flat=True))
    for pk in rng.sample(pks, CORRECTED_ANSWERS):
        answer = Answer.objects.select_related("cycle", "indicator", "municipality").get(pk=pk)
        other = (
            ScaleLevel.objects.filter(scale_id=answer.indicator.scale_id)
            .exclude(pk=answer.level_id)
            .order_by("order")
            .first()
        )
        services.answer_correct(
            actor=admin,
            answer=answer,
            level_code=other.code if other else None,
            reason="The city hall showed that the document was published before the deadline.",
        )


def measure_publishing(admin: Any, cycle: Any) -> list[PublishRun]:
    from opencity.rankings.models import Publication

    # The measured cycle's publications of an earlier run: removed so that every run times the
    # same first publication. Only the benchmark's database holds them.
    Publication.objects.filter(cycle=cycle).delete()
    runs = [timed_publish(admin, cycle, "", "first version")]
    for run in range(1, CORRECTIONS + 1):
        correct_some_answers(admin, cycle, run)
        runs.append(
            timed_publish(
                admin,
                cycle,
                f"Correction {run}: five answers changed after the city halls' complaints.",
                f"correction {run}",
            )
        )
    return runs


def profile_publishing(admin: Any, cycle: Any, *, correction: bool) -> None:
    """Profile the first publication of the measured cycle, or a correction of it."""
    from opencity.rankings.models import Publication

    if not correction:
        Publication.objects.filter(cycle=cycle).delete()
    elif cycle.current_publication() is None:
        timed_publish(admin, cycle, "", "first version")
    if correction:
        correct_some_answers(admin, cycle, 99)

    def publish() -> None:
        reason = "Profiled correction." if correction else ""
        run = timed_publish(admin, cycle, reason, "profiled")
        print(f"{run.label}: {run.seconds:.2f} s, CPU {run.cpu:.2f} s, {run.queries} queries")

    profile("correction" if correction else "publish", publish)


def choose_pages(cycle: Any) -> list[Page]:
    """The pages to measure, on the measured cycle, with municipalities chosen from its ranking:
    one with disputes (for the profile and history), four spread over the ranking (compare)."""
    from opencity.rankings.models import Dispute, PublishedResult

    publication = cycle.current_publication()
    ranked = list(
        PublishedResult.objects.filter(publication=publication, rank__isnull=False)
        .order_by("rank", "municipality__code")
        .values_list("municipality_id", "municipality__region_id", "municipality__name")
    )
    disputed = (
        Dispute.objects.filter(answer__cycle=cycle)
        .order_by("pk")
        .values_list("answer__municipality_id", flat=True)
        .first()
    )
    profile = disputed or ranked[0][0]
    region = next((r for m, r, _n in ranked if m == profile), ranked[0][1])
    compared = [ranked[int(len(ranked) * share)][0] for share in (0, 0.25, 0.5, 0.75)]
    word = ranked[len(ranked) // 3][2].split()[0]
    indicator = cycle.methodology.indicators.order_by("area__order", "order").first()
    base = f"/en/rankings/results/{cycle.pk}/"
    compare_query = "&".join(f"m={pk}" for pk in compared)
    return [
        Page("results", "list of published cycles", "/en/rankings/results/"),
        Page("ranking", "ranking, default sort", base, 150),
        Page("ranking-area", "ranking, sorted by area 3", f"{base}?sort=area-3&dir=desc", 150),
        Page("ranking-region", "ranking, one region", f"{base}?region={region}", 150),
        Page("ranking-search", "ranking, name search", f"{base}?q={word}", 150),
        Page("ranking-page", "ranking, page 10", f"{base}?page=10", 150),
        Page("profile", "municipality profile", f"{base}{profile}/", 100),
        Page("compare", "comparison of 4", f"{base}compare/?{compare_query}", 150),
        Page("history", "history across cycles", f"/en/rankings/results/history/{profile}/"),
        Page("versions", "versions and changelogs", f"{base}versions/"),
        Page("indicator", "indicator, full marks", f"{base}indicators/{indicator.code}/"),
    ]


def resolves(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path.split("?", 1)[0])
    except Resolver404:
        return False
    return True


def measure_page(client: Any, page: Page, requests: int) -> PageResult:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = PageResult(page)
    if not resolves(page.path):
        return result
    for _ in range(WARMUP):
        cache.clear()
        client.get(page.path)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.path)
    result.queries = len(captured.captured_queries)
    result.size = len(response.content)
    statuses = {response.status_code}
    for _ in range(requests):
        cache.clear()
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(page.path)
        result.timings.append(time.perf_counter() - started)
        result.cpu.append(time.process_time() - cpu)
        statuses.add(response.status_code)
    result.status = "/".join(str(status) for status in sorted(statuses))
    return result


def profile(label: str, action: Callable[[], Any]) -> None:
    """Where the time of one run goes: pyinstrument if it is installed (it samples, so it
    barely slows what it measures), else cProfile."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = None  # noqa: N806
    folder = Path(tempfile.gettempdir())
    if Profiler is not None:
        sampler = Profiler(interval=0.001)
        sampler.start()
        action()
        sampler.stop()
        print(sampler.output_text(unicode=False, color=False))
        out = folder / f"opencity-bench-{label}.html"
        out.write_text(sampler.output_html(), encoding="utf-8")
        print(f"profile written to {out}")
        return
    profiler = cProfile.Profile()
    profiler.enable()
    action()
    profiler.disable()
    out = folder / f"opencity-bench-{label}.prof"
    profiler.dump_stats(out)
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(45)
    print(text.getvalue())
    print(f"profile written to {out} (python -m pstats {out})")


def machine(database: rankings_data.BenchDatabase) -> list[tuple[str, str]]:
    import django
    from django.db import connection

    cpu = platform.processor() or "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
        else:
            cursor.execute("SELECT sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
            size = Path(database.name).stat().st_size
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return [
        ("CPU", f"{os.cpu_count()} x {cpu}"),
        ("load average (1, 5, 15 min)", load),
        ("Python", platform.python_version()),
        ("Django", django.get_version()),
        ("database", f"{version}, {database.name}, {size / 1024**2:,.0f} MB"),
    ]


def data_size() -> list[tuple[str, str]]:
    from opencity.rankings.models import (
        Answer,
        Cycle,
        Dispute,
        EvidenceArchive,
        Indicator,
        Publication,
        PublishedResult,
    )

    cycles = list(Cycle.objects.order_by("year"))
    latest = cycles[-1]
    return [
        (
            "cycles",
            ", ".join(f"{c.year} ({c.municipalities.count()} municipalities)" for c in cycles),
        ),
        (
            "indicators per cycle",
            str(Indicator.objects.filter(methodology=latest.methodology_id).count()),
        ),
        ("answers", f"{Answer.objects.count():,}"),
        ("archived evidence links", f"{EvidenceArchive.objects.count():,}"),
        ("disputes", f"{Dispute.objects.count():,}"),
        ("publications", f"{Publication.objects.count()}"),
        ("published results", f"{PublishedResult.objects.count():,}"),
    ]


def verdict(value: float | None, target: float | None) -> str:
    if value is None or target is None:
        return ""
    return "ok" if value < target else "MISSED"


def print_pairs(title: str, pairs: list[tuple[str, str]]) -> None:
    print(f"\n{title}")
    width = max(len(name) for name, _value in pairs)
    for name, value in pairs:
        print(f"  {name.ljust(width)}  {value}")


def print_publishing(runs: list[PublishRun]) -> None:
    print("\npublishing the fifth cycle (services.cycle_publish)")
    print(
        f"  {'run':<16}{'seconds':>9}{'CPU s':>9}{'server CPU s':>14}{'queries':>9}{'results':>9}"
    )
    for run in runs:
        server = "" if run.server_cpu is None else f"{run.server_cpu:.2f}"
        print(
            f"  {run.label:<16}{run.seconds:>9.2f}{run.cpu:>9.2f}{server:>14}{run.queries:>9}"
            f"{run.results:>9}"
        )
    corrections = [run.seconds for run in runs[1:]]
    if corrections:
        median = statistics.median(corrections)
        print(
            f"  median of the {len(corrections)} corrections: {median:.2f} s "
            f"(target {PUBLISH_TARGET:.0f} s: {verdict(median, PUBLISH_TARGET)}); "
            f"first version {runs[0].seconds:.2f} s ({verdict(runs[0].seconds, PUBLISH_TARGET)})"
        )


def print_pages(results: list[PageResult], requests: int) -> None:
    print(f"\npages: server time over {requests} requests, cache cleared before each")
    header = (
        f"  {'page':<28}{'status':>7}{'queries':>8}{'median ms':>10}{'p90 ms':>8}"
        f"{'min ms':>8}{'CPU ms':>8}{'KB':>7}{'target':>8}  verdict"
    )
    print(header)
    for result in results:

        def number(value: float | None) -> str:
            return "" if value is None else f"{value:.1f}"

        median = result.milliseconds("median")
        target = result.page.target_ms
        print(
            f"  {result.page.label:<28}{result.status:>7}"
            f"{'' if result.queries is None else result.queries:>8}"
            f"{number(median):>10}{number(result.milliseconds('p90')):>8}"
            f"{number(result.milliseconds('min')):>8}"
            f"{number(result.milliseconds('median', cpu=True)):>8}{result.size / 1024:>7.0f}"
            f"{'' if target is None else f'{target:.0f}':>8}  {verdict(median, target)}"
        )
    for result in results:
        print(f"  {result.page.label}: {result.page.path}")


def main() -> int:
    args = parse_args()
    database = rankings_data.prepare_database(
        os.environ.get("DATABASE_URL", ""), fresh=not args.reuse
    )
    rankings_data.setup_django(database)
    from django.core.management import call_command
    from django.test import Client

    from opencity.accounts.models import User
    from opencity.rankings.models import Cycle

    print(f"database: {database.engine} {database.name}", flush=True)
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrate: {time.perf_counter() - started:.1f} s", flush=True)
    generation: list[tuple[str, str]] = []
    if not args.reuse:
        started = time.perf_counter()
        generated = rankings_data.generate(municipalities=args.municipalities)
        total = time.perf_counter() - started
        generation = [(name, f"{seconds:.1f} s") for name, seconds in generated.steps.items()]
        generation.append(("total", f"{total:.1f} s"))
        generation.append(
            (
                "first publications",
                ", ".join(f"{seconds:.2f} s" for seconds in generated.publications),
            )
        )
    admin = User.objects.get(email="bench-admin@example.org")
    cycle = Cycle.objects.order_by("-year").first()
    if args.profile in {"publish", "correction"}:
        profile_publishing(admin, cycle, correction=args.profile == "correction")
        return 0
    runs: list[PublishRun] = []
    if not args.skip_publishing:
        runs = measure_publishing(admin, cycle)
        print_publishing(runs)
    if cycle.current_publication() is None:
        raise SystemExit("The measured cycle has no publication: run without --skip-publishing.")
    pages = choose_pages(cycle)
    client = Client()
    if args.profile:
        page = next((page for page in pages if page.key == args.profile), None)
        if page is None:
            raise SystemExit(f"--profile: one of publish, {', '.join(p.key for p in pages)}")
        for _ in range(WARMUP):
            client.get(page.path)
        profile(page.key, lambda: client.get(page.path))
        return 0
    results = [measure_page(client, page, args.requests) for page in pages]

    if generation:
        print_pairs("generation", generation)
    print_pairs("data", data_size())
    print_pairs("machine", machine(database))
    if runs:
        print_publishing(runs)
    print_pages(results, args.requests)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
