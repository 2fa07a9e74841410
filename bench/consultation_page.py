"""Time the public consultation page of a document of 100 paragraphs with 2,000 comments, in a
database of the script's own.

    .venv/bin/python bench/consultation_page.py          # SQLite, /tmp/cons_bench.sqlite3
    .venv/bin/python bench/consultation_page.py --database-url postgres://postgres@127.0.0.1:5432/cons_bench
    .venv/bin/python bench/consultation_page.py --paragraphs 100 --comments 2000 --requests 50

On PostgreSQL the database named at the end of the URL (`cons_bench`) is created on that server
and dropped at the end; a SQLite URL (`sqlite:////tmp/x.sqlite3`) or nothing uses a file that is
replaced at the start and removed at the end.

The data is generated here with a fixed random seed, in bulk: 10 sections of `--paragraphs`
paragraphs in all; `--comments` comments of 80 to 800 characters, of which a quarter are replies
(one level deep) and one in fourteen is on the whole document; the organiser's response (outcome
and reason) on 80 % of the comments that are not replies; 2 % hidden by a moderator; 300
citizens who support comments (about 6,000 supports, `support_count` kept in step), and the
viewer, a citizen with a verified e-mail who supports 50 of the comments.

The page is requested through Django's test client with DEBUG off, as a visitor and as the
signed-in viewer (who sees a comment form under every paragraph and a support button on every
comment), the cache cleared before every request: a few requests to warm up, then `--requests`
timed ones. The script prints the median, the 90th percentile and the extremes of the server time
in milliseconds, the median CPU time of this process, the SQL queries of one request (counted on
a separate request, so that counting does not slow the timed ones) and the size of the page;
then how much of the time the selector alone takes. Numbers only: nothing is checked.
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
SEED = 20270115
WARM_UP = 5
WORDS = (
    "budget",
    "annex",
    "deadline",
    "publish",
    "open",
    "data",
    "street",
    "parking",
    "school",
    "transport",
    "fee",
    "council",
    "district",
    "hearing",
    "access",
    "information",
    "contract",
    "procurement",
    "report",
    "park",
    "tree",
    "bicycle",
    "lane",
    "water",
    "heating",
    "plan",
    "repair",
    "library",
    "citizens",
    "residents",
    "proposal",
    "please",
    "consider",
    "also",
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="sqlite:////tmp/cons_bench.sqlite3")
    parser.add_argument("--paragraphs", type=int, default=100)
    parser.add_argument("--comments", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=50, help="timed requests per viewer")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    return parser.parse_args()


def sentence(rng: random.Random, low: int, high: int) -> str:
    length = rng.randint(low, high)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


def build(paragraph_count: int, comment_count: int):  # type: ignore[no-untyped-def]
    """The data set, written in bulk; returns (consultation, viewer)."""
    import datetime

    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from opencity.accounts.models import Organisation, OrganisationKind, User
    from opencity.consultations.models import (
        Comment,
        Consultation,
        ConsultationStatus,
        Outcome,
        Paragraph,
        Response,
        Section,
        Support,
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
    now = timezone.now()
    country = Country.objects.create(code="RO", slug="ro", name_en="Romania")
    region = Region.objects.create(
        country=country,
        register=Register.SIRUTA,
        code="10",
        unit_type=RegionType.JUDET,
        name_en="Alba",
        slug="alba",
    )
    municipality = Municipality.objects.create(
        country=country,
        region=region,
        register=Register.SIRUTA,
        code="1017",
        unit_type=MunicipalityType.MUNICIPIU,
        name_en="Alba Iulia",
        slug="alba-iulia",
        search_text="alba iulia",
    )
    city_hall = Organisation.objects.create(
        kind=OrganisationKind.CITY_HALL,
        name_en="Alba Iulia City Hall",
        slug="alba-iulia-city-hall",
        municipality=municipality,
    )
    consultation = Consultation.all_objects.create(
        organiser=city_hall,
        municipality=municipality,
        title_en="Local budget 2027",
        slug="local-budget-2027",
        summary_en="The draft budget of the city for 2027.",
        status=ConsultationStatus.PUBLISHED,
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=20),
    )
    sections = Section.objects.bulk_create(
        Section(consultation=consultation, order=number, title=f"Chapter {number}")
        for number in range(1, 11)
    )
    paragraphs = Paragraph.objects.bulk_create(
        Paragraph(
            consultation=consultation,
            section=sections[number * len(sections) // paragraph_count],
            order=number + 1,
            text=sentence(rng, 200, 900),
        )
        for number in range(paragraph_count)
    )
    citizens = User.objects.bulk_create(
        User(
            email=f"citizen{number}@example.org",
            display_name=f"Citizen {number}" if number % 5 else "",
            password="!",  # noqa: S106  (an unusable password)
        )
        for number in range(300)
    )
    viewer = User.objects.create(
        email="viewer@example.org",
        display_name="The Viewer",
        password="!",  # noqa: S106
    )
    EmailAddress.objects.create(user=viewer, email=viewer.email, verified=True, primary=True)
    top_count = comment_count * 3 // 4
    top_level = Comment.objects.bulk_create(
        Comment(
            consultation=consultation,
            paragraph=None if number % 14 == 0 else rng.choice(paragraphs),
            author=rng.choice(citizens),
            text=sentence(rng, 80, 800),
            created_at=now - datetime.timedelta(minutes=comment_count * 2 - number),
            hidden_at=now if number % 50 == 49 else None,
            hidden_reason="insults another person" if number % 50 == 49 else "",
        )
        for number in range(top_count)
    )
    replies = Comment.objects.bulk_create(
        Comment(
            consultation=consultation,
            paragraph=parent.paragraph,
            parent=parent,
            author=rng.choice(citizens),
            text=sentence(rng, 80, 500),
            created_at=parent.created_at + datetime.timedelta(minutes=1 + number % 30),
        )
        for number, parent in enumerate(
            rng.choice(top_level) for _number in range(comment_count - top_count)
        )
    )
    outcomes = list(Outcome.values)
    Response.objects.bulk_create(
        Response(
            comment=comment,
            outcome=rng.choice(outcomes),
            reason=sentence(rng, 60, 400),
            responded_at=now,
        )
        for comment in top_level
        if rng.random() < 0.8
    )
    everything = top_level + replies
    supports = set()
    for _number in range(6000):
        comment, person = rng.choice(everything), rng.choice(citizens)
        if comment.author_id != person.pk:
            supports.add((comment.pk, person.pk))
    supports |= {(comment.pk, viewer.pk) for comment in rng.sample(everything, 50)}
    Support.objects.bulk_create(Support(comment_id=c, user_id=u) for c, u in supports)
    counts: dict[int, int] = {}
    for comment_id, _user in supports:
        counts[comment_id] = counts.get(comment_id, 0) + 1
    for comment in everything:
        comment.support_count = counts.get(comment.pk, 0)
    Comment.objects.bulk_update(everything, ["support_count"], batch_size=500)
    return consultation, viewer


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

    from opencity.consultations import selectors

    call_command("migrate", verbosity=0, interactive=False)
    start = time.perf_counter()
    consultation, viewer = build(args.paragraphs, args.comments)
    print(
        f"data: {args.paragraphs} paragraphs, {consultation.comments.count()} comments "
        f"({consultation.comments.filter(parent__isnull=False).count()} replies), "
        f"built in {time.perf_counter() - start:.1f} s; DEBUG={settings.DEBUG}"
    )
    path = consultation.get_absolute_url()
    visitor, citizen = Client(), Client()
    citizen.force_login(viewer)
    print(f"{'viewer':<10} {'median ms':>9} {'p90 ms':>7} {'min ms':>7} {'max ms':>7} "
          f"{'CPU ms':>7} {'queries':>7} {'KB':>6}")  # fmt: skip
    for name, client in (("visitor", visitor), ("citizen", citizen)):
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
            f"{name:<10} {statistics.median(times):>9.1f} {percentile(times, 0.9):>7.1f} "
            f"{min(times):>7.1f} {max(times):>7.1f} {statistics.median(cpu_times):>7.1f} "
            f"{len(queries):>7} {len(response.content) / 1024:>6.0f}"
        )
    found = selectors.public_consultation(consultation.slug)
    selector_times = []
    for _ in range(args.requests):
        begin = time.perf_counter()
        selectors.consultation_page(found, viewer)
        selector_times.append((time.perf_counter() - begin) * 1000)
    print(f"selector alone (signed in): median {statistics.median(selector_times):.1f} ms")
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
        name = url.rpartition("/")[2].split("?", 1)[0] or "cons_bench"
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = bench_url(url, name)
        description = f"PostgreSQL, throwaway database {name}"

        def cleanup() -> None:
            if not args.keep:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()

    elif url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = url
        description = f"SQLite, file {path}"

        def cleanup() -> None:
            if not args.keep:
                path.unlink(missing_ok=True)

    else:
        raise SystemExit(f"unsupported --database-url {url!r}: use postgres://... or sqlite:///...")

    try:
        print(f"database: {description}")
        run_benchmark(args)
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
