from django.urls import path

from opencity.accounts import views

app_name = "accounts"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("account/", views.account_overview, name="account"),
    path("account/profile/", views.account_profile, name="profile"),
    path("account/my-data.json", views.account_data_download, name="data_download"),
    path("account/delete/", views.account_delete, name="delete"),
]
