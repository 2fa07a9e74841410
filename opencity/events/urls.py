"""Each audience's views declare their own `urlpatterns`; this module puts them together. The
work and open-data addresses come first, so that `work/` and `data/` are never read as an
event's slug."""

from opencity.events.views import opendata, public, work

app_name = "events"

urlpatterns = [*work.urlpatterns, *opendata.urlpatterns, *public.urlpatterns]
