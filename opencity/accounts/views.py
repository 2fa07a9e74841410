from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencity.accounts import services
from opencity.accounts.forms import AccountDeleteForm, OrganisationFilterForm, ProfileForm
from opencity.accounts.models import Organisation, Role
from opencity.core.registry import registry


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    organisations = Organisation.objects.select_related("municipality", "country").order_by("slug")
    if form.is_valid():
        if form.cleaned_data["kind"]:
            organisations = organisations.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["q"]:
            organisations = organisations.filter(name__icontains=form.cleaned_data["q"])
    page = Paginator(organisations, settings.OPENCITY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/organisation_list.html", {"form": form, "page": page})


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related(
            "municipality__country", "municipality__region", "country", "parent"
        ),
        slug=slug,
    )
    # Public pages show how many people hold each role, never who they are.
    role_counts = [
        {"role_label": Role(row["role"]).label, "count": row["count"]}
        for row in organisation.memberships.values("role")
        .annotate(count=Count("pk"))
        .order_by("role")
    ]
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "role_counts": role_counts,
            "member_organisations": organisation.members_organisations.order_by("slug"),
        },
    )


def _account_page(
    request: HttpRequest,
    delete_form: AccountDeleteForm | None = None,
    profile_form: ProfileForm | None = None,
    status: int = 200,
) -> HttpResponse:
    memberships = list(request.user.memberships.select_related("organisation"))
    roles = {membership.role for membership in memberships}
    if request.user.is_superuser:
        roles.add("admin")
    if request.user.is_moderator:
        roles.add("moderator")
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": memberships,
            "work_links": [
                {"label": link.label, "url": reverse(link.url_name)}
                for link in registry.work_links_for(roles)
            ],
            "requires_two_factor": services.user_requires_two_factor(request.user),
            "has_totp": services.user_has_totp(request.user),
            "delete_form": delete_form or AccountDeleteForm(user=request.user),
            "profile_form": profile_form
            or ProfileForm(initial={"display_name": request.user.display_name}),
        },
        status=status,
    )


@login_required
def account_overview(request: HttpRequest) -> HttpResponse:
    return _account_page(request)


@login_required
@require_POST
def account_profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST)
    if not form.is_valid():
        return _account_page(request, profile_form=form, status=400)
    services.user_profile_update(user=request.user, display_name=form.cleaned_data["display_name"])
    messages.success(request, _("Your profile has been saved."))
    return redirect("accounts:account")


@login_required
def account_data_download(request: HttpRequest) -> HttpResponse:
    data = services.user_personal_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="opencity-my-data-{stamp}.json"'
    return response


@login_required
@require_POST
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST, user=request.user)
    if not form.is_valid():
        return _account_page(request, delete_form=form, status=400)
    user = request.user
    services.user_delete(actor=user, user=user)
    logout(request)
    messages.success(request, _("Your account has been deleted."))
    return redirect("core:home")
