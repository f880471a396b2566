"""The one settings module, driven by environment variables.

Zero configuration gives a working single-machine install: SQLite in the data directory, the
in-memory channel layer, the console mail backend. `DATABASE_URL` (PostgreSQL) and `REDIS_URL`
switch to the multi-process setup. Every variable is listed in the README, and each is read
through `knotwork.configuration`, which stops start-up with a message naming the variable when
its value is not one it accepts (a typo must not quietly mean "off").
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.utils.csp import CSP

from knotwork import configuration as env
from knotwork import private_files

DATA_DIR = Path(env.text("KNOTWORK_DATA_DIR", "./var")).resolve()


def _secret_key() -> str:
    """The secret key: from the environment, else from a 0600 file kept in the data directory."""
    # Read as it is, spaces and all: changing a key's value would log everyone out.
    if os.environ.get("KNOTWORK_SECRET_KEY"):
        return os.environ["KNOTWORK_SECRET_KEY"]
    key_file = DATA_DIR / private_files.SECRET_KEY_NAME
    if not key_file.exists():
        private_files.make_private_folder(DATA_DIR)
        # Created 0600 from the start so the key is never readable by others, even briefly.
        private_files.create_private_file(key_file, secrets.token_urlsafe(50).encode())
    return key_file.read_text().strip()


def _sqlite_database() -> dict[str, object]:
    """Without DATABASE_URL: SQLite in the data directory."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / private_files.DATABASE_NAME,
        # WAL lets the web process read while the worker writes; IMMEDIATE transactions take
        # the write lock up front so two writers queue instead of failing with "database is
        # locked" halfway through; the timeout is how long a writer waits for that lock.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DEBUG = env.flag("KNOTWORK_DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.text_list("KNOTWORK_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env.text_list("KNOTWORK_CSRF_TRUSTED_ORIGINS", "")
# The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto the server believes (uvicorn's
# forwarded_allow_ips, passed by `knotwork serve` and `knotwork web`); none by default, so no
# client can choose the address the audit trail records and the throttles count.
TRUSTED_PROXIES = env.address_list("KNOTWORK_TRUSTED_PROXIES")
# Behind TLS (a reverse proxy) set KNOTWORK_SECURE=1: cookies are then sent over HTTPS only,
# plain HTTP is redirected to HTTPS (except /healthz, which load balancers ask over HTTP) and
# browsers are told by HSTS to use nothing but HTTPS for KNOTWORK_HSTS_SECONDS.
SECURE = env.flag("KNOTWORK_SECURE")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE
# The address people open Knotwork at: every link in a mail starts with it (the worker's mails
# have no request to take it from, and a request's Host header is the sender's to choose).
# Required behind TLS; `knotwork serve` sets it from its own address when it listens on loopback.
KNOTWORK_BASE_URL = (
    env.base_url("KNOTWORK_BASE_URL", required=SESSION_COOKIE_SECURE) or "http://127.0.0.1:8000"
)
SECURE_SSL_REDIRECT = SECURE
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Read (and checked) even when not behind TLS, so a typo shows before KNOTWORK_SECURE is turned on.
HSTS_SECONDS = env.whole_number("KNOTWORK_HSTS_SECONDS", 365 * 24 * 3600, minimum=0, unit="seconds")
SECURE_HSTS_SECONDS = HSTS_SECONDS if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# "preload" only permits the domain's owner to submit it to the browsers' built-in HSTS list
# (hstspreload.org, whole registered domains only); nothing is submitted by sending it.
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (Django's own middleware): scripts, styles, images and connections
# (the live-feedback WebSocket) from this site only; no inline script, style or event handler
# runs unless it carries the response's nonce ({{ csp_nonce }}), and no other site may frame a
# page or receive a form.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features no page uses, switched off for every page (and for anything that might ever
# be framed); passkeys (publickey-credentials) stay allowed for this site only.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "serial=(), hid=(), screen-wake-lock=(), xr-spatial-tracking=(), "
    "publickey-credentials-create=(self), publickey-credentials-get=(self)"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    # Two-factor authentication: django-otp with authenticator apps (TOTP), recovery codes
    # (static tokens) and passkeys (django-otp-webauthn).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "channels",
    "django_tasks_db",
    "knotwork.accounts",
    "knotwork.clinics",
    "knotwork.patients",
    "knotwork.audit",
    "knotwork.outbox",
    "knotwork.painmaps",
    "knotwork.finder",
    "knotwork.live",
    "knotwork.intake",
    "knotwork.courses",
    "knotwork.reports",
    "knotwork.interop",
    "knotwork.insight",
    "knotwork.web",
]

