"""Demo action plans: Iași (an OGP Local member) with a completed plan and one in implementation,
and Ukraine's national plan, with progress, co-creation records and assessments by the IRM, the
governments themselves and civil society. Called by `opencity demo`; the accounts are refreshed on
every run, the plans are loaded once.

Commitments and milestones are written in bulk (with their history rows), as an import would write
them; what people do afterwards — plans, progress reports, assessments, following — goes through
the services, so that the history names who did it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from simple_history.utils import bulk_create_with_history

from opencity.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from opencity.actionplans import services
from opencity.actionplans.demo_data import (
    COMPLETE,
    IASI_PLAN_1,
    IASI_PLAN_2,
    POLICY_AREAS,
    UKRAINE_PLAN,
    PlanData,
    Two,
)
from opencity.actionplans.models import (
    ActionPlan,
    CoCreationEvent,
    Commitment,
    Member,
    Milestone,
    PolicyArea,
)
from opencity.actionplans.scales import AssessorKind, MemberKind
from opencity.places.models import Country, Municipality

LANGUAGES = ("en", "uk", "ro", "bg")
IRM_SLUG = "independent-reporting-mechanism"
# Organisations created by `opencity demo` before this module runs.
COALITION_SLUG = "open-cities-coalition"
IASI_CSO_SLUG = "iasi-civic-lab"
UKRAINE_GOVERNMENT_SLUG = "ua-open-government-team"

UKRAINIAN_BODIES: dict[str, tuple[str, str, str, str, str]] = {
    "digital": (
        "ua-ministry-of-digital-transformation",
        "Ministry of Digital Transformation of Ukraine",
        "Міністерство цифрової трансформації України",
        "Ministerul Transformării Digitale al Ucrainei",
        "Министерство на цифровата трансформация на Украйна",
    ),
    "finance": (
        "ua-ministry-of-finance",
        "Ministry of Finance of Ukraine",
        "Міністерство фінансів України",
        "Ministerul Finanțelor al Ucrainei",
        "Министерство на финансите на Украйна",
    ),
    "justice": (
        "ua-ministry-of-justice",
        "Ministry of Justice of Ukraine",
        "Міністерство юстиції України",
        "Ministerul Justiției al Ucrainei",
        "Министерство на правосъдието на Украйна",
    ),
    "communities": (
        "ua-ministry-for-communities",
        "Ministry for Development of Communities and Territories of Ukraine",
        "Міністерство розвитку громад та територій України",
        "Ministerul Dezvoltării Comunităților și Teritoriilor al Ucrainei",
        "Министерство за развитие на общностите и териториите на Украйна",
    ),
    "nacp": (
        "ua-national-agency-on-corruption-prevention",
        "National Agency on Corruption Prevention",
        "Національне агентство з питань запобігання корупції",
        "Agenția Națională pentru Prevenirea Corupției",
        "Национална агенция за превенция на корупцията",
    ),
}

PersonMaker = Callable[..., User]

# Progress notes written for every finished or partly finished milestone, in English and in the
# member's language; the milestone's deliverable or percentage fills the gap.
DONE = {"en": "Done: {}", "uk": "Виконано: {}", "ro": "Realizat: {}"}
DONE_TEXT = {
    "en": "The deliverable is published; the link leads to it.",
    "uk": "Результат оприлюднено; посилання веде до нього.",
    "ro": "Rezultatul este publicat; linkul duce la el.",
}
UNDER_WAY = {"en": "Under way: {}", "uk": "Триває: {}", "ro": "În lucru: {}"}
UNDER_WAY_TEXT = {
    "en": "About {} % of the work is done; the link shows the draft as it stands.",
    "uk": "Виконано близько {} % роботи; за посиланням — поточна чернетка.",
    "ro": "Aproximativ {} % din lucrare este gata; linkul arată varianta de lucru actuală.",
}


def _phrase(template: dict[str, str], fill: Sequence[object], local: str) -> Two:
    """A note in English and in the member's language; `fill` holds the value for each."""
    if not fill:
        return template["en"], template[local]
    return template["en"].format(fill[0]), template[local].format(fill[1])


def _months(start: datetime.date, months: int) -> datetime.date:
    month = start.month - 1 + months
    return datetime.date(start.year + month // 12, month % 12 + 1, 1)


def _organisation(slug: str, kind: str, names: Sequence[str], **extra: Any) -> Organisation:
    values = {f"name_{language}": name for language, name in zip(LANGUAGES, names, strict=True)}
    organisation, _created = Organisation.objects.update_or_create(
        slug=slug, defaults={"kind": kind, **values, **extra}
    )
    return organisation


def _membership(user: User, organisation: Organisation, role: str) -> None:
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)


