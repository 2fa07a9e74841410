"""Shared set-up of the open-data tests (downloads and API): a published ranking, a correction,
archived evidence, and a publication grown to many more municipalities."""

from __future__ import annotations

import datetime
from typing import Any

from opencity.rankings import services
from opencity.rankings.models import (
    Answer,
    ArchiveStatus,
    EvidenceArchive,
    Publication,
    PublishedResult,
)
from tests.factories import MunicipalityFactory
from tests.rankings.conftest import move_to

SHA = "ab" * 32
ARCHIVED_AT = datetime.datetime(2024, 3, 1, 9, 30, tzinfo=datetime.UTC)


def publish(ranking: Any, reason: str = "") -> Publication:
    """Publish the `ranking` fixture's cycle: version 1, or a correction with `reason`."""
    move_to(ranking.cycle, "publication")
    return services.cycle_publish(actor=ranking.coordinator, cycle=ranking.cycle, reason=reason)


def answer_of(ranking: Any, municipality: str, indicator: str) -> Answer:
    return Answer.objects.get(
        cycle=ranking.cycle, municipality__name_en=municipality, indicator__code=indicator
    )


def mark_archived(answer: Answer, url: str, sha256: str = SHA) -> EvidenceArchive:
    """What the archiver records once it has fetched a link (it never runs in these tests)."""
    EvidenceArchive.objects.filter(answer=answer, url=url).update(
        status=ArchiveStatus.ARCHIVED, sha256=sha256, fetched_at=ARCHIVED_AT, http_status=200
    )
    return EvidenceArchive.objects.get(answer=answer, url=url)


def mark_failed(answer: Answer, url: str) -> EvidenceArchive:
    EvidenceArchive.objects.filter(answer=answer, url=url).update(
        status=ArchiveStatus.FAILED, error="The server answered 404.", http_status=404
    )
    return EvidenceArchive.objects.get(answer=answer, url=url)


def grow(publication: Publication, count: int) -> None:
    """Add `count` municipalities to a publication, each with a copy of its last result, so
    that a test can show a page makes as many queries with many rows as with few."""
    model = PublishedResult.objects.filter(publication=publication).order_by("pk").last()
    assert model is not None
    PublishedResult.objects.bulk_create(
        PublishedResult(
            publication=publication,
            municipality=MunicipalityFactory(),
            total=model.total,
            rank=model.rank,
            category=model.category,
            earned=model.earned,
            possible=model.possible,
            area_scores=model.area_scores,
            levels=model.levels,
            answers=model.answers,
        )
        for _ in range(count)
    )
    Publication.objects.filter(pk=publication.pk).update(
        municipality_count=publication.municipality_count + count
    )


def personal_data(ranking: Any) -> list[str]:
    """What must never appear in open data: the people who scored, reviewed, published or
    replied, by e-mail address and by the name shown beside their work."""
    people = [ranking.coordinator, ranking.assessor, ranking.reviewer, ranking.official]
    return [value for person in people for value in (person.email, person.display_name)]
