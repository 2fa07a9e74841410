from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "opencity.events"
    label = "events"
    verbose_name = _("Public events")

    def ready(self) -> None:
        from opencity.events import registration

        registration.register()
