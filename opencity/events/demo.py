"""Demo events: past and future events of every kind held by the demo's city halls and
civil-society organisations, some full with a waiting list, one cancelled, and after the past
ones their attendance, organisations present, minutes, outcomes, links and a file; one training
course gave certificates. Called by `opencity demo`; loaded once (a second run changes nothing).

Registrations for events still ahead go through the services, as people would register;
those of past events are written directly (the services refuse to register for what has taken
place), then attendance and minutes are recorded through the services by the organiser.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation

from opencity.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from opencity.core.pdf import Document
from opencity.events import services
from opencity.events.models import Event, EventKind, EventMode, Registration, RegistrationStatus

PersonMaker = Callable[..., User]
PARTICIPANTS = 60
TRAINEE_EMAIL = "trainee@example.org"

# (country, municipality's English name in the register) of each demo organiser's home.
HOMES = {
    "iasi": ("RO", "Iași"),
    "cluj": ("RO", "Cluj-Napoca"),
    "lviv": ("UA", "Lvivska hromada"),
    "kyiv": ("UA", "Kyiv"),
    "plovdiv": ("BG", "Plovdiv"),
    "kharkiv": ("UA", "Kharkivska hromada"),
}
CSOS = {
    "coalition": ("open-cities-coalition", None),
    "iasi-cso": ("iasi-civic-lab", "iasi"),
    "cluj-cso": ("cluj-transparency", "cluj"),
    "lviv-cso": ("lviv-civic-watch", "lviv"),
    "kharkiv-cso": ("kharkiv-open-city", "kharkiv"),
    "plovdiv-cso": ("plovdiv-open-society", "plovdiv"),
}


@dataclass(frozen=True)
class DemoEvent:
    slug: str
    kind: str
    organiser: str  # a key of HOMES (its city hall) or of CSOS
    days: int  # from today; negative: it took place
    title: tuple[str, str, str, str]  # en, uk, ro, bg
    description: str
    mode: str = EventMode.IN_PERSON
    venue: str = ""
    address: str = ""
    hours: int = 3
    capacity: int | None = None
    registrations: int = 0
    registration_required: bool = True
    cancelled: bool = False
    # After the event
    present: int = 0
    attendance: int | None = None
    present_organisations: tuple[str, ...] = ()
    minutes: str = ""
    outcomes: str = ""
    links: tuple[str, ...] = ()  # "consultation", "commitments", "cycle"
    file_title: str = ""
    trainee: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


ONLINE = "https://meet.example.org/"

EVENTS = [
    # Ahead
    DemoEvent(
        "iasi-budget-2027-public-discussion",
        EventKind.PUBLIC_DISCUSSION,
        "iasi",
        6,
        (
            "Public discussion of the 2027 city budget",
            "Громадське обговорення міського бюджету на 2027 рік",
            "Dezbatere publică privind bugetul local pe 2027",
            "Обществено обсъждане на градския бюджет за 2027 г.",
        ),
        "The city hall presents the draft budget for 2027 line by line: investments, social "
        "services, transport. Every resident may ask questions and make proposals; each proposal "
        "gets a written answer in the consultation report.",
        venue="Iași City Hall, Hall of Mirrors",
        address="Bulevardul Ștefan cel Mare și Sfânt 11, Iași",
        capacity=40,
        registrations=44,
    ),
    DemoEvent(
        "lviv-open-transport-data-round-table",
        EventKind.ROUND_TABLE,
        "lviv",
        12,
        (
            "Round table: open data in public transport",
            "Круглий стіл: відкриті дані громадського транспорту",
            "Masă rotundă: date deschise în transportul public",
            "Кръгла маса: отворени данни в обществения транспорт",
        ),
        "Carriers, the city's transport department, developers and passengers' associations "
        "agree which timetables and real-time data the city publishes, in which format.",
        mode=EventMode.HYBRID,
        venue="Lviv City Council, room 210",
        address="Rynok Square 1, Lviv",
        capacity=25,
        registrations=28,
    ),
    DemoEvent(
        "cluj-procurement-contracts-workshop",
        EventKind.WORKSHOP,
        "cluj-cso",
        9,
        (
            "Workshop: reading a public procurement contract",
            "Семінар: як читати договір публічної закупівлі",
            "Atelier: cum citim un contract de achiziție publică",
            "Работилница: как да четем договор за обществена поръчка",
        ),
        "A hands-on afternoon with real contracts from the national procurement system: where "
        "to find the price, the deadlines, the amendments and the penalties.",
        venue="Cluj Hub",
        address="Strada Memorandumului 28, Cluj-Napoca",
        capacity=20,
        registrations=8,
    ),
    DemoEvent(
        "assessor-training-2027",
        EventKind.TRAINING,
        "coalition",
        20,
        (
            "Training course for transparency assessors",
            "Навчальний курс для оцінювачів прозорості",
            "Curs de formare pentru evaluatorii transparenței",
            "Обучителен курс за оценители на прозрачността",
        ),
        "Two sessions on the ranking's methodology: sending information requests, judging "
        "evidence, scoring every indicator the same way. A certificate of participation is "
        "given to those present.",
        mode=EventMode.ONLINE,
        hours=4,
        capacity=30,
        registrations=12,
    ),
    DemoEvent(
        "plovdiv-open-municipalities-conference",
        EventKind.CONFERENCE,
        "plovdiv",
        35,
        (
            "Closing conference: open municipalities in Bulgaria",
            "Підсумкова конференція: відкриті громади Болгарії",
            "Conferința de închidere: municipalități deschise în Bulgaria",
            "Заключителна конференция: отворени общини в България",
        ),
        "Mayors, civil society and donors look back at two years of the programme: what was "
        "published, what changed for residents, and what comes next.",
        venue="Plovdiv International Fair, Congress Centre",
        address="bul. Tsar Boris III Obedinitel 37, Plovdiv",
        hours=7,
        registrations=18,
    ),
    DemoEvent(
        "kharkiv-right-to-information-campaign",
        EventKind.AWARENESS_CAMPAIGN,
        "kharkiv-cso",
        3,
        (
            "Know your right to information: a street campaign",
            "Знай своє право на інформацію: вулична кампанія",
            "Cunoaște-ți dreptul la informație: campanie stradală",
            "Знай правото си на информация: улична кампания",
        ),
        "Volunteers explain on the central square how to send an information request to the "
        "city council and what to do when there is no answer. No registration: just come.",
        venue="Svobody Square",
        address="Kharkiv",
        hours=5,
        registration_required=False,
    ),
    DemoEvent(
        "plovdiv-participatory-budget-workshop",
        EventKind.WORKSHOP,
        "plovdiv-cso",
        15,
        (
            "Workshop on participatory budgeting",
            "Семінар з бюджету участі",
            "Atelier despre bugetarea participativă",
            "Работилница за партиципаторен бюджет",
        ),
        "How residents propose and vote projects for the city's budget.",
        venue="Plovdiv Open Society office",
        address="ul. Knyaz Aleksandar I 42, Plovdiv",
        capacity=15,
        registrations=4,
        cancelled=True,
    ),
    # Held
    DemoEvent(
        "cluj-parking-regulation-public-discussion",
        EventKind.PUBLIC_DISCUSSION,
        "cluj",
        -20,
        (
            "Public discussion: the draft parking regulation",
            "Громадське обговорення: проєкт правил паркування",
            "Dezbatere publică: proiectul regulamentului de parcare",
            "Обществено обсъждане: проект на наредба за паркирането",
        ),
        "The draft regulation on residents' parking permits and the new paid zones, presented by "
        "the mobility department.",
        venue="Cluj-Napoca City Hall, council room",
        address="Strada Moților 3, Cluj-Napoca",
        capacity=40,
        registrations=38,
        present=30,
        attendance=63,
        present_organisations=("cluj-cso", "coalition"),
        minutes="The mobility department presented the draft regulation and the map of the new "
        "paid zones. Twenty-one people spoke: most asked for a cheaper permit for the second car "
        "of a household, longer free parking near the hospitals and a clear rule for delivery "
        "vans. The department answered each question and recorded every proposal.",
        outcomes="Fourteen written proposals were added to the consultation on the draft "
        "regulation; the department agreed to publish the parking occupancy data monthly.",
        links=("consultation",),
        file_title="Minutes of the public discussion",
    ),
    DemoEvent(
        "iasi-action-plan-round-table",
        EventKind.ROUND_TABLE,
        "iasi",
        -45,
        (
            "Round table on the open-government action plan",
            "Круглий стіл щодо плану дій з відкритого урядування",
            "Masă rotundă privind planul de acțiune pentru guvernare deschisă",
            "Кръгла маса за плана за действие за открито управление",
        ),
        "Civil society and the city hall review the commitments of the action plan and the "
        "milestones that are late.",
        venue="Iași City Hall, room 14",
        address="Bulevardul Ștefan cel Mare și Sfânt 11, Iași",
        capacity=25,
        registrations=22,
        present=19,
        attendance=24,
        present_organisations=("iasi-cso", "coalition"),
        minutes="Each lead department reported on its commitments. The participants asked for "
        "the budget data to be published as open data before the end of the year and for a "
        "second meeting once the open-data portal is tested.",
        outcomes="Two milestones were given new dates with reasons; the civil-society monitors "
        "will review the portal in a workshop.",
        links=("commitments",),
    ),
    DemoEvent(
        "lviv-accessibility-mapping-workshop",
        EventKind.WORKSHOP,
        "lviv-cso",
        -30,
        (
            "Workshop: mapping the accessibility of city services",
            "Семінар: мапування доступності міських послуг",
            "Atelier: cartografierea accesibilității serviciilor publice",
            "Работилница: картографиране на достъпността на градските услуги",
        ),
        "Residents with disabilities and volunteers check the entrances, forms and websites of "
        "the administrative service centres.",
        mode=EventMode.HYBRID,
        venue="Lviv Civic Watch office",
        address="Doroshenka St 9, Lviv",
        capacity=20,
        registrations=17,
        present=15,
        attendance=21,
        present_organisations=("lviv-cso",),
        minutes="Seven service centres were checked; four have no step-free entrance and the "
        "online forms of two cannot be used with a screen reader.",
        outcomes="A report with the findings was sent to the city council, which promised an "
        "answer within a month.",
    ),
    DemoEvent(
        "iasi-information-requests-training",
        EventKind.TRAINING,
        "iasi-cso",
        -14,
        (
            "Training course: requests for public information",
            "Навчальний курс: запити на публічну інформацію",
            "Curs de formare: solicitările de informații de interes public",
            "Обучителен курс: заявления за достъп до обществена информация",
        ),
        "How to write a request under Law 544/2001, the deadlines, the exemptions and how to "
        "complain when the answer does not come. Certificates of participation for those present.",
        venue="Iași Civic Lab",
        address="Strada Lăpușneanu 14, Iași",
        hours=6,
        capacity=20,
        registrations=18,
        present=15,
        attendance=15,
        present_organisations=("iasi-cso",),
        minutes="Fifteen participants wrote and sent a real request each; the trainers reviewed "
        "them together. The answers received will be discussed in a follow-up session.",
        outcomes="Fifteen requests sent to six public bodies.",
        trainee=True,
    ),
    DemoEvent(
        "transparent-cities-conference-2026",
        EventKind.CONFERENCE,
        "coalition",
        -60,
        (
            "Conference: Transparent Cities, the 2026 results",
            "Конференція: «Прозорі міста», результати 2026 року",
            "Conferința: Orașe transparente, rezultatele din 2026",
            "Конференция: Прозрачни градове, резултатите за 2026 г.",
        ),
        "The coalition presents the ranking's results, the cities that improved most and the "
        "indicators where every city is still weak.",
        mode=EventMode.HYBRID,
        venue="Kyiv, Ukrainian House",
        address="Khreshchatyk St 2, Kyiv",
        hours=6,
        registrations=35,
        present=29,
        attendance=112,
        present_organisations=("coalition", "iasi-cso", "cluj-cso", "lviv-cso", "plovdiv-cso"),
        minutes="The results were presented by region. Three mayors explained what they changed "
        "after the previous ranking; journalists asked about the cities that did not answer any "
        "information request.",
        outcomes="Twelve city halls asked for a working meeting on the indicators they failed.",
        links=("cycle",),
    ),
    DemoEvent(
        "kyiv-budget-in-plain-words-campaign",
        EventKind.AWARENESS_CAMPAIGN,
        "kyiv",
        -90,
        (
            "Awareness campaign: the city budget in plain words",
            "Інформаційна кампанія: міський бюджет простими словами",
            "Campanie de informare: bugetul orașului pe înțelesul tuturor",
            "Информационна кампания: градският бюджет с прости думи",
        ),
        "Posters in the metro and a stand in front of the city council explaining where the "
        "city's money comes from and where it goes.",
        venue="Khreshchatyk St 36, in front of the City Council",
        address="Kyiv",
        hours=8,
        registration_required=False,
        attendance=420,
        minutes="Over two days about 420 people stopped at the stand; the most asked questions "
        "were about the cost of public transport and the repair of schools.",
        outcomes="The city council added a plain-language summary to the published budget.",
    ),
]


def _municipality(key: str) -> Any:
    from opencity.places.models import Municipality

    country, name = HOMES[key]
    return Municipality.objects.filter(country__code=country, name_en=name).order_by("code").first()


def _organisers() -> dict[str, tuple[Organisation, Any]] | None:
    found: dict[str, tuple[Organisation, Any]] = {}
    for key in HOMES:
        municipality = _municipality(key)
        hall = (
            Organisation.objects.filter(kind=OrganisationKind.CITY_HALL, municipality=municipality)
            .order_by("pk")
            .first()
            if municipality
            else None
        )
        if hall is None:
            return None
        found[key] = (hall, municipality)
    for key, (slug, home) in CSOS.items():
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            return None
        found[key] = (organisation, found[home][1] if home else None)
    return found


def _actor(organisation: Organisation, admin: User) -> User:
    """An official or coordinator of the organiser, so that the history names them; else the
    platform's administrator."""
    membership = (
        Membership.objects.filter(
            organisation=organisation, role__in=[Role.OFFICIAL, Role.COORDINATOR]
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else admin


def _participants() -> list[User]:
    """Demo residents who register; they cannot log in (no password)."""
    emails = [f"participant{number:02d}@example.org" for number in range(1, PARTICIPANTS + 1)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    new = [
        User(email=email, display_name=f"Participant {number:02d}")
        for number, email in enumerate(emails, start=1)
        if email not in existing
    ]
    for user in new:
        user.set_unusable_password()
    User.objects.bulk_create(new)
    users = list(User.objects.filter(email__in=emails).order_by("email"))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in users
            if user.email not in existing
        ]
    )
    return users


def _minutes_pdf(event: Event, title: str) -> SimpleUploadedFile:
    document = Document(title=title, language="en")
    document.add_page()
    document.heading(title)
    document.paragraph(event.title)
    document.paragraph(event.minutes)
    if event.outcomes:
        document.paragraph(event.outcomes)
    return SimpleUploadedFile(f"{event.slug}-minutes.pdf", document.to_bytes(), "application/pdf")


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def load(*, person: PersonMaker) -> list[tuple[str, str]]:
    """Create the events once; `person` is `opencity demo`'s maker of accounts (email, display
    name) → User. Returns the demo logins to print."""
    with translation.override("en"), transaction.atomic():
        return _load(person)


def _load(person: PersonMaker) -> list[tuple[str, str]]:
    organisers = _organisers()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if organisers is None or admin is None:
        return []
    trainee = person(TRAINEE_EMAIL, "Dana Trainee")
    logins = [("participant with a training certificate (events)", trainee.email)]
    if Event.all_objects.filter(slug__in=[item.slug for item in EVENTS]).exists():
        return logins
    participants = _participants()
    for item in EVENTS:
        _event(item, organisers, admin, participants, trainee)
    return logins


def _event(
    item: DemoEvent,
    organisers: dict[str, tuple[Organisation, Any]],
    admin: User,
    participants: list[User],
    trainee: User,
) -> Event:
    organiser, municipality = organisers[item.organiser]
    actor = _actor(organiser, admin)
    start = _at(item.days, 10)
    event = services.event_create(
        actor=actor,
        organiser=organiser,
        slug=item.slug,
        kind=item.kind,
        title=item.title[0],
        description=item.description,
        mode=item.mode,
        venue=item.venue if item.mode != EventMode.ONLINE else "",
        address=item.address,
        online_url=ONLINE + item.slug if item.mode != EventMode.IN_PERSON else "",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=item.hours),
        capacity=item.capacity,
        registration_required=item.registration_required,
        municipality=municipality,
    )
    Event.all_objects.filter(pk=event.pk).update(
        title_uk=item.title[1], title_ro=item.title[2], title_bg=item.title[3]
    )
    services.event_publish(actor=actor, event=event)
    people = participants[: item.registrations]
    if item.trainee:
        people = [trainee, *people[: item.registrations - 1]]
    if item.days > 0:
        for number, participant in enumerate(people):
            services.registration_create(
                actor=participant, event=event, rate_key=f"demo:{item.slug}:{number}"
            )
    else:
        made = timezone.now() - datetime.timedelta(days=-item.days + 10)
        Registration.objects.bulk_create(
            [
                Registration(
                    event=event,
                    user=participant,
                    status=RegistrationStatus.REGISTERED,
                    created_at=made + datetime.timedelta(minutes=number * 37),
                    organisation_name="",
                )
                for number, participant in enumerate(people)
            ]
        )
        present = list(
            event.registrations.order_by("created_at", "pk").values_list("pk", flat=True)
        )[: item.present]
        services.attendance_record(
            actor=actor,
            event=event,
            present=present,
            attendance_count=item.attendance,
            organisations_present=[organisers[key][0] for key in item.present_organisations],
        )
        services.event_report_set(
            actor=actor,
            event=event,
            minutes=item.minutes,
            outcomes=item.outcomes,
            **_links(item, municipality),
        )
        if item.file_title:
            services.event_file_add(
                actor=actor,
                event=event,
                title=item.file_title,
                uploaded=_minutes_pdf(event, item.file_title),
            )
    if item.cancelled:
        services.event_cancel(actor=actor, event=event)
    return event


def _links(item: DemoEvent, municipality: Any) -> dict[str, list[Any]]:
    from opencity.actionplans.models import Commitment
    from opencity.consultations.models import Consultation
    from opencity.rankings.models import Cycle

    links: dict[str, list[Any]] = {}
    if "consultation" in item.links:
        consultations = Consultation.public.order_by("pk")
        local = consultations.filter(municipality=municipality)
        links["consultations"] = list((local if local.exists() else consultations)[:1])
    if "commitments" in item.links:
        links["commitments"] = list(
            Commitment.public.filter(plan__member__prefix="IAS").order_by("-identifier")[:2]
        )
    if "cycle" in item.links:
        links["cycles"] = list(Cycle.objects.published().order_by("-year", "pk")[:1])
    return links
