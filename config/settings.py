"""Dais settings, read from the environment.

DATABASE_URL  database (default: SQLite file db.sqlite3 beside manage.py)
REDIS_URL     channel layer over Redis (default: the in-memory layer, one process only)
SECRET_KEY    required when DEBUG is off
DEBUG         "1"/"0" (default 1 for development)
ALLOWED_HOSTS comma separated (default: localhost names)
PORT          the port `make run` serves on (read by the Makefile; default 8000)

Security and limits (issue 8; docs/reliability.md has the details):
SECURE_SSL_REDIRECT, SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE   "1"/"0", default on when DEBUG is off
SECURE_HSTS_SECONDS            default 31536000 when DEBUG is off (0 in development)
SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD   "1"/"0" (default on when DEBUG is off)
BEHIND_TLS_PROXY               "1": trust X-Forwarded-Proto: https from the proxy in front
DAIS_MAX_BODY_BYTES            request body cap for uploads (multipart), default 6 MB
DAIS_MAX_FORM_BODY_BYTES       request body cap for everything else, default 256 KB
DAIS_MAX_SOCKETS_PER_ADDRESS, DAIS_MAX_ANONYMOUS_SOCKETS_PER_ADDRESS   websocket caps per process
DAIS_PRESENCE_TIMEOUT_SECONDS  a socket without a ping for this long no longer counts as present
DAIS_LOGIN_FAILURE_LIMIT, DAIS_LOGIN_COOLOFF_MINUTES   login throttling (per account and address)
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)

DEVELOPMENT_SECRET_KEY = "dais-development-only-secret-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    # A forgotten SECRET_KEY in production would let anyone forge sessions (and so seats).
    raise ImproperlyConfigured("Set SECRET_KEY in the environment before running with DEBUG off.")

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin.strip()
]

INSTALLED_APPS = [
    "daphne",  # first, so that runserver is the ASGI one (stack notes)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "axes",
    "csp",
    "committee",
    "delegates",
    "exports",
    "resolutions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "delegates.middleware.SeatMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into our 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out logins before checking
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "delegates.context_processors.current_seat",
            ],
        },
    },
]

ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = None

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Browser tests run the server in a forked process: it needs the test DB on disk (G7).
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test_db.sqlite3")}
    # Waiting a little for the write lock beats "database is locked" under concurrent sockets.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
else:
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_dais")}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py 8 gives up reading after 5 s by default, exactly channels_redis's blocking
            # wait: a quiet channel would then fail and close its websockets.
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": 30}],
                "capacity": 1000,
                "expiry": 30,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "media/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A delegate's phone stays bound to its seat for the whole conference unless the code is revoked.
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

# Join codes (delegates/README.md): wrong codes are counted per client address (never per
# cookie); past JOIN_CODE_MAX_FAILURES_PER_ADDRESS the address waits, doubling each time up to
# JOIN_CODE_MAX_WAIT_SECONDS, before a wrong code is checked again. A right code always works, so
# a room behind one NAT is never locked out by a neighbour's typos or a guesser.
JOIN_CODE_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("JOIN_CODE_MAX_FAILURES_PER_ADDRESS", "10"))
JOIN_CODE_MAX_WAIT_SECONDS = int(os.environ.get("JOIN_CODE_MAX_WAIT_SECONDS", "900"))
JOIN_CODE_FAILURE_WINDOW_SECONDS = 3600

# `load_seeds --demo`: functions called with the seeded committee's id, in order. Later apps
# (position papers, resolutions) add their own step here.
DAIS_DEMO_STEPS = ["exports.demo.demo_step", "exports.demo_resolutions.resolutions_step"]
# The awards sheet's source of position-paper scores: (committee) -> {seat id: 0..1}.
EXPORTS_PAPER_SCORES = "exports.awards.position_paper_scores"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}


# ---------------------------------------------------------------------------------------------
# Security and limits (issue 8). Production (DEBUG off) is safe by default; each is overridable.

BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    # The proxy terminates TLS and sets X-Forwarded-Proto; it must strip the client's own.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): no inline scripts or styles anywhere. Put scripts in
# static/js and styles in static/css; data for scripts goes in json_script blocks.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Request bodies are refused before they are buffered (config/bodylimit.py): uploads
# (multipart/form-data, e.g. 5 MB position papers) up to DAIS_MAX_BODY_BYTES, anything else up
# to DAIS_MAX_FORM_BODY_BYTES.
DAIS_MAX_BODY_BYTES = int(os.environ.get("DAIS_MAX_BODY_BYTES", str(6 * 1024 * 1024)))
DAIS_MAX_FORM_BODY_BYTES = int(os.environ.get("DAIS_MAX_FORM_BODY_BYTES", str(256 * 1024)))

# Websockets per client address and worker process: a room behind one NAT has a phone per seat
# (and a few chairs); projectors and other anonymous viewers are few.
DAIS_MAX_SOCKETS_PER_ADDRESS = int(os.environ.get("DAIS_MAX_SOCKETS_PER_ADDRESS", "400"))
DAIS_MAX_ANONYMOUS_SOCKETS_PER_ADDRESS = int(
    os.environ.get("DAIS_MAX_ANONYMOUS_SOCKETS_PER_ADDRESS", "20")
)
# Pages ping every 30 s; a socket silent for this long is no longer present.
DAIS_PRESENCE_TIMEOUT_SECONDS = int(os.environ.get("DAIS_PRESENCE_TIMEOUT_SECONDS", "90"))

# Login throttling (django-axes): per account and, separately, per client address.
AXES_FAILURE_LIMIT = int(os.environ.get("DAIS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("DAIS_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "committee.login.locked_out"
AXES_VERBOSE = False
