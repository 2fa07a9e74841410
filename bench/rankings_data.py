"""Build a full-size ranking data set into a benchmark database: 1,470 Ukrainian municipalities,
a methodology of 14 areas and 86 indicators, five yearly cycles of approved answers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opencity_bench \
        .venv/bin/python bench/rankings_data.py
    DATABASE_URL=sqlite:////tmp/opencity_bench.sqlite3 .venv/bin/python bench/rankings_data.py
    .venv/bin/python bench/rankings_data.py --municipalities 147   # a small set, same shape

`bench/rankings.py` runs this generator and then measures; run this file alone only to build
the data once. The database named by DATABASE_URL (a temporary SQLite file when it is not set)
is wiped and rebuilt, so the generator refuses any database that holds something else: it must
be missing, empty, or marked as a benchmark database by an earlier run (a table
`opencity_bench` that holds the generator's parameters). A PostgreSQL database that does not
exist is created; its server is reached through the maintenance database `postgres`.

What it builds, with a fixed random seed so that every run builds the same data:

- the KATOTTH register (the shipped copy): the 1,469 hromadas and Kyiv take part; the register
  has no population, so every municipality gets an invented, believable one (Kyiv 2.9 million,
  most hromadas between 3,000 and 60,000), for the population filters of the ranking page;
- one CSO with assessors and reviewers, a city hall with an official for about 3 % of the
  municipalities, and an administrator who acts in the services;
- edition 1 of the methodology through the methodology services (14 areas, 86 indicators on
  binary, 0-1-2 and full/half/none scales, weights 1 or 2, three categories), then each later
  edition through `services.methodology_clone`, with one indicator renumbered and one replaced
  by a new one, so that indicators have predecessors and the history pages have to follow them;
- five cycles opened with `services.cycle_open` (which freezes each edition), one per year,
  every answer approved, with a level drawn from the municipality's skill (which grows a little
  each year) and the indicator's difficulty, one to three evidence links on the city's website,
  Prozorro or data.gov.ua, an archived copy of every link (a few failed; a few of the last
  cycle still waiting), an uploaded file for 8 % of answers, a comment and, below full marks,
  a recommendation (half in Ukrainian, as a Ukrainian coalition writes them);
- disputes of the city halls (accepted ones changed the answer's level; rejected ones keep it),
  and about 1 % of the municipalities of each cycle disqualified with a reason, through
  `services.assignment_disqualify`;
- the first four cycles published with `services.cycle_publish`, so that the pages have
  history; the fifth is left for `bench/rankings.py` to publish and time.

Answers, archived copies, disputes and people are written with `bulk_create` in large batches,
not through `services.answer_save` / `answer_submit` / `answer_approve`: three services per
answer for 630,000 answers would take hours, and the benchmark measures publishing and reading,
not assessing. For the same reason no answer history is written (nothing measured reads it),
and assessors and reviewers are assigned with one `bulk_update`: `services.assignment_bulk`
refuses once a cycle's dates are past, and these cycles are in the past from the start.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

SEED = 20240601
MUNICIPALITIES = 1470
AREAS = 14
INDICATORS = 86
CYCLES = 5
PUBLISHED_CYCLES = 4
BATCH = 2000
MARKER_TABLE = "opencity_bench"
DEFAULT_SQLITE = Path(tempfile.gettempdir()) / "opencity_bench.sqlite3"

Progress = Callable[[str], None]


def say(message: str) -> None:
    print(message, flush=True)


# --- The benchmark database: create it, or refuse one that holds anything else -----------------


@dataclass
class BenchDatabase:
    url: str
    engine: str  # "postgresql" or "sqlite"
    name: str  # database name or file path
    marker: dict[str, str] = field(default_factory=dict)  # what an earlier run recorded


def _postgres_config(url: str) -> dict[str, Any]:
    import environ

    return environ.Env.db_url_config(url)


def _postgres_connect(config: dict[str, Any], database: str) -> Any:
    import psycopg

    return psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=int(config["PORT"] or 5432),
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname=database,
        autocommit=True,
    )


def _refuse(database: str, tables: list[str]) -> None:
    shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
    raise SystemExit(
        f"Refusing to use {database}: it holds tables the benchmark did not create ({shown}) "
        f"and no `{MARKER_TABLE}` table. Point DATABASE_URL at a missing or empty database, "
        f"e.g. postgres://postgres@127.0.0.1:5432/opencity_bench or sqlite:///{DEFAULT_SQLITE}."
    )


def _nothing_to_reuse(database: str) -> None:
    raise SystemExit(f"{database} holds no complete benchmark data set yet; run without --reuse.")


def _prepare_postgres(url: str, *, fresh: bool) -> BenchDatabase:
    config = _postgres_config(url)
    name = config["NAME"]
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"Refusing to use the PostgreSQL database {name!r}: name a new one.")
    admin = _postgres_connect(config, "postgres")
    try:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        marker: dict[str, str] = {}
        if exists:
            with _postgres_connect(config, name) as connection:
                tables = [
                    row[0]
                    for row in connection.execute(
                        "SELECT table_schema || '.' || table_name FROM information_schema.tables "
                        "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                    )
                ]
                if f"public.{MARKER_TABLE}" in tables:
                    marker = dict(connection.execute("SELECT key, value FROM opencity_bench"))
            if tables and not marker:
                _refuse(f"the PostgreSQL database {name}", tables)
            if fresh and tables:
                admin.execute(f'DROP DATABASE "{name}"')
                exists = None
        if not exists and not fresh:
            _nothing_to_reuse(f"the PostgreSQL database {name}")
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        admin.close()
    if fresh or not marker:
        with _postgres_connect(config, name) as connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS opencity_bench "
                "(key varchar(100) PRIMARY KEY, value text NOT NULL)"
            )
            connection.execute(
                "INSERT INTO opencity_bench (key, value) VALUES ('created', %s) "
                "ON CONFLICT (key) DO NOTHING",
                [datetime.datetime.now(datetime.UTC).isoformat()],
            )
            marker = dict(connection.execute("SELECT key, value FROM opencity_bench"))
    return BenchDatabase(url=url, engine="postgresql", name=name, marker=marker)


def _prepare_sqlite(url: str, *, fresh: bool) -> BenchDatabase:
    import environ

    path_text = environ.Env.db_url_config(url)["NAME"]
    if not path_text or path_text == ":memory:":
        raise SystemExit("The benchmark needs a SQLite file: sqlite:////tmp/opencity_bench.sqlite3")
    path = Path(path_text)
    marker: dict[str, str] = {}
    if path.exists() and path.stat().st_size:
        connection = sqlite3.connect(path)
        try:
            tables = [
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            if MARKER_TABLE in tables:
                marker = dict(connection.execute("SELECT key, value FROM opencity_bench"))
        finally:
            connection.close()
        if tables and not marker:
            _refuse(f"the SQLite file {path}", tables)
        if fresh:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            marker = {}
    if not marker and not fresh:
        _nothing_to_reuse(f"the SQLite file {path}")
    if not marker:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path)
        with connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS opencity_bench "
                "(key varchar(100) PRIMARY KEY, value text NOT NULL)"
            )
            connection.execute(
                "INSERT OR IGNORE INTO opencity_bench (key, value) VALUES ('created', ?)",
                [datetime.datetime.now(datetime.UTC).isoformat()],
            )
            marker = dict(connection.execute("SELECT key, value FROM opencity_bench"))
        connection.close()
    return BenchDatabase(url=url, engine="sqlite", name=str(path), marker=marker)


def prepare_database(url: str, *, fresh: bool) -> BenchDatabase:
    """Make `url` a benchmark database: empty and marked when `fresh`, else as left by a run.

    Before Django starts, with the drivers alone, so that nothing (not even `migrate`) touches a
    database that was not made for the benchmark.
    """
    url = url or f"sqlite:///{DEFAULT_SQLITE}"
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        database = _prepare_postgres(url, fresh=fresh)
    elif url.startswith("sqlite:"):
        database = _prepare_sqlite(url, fresh=fresh)
    else:
        raise SystemExit(f"Unsupported DATABASE_URL {url!r}: use postgres://... or sqlite:///...")
    if not fresh and "complete" not in database.marker:
        _nothing_to_reuse(database.name)
    return database


def setup_django(database: BenchDatabase) -> None:
    """Start Django on the benchmark database, as a server would run: DEBUG off."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database.url
    os.environ["DJANGO_SETTINGS_MODULE"] = "opencity.settings"
    # "test" only for its fast password hasher; DEBUG is off, as in production.
    os.environ["OPENCITY_ENV"] = "test"
    os.environ["DEBUG"] = "false"
    import django

    django.setup()


