from django.urls import path

from opencity.places import views

app_name = "places"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:country>/", views.country_detail, name="country"),
    path("<slug:country>/<slug:region>/", views.region_detail, name="region"),
    path(
        "<slug:country>/<slug:region>/<slug:municipality>/",
        views.municipality_detail,
        name="municipality",
    ),
]
