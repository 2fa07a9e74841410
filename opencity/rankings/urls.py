from django.urls import path

from opencity.rankings.views import answer_exchange, methodology_manage, opendata, reply, work
from opencity.rankings.views import evidence as evidence_views
from opencity.rankings.views import methodology as views
from opencity.rankings.views import public as public_views

app_name = "rankings"

urlpatterns = [
    path("methodologies/", views.methodology_list, name="methodology_list"),
    path("methodologies/<int:pk>/", views.methodology_detail, name="methodology"),
    path(
        "methodologies/<int:pk>/methodology.xlsx",
        views.methodology_download,
        {"fmt": "xlsx"},
        name="methodology_xlsx",
    ),
    path(
        "methodologies/<int:pk>/methodology.zip",
        views.methodology_download,
        {"fmt": "zip"},
        name="methodology_zip",
    ),
]
urlpatterns += answer_exchange.urlpatterns
urlpatterns += evidence_views.urlpatterns
urlpatterns += opendata.urlpatterns
urlpatterns += work.urlpatterns
urlpatterns += methodology_manage.urlpatterns + reply.urlpatterns
urlpatterns += public_views.urlpatterns
