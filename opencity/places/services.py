"""Writes to the places tables: importing a register, keeping search text up to date."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from opencity.core.text import latin_slug, search_key
from opencity.places.models import Country, Municipality, Region
from opencity.places.registers import (
    DEFAULT_PATHS,
    PARSERS,
    MunicipalityRecord,
    ParsedRegister,
    Progress,
    RegionRecord,
    no_progress,
)

LANGUAGES = ("en", "uk", "ro", "bg")
COUNTRY_NAMES = {
    "UA": {"en": "Ukraine", "uk": "Україна", "ro": "Ucraina", "bg": "Украйна"},
    "RO": {"en": "Romania", "uk": "Румунія", "ro": "România", "bg": "Румъния"},
    "BG": {"en": "Bulgaria", "uk": "Болгарія", "ro": "Bulgaria", "bg": "България"},
}


@dataclass
class ImportResult:
    register: str
    counts: Counter[str] = field(default_factory=Counter)
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def place_search_text(names: dict[str, str], code: str) -> str:
    return " ".join(dict.fromkeys(search_key(name) for name in [*names.values(), code] if name))


def place_save(*, place: Region | Municipality) -> None:
    """Save a region or municipality edited by hand, keeping its search text in step."""
    names = {language: getattr(place, f"name_{language}") or "" for language in LANGUAGES}
    place.search_text = place_search_text(names, place.code)
    place.full_clean()
    with transaction.atomic():
        place.save()


def _unique_slugs(keys: list[tuple[object, str, str, str]]) -> dict[str, str]:
    """Slugs unique within a scope, chosen the same way on every run of the same file.

    `keys` holds (scope, code, base slug, qualifier slug). A base slug used twice in a scope gets
    its qualifier; if that still repeats, the official code.
    """
    by_base: dict[tuple[object, str], list[tuple[str, str]]] = defaultdict(list)
    for scope, code, base, qualifier in keys:
        by_base[(scope, base)].append((code, qualifier))
    slugs: dict[str, str] = {}
    for (_scope, base), members in by_base.items():
        if len(members) == 1:
            slugs[members[0][0]] = base
            continue
        qualified = Counter(f"{base}-{qualifier}" for _code, qualifier in members)
        for code, qualifier in members:
            candidate = f"{base}-{qualifier}"
            slugs[code] = candidate if qualified[candidate] == 1 else f"{base}-{code.lower()}"
    return slugs


def _name_fields(names: dict[str, str]) -> dict[str, str | None]:
    return {f"name_{language}": names.get(language) or None for language in LANGUAGES}


def _upsert(model: type, rows: dict[str, dict], register: str, fields: list[str]) -> Counter:
    """Create missing rows and update changed ones, matched on (register, code)."""
    outcome: Counter[str] = Counter()
    existing = {obj.code: obj for obj in model.objects.filter(register=register)}
    to_create, to_update = [], []
    for code, values in rows.items():
        current = existing.get(code)
        if current is None:
            to_create.append(model(register=register, code=code, **values))
            continue
        changed = False
        for name, value in values.items():
            if getattr(current, name) != value:
                setattr(current, name, value)
                changed = True
        if changed:
            to_update.append(current)
        else:
            outcome["unchanged"] += 1
    model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=500)
    outcome["created"] += len(to_create)
    outcome["updated"] += len(to_update)
    return outcome


def _common_fields(country: Country, record: RegionRecord | MunicipalityRecord, slug: str) -> dict:
    return {
        "country_id": country.pk,
        "unit_type": record.unit_type,
        "slug": slug,
        "search_text": place_search_text(record.names, record.code),
        **_name_fields(record.names),
    }


def _region_rows(
    country: Country, records: list[RegionRecord], existing_ids: dict[str, int]
) -> dict[str, dict]:
    slugs = _unique_slugs([(None, r.code, latin_slug(r.names["en"]), r.unit_type) for r in records])
    return {
        record.code: {
            **_common_fields(country, record, slugs[record.code]),
            "parent_id": existing_ids.get(record.parent_code) if record.parent_code else None,
            "nuts_code": record.nuts_code,
        }
        for record in records
    }


def _municipality_rows(
    country: Country,
    records: list[MunicipalityRecord],
    region_ids: dict[str, int],
    region_slugs: dict[str, str],
) -> dict[str, dict]:
    slugs = _unique_slugs(
        [
            (
                r.region_code,
                r.code,
                latin_slug(r.names["en"]),
                region_slugs.get(r.district_code or "", r.unit_type),
            )
            for r in records
        ]
    )
    return {
        record.code: {
            **_common_fields(country, record, slugs[record.code]),
            "region_id": region_ids[record.region_code],
            "district_id": region_ids.get(record.district_code) if record.district_code else None,
            "settlement_count": record.settlement_count,
        }
        for record in records
    }


REGION_FIELDS = ["country", "parent", "unit_type", "slug", "nuts_code", "search_text"]
MUNICIPALITY_FIELDS = [
    "country",
    "region",
    "district",
    "unit_type",
    "slug",
    "settlement_count",
    "search_text",
]


def country_ensure(*, code: str) -> Country:
    names = COUNTRY_NAMES[code]
    country, _created = Country.objects.get_or_create(
        code=code, defaults={"slug": code.lower(), **_name_fields(names)}
    )
    return country


def register_apply(*, parsed: ParsedRegister) -> ImportResult:
    """Write a parsed register in one transaction: all of it or, on any error, nothing."""
    result = ImportResult(register=parsed.register)
    name_columns = [f"name_{language}" for language in LANGUAGES]
    with transaction.atomic():
        country = country_ensure(code=parsed.country_code)
        # Regions in two passes, so that a raion can point at its oblast.
        top = [r for r in parsed.regions if not r.parent_code]
        nested = [r for r in parsed.regions if r.parent_code]
        region_ids: dict[str, int] = {}
        region_slugs: dict[str, str] = {}
        for batch in (top, nested):
            if not batch:
                continue
            rows = _region_rows(country, batch, region_ids)
            outcome = _upsert(Region, rows, parsed.register, REGION_FIELDS + name_columns)
            result.created += outcome["created"]
            result.updated += outcome["updated"]
            result.unchanged += outcome["unchanged"]
            for code, pk, slug in Region.objects.filter(register=parsed.register).values_list(
                "code", "pk", "slug"
            ):
                region_ids[code] = pk
                region_slugs[code] = slug
        for record in parsed.regions:
            result.counts[f"region:{record.unit_type}"] += 1
        rows = _municipality_rows(country, parsed.municipalities, region_ids, region_slugs)
        outcome = _upsert(Municipality, rows, parsed.register, MUNICIPALITY_FIELDS + name_columns)
        result.created += outcome["created"]
        result.updated += outcome["updated"]
        result.unchanged += outcome["unchanged"]
        for record in parsed.municipalities:
            result.counts[f"municipality:{record.unit_type}"] += 1
    return result


def register_import(
    *, register: str, path: Path | None = None, progress: Progress = no_progress
) -> ImportResult:
    """Read a register's files (the copies shipped with OpenCity by default) and write them."""
    parsed = PARSERS[register](path or DEFAULT_PATHS[register], progress)
    return register_apply(parsed=parsed)
