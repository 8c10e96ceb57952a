"""Dais settings, read from the environment.

DATABASE_URL  database (default: SQLite file db.sqlite3 beside manage.py)
REDIS_URL     channel layer over Redis (default: the in-memory layer, one process only)
SECRET_KEY    required when DEBUG is off
DEBUG         "1"/"0" (default 1 for development)
ALLOWED_HOSTS comma separated (default: localhost names)
CONN_MAX_AGE  seconds a worker keeps its database connection (default 0: one per request)
REDIS_MAX_CONNECTIONS  connections per worker to Redis (default 100)
PORT          the port `make run` serves on (read by the Makefile; default 8000)

Security and limits (issue 8; docs/reliability.md has the details):
DAIS_HTTPS                     "1"/"0": HTTPS is in front. Default: on when DEBUG is off, except for
                               `make run` serving a room over plain HTTP (DAIS_BIND set and no
                               https DAIS_PUBLIC_URL); on behind a TLS proxy
SECURE_SSL_REDIRECT, SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE   "1"/"0", default DAIS_HTTPS
SECURE_HSTS_SECONDS            default 31536000 with DAIS_HTTPS, else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD   "1"/"0" (default DAIS_HTTPS)
BEHIND_TLS_PROXY               "1": trust X-Forwarded-Proto: https from the proxy in front
DAIS_MAX_BODY_BYTES            request body cap for uploads (multipart), default 6 MB
DAIS_MAX_FORM_BODY_BYTES       request body cap for everything else, default 256 KB
DAIS_MAX_SOCKETS_PER_ADDRESS, DAIS_MAX_ANONYMOUS_SOCKETS_PER_ADDRESS   websocket caps per process
DAIS_PRESENCE_TIMEOUT_SECONDS  a socket without a ping for this long no longer counts as present
DAIS_DB_THREADS                threads (each with its database connection) per worker process for
                               the websockets' database calls, default 4 (committee/dbcalls.py)
DAIS_DB_KEEP_SECONDS           how long each of those threads keeps its connection across calls,
                               default 300 (checked before and after every call); 0: one per call
DAIS_DB_TRUST_SECONDS          a connection that finished a call without error this recently is
                               not health-checked (a `SELECT 1`) before the next, default 0.5; 0:
                               checked before every call
DAIS_PREPARED_STATEMENTS       "1"/"0": PostgreSQL prepares the committee commands' own statements
                               (committee/hotpath.py), default "1"; "0" behind a pooler that
                               cannot keep them (PgBouncer in transaction mode before 1.21)
DAIS_GC_THRESHOLD              the garbage collector's thresholds in server processes, default
                               20000,10,10; "python" keeps CPython's 700,10,10 (config/gctuning.py)
DAIS_LOGIN_FAILURE_LIMIT, DAIS_LOGIN_COOLOFF_MINUTES   login throttling (per account and address)
DAIS_BIND     the address `make run` serves on (set by the Makefile; see "Serving a room" below)
DAIS_PUBLIC_URL  the URL delegates open, e.g. https://dais.example.org (default: found out)
DAIS_STATE_DIR   local state folder: generated secret key, seed passwords (default .state/)
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from committee import room
from config import gctuning

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)

DEVELOPMENT_SECRET_KEY = "dais-development-only-secret-key-never-use-in-production"
DAIS_STATE_DIR = Path(os.environ.get("DAIS_STATE_DIR", BASE_DIR / ".state"))
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    # A forgotten SECRET_KEY in production would let anyone forge sessions (and so seats): with
    # DEBUG off and none given, use the one generated once into the local state folder.
    try:
        SECRET_KEY = room.state_secret_key(DAIS_STATE_DIR)
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(
            f"Set SECRET_KEY in the environment before running with DEBUG off ({error})."
        ) from error

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin.strip()
]

# --- Serving a room (issue 9) ----------------------------------------------------------------
# `make run` serves on the machine's network address (DAIS_BIND=0.0.0.0) with DEBUG off, so that
# phones on the room's Wi-Fi can join; `make dev` keeps DEBUG on and loopback only. DEBUG on a
# network address would show anyone in the room the technical error pages: refused unless asked.
DAIS_BIND = os.environ.get("DAIS_BIND", "").strip()
DAIS_PORT = os.environ.get("PORT", "8000")
DAIS_PUBLIC_URL = os.environ.get("DAIS_PUBLIC_URL", "").strip().rstrip("/")
if (
    DEBUG
    and DAIS_BIND
    and not room.is_loopback(DAIS_BIND)
    and not env_bool("DAIS_ALLOW_DEBUG_ON_NETWORK", False)
):
    raise ImproperlyConfigured(
        f"Refusing to serve with DEBUG on at the network address {DAIS_BIND}: anyone in the room "
        "would see the technical error pages. Use DEBUG=0, a loopback address (HOST=127.0.0.1), "
        "or set DAIS_ALLOW_DEBUG_ON_NETWORK=1 if you really mean it."
    )
if "ALLOWED_HOSTS" not in os.environ:
    ALLOWED_HOSTS += room.network_hosts(DAIS_BIND) if DAIS_BIND else []
if DAIS_PUBLIC_URL:
    ALLOWED_HOSTS.append(room.host_of(DAIS_PUBLIC_URL))
    CSRF_TRUSTED_ORIGINS.append(room.origin_of(DAIS_PUBLIC_URL))
ALLOWED_HOSTS = list(dict.fromkeys(ALLOWED_HOSTS))
# --- end of serving a room -------------------------------------------------------------------

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
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Browser tests run the server in a forked process: it needs the test DB on disk (G7).
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test_db.sqlite3")}
    # Waiting a little for the write lock beats "database is locked" under concurrent sockets.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    # Write-ahead log: a commit appends to the log instead of rewriting and syncing the
    # database file; with synchronous=NORMAL it is not synced to disk at every commit. On the
    # shared 2-core machine a ballot through the services took about 44 ms in rollback-journal
    # mode (mostly the file sync) and 5 ms in this mode (docs/performance.md, "Ballots"). A
    # crash of the server loses nothing; a power cut may lose the last commits, never the
    # database.
    DATABASES["default"]["OPTIONS"]["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
else:
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_dais")}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # Redis pub/sub: the layer carries only the hubs' traffic, one message per committee
            # per command (committee/hub.py); a PUBLISH is one round trip and subscribers get it
            # pushed, where channels_redis' default layer took about ten round trips per message
            # with two workers (docs/performance.md, "Session 7"). A subscriber away when a
            # message went out misses it; pages resync on the gap in `seq`. redis-py subscribes
            # again by itself when its connection comes back (after a Redis restart).
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": 30,
                        # redis-py's pool refuses (does not wait) past this many connections.
                        "max_connections": int(os.environ.get("REDIS_MAX_CONNECTIONS", "100")),
                    }
                ],
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
LOGIN_REDIRECT_URL = "after_login"  # a chair lands on their committee's console
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
DAIS_DEMO_STEPS = [
    "exports.demo_papers.papers_step",
    "exports.demo.demo_step",
    "exports.demo_resolutions.resolutions_step",
]
# The awards sheet's source of position-paper scores: (committee) -> {seat id: 0..1}.
EXPORTS_PAPER_SCORES = "delegates.papers.seat_scores"

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
# HTTPS in front: a deployment with DEBUG off, unless it is `make run` serving a room over
# plain HTTP on its own network address (DAIS_BIND set, no https public URL), where secure
# cookies, an HTTPS redirect and HSTS would break every phone's login. DAIS_HTTPS overrides.
SERVED_OVER_HTTPS = env_bool(
    "DAIS_HTTPS",
    BEHIND_TLS_PROXY
    or DAIS_PUBLIC_URL.startswith("https://")
    or (not DEBUG and not DAIS_BIND),
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SERVED_OVER_HTTPS)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", SERVED_OVER_HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", SERVED_OVER_HTTPS)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", "31536000" if SERVED_OVER_HTTPS else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SERVED_OVER_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SERVED_OVER_HTTPS)
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
# The websockets' database calls run on this many threads per process (committee/dbcalls.py);
# each holds a database connection for DAIS_DB_KEEP_SECONDS.
DAIS_DB_THREADS = int(os.environ.get("DAIS_DB_THREADS", "4"))
# How long each of those threads keeps its database connection across calls (checked before
# and after every call: committee/dbcalls.py); 0 closes it after every call.
DAIS_DB_KEEP_SECONDS = int(os.environ.get("DAIS_DB_KEEP_SECONDS", "300"))
# PostgreSQL plans each of a committee command's statements once per connection instead of on
# every command (committee/hotpath.py, `bound_on_server`). Off ("0") behind a connection pooler
# that does not keep prepared statements (PgBouncer in transaction mode before 1.21).
DAIS_PREPARED_STATEMENTS = os.environ.get("DAIS_PREPARED_STATEMENTS", "1") != "0"
# Django's health check (CONN_HEALTH_CHECKS) is a `SELECT 1` before each call's first query:
# one trip to the database more on every command. Skipped on a connection that finished a call
# without error less than this many seconds ago (as HikariCP's alive-bypass window, 500 ms):
# committee/dbcalls.py. 0 checks before every call.
DAIS_DB_TRUST_SECONDS = float(os.environ.get("DAIS_DB_TRUST_SECONDS", "0.5"))
# Server processes collect garbage less often, and never walk what start-up built
# (config/gctuning.py; applied by config/asgi.py). A bad value stops the start with its reason.
try:
    DAIS_GC_THRESHOLD = gctuning.parse(os.environ.get("DAIS_GC_THRESHOLD"))
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from None

# Login throttling (django-axes): per account and, separately, per client address.
AXES_FAILURE_LIMIT = int(os.environ.get("DAIS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("DAIS_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "committee.login.locked_out"
AXES_VERBOSE = False