MIDDLEWARE = [
    # /healthz answers before the rest runs: the probe needs the database's answer only.
    "knotwork.web.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and API answers gzipped (why this is safe from BREACH: knotwork/web/middleware.py).
    "knotwork.web.middleware.CompressionMiddleware",
    # After WhiteNoise, so it sees every response but static files: Permissions-Policy, and
    # Cache-Control: no-store (pages, API answers, CSV, SVG, PDF and calendar feeds may all
    # carry patient data, and no browser or proxy cache may keep them).
    "knotwork.web.middleware.ResponseHeadersMiddleware",
    "knotwork.web.middleware.BodySizeLimitMiddleware",
    # Control characters in any query, form field or JSON text: 422 naming the field.
    "knotwork.web.middleware.TextInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.clinic_choice: the clinic the request acts in, looked up when first asked.
    "knotwork.clinics.middleware.ClinicChoiceMiddleware",
    # Which second factor verified this session (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "knotwork.accounts.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must come last: it inspects the outcome of authentication in the view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "knotwork.urls"
ASGI_APPLICATION = "knotwork.asgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "knotwork.web.presenters.knotwork",
            ],
        },
    },
]

# PostgreSQL connections per server process (`knotwork web` worker, `knotwork worker`): Django's
# psycopg pool holds at most this many; 0 switches the pool off (a connection per request).
# PostgreSQL's max_connections must exceed processes x this (README, "Database connections").
DB_POOL_SIZE = env.whole_number("KNOTWORK_DB_POOL_SIZE", 8, minimum=0, unit="connections")
DATABASES = {
    "default": env.database("DATABASE_URL", sqlite=_sqlite_database(), pool_size=DB_POOL_SIZE)
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.text("REDIS_URL", "")
# Counters such as the live-feedback code throttle must be shared by every web process: Redis
# when there are several, the local memory of the one process otherwise.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # Pub/sub: one subscription per process instead of sorted-set polling. Live events
            # need no storage in Redis (the database and the phone's resend keep them), and
            # under load the sorted-set layer timed out reading from Redis and dropped sockets
            # (benchmarks/live_feedback.py --redis).
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    # One process only: the in-memory layer cannot reach another process (see the README).
    # Channels' layer with a cheaper expiry sweep (see knotwork.live.layers for why).
    CHANNEL_LAYERS = {"default": {"BACKEND": "knotwork.live.layers.InMemoryChannelLayer"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A task RUNNING (or a mail being sent) for longer than this is presumed dead with its worker
# and is taken up again (knotwork.common.worker; every task is idempotent).
TASK_TIMEOUT_SECONDS = env.whole_number("KNOTWORK_TASK_TIMEOUT", 600, unit="seconds")

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        # Every form that sets a password hands this the user (an unsaved one for a new login),
        # so "aikoexample" is refused for aiko@example.com.
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "display_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out login is refused before the password is even checked.
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.whole_number("KNOTWORK_LOGIN_FAILURE_LIMIT", 5, unit="failed logins")
AXES_COOLOFF_TIME = env.positive_number("KNOTWORK_LOCKOUT_HOURS", 1, unit="hours")
# Lock an account at the address its failures came from (account and address together): a
# clinic's staff often share one public address, and five wrong passwords sent from anywhere
# must not lock a clinician out of their own computer. The second group counts the accounts one
# address fails for, which knotwork.accounts.lockout turns into slowing a sprayer.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "knotwork.accounts.lockout.AccountAndAddressHandler"
AXES_USERNAME_CALLABLE = "knotwork.accounts.lockout.username_of"
# The one client-address helper: the connection's address, which uvicorn rewrites from
# X-Forwarded-For only for KNOTWORK_TRUSTED_PROXIES.
AXES_CLIENT_IP_CALLABLE = "knotwork.common.addresses.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["password", "code"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
ADDRESS_ACCOUNT_LIMIT = env.whole_number(
    "KNOTWORK_ADDRESS_ACCOUNT_LIMIT", 10, minimum=2, unit="accounts"
)

# Two-factor authentication (django-otp, django-otp-webauthn).
OTP_TOTP_ISSUER = "Knotwork"
OTP_WEBAUTHN_RP_NAME = "Knotwork"
OTP_WEBAUTHN_HELPER_CLASS = "knotwork.accounts.passkeys.PasskeyHelper"
# The relying party and the allowed origin are the host the request came to (vetted by
# ALLOWED_HOSTS), computed per request by the helper, so no host name is configured twice.
OTP_WEBAUTHN_RP_ID_CALLABLE = "knotwork.accounts.passkeys.relying_party_id"
SILENCED_SYSTEM_CHECKS = ["otp_webauthn.E030"]
# Passkeys are a second factor here, after the password, never a way around it.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# A reset link lasts two hours; one connection may ask for this many reset mails an hour, and
# try this many login codes an hour.
PASSWORD_RESET_TIMEOUT = 2 * 3600
RESET_MAILS_PER_HOUR = 10
LOGIN_CODE_TRIES_PER_HOUR = 20
API_TOKEN_REQUESTS_PER_MINUTE = env.whole_number(
    "KNOTWORK_API_TOKEN_RATE", 120, unit="requests a minute"
)

# Inactivity limits: a staff session ends after 30 minutes without a request (a shared clinic
# screen left open is the risk); patients use their own phone, so they get longer by default.
STAFF_IDLE_MINUTES = env.whole_number("KNOTWORK_STAFF_IDLE_MINUTES", 30, unit="minutes")
PATIENT_IDLE_MINUTES = env.whole_number("KNOTWORK_PATIENT_IDLE_MINUTES", 120, unit="minutes")
SESSION_COOKIE_AGE = 12 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

INVITATION_VALID_HOURS = 72

# Requests larger than this are refused with 413 before any parsing (at least 128 KiB); the
# pages that take an upload have their own limit (UPLOAD_REQUEST_BYTES).
MAX_REQUEST_BYTES = env.whole_number(
    "KNOTWORK_MAX_REQUEST_BYTES", 2 * 1024 * 1024, minimum=128 * 1024, unit="bytes"
)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
# A clearance letter (PDF, PNG or JPEG) may be up to 5 MiB: the letter form's requests may be
# that much, plus 64 KiB for the form's other fields, whatever MAX_REQUEST_BYTES is.
MAX_LETTER_BYTES = 5 * 1024 * 1024
UPLOAD_REQUEST_BYTES = {"clearance_new": MAX_LETTER_BYTES + 64 * 1024}

# Django 6.1's MAILERS replaces EMAIL_BACKEND. The demo prints mail to the console; with
# KNOTWORK_SMTP_HOST set, mail goes out by SMTP (STARTTLS on port 587 unless told otherwise);
# KNOTWORK_EMAIL_BACKEND names any other backend.
# Every variable is read (and checked) whichever backend is in use.
SMTP_HOST = env.text("KNOTWORK_SMTP_HOST", "")
SMTP_SECURITY = env.choice("KNOTWORK_SMTP_SECURITY", "starttls", ("starttls", "tls", "none"))
SMTP_PORT = env.whole_number("KNOTWORK_SMTP_PORT", 465 if SMTP_SECURITY == "tls" else 587)
EMAIL_BACKEND_PATH = env.text(
    "KNOTWORK_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if SMTP_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
MAILERS: dict[str, dict[str, object]] = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH == "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {
        "host": SMTP_HOST or "localhost",
        "port": SMTP_PORT,
        "username": env.text("KNOTWORK_SMTP_USER", ""),
        "password": os.environ.get("KNOTWORK_SMTP_PASSWORD", ""),
        "use_tls": SMTP_SECURITY == "starttls",
        "use_ssl": SMTP_SECURITY == "tls",
        "timeout": 20,
    }
DEFAULT_FROM_EMAIL = env.text("KNOTWORK_FROM_EMAIL", "Knotwork <no-reply@knotwork.invalid>")

LANGUAGE_CODE = "en"
TIME_ZONE = env.time_zone("KNOTWORK_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Every app keeps its own files in <app>/static/<app>/ (base CSS and htmx are the web app's).
MEDIA_ROOT = DATA_DIR / private_files.MEDIA_NAME
# Uploaded letters are patient data: private to the server's user whatever the umask.
FILE_UPLOAD_PERMISSIONS = private_files.FILE_MODE
FILE_UPLOAD_DIRECTORY_PERMISSIONS = private_files.FOLDER_MODE
# In production the static files are minified, named by their content's hash and gzipped into
# the data directory by `knotwork serve`/`web` as they start (knotwork/web/staticfiles.py), so
# a fresh clone needs no collectstatic step; with KNOTWORK_DEBUG they are served straight from
# the apps, as edited.
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "knotwork.web.staticfiles.MinifiedManifestStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Files served at the site's root: /favicon.ico (browsers ask for it on any page).
WHITENOISE_ROOT = Path(__file__).resolve().parent / "web" / "root"
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.log_level("KNOTWORK_LOG_LEVEL", "WARNING")},
}
