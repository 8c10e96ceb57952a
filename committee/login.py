"""What a locked-out login sees (django-axes calls `locked_out`, settings.AXES_LOCKOUT_CALLABLE).

Logins are throttled per account and per client address: after AXES_FAILURE_LIMIT wrong
passwords the account (and the address) must wait AXES_COOLOFF_TIME, whatever password comes
next. The page is the login page again with a clear message, status 429.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_message() -> str:
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return _(
        "Too many failed log-in attempts for this account or from this network. "
        "Wait %(minutes)s minutes, then try again, or ask an organizer to unlock it."
    ) % {"minutes": minutes}


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    form = AuthenticationForm(request, data={"username": request.POST.get("username", "")})
    # Shown as the form's error without validating it again (that would count another failure).
    form.cleaned_data = {}
    # The form's error cache (not in the stubs).
    form._errors = ErrorDict(  # type: ignore[attr-defined]
        {NON_FIELD_ERRORS: form.error_class([lockout_message()])}
    )
    if request.path.startswith("/admin/"):
        template = "admin/login.html"
        context = {"form": form, "title": _("Log in"), "site_header": "Dais"}
    else:
        template = "registration/login.html"
        context = {"form": form, "next": request.POST.get("next", "")}
    return render(request, template, context, status=429)
