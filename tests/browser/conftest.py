"""Fixtures for the browser tests: one Chromium per session, a fresh context per test.

The pages are served by pytest-django's `live_server`; every test creates its data through a
transactional database so that the server thread sees it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, Response, sync_playwright

from opencity.accounts.models import OrganisationKind, Role
from opencity.places.models import MunicipalityType, RegionType, Register
from tests import factories
from tests.conftest import CHROMIUM
from tests.rankings.conftest import build_methodology

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in a thread
# with a running loop unless told that this is intended.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

LANGUAGES = ["en", "uk", "ro", "bg"]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """A browser tab on the live server, with every request it made."""

    page: Page
    context: BrowserContext
    base_url: str
    requests: list[str] = field(default_factory=list)

    def goto(self, path: str) -> Response:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, (
            f"GET {path} answered {response.status if response else 'nothing'}"
        )
        return response

    def foreign_requests(self) -> list[str]:
        """Requests that went anywhere but the live server."""
        server = urlsplit(self.base_url)
        return [
            url
            for url in self.requests
            if not url.startswith("data:")
            and (urlsplit(url).scheme, urlsplit(url).netloc) != (server.scheme, server.netloc)
        ]

    def log_in(self, user: object) -> None:
        """Log in by handing the browser the session cookie of a test client."""
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        self.context.add_cookies(
            [{"name": "sessionid", "value": cookie.value, "url": self.base_url, "httpOnly": True}]
        )


@pytest.fixture
def visit(browser: Browser, live_server) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    result = Visit(page=page, context=context, base_url=live_server.url)
    context.on("request", lambda request: result.requests.append(request.url))
    yield result
    context.close()


@dataclass
class SiteData:
    user: object
    country_slug: str
    region_slug: str
    municipality_slug: str
    organisation_slug: str
    search_query: str
    methodology_pk: int

    def path(self, name: str) -> str:
        """The path of one of the covered pages, without the language prefix."""
        places = "/places/"
        return {
            "home": "/",
            "places": places,
            "country": f"{places}{self.country_slug}/",
            "region": f"{places}{self.country_slug}/{self.region_slug}/",
            "municipality": (
                f"{places}{self.country_slug}/{self.region_slug}/{self.municipality_slug}/"
            ),
            "search": f"{places}?q={self.search_query}",
            # A search the form rejects: the page shows the errors beside the fields.
            "search-invalid": f"{places}?q={self.search_query}&unit_type=nonsense",
            "organisations": "/organisations/",
            "organisations-invalid": "/organisations/?kind=nonsense",
            "organisation": f"/organisations/{self.organisation_slug}/",
            "accessibility": "/accessibility/",
            "privacy": "/privacy/",
            "login": "/accounts/login/",
            "signup": "/accounts/signup/",
            "account": "/account/",
            "methodologies": "/rankings/methodologies/",
            "methodology": f"/rankings/methodologies/{self.methodology_pk}/",
        }[name]


def frozen_methodology(actor: object):  # type: ignore[no-untyped-def]
    """A frozen methodology with one area, three indicators and three categories."""
    from opencity.rankings import services

    methodology = build_methodology(actor)
    return services.methodology_freeze(actor=actor, methodology=methodology)


@pytest.fixture
def site_data(transactional_db, settings) -> SiteData:
    """A small Bulgarian set of places, two organisations and a member of one of them."""
    # Two results per page, so that the search results show the pagination too.
    settings.OPENCITY_PAGE_SIZE = 2
    country = factories.CountryFactory(
        code="BG",
        slug="bg",
        name_en="Bulgaria",
        name_uk="Болгарія",
        name_ro="Bulgaria",
        name_bg="България",
    )
    region = factories.RegionFactory(
        country=country,
        register=Register.EKATTE,
        code="SOF",
        unit_type=RegionType.BG_OBLAST,
        slug="sofia-city",
        name_en="Sofia City",
        name_uk="Софія-місто",
        name_ro="Sofia-oraș",
        name_bg="София-град",
    )
    names = [
        ("stolichna", "Stolichna", "Столична", "Stolicina", "Столична"),
        ("sofia-north", "Sofia North", "Софія Північ", "Sofia Nord", "София Север"),
        ("sofia-south", "Sofia South", "Софія Південь", "Sofia Sud", "София Юг"),
    ]
    municipalities = [
        factories.MunicipalityFactory(
            region=region,
            register=Register.EKATTE,
            code=f"SOF4{number}",
            unit_type=MunicipalityType.OBSHTINA,
            slug=slug,
            name_en=en,
            name_uk=uk,
            name_ro=ro,
            name_bg=bg,
            search_text=" ".join(["sofia", en.lower(), uk.lower(), bg.lower()]),
            population=1_200_000 + number,
            latitude=42.69,
            longitude=23.32,
        )
        for number, (slug, en, uk, ro, bg) in enumerate(names)
    ]
    city_hall = factories.OrganisationFactory(
        kind=OrganisationKind.CITY_HALL,
        slug="stolichna-city-hall",
        name_en="Stolichna City Hall",
        name_bg="Столична община",
        municipality=municipalities[0],
        website="https://www.sofia.bg/",
        description_en="The city hall of Sofia.\n\nIt publishes its open-government plan here.",
    )
    cso = factories.OrganisationFactory(kind=OrganisationKind.CSO, name_en="Transparency Watch")
    user = factories.UserFactory(display_name="Maria Ivanova")
    factories.MembershipFactory(user=user, organisation=cso, role=Role.ASSESSOR)
    factories.MembershipFactory(organisation=city_hall, role=Role.OFFICIAL)
    methodology = frozen_methodology(factories.UserFactory(is_superuser=True))
    return SiteData(
        methodology_pk=methodology.pk,
        user=user,
        country_slug=country.slug,
        region_slug=region.slug,
        municipality_slug=municipalities[0].slug,
        organisation_slug=city_hall.slug,
        search_query="sofia",
    )