def mark(key: str, value: str) -> None:
    """Record in the benchmark's own table (after Django has started)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM opencity_bench WHERE key = %s", [key])
        cursor.execute("INSERT INTO opencity_bench (key, value) VALUES (%s, %s)", [key, value])


# --- Believable content ------------------------------------------------------------------------

AREA_TITLES = [
    ("Council and executive bodies", "Рада та виконавчі органи", "rada"),
    ("Access to public information", "Доступ до публічної інформації", "publichna-informatsiia"),
    ("Budget and finances", "Бюджет і фінанси", "biudzhet"),
    ("Public procurement", "Публічні закупівлі", "zakupivli"),
    ("Land and communal property", "Земля та комунальне майно", "zemlia"),
    ("Housing and utilities", "Житлово-комунальне господарство", "zhkh"),
    ("Municipal enterprises", "Комунальні підприємства", "komunalni-pidpryiemstva"),
    ("Personnel policy", "Кадрова політика", "kadry"),
    ("Social services and health", "Соціальні послуги та охорона здоров'я", "sotsialnyi-zakhyst"),
    ("Education", "Освіта", "osvita"),
    ("Urban planning and construction", "Містобудування", "mistobuduvannia"),
    ("Citizen participation", "Участь громадян", "uchast-hromadian"),
    ("Integrity and anti-corruption", "Доброчесність і антикорупція", "antykoruptsiia"),
    ("Grants and support programmes", "Гранти та програми підтримки", "prohramy-pidtrymky"),
]

REQUIREMENTS = [
    "documents are published on the official website",
    "data are published as open data in a machine-readable format",
    "information is up to date (changed within the last three months)",
    "draft decisions are published at least ten working days before adoption",
    "reports are published at least once a year",
    "the responsible officials are named with their contacts",
    "residents can comment on decisions online and get a reasoned answer",
    "the register is searchable and downloadable",
]

COMMENTS = {
    "full": [
        "Published on the official website; the page is current and complete.",
        "Available as open data on data.gov.ua and updated on schedule.",
        "Оприлюднено на офіційному сайті, інформація актуальна та повна.",
        "Набір даних оновлюється щоквартально, формат машиночитний.",
    ],
    "partial": [
        "Published, but only as scanned PDF files that cannot be searched.",
        "Available on the website, but the last update is more than six months old.",
        "Оприлюднено частково: відсутні додатки до рішень.",
        "Інформація є, але лише у форматі сканованих документів.",
    ],
    "none": [
        "Not found on the website or the open-data portal; no answer to the information "
        "request within the legal deadline.",
        "The page exists but is empty; the city hall confirmed that nothing is published.",
        "Не знайдено на сайті; на інформаційний запит відповіді не отримано.",
        "Розділ сайту порожній, посилання ведуть на неіснуючі сторінки.",
    ],
}

RECOMMENDATIONS = [
    "Publish the documents as open data on data.gov.ua and update them at least quarterly.",
    "Publish the full texts with annexes in a searchable format, not as scans.",
    "Name the official responsible and keep the page up to date.",
    "Оприлюднюйте документи у машиночитному форматі та оновлюйте щонайменше щокварталу.",
    "Розміщуйте проєкти рішень заздалегідь і публікуйте звіт про результати обговорення.",
]

DISPUTE_EXPLANATIONS = [
    "The documents were published on time; the assessor looked at an outdated page.",
    "Документи оприлюднено вчасно, посилання додаємо.",
    "The data set is on data.gov.ua under the name of the municipal enterprise.",
]

DISQUALIFICATION_REASONS = [
    "Evidence was falsified: the linked documents were created after the assessment date.",
    "The city hall replaced published documents during the assessment to change the result.",
]

EXTERNAL_EVIDENCE = [
    "https://prozorro.gov.ua/tender/UA-{year}-03-{day:02d}-{number:06d}-a",
    "https://data.gov.ua/dataset/{slug}-{code}",
    "https://spending.gov.ua/new/disposers/{number}/",
]


# --- The generator -------------------------------------------------------------------------------


@dataclass
class Generated:
    municipalities: int = 0
    indicators: int = 0
    cycles: list[int] = field(default_factory=list)  # cycle pks, oldest first
    answers: int = 0
    archives: int = 0
    disputes: int = 0
    disqualified: int = 0
    steps: dict[str, float] = field(default_factory=dict)  # seconds per step
    publications: list[float] = field(default_factory=list)  # seconds per cycle published


def _municipalities(count: int) -> list[Any]:
    from opencity.places.models import Municipality, MunicipalityType, Register
    from opencity.places.services import register_import

    if not Municipality.objects.filter(register=Register.KATOTTH).exists():
        register_import(register=Register.KATOTTH)
    kyiv = Municipality.objects.get(register=Register.KATOTTH, name_en="Kyiv")
    hromadas = list(
        Municipality.objects.filter(
            register=Register.KATOTTH, unit_type=MunicipalityType.HROMADA
        ).order_by("code")
    )
    if count > len(hromadas) + 1:
        raise SystemExit(f"--municipalities: at most {len(hromadas) + 1} (the hromadas and Kyiv)")
    return [kyiv, *hromadas[: count - 1]]


def _populations(rng: random.Random, municipalities: list[Any]) -> None:
    from opencity.places.models import Municipality

    for municipality in municipalities:
        if municipality.name_en == "Kyiv":
            municipality.population = 2_952_301
        else:
            # Log-normal around 12,000, a long tail of cities up to about a million.
            municipality.population = min(int(rng.lognormvariate(9.4, 0.9)) + 1500, 1_000_000)
    Municipality.objects.bulk_update(municipalities, ["population"], batch_size=BATCH)


@dataclass
class People:
    admin: Any
    assessors: list[int]
    reviewers: list[int]
    city_halls: dict[int, tuple[int, int]]  # municipality pk -> (organisation pk, official pk)


def _people(rng: random.Random, municipalities: list[Any]) -> People:
    from opencity.accounts.models import Membership, Organisation, OrganisationKind, Role, User

    admin = User.objects.create_superuser(
        email="bench-admin@example.org", password=None, display_name="Benchmark administrator"
    )
    cso = Organisation.objects.create(
        name_en="Transparency Coalition", slug="bench-transparency-coalition", kind="cso"
    )

    def users(prefix: str, count: int) -> list[User]:
        made = [
            User(email=f"bench-{prefix}-{n}@example.org", display_name=f"{prefix.title()} {n}")
            for n in range(1, count + 1)
        ]
        for user in made:
            user.set_unusable_password()
        User.objects.bulk_create(made, batch_size=BATCH)
        return list(User.objects.filter(email__startswith=f"bench-{prefix}-").order_by("pk"))

    assessors = users("assessor", 24)
    reviewers = users("reviewer", 8)
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=cso, role=Role.ASSESSOR) for u in assessors]
        + [Membership(user=u, organisation=cso, role=Role.REVIEWER) for u in reviewers]
    )
    chosen = rng.sample(municipalities, max(1, len(municipalities) * 3 // 100))
    Organisation.objects.bulk_create(
        Organisation(
            name_en=f"{municipality.name_en} city council",
            name_uk=f"{municipality.name_uk or municipality.name_en} міська рада",
            slug=f"bench-city-hall-{municipality.pk}",
            kind=OrganisationKind.CITY_HALL,
            municipality=municipality,
        )
        for municipality in chosen
    )
    halls = dict(
        Organisation.objects.filter(slug__startswith="bench-city-hall-").values_list(
            "municipality_id", "pk"
        )
    )
    officials = users("official", len(chosen))
    city_halls: dict[int, tuple[int, int]] = {}
    memberships = []
    for (municipality_id, organisation_id), official in zip(
        sorted(halls.items()), officials, strict=True
    ):
        city_halls[municipality_id] = (organisation_id, official.pk)
        memberships.append(
            Membership(user=official, organisation_id=organisation_id, role=Role.OFFICIAL)
        )
    Membership.objects.bulk_create(memberships)
    return People(
        admin=admin,
        assessors=[u.pk for u in assessors],
        reviewers=[u.pk for u in reviewers],
        city_halls=city_halls,
    )


def _indicator(
    rng: random.Random, methodology: Any, area: Any, number: int, order: int, scales: dict
) -> Any:
    from opencity.rankings.models import CheckMethod, Indicator, RequirementType, ScaleKind

    area_index = int(area.code) - 1
    requirement = REQUIREMENTS[(number - 1) % len(REQUIREMENTS)]
    kind = rng.choices(
        [ScaleKind.BINARY, ScaleKind.ZERO_ONE_TWO, ScaleKind.FULL_HALF_NONE], [55, 25, 20]
    )[0]
    return Indicator(
        methodology=methodology,
        area=area,
        code=f"{area.code}.{number}",
        title_en=f"{AREA_TITLES[area_index][0]}: {requirement}",
        guidance_en=(
            "Check the official website, the open-data portal and the answer to the information "
            "request. Full marks only if the information is complete, current and findable "
            "from the home page in three clicks."
        ),
        check_method=rng.choice(CheckMethod.values),
        requirement_type=rng.choice(RequirementType.values),
        scale=scales[kind],
        weight=Decimal(rng.choice((1, 1, 1, 2))),
        order=order,
    )


def _first_edition(rng: random.Random, admin: Any, year: int, indicator_count: int) -> Any:
    from opencity.rankings import services
    from opencity.rankings.models import Area, CategoryThreshold

    methodology = services.methodology_create(actor=admin, name="Transparent Cities", edition=year)
    scales = {scale.kind: scale for scale in methodology.scales.all()}
    areas = []
    for number, (title_en, title_uk, _path) in enumerate(AREA_TITLES[:AREAS], start=1):
        area = Area(
            methodology=methodology,
            code=str(number),
            title_en=title_en,
            title_uk=title_uk,
            order=number,
        )
        services.methodology_part_save(actor=admin, part=area)
        areas.append(area)
    for position in range(indicator_count):
        area = areas[position % AREAS]
        number = position // AREAS + 1
        services.methodology_part_save(
            actor=admin,
            part=_indicator(rng, methodology, area, number, number, scales),
        )
    for code, label_en, label_uk, minimum in (
        ("transparent", "transparent", "прозорі", 75),
        ("partially_transparent", "partially transparent", "частково прозорі", 50),
        ("non_transparent", "not transparent", "непрозорі", 0),
    ):
        services.methodology_part_save(
            actor=admin,
            part=CategoryThreshold(
                methodology=methodology,
                code=code,
                label_en=label_en,
                label_uk=label_uk,
                minimum=minimum,
            ),
        )
    return methodology


def _next_edition(rng: random.Random, admin: Any, previous: Any, year: int) -> Any:
    """A clone with one indicator renumbered and one replaced, as editions change in practice."""
    from opencity.rankings import services

    indicators = list(previous.indicators.select_related("area").order_by("code"))
    renamed, dropped = rng.sample(indicators, 2)

    def next_number(area_code: str, taken: list[str]) -> int:
        numbers = [int(code.split(".")[1]) for code in taken if code.split(".")[0] == area_code]
        return max(numbers) + 1

    codes = [indicator.code for indicator in indicators]
    new_code = f"{renamed.area.code}.{next_number(renamed.area.code, codes)}"
    methodology = services.methodology_clone(
        actor=admin,
        methodology=previous,
        edition=year,
        indicator_mapping={renamed.code: new_code, dropped.code: None},
    )
    area = methodology.areas.get(code=dropped.area.code)
    scales = {scale.kind: scale for scale in methodology.scales.all()}
    taken = list(methodology.indicators.values_list("code", flat=True))
    number = next_number(area.code, taken)
    services.methodology_part_save(
        actor=admin, part=_indicator(rng, methodology, area, number, number, scales)
    )
    return methodology


def _website(municipality: Any) -> str:
    if municipality.name_en == "Kyiv":
        return "https://kyivcity.gov.ua"
    return f"https://{municipality.slug.removesuffix('-hromada')}-rada.gov.ua"


def _evidence(
    rng: random.Random, municipality: Any, area_index: int, code: str, year: int, count: int
) -> list[str]:
    urls = []
    for n in range(count):
        if n and rng.random() < 0.5:
            template = rng.choice(EXTERNAL_EVIDENCE)
            urls.append(
                template.format(
                    year=year,
                    day=rng.randint(1, 28),
                    number=rng.randint(1, 999_999),
                    slug=municipality.slug,
                    code=code.replace(".", "-"),
                )
            )
        else:
            path = AREA_TITLES[area_index][2]
            urls.append(f"{_website(municipality)}/{path}/{year}/{code.replace('.', '-')}-{n + 1}/")
    return list(dict.fromkeys(urls))  # an answer lists a link once


def _cycle_answers(
    rng: random.Random,
    cycle: Any,
    municipalities: list[Any],
    skills: dict[int, float],
    difficulty: dict[str, float],
    people: People,
    generated: Generated,
    progress: Progress,
    *,
    archiving: bool,
) -> None:
    """Every answer of one cycle, approved, with archived evidence and the city halls' disputes.

    `archiving`: the archiver is still at work on this cycle's links (the one not yet published).
    """
    from django.db import transaction

    from opencity.rankings.models import (
        Answer,
        AnswerState,
        ArchiveStatus,
        Assignment,
        Dispute,
        DisputeState,
        EvidenceArchive,
        ScaleLevel,
    )

    year = cycle.year
    indicators = list(
        cycle.methodology.indicators.select_related("area").order_by("area__order", "order")
    )
    levels: dict[int, list[int]] = defaultdict(list)  # scale pk -> level pks, best first
    for level in ScaleLevel.objects.filter(scale__methodology=cycle.methodology).order_by(
        "-points"
    ):
        levels[level.scale_id].append(level.pk)
    for indicator in indicators:
        difficulty.setdefault(indicator.code, rng.uniform(-0.15, 0.45))

    assignments = list(Assignment.objects.filter(cycle=cycle).order_by("municipality__code"))
    assessor_of: dict[int, int] = {}
    reviewer_of: dict[int, int] = {}
    for index, assignment in enumerate(assignments):
        assignment.assessor_id = people.assessors[index % len(people.assessors)]
        assignment.reviewer_id = people.reviewers[index % len(people.reviewers)]
        assessor_of[assignment.municipality_id] = assignment.assessor_id
        reviewer_of[assignment.municipality_id] = assignment.reviewer_id
    Assignment.objects.bulk_update(assignments, ["assessor", "reviewer"], batch_size=BATCH)

    disputes: list[dict[str, Any]] = []
    written = 0
    with transaction.atomic():
        batch: list[Answer] = []
        for municipality in municipalities:
            skill = skills[municipality.pk]
            disputed = set()
            if municipality.pk in people.city_halls:
                disputed = {rng.randrange(len(indicators)) for _ in range(rng.randint(1, 3))}
            for position, indicator in enumerate(indicators):
                best_first = levels[indicator.scale_id]
                latent = skill - difficulty[indicator.code] + rng.gauss(0, 0.2)
                if len(best_first) == 2:
                    step = 0 if latent > 0.4 else 1
                else:
                    step = 0 if latent > 0.55 else 1 if latent > 0.25 else 2
                step = min(step, len(best_first) - 1)
                if position in disputed and step > 0:
                    accepted = rng.random() < 0.4
                    disputes.append(
                        {
                            "municipality": municipality.pk,
                            "indicator": indicator.pk,
                            "before": best_first[step],
                            "proposed": best_first[step - 1],
                            "accepted": accepted,
                            "website": _website(municipality),
                        }
                    )
                    if accepted:
                        step -= 1
                bucket = "full" if step == 0 else "none" if step == len(best_first) - 1 else ""
                bucket = bucket or "partial"
                urls = _evidence(
                    rng,
                    municipality,
                    int(indicator.area.code) - 1,
                    indicator.code,
                    year,
                    rng.randint(0, 1) if bucket == "none" else rng.randint(1, 3),
                )
                file = ""
                if rng.random() < 0.08:
                    file = f"evidence/{year}/03/{municipality.slug}-{indicator.code}.pdf"
                batch.append(
                    Answer(
                        cycle_id=cycle.pk,
                        municipality_id=municipality.pk,
                        indicator_id=indicator.pk,
                        level_id=best_first[step],
                        evidence_urls=urls,
                        evidence_file=file,
                        evidence_file_sha256=hashlib.sha256(file.encode()).hexdigest()
                        if file
                        else "",
                        comment=rng.choice(COMMENTS[bucket]),
                        recommendation="" if bucket == "full" else rng.choice(RECOMMENDATIONS),
                        state=AnswerState.APPROVED,
                        revision=3,  # saved, submitted, approved
                        updated_by_id=assessor_of[municipality.pk],
                    )
                )
            if len(batch) >= BATCH * 5:
                Answer.objects.bulk_create(batch, batch_size=BATCH)
                written += len(batch)
                batch = []
        Answer.objects.bulk_create(batch, batch_size=BATCH)
        written += len(batch)
        generated.answers += written
        progress(f"  {cycle.year}: {written} answers")

        # An archived copy of every link, as the archiver leaves them: most archived, a few
        # failed, and in the cycle being published some still waiting.
        archives: list[EvidenceArchive] = []
        archived = 0
        rows = Answer.objects.filter(cycle=cycle).values_list("pk", "evidence_urls").order_by("pk")
        start = datetime.datetime(year, 3, 1, 9, tzinfo=datetime.UTC)
        for answer_pk, urls in rows.iterator(chunk_size=BATCH):
            for url in urls:
                draw = rng.random()
                digest = hashlib.sha256(f"{url}#{answer_pk}".encode()).hexdigest()
                if archiving and draw < 0.02:
                    archives.append(EvidenceArchive(answer_id=answer_pk, url=url))
                elif draw < 0.07:
                    error = rng.choice(["HTTP 404", "HTTP 503", "timed out after 15 seconds"])
                    archives.append(
                        EvidenceArchive(
                            answer_id=answer_pk,
                            url=url,
                            status=ArchiveStatus.FAILED,
                            fetched_at=start + datetime.timedelta(minutes=rng.randint(0, 80_000)),
                            http_status=int(error[5:]) if error.startswith("HTTP") else None,
                            error=error,
                        )
                    )
                else:
                    archives.append(
                        EvidenceArchive(
                            answer_id=answer_pk,
                            url=url,
                            status=ArchiveStatus.ARCHIVED,
                            fetched_at=start + datetime.timedelta(minutes=rng.randint(0, 80_000)),
                            http_status=200,
                            content_type="text/html; charset=utf-8",
                            size=rng.randint(8_000, 400_000),
                            sha256=digest,
                            content=f"evidence-archive/{year}/03/{digest}.html",
                        )
                    )
                if len(archives) >= BATCH * 5:
                    EvidenceArchive.objects.bulk_create(archives, batch_size=BATCH)
                    archived += len(archives)
                    archives = []
        EvidenceArchive.objects.bulk_create(archives, batch_size=BATCH)
        archived += len(archives)
        generated.archives += archived
        progress(f"  {cycle.year}: {archived} archived copies of evidence links")

        answer_pk = {
            (m, i): pk
            for pk, m, i in Answer.objects.filter(
                cycle=cycle, municipality_id__in=list(people.city_halls)
            ).values_list("pk", "municipality_id", "indicator_id")
        }
        reply_day = datetime.datetime(year, 6, 5, 10, tzinfo=datetime.UTC)
        Dispute.objects.bulk_create(
            Dispute(
                answer_id=answer_pk[(spec["municipality"], spec["indicator"])],
                organisation_id=people.city_halls[spec["municipality"]][0],
                author_id=people.city_halls[spec["municipality"]][1],
                proposed_level_id=spec["proposed"],
                level_before_id=spec["before"],
                explanation=rng.choice(DISPUTE_EXPLANATIONS),
                evidence_urls=[f"{spec['website']}/rishennia/{year}/vidpovid/"],
                state=DisputeState.ACCEPTED if spec["accepted"] else DisputeState.REJECTED,
                resolved_by_id=reviewer_of[spec["municipality"]],
                resolution_reason=(
                    "The documents were on the website before the assessment date."
                    if spec["accepted"]
                    else "The linked page was published after the assessment date."
                ),
                resolved_at=reply_day + datetime.timedelta(days=rng.randint(3, 20)),
            )
            for spec in disputes
        )
        # `created_at` is set on insert; move it to the cycle's reply phase.
        Dispute.objects.filter(answer__cycle=cycle).update(created_at=reply_day)
        generated.disputes += len(disputes)


def _analyze() -> None:
    """Update PostgreSQL's statistics after writing a cycle in bulk, as autovacuum would do
    soon after on a real server: without them, the planner would take each municipality's
    answers for thousands of rows and the timings would measure its mistakes."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def generate(
    *,
    municipalities: int = MUNICIPALITIES,
    indicators: int = INDICATORS,
    cycles: int = CYCLES,
    published: int = PUBLISHED_CYCLES,
    seed: int = SEED,
    progress: Progress = say,
) -> Generated:
    """Fill the (migrated, empty) benchmark database. Returns what was made and how long it took."""
    from opencity.rankings import services

    rng = random.Random(seed)
    generated = Generated(indicators=indicators)

    def step(name: str, started: float) -> float:
        now = time.perf_counter()
        generated.steps[name] = generated.steps.get(name, 0.0) + now - started
        return now

    started = time.perf_counter()
    places = _municipalities(municipalities)
    _populations(rng, places)
    generated.municipalities = len(places)
    started = step("register and municipalities", started)
    progress(f"{len(places)} municipalities")

    people = _people(rng, places)
    started = step("people", started)

    last_year = datetime.date.today().year - 1
    years = list(range(last_year - cycles + 1, last_year + 1))
    skills = {m.pk: min(max(rng.betavariate(2.2, 2.0), 0.02), 0.98) for m in places}
    difficulty: dict[str, float] = {}
    methodology = None
    cycle_objects = []
    for index, year in enumerate(years):
        started = time.perf_counter()
        if methodology is None:
            methodology = _first_edition(rng, people.admin, year, indicators)
        else:
            methodology = _next_edition(rng, people.admin, methodology, year)
        started = step("methodologies", started)
        cycle = services.cycle_open(
            actor=people.admin,
            methodology=methodology,
            year=year,
            name="Transparent Cities",
            municipalities=places,
            information_requests_start=datetime.date(year, 2, 1),
            assessment_start=datetime.date(year, 3, 1),
            review_start=datetime.date(year, 5, 1),
            reply_start=datetime.date(year, 6, 1),
            publication_date=datetime.date(year, 7, 1),
        )
        cycle_objects.append(cycle)
        generated.cycles.append(cycle.pk)
        started = step("cycles", started)
        _cycle_answers(
            rng,
            cycle,
            places,
            skills,
            difficulty,
            people,
            generated,
            progress,
            archiving=index >= published,
        )
        _analyze()
        started = step("answers, archives, disputes", started)
        for municipality in rng.sample(places, max(1, len(places) // 100)):
            services.assignment_disqualify(
                actor=people.admin,
                cycle=cycle,
                municipality=municipality,
                reason=rng.choice(DISQUALIFICATION_REASONS),
            )
            generated.disqualified += 1
        started = step("disqualifications", started)
        # Cities improve a little every year, some more than others.
        skills = {pk: min(max(s + rng.gauss(0.03, 0.05), 0.02), 0.98) for pk, s in skills.items()}
        if index < published:
            services.cycle_publish(actor=people.admin, cycle=cycle)
            seconds = time.perf_counter() - started
            generated.publications.append(seconds)
            step("publications", started)
            progress(f"  {year}: published in {seconds:.2f} s")
    mark(
        "complete",
        json.dumps(
            {
                "municipalities": generated.municipalities,
                "indicators": indicators,
                "cycles": generated.cycles,
                "answers": generated.answers,
                "seed": seed,
                "finished": datetime.datetime.now(datetime.UTC).isoformat(),
            }
        ),
    )
    return generated


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--municipalities", type=int, default=MUNICIPALITIES)
    parser.add_argument("--indicators", type=int, default=INDICATORS)
    parser.add_argument("--cycles", type=int, default=CYCLES)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    database = prepare_database(os.environ.get("DATABASE_URL", ""), fresh=True)
    setup_django(database)
    from django.core.management import call_command

    say(f"database: {database.engine} {database.name}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    say(f"migrate: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    generated = generate(
        municipalities=args.municipalities,
        indicators=args.indicators,
        cycles=args.cycles,
        published=min(PUBLISHED_CYCLES, args.cycles - 1),
    )
    say(f"generated in {time.perf_counter() - started:.1f} s: {generated}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
