"""Extension points that the domain apps fill in from their `AppConfig.ready()`.

- `municipality_sections`: blocks of the municipality page (register data, organisations, and later
  rankings, action plans, consultations, feedback). Each section loads its data for one
  municipality with a fixed number of queries.
- `home_figures`: the counts on the home page.
- `personal_data_exporters`: what each app holds about a person, for the data download.
- `account_erasers`: what each app removes or unlinks when a person's account is deleted.
- `work_links`: the working pages a person's roles open to them, listed on their account page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.http import HttpRequest

    from opencity.accounts.models import User
    from opencity.places.models import Municipality


@dataclass(frozen=True)
class MunicipalitySection:
    key: str
    title: str | Promise
    template: str
    context: Callable[[HttpRequest, Municipality], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class HomeFigure:
    key: str
    label: str | Promise
    count: Callable[[], int]
    url_name: str | None = None
    order: int = 100


@dataclass(frozen=True)
class WorkLink:
    """A working page for people holding one of `roles` (membership roles; "admin" for platform
    administrators, "moderator" for moderators)."""

    key: str
    label: str | Promise
    url_name: str
    roles: frozenset[str]
    order: int = 100


@dataclass
class Registry:
    municipality_sections: list[MunicipalitySection] = field(default_factory=list)
    home_figures: list[HomeFigure] = field(default_factory=list)
    personal_data_exporters: dict[str, Callable[[User], Any]] = field(default_factory=dict)
    account_erasers: dict[str, Callable[[User], None]] = field(default_factory=dict)
    work_links: list[WorkLink] = field(default_factory=list)

    def add_municipality_section(self, section: MunicipalitySection) -> None:
        self.municipality_sections = sorted(
            [s for s in self.municipality_sections if s.key != section.key] + [section],
            key=lambda s: (s.order, s.key),
        )

    def add_home_figure(self, figure: HomeFigure) -> None:
        self.home_figures = sorted(
            [f for f in self.home_figures if f.key != figure.key] + [figure],
            key=lambda f: (f.order, f.key),
        )

    def add_personal_data_exporter(self, key: str, exporter: Callable[[User], Any]) -> None:
        self.personal_data_exporters[key] = exporter

    def add_account_eraser(self, key: str, eraser: Callable[[User], None]) -> None:
        """`eraser(user)` runs inside the deletion's transaction, before the account is
        emptied."""
        self.account_erasers[key] = eraser

    def add_work_link(self, link: WorkLink) -> None:
        self.work_links = sorted(
            [w for w in self.work_links if w.key != link.key] + [link],
            key=lambda w: (w.order, w.key),
        )

    def work_links_for(self, roles: set[str]) -> list[WorkLink]:
        return [link for link in self.work_links if link.roles & roles]


registry = Registry()
