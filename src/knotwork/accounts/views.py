"""Logging in and out, accepting an invitation, and the landing page after login."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from knotwork.accounts.forms import AcceptInvitationForm
from knotwork.clinics.services import InvitationError, accept_invitation, find_invitation


class KnotworkLoginView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["idle_logout"] = self.request.session.pop("knotwork_idle_logout", False)
        return context


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You have logged out.")
    return redirect("login")


def home(request: HttpRequest) -> HttpResponse:
    """Staff land on the clinic dashboard, patients on their own page."""
    if not request.user.is_authenticated:
        return redirect("login")
    if request.user.is_patient and not request.user.is_clinic_staff:
        return redirect("my_record")
    return redirect("dashboard")


def accept_invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = find_invitation(token)
    except InvitationError as error:
        return render(
            request, "accounts/invitation_invalid.html", {"reason": str(error)}, status=410
        )
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(
                token=token,
                password=form.cleaned_data["password"],
                display_name=form.cleaned_data["display_name"],
            )
        except InvitationError as error:
            return render(
                request, "accounts/invitation_invalid.html", {"reason": str(error)}, status=410
            )
        except ValidationError as error:
            form.add_error("password", error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to {invitation.clinic.name}. Your password is set.")
            return redirect("home")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/accept_invitation.html",
        {"form": form, "invitation": invitation},
        status=status,
    )
