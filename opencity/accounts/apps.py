from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "opencity.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from opencity.accounts import selectors
        from opencity.core.registry import HomeFigure, MunicipalitySection, registry

        registry.add_home_figure(
            HomeFigure(
                "organisations",
                _("organisations"),
                selectors.organisation_count,
                "accounts:organisation_list",
                30,
            )
        )
        registry.add_municipality_section(
            MunicipalitySection(
                key="organisations",
                title=_("Organisations"),
                template="accounts/sections/organisations.html",
                context=selectors.municipality_organisations_section,
                order=20,
            )
        )
