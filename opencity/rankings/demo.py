"""Demo rankings: the 2020 Transparent Cities methodology, two published cycles with evidence,
comments, recommendations, city replies, a disqualification and a correction, and this year's
cycle in its assessment phase. Called by `opencity demo`; does nothing when already loaded.

Answers are written in bulk (a demo of 50 cities × 86 indicators × 3 cycles through the
one-answer-at-a-time services would take minutes); everything a person does in the workflow
(opening cycles, assigning, replying, deciding, publishing, correcting) goes through the services.
Phase dates are moved the way time would move them, so each step happens in its own phase.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from opencity.accounts.models import Organisation, OrganisationKind, User
from opencity.places.models import Municipality
from opencity.rankings import exchange, services
from opencity.rankings.demo_data import INDICATOR_NOTES, demo_methodology_tables
from opencity.rankings.models import (
    Answer,
    AnswerState,
    ArchiveStatus,
    Cycle,
    EvidenceArchive,
    Indicator,
    Methodology,
    ScaleLevel,
)

DAY = datetime.timedelta(days=1)

# Rounded resident figures of the demo cities, for the ranking's population groups.
POPULATION = {
    "Kyiv": 2_950_000, "Lvivska hromada": 717_000, "Kharkivska hromada": 1_421_000,
    "Odeska hromada": 1_010_000, "Dniprovska hromada": 968_000, "Vinnytska hromada": 369_000,
    "Zhytomyrska hromada": 261_000, "Ivano-Frankivska hromada": 238_000,
    "Lutska hromada": 215_000, "Ternopilska hromada": 225_000, "Chernivetska hromada": 264_000,
    "Poltavska hromada": 279_000, "Cherkaska hromada": 272_000, "Khmelnytska hromada": 274_000,
    "Rivnenska hromada": 244_000, "Sumska hromada": 259_000, "Chernihivska hromada": 285_000,
    "Uzhhorodska hromada": 115_000, "Mykolaivska hromada": 470_000,
    "Kropyvnytska hromada": 222_000, "Cluj-Napoca": 286_000, "Timișoara": 250_000,
    "Iași": 272_000, "Brașov": 238_000, "Constanța": 263_000, "Oradea": 183_000,
    "Sibiu": 134_000, "Alba Iulia": 64_000, "Bucharest": 1_716_000, "Craiova": 234_000,
    "Galați": 217_000, "Ploiești": 180_000, "Arad": 145_000, "Bacău": 136_000,
    "Suceava": 84_000, "Stolichna": 1_280_000, "Plovdiv": 343_000, "Varna": 335_000,
    "Burgas": 200_000, "Ruse": 140_000, "Stara Zagora": 150_000, "Pleven": 110_000,
    "Sliven": 110_000, "Dobrich": 85_000, "Shumen": 90_000, "Blagoevgrad": 70_000,
    "Gabrovo": 55_000, "Veliko Tarnovo": 85_000, "Haskovo": 85_000, "Yambol": 70_000,
}  # fmt: skip


def _dates(reply_in_days: int) -> dict[str, datetime.date]:
    """Phase dates such that the city-reply phase starts `reply_in_days` from today."""
    reply = timezone.localdate() + reply_in_days * DAY
    return {
        "information_requests_start": reply - 110 * DAY,
        "assessment_start": reply - 80 * DAY,
        "review_start": reply - 20 * DAY,
        "reply_start": reply,
        "publication_date": reply + 20 * DAY,
    }


def _move(cycle: Cycle, reply_in_days: int) -> None:
    Cycle.objects.filter(pk=cycle.pk).update(**_dates(reply_in_days))
    cycle.refresh_from_db()


def _level_for(rng: random.Random, levels: list[ScaleLevel], quality: float) -> ScaleLevel:
    """A believable level: better cities reach the top levels more often."""
    scored = [level for level in levels if not level.not_applicable]
    scored.sort(key=lambda level: level.points or 0, reverse=True)
    if any(level.not_applicable for level in levels) and rng.random() < 0.08:
        return next(level for level in levels if level.not_applicable)
    draw = rng.random()
    if draw < quality:
        return scored[0]
    if len(scored) > 2 and draw < quality + (1 - quality) * 0.5:
        return scored[len(scored) // 2]
    return scored[-1]


def _note(indicator: Indicator, level: ScaleLevel, top: ScaleLevel) -> tuple[str, str]:
    notes = INDICATOR_NOTES.get(indicator.code, {})
    if level.not_applicable:
        return "Not applicable: the city has no such body or service.", ""
    if level.pk == top.pk:
        return notes.get("full", ""), ""
    points = level.points or 0
    key = "none" if points == 0 else "partial"
    return notes.get(key, ""), notes.get("recommendation", "")


def _answers(
    cycle: Cycle,
    municipalities: Sequence[Municipality],
    assessors: dict[int, User],
    *,
    year_bonus: float,
    share_answered: float = 1.0,
    states: Sequence[str] = (AnswerState.APPROVED,),
) -> list[Answer]:
    indicators = list(cycle.methodology.indicators.select_related("scale").order_by("order"))
    levels: dict[int, list[ScaleLevel]] = {}
    for level in ScaleLevel.objects.filter(scale__methodology=cycle.methodology):
        levels.setdefault(level.scale_id, []).append(level)
    answers = []
    for municipality in municipalities:
        rng = random.Random(f"{municipality.code}-{cycle.year}")  # noqa: S311 - demo data
        quality = min(0.95, random.Random(municipality.code).uniform(0.25, 0.85) + year_bonus)
        for indicator in indicators:
            if rng.random() > share_answered:
                continue
            scale_levels = levels[indicator.scale_id]
            top = max(
                (lv for lv in scale_levels if not lv.not_applicable), key=lambda lv: lv.points or 0
            )
            level = _level_for(rng, scale_levels, quality)
            comment, recommendation = _note(indicator, level, top)
            answers.append(
                Answer(
                    cycle=cycle,
                    municipality=municipality,
                    indicator=indicator,
                    level=level,
                    evidence_urls=[
                        f"https://{municipality.slug}.example.org/transparency/{indicator.code}"
                    ],
                    comment=comment,
                    recommendation=recommendation,
                    state=rng.choice(states),
                    revision=1,
                    updated_by=assessors[municipality.pk],
                )
            )
    created = bulk_create_with_history(
        answers, Answer, batch_size=1000, default_change_reason="demo"
    )
    if not created:
        return []
    return list(
        Answer.objects.filter(cycle=cycle).select_related("municipality", "level", "indicator")
    )


def _archive(answers: Sequence[Answer], when: datetime.datetime) -> None:
    """Stored copies of the evidence pages as they were when scored: one transparency page per
    city (its links all point into it), so the demo writes dozens of files, not thousands."""
    storage = EvidenceArchive._meta.get_field("content").storage
    pages: dict[int, tuple[str, str, int]] = {}
    archives = []
    for answer in answers:
        if answer.municipality_id not in pages:
            body = (
                "<!doctype html><html lang=en><title>Transparency</title>"
                f"<h1>{answer.municipality.name}: transparency page</h1>"
                "<p>Copy kept by the OpenCity demo.</p></html>"
            ).encode()
            name = storage.save(
                f"evidence-archive/demo/{answer.cycle_id}-{answer.municipality_id}.html",
                ContentFile(body),
            )
            pages[answer.municipality_id] = (name, hashlib.sha256(body).hexdigest(), len(body))
        name, sha256, size = pages[answer.municipality_id]
        for url in answer.evidence_urls:
            archives.append(
                EvidenceArchive(
                    answer=answer,
                    url=url,
                    status=ArchiveStatus.ARCHIVED,
                    fetched_at=when,
                    http_status=200,
                    content_type="text/html; charset=utf-8",
                    size=size,
                    sha256=sha256,
                    content=name,
                )
            )
    EvidenceArchive.objects.bulk_create(archives, batch_size=1000)


def _published_cycle(
    *,
    methodology: Methodology,
    year: int,
    municipalities: Sequence[Municipality],
    people: dict[str, User],
    assessors: dict[int, User],
    officials: dict[int, User],
    year_bonus: float,
    published_days_ago: int,
) -> Cycle:
    coordinator, reviewer = people["coordinator"], people["reviewer"]
    cycle = services.cycle_open(
        actor=coordinator, methodology=methodology, year=year, name="Transparent Cities",
        municipalities=list(municipalities), **_dates(reply_in_days=-30),
    )  # fmt: skip
    _move(cycle, reply_in_days=30)  # back to the assessment phase, to assign the work
    for assessor in set(assessors.values()):
        services.assignment_bulk(
            actor=coordinator, cycle=cycle,
            municipalities=[m for m in municipalities if assessors[m.pk] == assessor],
            assessor=assessor, reviewer=reviewer,
        )  # fmt: skip
    answers = _answers(cycle, municipalities, assessors, year_bonus=year_bonus)
    _archive(answers, timezone.now() - (published_days_ago + 60) * DAY)

    _move(cycle, reply_in_days=-5)  # the city-reply phase
    rng = random.Random(year)  # noqa: S311 - demo data
    explanations = [
        "The register of council decisions has been online since March; see the link.",
        "The information was published on the city portal in the section 'Open data'.",
        "Our answer to the information request was sent on time; the letter is attached.",
    ]
    for municipality_id, official in officials.items():
        weak = [
            a
            for a in answers
            if a.municipality_id == municipality_id and not a.level.not_applicable
        ]
        weak.sort(key=lambda a: a.level.points or 0)
        for number, answer in enumerate(weak[:3]):
            top = max(
                (lv for lv in ScaleLevel.objects.filter(scale=answer.indicator.scale)),
                key=lambda lv: lv.points or 0,
            )
            if top.pk == answer.level_id:
                continue
            dispute = services.dispute_create(
                actor=official, answer=answer, proposed_level_code=top.code,
                explanation=rng.choice(explanations),
                evidence_urls=[f"https://{answer.municipality.slug}.example.org/reply/{number}"],
            )  # fmt: skip
            if number == 0:
                services.dispute_accept(
                    actor=reviewer, dispute=dispute,
                    reason="The page shows the documents; the answer is raised.",
                )  # fmt: skip
            else:
                services.dispute_reject(
                    actor=reviewer, dispute=dispute,
                    reason="The page was published after the assessment date and is incomplete.",
                )  # fmt: skip
    suspect = municipalities[-1]
    if year_bonus > 0:
        services.assignment_disqualify(
            actor=coordinator, cycle=cycle, municipality=suspect,
            reason="Evidence links supplied by the city were changed after scoring; the archived "
            "copies show different content.",
        )  # fmt: skip
    _move(cycle, reply_in_days=-20 - published_days_ago)  # the publication phase
    services.cycle_publish(actor=coordinator, cycle=cycle)
    if year_bonus > 0:
        # A correction: an answer scored at zero whose evidence was there after all.
        answer = next(a for a in answers if a.level.points == 0 and a.municipality != suspect)
        # A disputed answer was reloaded by the dispute services in the reply phase: give it the
        # cycle as it is now, in its publication phase.
        answer.cycle = cycle
        services.answer_correct(
            actor=coordinator, answer=answer,
            level_code=max(
                ScaleLevel.objects.filter(scale=answer.indicator.scale),
                key=lambda lv: lv.points or 0,
            ).code,
            reason="The city's decision register was online; the assessor's link had a typo.",
        )  # fmt: skip
        services.cycle_publish(
            actor=coordinator, cycle=cycle,
            reason="Correction of one indicator after the city pointed out a wrong link.",
        )  # fmt: skip
    return cycle


def load(
    *, people: dict[str, User], assessors: Sequence[User], municipalities: Sequence[Municipality]
) -> bool:
    """Load the demo rankings once. `people`: coordinator, reviewer, methodology manager."""
    if Methodology.objects.filter(name_en="Transparent Cities", edition=2020).exists():
        return False
    for municipality in municipalities:
        population = POPULATION.get(municipality.name_en)
        if population and municipality.population != population:
            municipality.population = population
            municipality.save(update_fields=["population"])
    methodology = exchange.methodology_import(
        actor=people["methodology_manager"], tables=demo_methodology_tables()
    )
    # Assessors take 25 or so cities each, as in the coalition's real workflow.
    assigned = {m.pk: assessors[n % len(assessors)] for n, m in enumerate(municipalities)}
    halls = Organisation.objects.filter(
        kind=OrganisationKind.CITY_HALL, municipality__in=municipalities
    )
    officials = {}
    for hall in halls.prefetch_related("memberships__user"):
        members = [m.user for m in hall.memberships.all() if m.role == "official"]
        if members:
            officials[hall.municipality_id] = members[0]
    _published_cycle(
        methodology=methodology, year=timezone.localdate().year - 2, municipalities=municipalities,
        people=people, assessors=assigned, officials={}, year_bonus=0, published_days_ago=400,
    )  # fmt: skip
    _published_cycle(
        methodology=methodology, year=timezone.localdate().year - 1, municipalities=municipalities,
        people=people, assessors=assigned, officials=officials, year_bonus=0.08,
        published_days_ago=40,
    )  # fmt: skip

    # This year: a new edition (same indicators, mapped to their predecessors) being assessed.
    edition = services.methodology_clone(
        actor=people["methodology_manager"], methodology=methodology,
        edition=timezone.localdate().year,
    )  # fmt: skip
    current = services.cycle_open(
        actor=people["coordinator"], methodology=edition, year=timezone.localdate().year,
        name="Transparent Cities", municipalities=list(municipalities),
        **_dates(reply_in_days=45),
    )  # fmt: skip
    for assessor in set(assigned.values()):
        services.assignment_bulk(
            actor=people["coordinator"], cycle=current,
            municipalities=[m for m in municipalities if assigned[m.pk] == assessor],
            assessor=assessor, reviewer=people["reviewer"],
        )  # fmt: skip
    _answers(
        current, municipalities, assigned, year_bonus=0.1, share_answered=0.6,
        states=(AnswerState.IN_PROGRESS, AnswerState.IN_PROGRESS, AnswerState.SUBMITTED,
                AnswerState.APPROVED),
    )  # fmt: skip
    returned = Answer.objects.filter(cycle=current, state=AnswerState.SUBMITTED).first()
    if returned is not None:
        services.answer_return(
            actor=people["reviewer"], answer=returned,
            reason="The link points at last year's report; find this year's.",
        )  # fmt: skip
    return True
