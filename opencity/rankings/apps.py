from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    name = "opencity.rankings"
    label = "rankings"
    verbose_name = _("Rankings")

    def ready(self) -> None:
        from opencity.core.registry import MunicipalitySection, WorkLink, registry
        from opencity.rankings import selectors_public
        from opencity.rankings.personal_data import rankings_personal_data

        registry.add_municipality_section(
            MunicipalitySection(
                key="rankings",
                title=_("Transparency rankings"),
                template="rankings/public/section.html",
                context=selectors_public.municipality_rankings_section,
                order=30,
            )
        )
        coalition = frozenset({"assessor", "reviewer", "coordinator", "admin"})
        for link in (
            WorkLink("rankings-work", _("Assessment work"), "rankings:work", coalition, 10),
            WorkLink(
                "rankings-review",
                _("Answers waiting for your review"),
                "rankings:work_review",
                frozenset({"reviewer", "coordinator", "admin"}),
                20,
            ),
            WorkLink(
                "rankings-replies",
                _("City replies to draft results"),
                "rankings:reply_home",
                frozenset({"official", "reviewer", "coordinator", "admin"}),
                30,
            ),
            WorkLink(
                "rankings-methodologies",
                _("Import or edit a methodology"),
                "rankings:methodology_import",
                frozenset({"methodology_manager", "admin"}),
                40,
            ),
        ):
            registry.add_work_link(link)
        registry.add_personal_data_exporter("rankings", rankings_personal_data)
