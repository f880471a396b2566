"""Pages of logging in and out (with the second factor), setting one's password (invitation,
login code, reset, change), one's account (two-factor, sessions, API tokens), the clinic's
security page, and the passkey ceremonies."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog

from knotwork.accounts.views import account, clinic, invitations, login, password, twofactor

urlpatterns = [
    path("", login.home, name="home"),
    path("login/", login.KnotworkLoginView.as_view(), name="login"),
    path("login/verify/", login.login_verify, name="login_verify"),
    path("login/set-up/", login.login_enrol, name="login_enrol"),
    path("logout/", login.logout_view, name="logout"),
    path("invite/<str:token>/", invitations.accept_invitation_view, name="accept_invitation"),
    path("start/", invitations.login_code_start, name="login_code_start"),
    path("start/password/", invitations.login_code_password, name="login_code_password"),
    path("password/reset/", password.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        password.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        password.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        password.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/", account.account, name="account"),
    path("account/password/", password.PasswordChangeView.as_view(), name="password_change"),
    path(
        "account/password/changed/",
        password.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("account/two-factor/", twofactor.two_factor, name="two_factor"),
    path("account/two-factor/app/", twofactor.two_factor_app, name="two_factor_app"),
    path(
        "account/two-factor/recovery-codes/",
        twofactor.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path(
        "account/two-factor/recovery-codes/new/",
        twofactor.recovery_codes_new,
        name="two_factor_recovery_new",
    ),
    path(
        "account/two-factor/<str:kind>/<int:device_id>/remove/",
        twofactor.two_factor_remove,
        name="two_factor_remove",
    ),
    path("account/sessions/", account.sessions, name="sessions"),
    path("account/sessions/<int:login_session_id>/end/", account.session_end, name="session_end"),
    path("account/tokens/", account.api_tokens, name="api_tokens"),
    path(
        "account/tokens/<int:token_id>/revoke/",
        account.api_token_revoke,
        name="api_token_revoke",
    ),
    path("clinic/security/", clinic.clinic_security, name="clinic_security"),
    path(
        "passkeys/register/begin/",
        twofactor.PasskeyRegisterBegin.as_view(),
        name="passkey_register_begin",
    ),
    path(
        "passkeys/register/complete/",
        twofactor.PasskeyRegisterComplete.as_view(),
        name="passkey_register_complete",
    ),
    path(
        "passkeys/login/begin/", twofactor.PasskeyLoginBegin.as_view(), name="passkey_login_begin"
    ),
    path(
        "passkeys/login/complete/",
        twofactor.PasskeyLoginComplete.as_view(),
        name="passkey_login_complete",
    ),
    # The passkey script's messages (django-otp-webauthn's gettext catalogue).
    path(
        "passkeys/script-text.js",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="passkey_script_text",
    ),
]
