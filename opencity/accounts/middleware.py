from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from opencity.accounts.services import user_has_totp, user_requires_two_factor

# Pages a person without a second factor may still reach: setting one up, logging out, e-mail.
ALLOWED_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_index",
        "mfa_reauthenticate",
        "account_logout",
        "account_reauthenticate",
        "account_email",
        "account_confirm_email",
        "account_email_verification_sent",
        "privacy",
        "accessibility",
        "set_language",
    }
)


class RequireTwoFactorMiddleware:
    """Administrators, moderators and coordinators must set up TOTP before doing anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path_info.startswith(("/static/", "/health/"))
            and user_requires_two_factor(user)
            and not user_has_totp(user)
        ):
            try:
                url_name = resolve(request.path_info).url_name
            except Resolver404:
                url_name = None
            if url_name not in ALLOWED_URL_NAMES:
                if request.path_info.startswith("/api/"):
                    return HttpResponse(
                        _("Two-factor authentication must be set up first."), status=403
                    )
                messages.warning(
                    request,
                    _(
                        "Your role requires two-factor authentication. "
                        "Set up an authenticator app to continue."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
