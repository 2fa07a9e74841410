"""Following a commitment: e-mails when progress is reported or a milestone becomes overdue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencity.actionplans import services
from opencity.actionplans.models import Commitment


def _public_commitment(identifier: str) -> Commitment:
    return get_object_or_404(Commitment.public, identifier=identifier)


@login_required
@require_POST
def follow(request: HttpRequest, identifier: str) -> HttpResponse:
    commitment = _public_commitment(identifier)
    services.commitment_follow(actor=request.user, commitment=commitment)
    messages.success(
        request,
        _("You follow this commitment: you will get an e-mail when progress is reported."),
    )
    return redirect(commitment)


@login_required
@require_POST
def unfollow(request: HttpRequest, identifier: str) -> HttpResponse:
    commitment = _public_commitment(identifier)
    services.commitment_unfollow(user=request.user, commitment=commitment)
    messages.success(request, _("You no longer follow this commitment."))
    return redirect(commitment)


urlpatterns: list[URLPattern] = [
    path("commitments/<str:identifier>/follow/", follow, name="follow"),
    path("commitments/<str:identifier>/unfollow/", unfollow, name="unfollow"),
]
