"""Settings for xinfang, read from environment variables (see .env.example).

SQLite is the embedded default; set DATABASE_URL for PostgreSQL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from .env into the environment (existing variables win)."""
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip())


_load_dotenv(BASE_DIR / ".env")

DEBUG = _env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # No key configured: make one per installation and keep it beside the code (git-ignored).
    _key_file = BASE_DIR / ".secret_key"
    if not _key_file.exists():
        import secrets

        _key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    SECRET_KEY = _key_file.read_text(encoding="utf-8").strip()
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",  # runserver leaves /static/ to WhiteNoise, as in production
    "django.contrib.staticfiles",
    "ninja",  # the API docs page (Swagger UI) from static files, no CDN
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",  # background work: the task table and `manage.py db_worker` (TASKS below)
    "xinfang.accounts",
    "xinfang.orgs",
    "xinfang.people",
    "xinfang.policies",
    "xinfang.audit",
    "xinfang.petitions",
    "xinfang.clocks",
    "xinfang.inbox",
    "xinfang.ops",
    "xinfang.documents",
    "xinfang.imports",
    "xinfang.ledgerkit",
    "xinfang.targets",
    "xinfang.mediations",
    "xinfang.consultations",
    "xinfang.unions",
    "xinfang.congresses",
    "xinfang.contracts",
    "xinfang.homes",
    "xinfang.delegates",
    "xinfang.idempotency",
    "xinfang.workbench",
    "xinfang.demo",  # composing: manage.py demo_data
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files: compressed, hashed names, cached forever
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below)
    "xinfang.api.ApiErrorsAsJson",  # every error under /api/ is JSON with a Chinese message
    "xinfang.lib.requestlimits.RequestSizeLimitMiddleware",  # before anything reads the body
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "xinfang.accounts.sessions.IdleTimeout",  # slides the session's expiry, saving it once a minute at most
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xinfang.urls"
WSGI_APPLICATION = "xinfang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "xinfang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xinfang.inbox.context_processors.unread_reminders",
                "xinfang.accounts.navigation.menu",
            ],
            # {% if user|can:"…" %} on every page (accounts/abilities.py)
            "builtins": ["xinfang.accounts.templatetags.abilities"],
        },
    },
]

# Database: SQLite (WAL, busy timeout, immediate transactions) unless DATABASE_URL is set.
SQLITE_PATH = os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
if os.environ.get("DATABASE_URL"):
    # A worker keeps its connection ten minutes, checked before reuse, and with it the home page's prepared statements.
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=600, conn_health_checks=True
        )
    }
    # Psycopg may prepare statements: only the home page's kept statements ask for it (lib/compiled.py); Django's
    # own queries bind on the client and are never prepared. Off behind a pooler in transaction mode (PgBouncer).
    if _env_bool("PREPARED_STATEMENTS", True):
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                    " PRAGMA busy_timeout=20000;"
                ),
            },
            # A file, not memory, so concurrency tests see real locking.
            # TEST_SQLITE_PATH lets two test runs on one machine use separate files.
            "TEST": {"NAME": os.environ.get("TEST_SQLITE_PATH", str(BASE_DIR / ".test-db.sqlite3"))},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the user's organisation with the user (one query a request, not two). A session
    # opened under Django's own (before 2026-12-07) names that one: its user logs in again once.
    "xinfang.accounts.backends.UserWithOrgBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": _env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# API tokens (for other systems calling the REST API): days a newly issued token stays valid.
API_TOKEN_DAYS = _env_int("API_TOKEN_DAYS", 365)

# Session timeout: idle minutes before a user must log in again.
SESSION_COOKIE_AGE = _env_int("SESSION_TIMEOUT_MINUTES", 120) * 60
# The expiry slides with accounts.sessions.IdleTimeout: a save a minute at most, not one every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = _env_bool("SECURE_COOKIES")

# HTTPS. Behind a TLS-terminating proxy set SECURE_SSL_REDIRECT, the HSTS settings and SECURE_COOKIES, and
# PROXY_SETS_X_FORWARDED_PROTO when (and only when) the proxy sets X-Forwarded-Proto and strips the client's own.
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer probes the app server over plain HTTP
SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD")
if _env_bool("PROXY_SETS_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = os.environ.get("SECURE_REFERRER_POLICY", "same-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For is believed: the client's address
# for the login lockout and the access log (xinfang/lib/clientip.py). Empty: the direct peer is the client.
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]

# Content-Security-Policy (django-csp 4): scripts only from our static files (or with the per-response nonce,
# request.csp_nonce), nothing inline, no eval. Styles: a few templates use style="" attributes, so style-src allows
# inline styles; browsers that know style-src-elem (CSP 3) still refuse <style> elements and foreign style sheets.
# img-src allows data: for Bootstrap's inline SVG icons in its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "style-src-elem": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Failed-login limit (django-axes): lock a username from one address after N failures.
AXES_FAILURE_LIMIT = _env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=_env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLED = _env_bool("LOGIN_LIMIT_ENABLED", True)
# A lockout lasts AXES_COOLOFF_TIME from the failure that caused it: attempts while locked out are not recorded,
# so they cannot prolong it. The address is the real client's, from a trusted proxy only (TRUSTED_PROXIES).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "xinfang.lib.clientip.client_ip"

# Background work (django-tasks, the backport of Django 6's django.tasks): tasks wait in a database table until
# `manage.py db_worker` runs them (make run, make serve, docs/deploy.md); no broker. The tests run them at once
# (the immediate backend, xinfang/conftest.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"

# The unions ledger (xinfang/unions/organising.py, docs/ledgers.md): the member count from which an employer must
# have its own grassroots committee (工会法 第十一条), and what the founding and membership rates divide by
# (FOUNDING_BASE "obligated" | "registry"; MEMBERSHIP_BASE "unions" | "coverage").
UNIONS = {"OBLIGATION_MEMBERS": 25, "FOUNDING_BASE": "obligated", "MEMBERSHIP_BASE": "unions"}
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "xinfang" / "static"]
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
# Served by WhiteNoise from STATIC_ROOT (`manage.py collectstatic`): hashed names and compressed copies, so browsers
# cache them for good. DEBUG serves the source files unhashed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Attachments and generated documents: outside the web root, served only through scoped views.
PRIVATE_FILES_ROOT = Path(os.environ.get("PRIVATE_FILES_ROOT", str(BASE_DIR / "var" / "files")))
# Replacement document templates uploaded by administrators live here too (documents/templates/).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The whole request body (every file and field): refused with 413 before it is read (lib/requestlimits.py).
# Keep it above the policy 附件合计上限 (attachment_total_mb, 50 MB) plus the form's own few bytes.
MAX_REQUEST_MB = _env_int("MAX_REQUEST_MB", 60)
# Files in one request; the policy 每次附件个数上限 (attachment_max_files, 10) gives the message by field.
DATA_UPLOAD_MAX_NUMBER_FILES = _env_int("MAX_REQUEST_FILES", 20)
