"""Each audience's views declare their own `urlpatterns`; this module puts them together."""

from opencity.consultations.views import moderation, opendata, public, work

app_name = "consultations"

urlpatterns = [
    *public.urlpatterns,
    *work.urlpatterns,
    *moderation.urlpatterns,
    *opendata.urlpatterns,
]
