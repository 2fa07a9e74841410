"""Each audience's views declare their own `urlpatterns`; this module puts them together."""

from opencity.feedback.views import inbox, opendata, public, submit

app_name = "feedback"

urlpatterns = [*public.urlpatterns, *submit.urlpatterns, *inbox.urlpatterns, *opendata.urlpatterns]
