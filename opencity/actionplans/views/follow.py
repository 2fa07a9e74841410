"""Following a commitment: e-mails when progress is reported or a milestone becomes overdue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opencity.accounts.models import User
from opencity.actionplans import notifications, services
from opencity.actionplans.models import Commitment, Follow


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


@require_http_methods(["GET", "HEAD", "POST"])
def unfollow_link(request: HttpRequest, token: str) -> HttpResponse:
    """The unfollow link of an e-mail, which works without logging in. Opening it only asks for
    confirmation, since mail scanners open links too; the button posts the same address, and only
    that stops following."""
    target = notifications.read_unfollow_token(token)
    if target is None:
        return render(
            request, "actionplans/follow/unfollow_link.html", {"invalid": True}, status=400
        )
    user_id, commitment_id = target
    commitment = Commitment.all_objects.filter(pk=commitment_id).first()
    user = User.objects.filter(pk=user_id).first()
    if commitment is None or user is None:
        return render(request, "actionplans/follow/unfollow_link.html", {"gone": True}, status=404)
    if request.method == "POST":
        services.commitment_unfollow(user=user, commitment=commitment)
        return render(
            request,
            "actionplans/follow/unfollow_link.html",
            {"commitment": commitment, "done": True},
        )
    following = Follow.objects.filter(user=user, commitment=commitment).exists()
    return render(
        request,
        "actionplans/follow/unfollow_link.html",
        {"commitment": commitment, "following": following, "done": not following},
    )


urlpatterns: list[URLPattern] = [
    path("commitments/<str:identifier>/follow/", follow, name="follow"),
    path("commitments/<str:identifier>/unfollow/", unfollow, name="unfollow"),
    path("unfollow/<str:token>/", unfollow_link, name="unfollow_link"),
]
