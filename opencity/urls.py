from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path
from django.views.static import serve

from opencity.api import api
from opencity.core.views import health

# The admin logs in through allauth, so two-factor authentication and rate limits apply there too.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "OpenCity"

urlpatterns = [
    path("api/", api.urls),
    path("open311/v2/", include("opencity.feedback.open311_urls")),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("opencity.core.urls")),
    path("places/", include("opencity.places.urls")),
    path("rankings/", include("opencity.rankings.urls")),
    path("action-plans/", include("opencity.actionplans.urls")),
    path("consultations/", include("opencity.consultations.urls")),
    path("events/", include("opencity.events.urls")),
    path("feedback/", include("opencity.feedback.urls")),
    path("", include("opencity.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=True,
)

# Evidence never leaves through plain media serving: its views check access and send stored
# third-party pages as sandboxed downloads.
PRIVATE_MEDIA = ("evidence/", "evidence-archive/", "dispute-evidence/")


def serve_public_media(request: HttpRequest, path: str, document_root: str) -> HttpResponse:
    if path.startswith(PRIVATE_MEDIA):
        raise Http404
    return serve(request, path, document_root=document_root)


if settings.DEBUG:
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve_public_media,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
