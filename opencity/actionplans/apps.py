from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlansConfig(AppConfig):
    name = "opencity.actionplans"
    label = "actionplans"
    verbose_name = _("Open-government action plans")

    def ready(self) -> None:
        # Sections, work links and the personal-data exporter are registered in `registration`.
        from opencity.actionplans import registration

        registration.register()
