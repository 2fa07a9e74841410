"""Fill the platform with believable demo data and print the demo logins. Safe to run again."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from opencity.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from opencity.actionplans import demo as actionplans_demo
from opencity.consultations import demo as consultations_demo
from opencity.events import demo as events_demo
from opencity.places.models import Country, Municipality
from opencity.rankings import demo as rankings_demo

DEMO_PASSWORD = "opencity-demo"  # noqa: S105 - printed for the demo on purpose
# A fixed secret so that the demo's two-factor logins can be added to an authenticator app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPOPENCITYDEMO2FA2"  # noqa: S105


@dataclass(frozen=True)
class DemoCity:
    country: str
    name_en: str  # the municipality's English name in the register
    city_en: str
    city_uk: str
    city_ro: str
    city_bg: str


def _ua(hromada: str, en: str, uk: str, ro: str, bg: str) -> DemoCity:
    return DemoCity("UA", hromada, en, uk, ro, bg)


def _ro(name: str, bg: str, uk: str) -> DemoCity:
    return DemoCity("RO", name, name, uk, name, bg)


def _bg(name: str, bg: str, uk: str, ro: str) -> DemoCity:
    return DemoCity("BG", name, name, uk, ro, bg)


CITIES = [
    _ua("Kyiv", "Kyiv", "Київ", "Kiev", "Киев"),
    _ua("Lvivska hromada", "Lviv", "Львів", "Liov", "Лвов"),
    _ua("Kharkivska hromada", "Kharkiv", "Харків", "Harkov", "Харков"),
    _ua("Odeska hromada", "Odesa", "Одеса", "Odesa", "Одеса"),
    _ua("Dniprovska hromada", "Dnipro", "Дніпро", "Dnipro", "Днипро"),
    _ua("Vinnytska hromada", "Vinnytsia", "Вінниця", "Vinnița", "Виница"),
    _ua("Zhytomyrska hromada", "Zhytomyr", "Житомир", "Jitomir", "Житомир"),
    _ua(
        "Ivano-Frankivska hromada",
        "Ivano-Frankivsk",
        "Івано-Франківськ",
        "Ivano-Frankivsk",
        "Ивано-Франкивск",
    ),
    _ua("Lutska hromada", "Lutsk", "Луцьк", "Luțk", "Луцк"),
    _ua("Ternopilska hromada", "Ternopil", "Тернопіль", "Ternopil", "Тернопол"),
    _ua("Chernivetska hromada", "Chernivtsi", "Чернівці", "Cernăuți", "Черновци"),
    _ua("Poltavska hromada", "Poltava", "Полтава", "Poltava", "Полтава"),
    _ua("Cherkaska hromada", "Cherkasy", "Черкаси", "Cerkasî", "Черкаси"),
    _ua("Khmelnytska hromada", "Khmelnytskyi", "Хмельницький", "Hmelnîțkîi", "Хмелницки"),
    _ua("Rivnenska hromada", "Rivne", "Рівне", "Rivne", "Ровно"),
    _ua("Sumska hromada", "Sumy", "Суми", "Sumî", "Суми"),
    _ua("Chernihivska hromada", "Chernihiv", "Чернігів", "Cernihiv", "Чернигов"),
    _ua("Uzhhorodska hromada", "Uzhhorod", "Ужгород", "Ujgorod", "Ужгород"),
    _ua("Mykolaivska hromada", "Mykolaiv", "Миколаїв", "Mîkolaiv", "Николаев"),
    _ua("Kropyvnytska hromada", "Kropyvnytskyi", "Кропивницький", "Kropîvnîțkîi", "Кропивницки"),
    _ro("Cluj-Napoca", "Клуж-Напока", "Клуж-Напока"),
    _ro("Timișoara", "Тимишоара", "Тімішоара"),
    _ro("Iași", "Яш", "Ясси"),
    _ro("Brașov", "Брашов", "Брашов"),
    _ro("Constanța", "Кюстенджа", "Констанца"),
    _ro("Oradea", "Орадя", "Орадя"),
    _ro("Sibiu", "Сибиу", "Сібіу"),
    _ro("Alba Iulia", "Алба Юлия", "Алба-Юлія"),
    _ro("Bucharest", "Букурещ", "Бухарест"),
    _ro("Craiova", "Крайова", "Крайова"),
    _ro("Galați", "Галац", "Галац"),
    _ro("Ploiești", "Плоещ", "Плоєшті"),
    _ro("Arad", "Арад", "Арад"),
    _ro("Bacău", "Бакъу", "Бакеу"),
    _ro("Suceava", "Сучава", "Сучава"),
    _bg("Stolichna", "Столична", "Столична (Софія)", "Stolichna (Sofia)"),
    _bg("Plovdiv", "Пловдив", "Пловдив", "Plovdiv"),
    _bg("Varna", "Варна", "Варна", "Varna"),
    _bg("Burgas", "Бургас", "Бургас", "Burgas"),
    _bg("Ruse", "Русе", "Русе", "Ruse"),
    _bg("Stara Zagora", "Стара Загора", "Стара Загора", "Stara Zagora"),
    _bg("Pleven", "Плевен", "Плевен", "Pleven"),
    _bg("Sliven", "Сливен", "Слівен", "Sliven"),
    _bg("Dobrich", "Добрич", "Добрич", "Dobrici"),
    _bg("Shumen", "Шумен", "Шумен", "Șumen"),
    _bg("Blagoevgrad", "Благоевград", "Благоєвград", "Blagoevgrad"),
    _bg("Gabrovo", "Габрово", "Габрово", "Gabrovo"),
    _bg("Veliko Tarnovo", "Велико Търново", "Велико-Тирново", "Veliko Tărnovo"),
    _bg("Haskovo", "Хасково", "Хасково", "Haskovo"),
    _bg("Yambol", "Ямбол", "Ямбол", "Iambol"),
]

REGIONAL_CSOS = [
    ("lviv-civic-watch", "UA", "Lviv Civic Watch", "Львівська громадська варта", "Lvivska hromada"),
    ("kharkiv-open-city", "UA", "Kharkiv Open City", "Відкрите місто Харків", "Kharkivska hromada"),
    (
        "cluj-transparency",
        "RO",
        "Cluj Transparency Forum",
        "Forumul Transparență Cluj",
        "Cluj-Napoca",
    ),
    ("iasi-civic-lab", "RO", "Iași Civic Lab", "Laboratorul Civic Iași", "Iași"),
    ("plovdiv-open-society", "BG", "Plovdiv Open Society", "Отворено общество Пловдив", "Plovdiv"),
]


class Command(BaseCommand):
    help = "Load demo data: the three registers, organisations and one person per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skip-registers", action="store_true", help="Do not import the registers."
        )
        parser.add_argument(
            "--totp-code",
            metavar="EMAIL",
            help="Print the current two-factor code of a demo account and stop.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["totp_code"]:
            self._print_code(options["totp_code"])
            return
        if not options["skip_registers"]:
            call_command("import_register", "--no-progress", verbosity=0)
        with transaction.atomic():
            logins = self._load()
        self._print_logins(logins)

    def _municipality(self, city: DemoCity) -> Municipality:
        candidates = Municipality.objects.filter(
            country__code=city.country, name_en=city.name_en
        ).order_by("code")
        municipality = candidates.first()
        if municipality is None:
            raise CommandError(
                f"Demo city {city.name_en} ({city.country}) is not in the register; "
                "import the registers first (run without --skip-registers)."
            )
        return municipality

    def _organisation(
        self, slug: str, kind: str, names: dict[str, str], **extra: Any
    ) -> Organisation:
        values = {f"name_{language}": name for language, name in names.items()}
        organisation, _created = Organisation.objects.update_or_create(
            slug=slug, defaults={"kind": kind, **values, **extra}
        )
        return organisation

    def _person(self, email: str, name: str, **flags: Any) -> User:
        user, _created = User.objects.update_or_create(
            email=email, defaults={"display_name": name, "is_active": True, **flags}
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _with_totp(self, user: User) -> None:
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)

    def _member(self, user: User, organisation: Organisation, role: str) -> None:
        Membership.objects.get_or_create(user=user, organisation=organisation, role=role)

    def _load(self) -> list[tuple[str, str]]:
        countries = {country.code: country for country in Country.objects.all()}
        coalition = self._organisation(
            "open-cities-coalition",
            OrganisationKind.CSO,
            {
                "en": "Open Cities Coalition",
                "uk": "Коаліція «Відкриті міста»",
                "ro": "Coaliția Orașe Deschise",
                "bg": "Коалиция „Отворени градове“",
            },
            description_en=(
                "A coalition of civil-society organisations from Ukraine, Romania and Bulgaria "
                "that assesses how transparent and accountable cities are."
            ),
            website="https://example.org/open-cities",
        )
        regional = []
        for slug, country, name_en, name_local, home in REGIONAL_CSOS:
            municipality = self._municipality(next(city for city in CITIES if city.name_en == home))
            local_language = {"UA": "uk", "RO": "ro", "BG": "bg"}[country]
            regional.append(
                self._organisation(
                    slug,
                    OrganisationKind.CSO,
                    {"en": name_en, local_language: name_local},
                    country=countries.get(country),
                    parent=coalition,
                    description_en=f"Regional member of the coalition, based in {home}.",
                )
            )
        city_halls = []
        for city in CITIES:
            municipality = self._municipality(city)
            city_halls.append(
                self._organisation(
                    f"city-hall-{city.country.lower()}-{municipality.slug}",
                    OrganisationKind.CITY_HALL,
                    {
                        "en": f"{city.city_en} City Hall",
                        "uk": f"{city.city_uk} — міська рада",
                        "ro": f"Primăria {city.city_ro}",
                        "bg": f"Община {city.city_bg}",
                    },
                    municipality=municipality,
                    country=municipality.country,
                )
            )
        national = self._organisation(
            "ua-open-government-team",
            OrganisationKind.NATIONAL_GOVERNMENT,
            {
                "en": "Open Government Team, Cabinet of Ministers of Ukraine",
                "uk": "Команда відкритого урядування, Кабінет Міністрів України",
            },
            country=countries.get("UA"),
        )
        self._organisation(
            "civic-futures-fund",
            OrganisationKind.DONOR,
            {
                "en": "Civic Futures Fund",
                "ro": "Fondul Viitor Civic",
                "bg": "Фонд „Гражданско бъдеще“",
            },
            description_en="Funds the coalition's assessments and the city programmes.",
        )

        logins: list[tuple[str, str]] = []
        admin = self._person(
            "admin@example.org", "Platform Admin", is_staff=True, is_superuser=True
        )
        self._with_totp(admin)
        logins.append(("admin (two-factor)", admin.email))
        moderator = self._person("moderator@example.org", "Mira Moderator", is_moderator=True)
        self._with_totp(moderator)
        logins.append(("moderator (two-factor)", moderator.email))
        coordinator = self._person("coordinator@example.org", "Olena Coordinator")
        self._member(coordinator, coalition, Role.COORDINATOR)
        self._with_totp(coordinator)
        logins.append(("coordinator of the coalition (two-factor)", coordinator.email))
        for number, organisation in enumerate(regional, start=1):
            person = self._person(
                f"coordinator{number}@example.org", f"Regional Coordinator {number}"
            )
            self._member(person, coalition, Role.COORDINATOR)
            self._member(person, organisation, Role.COORDINATOR)
            self._with_totp(person)
            logins.append(
                (f"regional coordinator, {organisation.name_en} (two-factor)", person.email)
            )
        people = {"coordinator": coordinator}
        for role, email, name in [
            (Role.ASSESSOR, "assessor@example.org", "Andrii Assessor"),
            (Role.REVIEWER, "reviewer@example.org", "Radu Reviewer"),
            (Role.METHODOLOGY_MANAGER, "methodology@example.org", "Maria Methodology"),
        ]:
            person = self._person(email, name)
            self._member(person, coalition, role)
            logins.append((str(role.label), email))
            people[role] = person
        # Two more assessors, so that each takes a share of the cities as in a real cycle.
        assessors = [people[Role.ASSESSOR]]
        for email, name in [
            ("assessor2@example.org", "Bianca Assessor"),
            ("assessor3@example.org", "Boyan Assessor"),
        ]:
            person = self._person(email, name)
            self._member(person, coalition, Role.ASSESSOR)
            assessors.append(person)
            logins.append((f"{Role.ASSESSOR.label} ({name})", email))
        official = self._person("official@example.org", "Ivan Official")
        self._member(official, city_halls[1], Role.OFFICIAL)
        logins.append((f"city official, {city_halls[1].name_en}", official.email))
        hall_of = {city.name_en: hall for city, hall in zip(CITIES, city_halls, strict=True)}
        for email, name, hall in [
            ("official.cluj@example.org", "Ioana Official", hall_of["Cluj-Napoca"]),
            ("official.plovdiv@example.org", "Georgi Official", hall_of["Plovdiv"]),
        ]:
            person = self._person(email, name)
            self._member(person, hall, Role.OFFICIAL)
            logins.append((f"city official, {hall.name_en}", email))
        national_official = self._person("government@example.org", "Natalia Government")
        self._member(national_official, national, Role.OFFICIAL)
        logins.append((f"official, {national.name_en}", national_official.email))
        citizen = self._person("citizen@example.org", "")
        logins.append(("citizen", citizen.email))
        rankings_demo.load(
            people={
                "coordinator": coordinator,
                "reviewer": people[Role.REVIEWER],
                "methodology_manager": people[Role.METHODOLOGY_MANAGER],
            },
            assessors=assessors,
            municipalities=[hall.municipality for hall in city_halls],
        )
        logins += actionplans_demo.load(person=self._person)
        logins += consultations_demo.load(person=self._person)
        logins += events_demo.load(person=self._person)
        return logins

    def _print_logins(self, logins: list[tuple[str, str]]) -> None:
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo logins:"))
        width = max(len(email) for _role, email in logins)
        for role, email in logins:
            self.stdout.write(f"  {email:<{width}}  {role}")
        self.stdout.write(f"Password for every demo login: {DEMO_PASSWORD}")
        self.stdout.write(
            "Two-factor logins ask for a code: add the secret "
            f"{DEMO_TOTP_SECRET} to an authenticator app, or run "
            "`opencity demo --totp-code EMAIL` to print the current code."
        )

    def _print_code(self, email: str) -> None:
        authenticator = Authenticator.objects.filter(
            user__email=email.lower(), type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"{email} has no two-factor authenticator.")
        secret = decrypt(authenticator.data["secret"])
        if secret != DEMO_TOTP_SECRET:
            raise CommandError(f"{email} is not a demo account; its code is not shown.")
        self.stdout.write(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
