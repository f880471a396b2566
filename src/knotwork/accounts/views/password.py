"""Password reset by mail and password change, with Django's own views and tokens.

The reset answer is the same whether or not the address has a login. A reset or a change ends
the user's other sessions (Django's session hash already stops them; this also removes them
from the sessions page), and a reset lifts a lockout: it proves the person reads the mailbox.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy

from knotwork.accounts.models import LoginSession
from knotwork.accounts.services.sessions import end_sessions
from knotwork.common.addresses import client_address
from knotwork.common.links import base_url
from knotwork.common.throttle import allow

HOUR = 3600


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # The link starts with KNOTWORK_BASE_URL, never the request's Host header.
        self.extra_email_context = {"base_url": base_url()}
        address = client_address(self.request) or "unknown"
        if not allow("reset-address", address, limit=settings.RESET_MAILS_PER_HOUR, window_s=HOUR):
            form.add_error(None, "Too many reset requests from this connection. Try in an hour.")
            return render(self.request, self.template_name, {"form": form}, status=429)
        email = form.cleaned_data["email"].strip().lower()
        # One mailbox gets at most three reset mails an hour, whoever asks; past that the answer
        # looks the same (it must not reveal whether the address has a login) but sends nothing.
        if not allow("reset-email", email, limit=3, window_s=HOUR):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        end_sessions(user)
        AxesProxyHandler.reset_attempts(username=user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        old_key = self.request.session.session_key
        response = super().form_valid(form)
        # Django gave this session a new key to keep it logged in; its row follows it.
        new_key = self.request.session.session_key
        LoginSession.objects.filter(session_key=old_key).update(session_key=new_key)
        end_sessions(form.user, keep=new_key)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
