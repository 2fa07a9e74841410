"""Each audience's views declare their own `urlpatterns`; this module puts them together."""

from opencity.actionplans.views import exchange, follow, public, work

app_name = "actionplans"

urlpatterns = [
    *public.urlpatterns,
    *work.urlpatterns,
    *exchange.urlpatterns,
    *follow.urlpatterns,
]
