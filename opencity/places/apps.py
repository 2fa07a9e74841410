from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "opencity.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self) -> None:
        from opencity.core.registry import HomeFigure, MunicipalitySection, registry
        from opencity.places import selectors

        registry.add_home_figure(
            HomeFigure("countries", _("countries"), selectors.country_count, "places:index", 10)
        )
        registry.add_home_figure(
            HomeFigure(
                "municipalities",
                _("municipalities"),
                selectors.municipality_count,
                "places:index",
                20,
            )
        )
        registry.add_municipality_section(
            MunicipalitySection(
                key="register",
                title=_("Register data"),
                template="places/sections/register.html",
                context=selectors.municipality_register_section,
                order=10,
            )
        )