def _member_of(organisation: Organisation, *roles: str) -> User:
    """Someone who may write for an organisation that `opencity demo` has given members."""
    memberships = Membership.objects.filter(organisation=organisation)
    if roles:
        memberships = memberships.filter(role__in=roles)
    membership = memberships.select_related("user").order_by("pk").first()
    if membership is None:
        raise LookupError(f"{organisation} has no members in the demo")
    return membership.user


class _Loader:
    """Loads one member's plans; `local` is the member's language besides English."""

    def __init__(
        self,
        *,
        member: Member,
        local: str,
        site: str,
        official: User,
        independent: User,
        mechanism: Organisation,
        monitor: User,
        monitoring_cso: Organisation,
        leads: dict[str, Organisation],
        supporting: Sequence[Organisation],
        areas: dict[str, PolicyArea],
        current_start: datetime.date,
    ) -> None:
        self.member = member
        self.local = local
        self.site = site
        self.official = official
        self.independent = independent
        self.mechanism = mechanism
        self.monitor = monitor
        self.monitoring_cso = monitoring_cso
        self.leads = leads
        self.supporting = supporting
        self.areas = areas
        self.current_start = current_start
        self.today = timezone.localdate()

    def _two(self, name: str, text: Two) -> dict[str, str]:
        return {f"{name}_en": text[0], f"{name}_{self.local}": text[1]}

    def _translate(self, instance: Any, actor: User, **texts: Two) -> None:
        """Add the member's language to what a service wrote in English."""
        fields = []
        for name, text in texts.items():
            setattr(instance, f"{name}_{self.local}", text[1])
            fields.append(f"{name}_{self.local}")
        instance._history_user = actor
        instance.save(update_fields=fields)

    def _day(self, start: datetime.date, months: int, days: int = 0) -> datetime.date:
        """A day in the past: `months` after `start`, moved back to yesterday at the latest."""
        day = _months(start, months) + datetime.timedelta(days=days)
        return min(day, self.today - datetime.timedelta(days=1))

    def plan(self, data: PlanData) -> ActionPlan:
        start = _months(self.current_start, 12 * data.start_year)
        end = _months(start, 12 * data.years) - datetime.timedelta(days=1)
        plan = services.plan_create(
            actor=self.official,
            member=self.member,
            number=data.number,
            identifier=data.identifier,
            title=data.title[0],
            start_year=start.year,
            end_year=end.year,
            status=data.status,
            submitted_on=self._day(start, -1, days=-15),
            url=f"https://{self.site}/open-government/{data.identifier.lower()}",
            influence_level=data.influence_level,
            minimum_requirements_met=data.minimum_requirements_met,
            co_creation_summary=data.co_creation_summary[0],
            reasoned_response=data.reasoned_response[0],
            reasoned_response_url=(
                f"https://{self.site}/open-government/{data.identifier.lower()}/reasoned-response"
            ),
        )
        # The service wrote English; the plan's title comes in every language, its co-creation
        # record in the member's language too.
        for language, title in zip(LANGUAGES, data.title, strict=True):
            setattr(plan, f"title_{language}", title)
        setattr(plan, f"co_creation_summary_{self.local}", data.co_creation_summary[1])
        setattr(plan, f"reasoned_response_{self.local}", data.reasoned_response[1])
        plan._history_user = self.official  # type: ignore[attr-defined]
        plan.save()
        CoCreationEvent.objects.bulk_create(
            CoCreationEvent(
                plan=plan,
                kind=event.kind,
                held_on=_months(start, event.month) + datetime.timedelta(days=9),
                participants=event.participants,
                url=f"https://{self.site}/open-government/events/{data.number}-{number}",
                **self._two("title", event.title),
                **self._two("description", event.description),
            )
            for number, event in enumerate(data.events, start=1)
        )
        commitments = self._commitments(plan, data, start)
        self._milestones(commitments, data, start)
        self._progress(commitments, data, start)
        self._assessments(commitments, data, start)
        return plan

    def _commitments(
        self, plan: ActionPlan, data: PlanData, start: datetime.date
    ) -> dict[str, Commitment]:
        end = _months(start, 12 * data.years) - datetime.timedelta(days=1)
        prefix = self.member.prefix
        first = data.first_commitment or (
            Commitment.all_objects.filter(plan__member=self.member).count() + 1
        )
        objects = []
        for position, item in enumerate(data.commitments, start=first):
            identifier = f"{prefix}{position:04d}"
            values = dict.fromkeys(item.values, True)
            objects.append(
                Commitment(
                    plan=plan,
                    identifier=identifier,
                    number=item.number,
                    start_date=start,
                    end_date=end,
                    lead_institution=self.leads[item.lead],
                    url=f"https://{self.site}/open-government/{identifier.lower()}",
                    **{
                        f"title_{lang}": text
                        for lang, text in zip(LANGUAGES, item.title, strict=True)
                    },
                    **{
                        f"short_title_{lang}": text
                        for lang, text in zip(LANGUAGES, item.short_title, strict=True)
                    },
                    **self._two("problem", item.problem),
                    **self._two("description", item.description),
                    **self._two("how_it_helps", item.how_it_helps),
                    **values,
                )
            )
        created = bulk_create_with_history(
            objects, Commitment, default_user=self.official, default_change_reason="demo"
        )
        by_number = {
            item.number: commitment
            for item, commitment in zip(data.commitments, created, strict=True)
        }
        children = []
        for item in data.commitments:
            if item.parent:
                child = by_number[item.number]
                child.parent = by_number[item.parent]
                children.append(child)
        Commitment.all_objects.bulk_update(children, ["parent"])
        area_links = Commitment.policy_areas.through
        area_links.objects.bulk_create(
            area_links(commitment_id=by_number[item.number].pk, policyarea_id=self.areas[code].pk)
            for item in data.commitments
            for code in item.areas
        )
        supporting_links = Commitment.supporting_institutions.through
        supporting_links.objects.bulk_create(
            supporting_links(
                commitment_id=by_number[item.number].pk, organisation_id=organisation.pk
            )
            for item in data.commitments
            for organisation in self.supporting
        )
        return by_number

    def _milestones(
        self, commitments: dict[str, Commitment], data: PlanData, start: datetime.date
    ) -> None:
        objects = []
        for item in data.commitments:
            commitment = commitments[item.number]
            for number, milestone in enumerate(item.milestones, start=1):
                end = _months(start, milestone.end) - datetime.timedelta(days=1)
                complete = milestone.status == COMPLETE
                objects.append(
                    Milestone(
                        commitment=commitment,
                        number=number,
                        start_date=_months(start, milestone.start),
                        end_date=end,
                        status=milestone.status,
                        completed_on=(
                            min(end - datetime.timedelta(days=6), self.today) if complete else None
                        ),
                        responsible=getattr(commitment.lead_institution, f"name_{self.local}")
                        or commitment.lead_institution.name_en,
                        **{
                            f"deliverable_{lang}": text
                            for lang, text in zip(LANGUAGES, milestone.deliverable, strict=True)
                        },
                    )
                )
        bulk_create_with_history(
            objects, Milestone, default_user=self.official, default_change_reason="demo"
        )

    def _progress(
        self, commitments: dict[str, Commitment], data: PlanData, start: datetime.date
    ) -> None:
        milestones = {
            (m.commitment_id, m.number): m
            for m in Milestone.objects.filter(
                commitment__in=list(commitments.values())
            ).select_related("commitment")
        }
        elapsed = (self.today.year - start.year) * 12 + self.today.month - start.month
        for item in data.commitments:
            commitment = commitments[item.number]
            page = f"https://{self.site}/open-government/{commitment.identifier.lower()}"
            explained = {entry.milestone for entry in item.progress}
            for number, milestone_data in enumerate(item.milestones, start=1):
                milestone = milestones[(commitment.pk, number)]
                deliverable = (
                    milestone.deliverable_en,
                    getattr(milestone, f"deliverable_{self.local}"),
                )
                if milestone_data.status == COMPLETE and milestone.completed_on is not None:
                    self._report(
                        commitment,
                        reported_on=milestone.completed_on,
                        title=_phrase(DONE, deliverable, self.local),
                        text=_phrase(DONE_TEXT, (), self.local),
                        milestone=milestone,
                        links=[f"{page}/milestone-{number}"],
                    )
                elif milestone_data.reported is not None and number not in explained:
                    month = max(milestone_data.start, min(milestone_data.end, elapsed) - 1)
                    self._report(
                        commitment,
                        reported_on=self._day(start, month, days=14),
                        title=_phrase(UNDER_WAY, deliverable, self.local),
                        text=_phrase(UNDER_WAY_TEXT, (milestone_data.reported,) * 2, self.local),
                        milestone=milestone,
                        progress=Decimal(milestone_data.reported),
                        links=[f"{page}/milestone-{number}/draft"],
                    )
            for entry in item.progress:
                milestone = milestones.get((commitment.pk, entry.milestone or 0))
                self._report(
                    commitment,
                    reported_on=self._day(start, entry.month, days=4),
                    title=entry.title,
                    text=entry.text,
                    milestone=milestone,
                    progress=None if entry.progress is None else Decimal(entry.progress),
                    links=[f"{page}/progress-{entry.month}", f"{page}/documents"],
                )

    def _report(
        self,
        commitment: Commitment,
        *,
        reported_on: datetime.date,
        title: Two,
        text: Two,
        milestone: Milestone | None,
        links: Sequence[str],
        progress: Decimal | None = None,
    ) -> None:
        update = services.progress_report(
            actor=self.official,
            commitment=commitment,
            reported_on=reported_on,
            title=title[0],
            text=text[0],
            progress=progress,
            milestone=milestone,
            links=links,
        )
        self._translate(update, self.official, title=title, text=text)

    def _assessments(
        self, commitments: dict[str, Commitment], data: PlanData, start: datetime.date
    ) -> None:
        end = _months(start, 12 * data.years)
        finished = data.status == "completed"
        # The refreshed method reviews a plan within four months; older reports come at its end.
        independent_on = self._day(end if finished else start, 3 if finished else 2, days=10)
        monitoring_on = self._day(end if finished else start, 1 if finished else 12, days=2)
        for item in data.commitments:
            commitment = commitments[item.number]
            kinds = [
                (
                    AssessorKind.INDEPENDENT,
                    self.independent,
                    self.mechanism,
                    data.independent_report,
                    independent_on,
                    item.independent,
                ),
                (
                    AssessorKind.SELF,
                    self.official,
                    self.member.government,
                    data.monitoring_report,  # governments report alongside the monitors
                    monitoring_on,
                    item.self_assessment,
                ),
                (
                    AssessorKind.CIVIL_SOCIETY,
                    self.monitor,
                    self.monitoring_cso,
                    data.monitoring_report,
                    monitoring_on,
                    item.monitoring,
                ),
            ]
            for kind, actor, organisation, report, published_on, values in kinds:
                if not values:
                    continue
                self._assess(
                    commitment, kind, actor, organisation, report, published_on, dict(values)
                )

    def _assess(
        self,
        commitment: Commitment,
        kind: str,
        actor: User,
        organisation: Organisation | None,
        report: str,
        published_on: datetime.date,
        values: dict[str, Any],
    ) -> None:
        assert organisation is not None
        summary: Two = values.pop("summary", ("", ""))
        promising = bool(values.pop("promising", False))
        slug = organisation.slug
        assessment = services.assessment_record(
            actor=actor,
            commitment=commitment,
            report_type=report,
            assessor_kind=kind,
            organisation=organisation,
            published_on=published_on,
            promising=promising,
            summary=summary[0],
            url=f"https://{slug}.example.org/reports/{commitment.plan.identifier.lower()}-{report}",
            links=[f"https://{slug}.example.org/evidence/{commitment.identifier.lower()}"],
            **values,
        )
        if summary[1]:
            self._translate(assessment, actor, summary=summary)


