"""Logging in (password, then the second factor or setting one up), out, and the landing page."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from knotwork.accounts.forms.twofactor import SecondFactorForm
from knotwork.accounts.services.twofactor import seconds_to_wait, verify_code
from knotwork.accounts.twofactor import authenticator_apps, passkeys, second_step
from knotwork.accounts.views import pending
from knotwork.accounts.views.twofactor import passkey_config, set_up_app
from knotwork.common.requests import KnotworkRequest


class KnotworkLoginView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["idle_logout"] = self.request.session.pop("knotwork_idle_logout", False)
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        """A right password logs in only those who need no second factor; the others go on to
        enter one, or to set one up when it is required and they have none yet."""
        user = form.get_user()
        step = second_step(user)
        if step is None:
            return super().form_valid(form)
        pending.begin(self.request, user, step=step, next_url=self.get_success_url())
        return redirect("login_verify" if step == "verify" else "login_enrol")


@require_POST
def logout_view(request: KnotworkRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You have logged out.")
    return redirect("login")


def home(request: KnotworkRequest) -> HttpResponse:
    """Staff land on the clinic dashboard, patients on their own page."""
    if not request.user.is_authenticated:
        return redirect("login")
    if request.user.is_patient and not request.user.is_clinic_staff:
        return redirect("my_record")
    return redirect("dashboard")


def _start_again(request: KnotworkRequest) -> HttpResponse:
    messages.info(request, "Log in with your email and password first (the last step expired).")
    return redirect("login")


def _locked_out(request: KnotworkRequest, credentials: dict[str, str]) -> HttpResponse:
    """Axes' lockout page (429), as the password step shows it."""
    response: HttpResponse = get_lockout_response(request, credentials=credentials)
    return response


@never_cache
@sensitive_post_parameters("code")
def login_verify(request: KnotworkRequest) -> HttpResponse:
    """The second step: a code from the authenticator app, a recovery code, or a passkey.

    Wrong codes count as failed logins (the same lockout as wrong passwords) on top of each
    device's own throttling."""
    user = pending.pending_user(request, "verify")
    if user is None:
        return _start_again(request)
    credentials = {"username": user.email}
    if not AxesProxyHandler.is_allowed(request, credentials):
        return _locked_out(request, credentials)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = verify_code(user, form.cleaned_data["code"])
        if device is not None:
            destination = pending.next_url(request)
            pending.finish(request, user, device)
            return redirect(destination)
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request, credentials)
        wait = seconds_to_wait(user)
        form.add_error(
            "code",
            "That code is not right. Check it and try again"
            + (f" in {wait} seconds." if wait else "."),
        )
    context = {
        "form": form,
        "has_app": bool(authenticator_apps(user)),
        "has_passkey": bool(passkeys(user)),
        "passkey_config": passkey_config(request),
    }
    return render(
        request, "accounts/login_verify.html", context, status=400 if form.errors else 200
    )


@never_cache
@sensitive_post_parameters("code")
def login_enrol(request: KnotworkRequest) -> HttpResponse:
    """Setting up two-factor authentication before the first login that requires it."""
    user = pending.pending_user(request, "enrol")
    if user is None:
        return _start_again(request)
    return set_up_app(request, user, during_login=True)
