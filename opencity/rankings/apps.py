from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    name = "opencity.rankings"
    label = "rankings"
    verbose_name = _("Rankings")

    def ready(self) -> None:
        from opencity.core.registry import MunicipalitySection, registry
        from opencity.rankings import selectors_public

        registry.add_municipality_section(
            MunicipalitySection(
                key="rankings",
                title=_("Transparency rankings"),
                template="rankings/public/section.html",
                context=selectors_public.municipality_rankings_section,
                order=30,
            )
        )
