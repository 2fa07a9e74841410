"""Each audience's views declare their own `urlpatterns`; this module puts them together.

The public pages come last: their `<slug>/` would otherwise catch the fixed addresses of the
other audiences (`work/`, `moderation/`, `open-data/`)."""

from opencity.consultations.views import moderation, opendata, public, report, work

app_name = "consultations"

urlpatterns = [
    *work.urlpatterns,
    *moderation.urlpatterns,
    *opendata.urlpatterns,
    *report.urlpatterns,
    *public.urlpatterns,
]
