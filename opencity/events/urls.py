"""Each audience's views declare their own `urlpatterns`; this module puts them together."""

from opencity.events.views import opendata, public, work

app_name = "events"

urlpatterns = [*public.urlpatterns, *work.urlpatterns, *opendata.urlpatterns]