def _policy_areas() -> dict[str, PolicyArea]:
    areas = {}
    for code, names in POLICY_AREAS.items():
        area, _created = PolicyArea.objects.get_or_create(
            code=code,
            defaults={
                f"name_{language}": name for language, name in zip(LANGUAGES, names, strict=True)
            },
        )
        areas[code] = area
    return areas


def _follow(person: User, plans: Sequence[tuple[ActionPlan, PlanData]]) -> None:
    for plan, data in plans:
        numbers = [item.number for item in data.commitments if item.followed]
        for commitment in Commitment.all_objects.filter(plan=plan, number__in=numbers):
            services.commitment_follow(actor=person, commitment=commitment)


def load(*, person: PersonMaker) -> list[tuple[str, str]]:
    """Create the demo accounts of action plans (every run) and the plans (once). `person` is
    `opencity demo`'s maker of accounts: person(email, display name) → User. Returns the demo
    logins to print."""
    with translation.override("en"), transaction.atomic():
        return _load(person)


def _load(person: PersonMaker) -> list[tuple[str, str]]:
    iasi = Municipality.objects.filter(country__code="RO", name_en="Iași").order_by("code").first()
    ukraine = Country.objects.filter(code="UA").first()
    if iasi is None or ukraine is None:
        return []
    city_hall = Organisation.objects.filter(
        kind=OrganisationKind.CITY_HALL, municipality=iasi
    ).first()
    iasi_cso = Organisation.objects.filter(slug=IASI_CSO_SLUG).first()
    coalition = Organisation.objects.filter(slug=COALITION_SLUG).first()
    government = Organisation.objects.filter(slug=UKRAINE_GOVERNMENT_SLUG).first()
    if None in (city_hall, iasi_cso, coalition, government):
        return []
    assert city_hall and iasi_cso and coalition and government
    mechanism = _organisation(
        IRM_SLUG,
        OrganisationKind.OTHER,
        (
            "Independent Reporting Mechanism",
            "Незалежний механізм звітування",
            "Mecanismul Independent de Raportare",
            "Независим механизъм за отчитане",
        ),
        description_en=(
            "Assesses open-government action plans independently of the governments that "
            "carry them out."
        ),
    )
    university = _organisation(
        "uaic-iasi",
        OrganisationKind.OTHER,
        (
            "Alexandru Ioan Cuza University of Iași",
            "Ясський університет імені Александру Іоана Кузи",
            "Universitatea „Alexandru Ioan Cuza” din Iași",
            "Яшки университет „Александру Йоан Куза“",
        ),
        municipality=iasi,
        country=iasi.country,
    )
    ministries = {
        key: _organisation(slug, OrganisationKind.NATIONAL_GOVERNMENT, names, country=ukraine)
        for key, (slug, *names) in UKRAINIAN_BODIES.items()
    }

    official = person("official.iasi@example.org", "Mihai Official")
    _membership(official, city_hall, Role.OFFICIAL)
    independent = person("irm@example.org", "Irina Independent")
    _membership(independent, mechanism, Role.INDEPENDENT_ASSESSOR)
    national_official = _member_of(government, Role.OFFICIAL)
    citizens = [
        person("citizen.iasi@example.org", ""),
        person("citizen.kyiv@example.org", ""),
    ]
    logins = [
        (f"city official, {city_hall.name_en} (action plans)", official.email),
        (f"independent assessor, {mechanism.name_en}", independent.email),
        ("citizen following Iași's commitments", citizens[0].email),
        ("citizen following Ukraine's commitments", citizens[1].email),
    ]
    if Member.objects.filter(prefix__in=["IAS", "UKR"]).exists():
        return logins

    areas = _policy_areas()
    # The plans in implementation started 14 months ago: some milestones are done, some
    # overdue, the rest still ahead, whatever the day the demo is loaded.
    current_start = _months(timezone.localdate().replace(day=1), -14)
    local = Member.objects.create(
        kind=MemberKind.LOCAL,
        slug="iasi",
        prefix="IAS",
        name_en="Iași",
        name_uk="Ясси",
        name_ro="Iași",
        name_bg="Яш",
        country=iasi.country,
        municipality=iasi,
        region="Europe",
        government=city_hall,
        monitoring_body=iasi_cso,
        joined_year=2018,
    )
    national = Member.objects.create(
        kind=MemberKind.NATIONAL,
        slug="ukraine",
        prefix="UKR",
        name_en="Ukraine",
        name_uk="Україна",
        name_ro="Ucraina",
        name_bg="Украйна",
        country=ukraine,
        region="Europe",
        government=government,
        monitoring_body=coalition,
        joined_year=2011,
    )
    iasi_loader = _Loader(
        member=local,
        local="ro",
        site="iasi.example.org",
        official=official,
        independent=independent,
        mechanism=mechanism,
        monitor=_member_of(iasi_cso),
        monitoring_cso=iasi_cso,
        leads={"city_hall": city_hall},
        supporting=[iasi_cso, university],
        areas=areas,
        current_start=current_start,
    )
    iasi_loader.plan(IASI_PLAN_1)
    iasi_current = iasi_loader.plan(IASI_PLAN_2)
    ukraine_current = _Loader(
        member=national,
        local="uk",
        site="ukraine-gov.example.org",
        official=national_official,
        independent=independent,
        mechanism=mechanism,
        monitor=_member_of(coalition),
        monitoring_cso=coalition,
        leads=ministries,
        supporting=[coalition],
        areas=areas,
        current_start=current_start,
    ).plan(UKRAINE_PLAN)

    # People start following once the plans are in: the demo's reports are past history, not
    # news to e-mail (followers hear of progress reported after they follow).
    transaction.on_commit(
        lambda: _followers(
            citizens, iasi=(iasi_current, IASI_PLAN_2), ukraine=(ukraine_current, UKRAINE_PLAN)
        )
    )
    return logins


def _followers(
    citizens: Sequence[User],
    *,
    iasi: tuple[ActionPlan, PlanData],
    ukraine: tuple[ActionPlan, PlanData],
) -> None:
    with translation.override("en"), transaction.atomic():
        everyone = User.objects.filter(email="citizen@example.org").first()
        if everyone is not None:
            _follow(everyone, [iasi, ukraine])
        _follow(citizens[0], [iasi])
        _follow(citizens[1], [ukraine])
