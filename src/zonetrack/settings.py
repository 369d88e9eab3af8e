"""Django settings for zonetrack; every deployment choice comes from an environment variable."""

from __future__ import annotations

import functools
import os
import secrets
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("ZONETRACK_DATA_DIR", "var")).resolve()


@functools.cache
def _secret_key() -> str:
    """SECRET_KEY from the environment, else generated once and kept in the data directory."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    try:
        # O_EXCL: of two processes starting at once, the second reads the first one's key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as file:
        file.write(key)
    return key


# Read (and, the first time, generated) only when something signs or hashes: importing the
# settings writes nothing to the data directory until a command needs it.
SECRET_KEY = lazy(_secret_key, str)()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
HTTPS = env_bool("ZONETRACK_HTTPS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "ninja",
    "huey.contrib.djhuey",
    "zonetrack.core",
    "zonetrack.accounts",
    "zonetrack.audit",
    "zonetrack.notices",
    "zonetrack.sheets",
    "zonetrack.registry",
    "zonetrack.projects",
    "zonetrack.dispatch",
    "zonetrack.targets",
    "zonetrack.rankings",
    "zonetrack.land",
    "zonetrack.promotion",
    "zonetrack.articles",
    "zonetrack.dashboards",
    "zonetrack.api",
]

MIDDLEWARE = [
    # Outermost, so it times everything below (per-process counters, read at /metrics).
    "zonetrack.core.metrics.MetricsMiddleware",
    "zonetrack.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "zonetrack.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zonetrack.accounts.middleware.SessionLifetimeMiddleware",
    "zonetrack.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # A full disk under the data directory answers 507 with a clear message (core.diskfull).
    "zonetrack.core.diskfull.DiskFullMiddleware",
]

ROOT_URLCONF = "zonetrack.urls"
WSGI_APPLICATION = "zonetrack.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "zonetrack.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'zonetrack.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before each request reuses it, so a database restart
        # costs the requests made while it is down, not one more failure per server thread.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The same backend, making the data directory when it first connects (not at import).
    DATABASES["default"]["ENGINE"] = "zonetrack.core.sqlite3"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers go on while one writer works; IMMEDIATE avoids lock upgrades mid-transaction.
    # A writer waits up to 30 s for another's transaction (a long import commits in chunks).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;"
        ),
    }
# A streaming replica of the PostgreSQL database (docs/operations.md): dashboard and list pages
# read from it (core.routers); writes, and reads inside a write's transaction, use the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    # Tests make no database of their own for it: it reads the test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["zonetrack.core.routers.ReplicaRouter"]
    MIDDLEWARE.append("zonetrack.core.routers.ReplicaReadsMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: idle timeout and absolute lifetime, enforced by SessionLifetimeMiddleware.
SESSION_IDLE_TIMEOUT = timedelta(seconds=int(os.environ.get("ZONETRACK_SESSION_IDLE", 2 * 3600)))
SESSION_ABSOLUTE_LIFETIME = timedelta(
    seconds=int(os.environ.get("ZONETRACK_SESSION_LIFETIME", 12 * 3600))
)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIFETIME.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Failed logins: five in a row lock the user for fifteen minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zonetrack.accounts.views.lockout_response"
AXES_VERBOSE = False
# Locking by user, not by address, is deliberate: the rule is "five failures lock the user",
# and an attacker who rotates addresses must not get around it.
SILENCED_SYSTEM_CHECKS = [
    "axes.W006",
    # The project list's covering indexes carry columns beside their keys (INCLUDE) for
    # PostgreSQL's index-only scans; SQLite builds them on their keys alone, which is enough.
    "models.W040",
]

# Served behind TLS: secure cookies, HSTS and redirect to https.
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # A monitor on the machine itself asks over plain http: answer it, do not redirect it.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Django's, removing a half-written file when the disk is full (core.diskfull).
    "default": {"BACKEND": "zonetrack.core.diskfull.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"

# Outgoing e-mail (alerts): an SMTP server when EMAIL_HOST is set, else written to the log.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zonetrack@localhost")

# Several app servers (docs/operations.md): with REDIS_URL set, the job queue, its progress and
# the cache live in that Redis, shared by every app server and job worker; without it, today's
# single-machine layout stays (a SQLite queue in the data directory, a per-process cache).
REDIS_URL = os.environ.get("REDIS_URL", "")

# Background jobs (huey): a queue in a SQLite file of the data directory (or in Redis), worked by
# the consumer that `zonetrack serve` starts beside the web server (or `zonetrack run_huey`).
# ZONETRACK_JOBS_IMMEDIATE=1 runs every job at once in the calling process (tests, scripts).
# A periodic job (the daily alerts) runs once per schedule however many consumers enqueue it
# (core.jobs claims each scheduled run in the queue's storage).
_HUEY_CONSUMER = {"workers": 2, "worker_type": "thread", "periodic": True}
# Schedules read the local clock (TIME_ZONE): the daily alerts at 07:00 are 07:00 there, not UTC.
_HUEY_UTC = False
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "zonetrack",
        "url": REDIS_URL,
        "utc": _HUEY_UTC,
        "immediate": env_bool("ZONETRACK_JOBS_IMMEDIATE"),
        "consumer": _HUEY_CONSUMER,
    }
else:
    HUEY = {
        # SqliteHuey that creates its file on first use, not when the apps load.
        "huey_class": "zonetrack.core.jobstore.LazySqliteHuey",
        "name": "zonetrack",
        "filename": str(DATA_DIR / "jobs.sqlite3"),
        "utc": _HUEY_UTC,
        "immediate": env_bool("ZONETRACK_JOBS_IMMEDIATE"),
        "consumer": _HUEY_CONSUMER,
    }

# The cache: Redis when there is one (shared by the app servers), else each process's memory.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Sessions stay in the database in both layouts: every app server reads the one database, and
# logging a user out everywhere (accounts.services.end_sessions, on deactivation) deletes their
# session rows, which a cache-only session store would not see. A Redis restart signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
WHITENOISE_USE_FINDERS = DEBUG

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

NINJA_PAGINATION_PER_PAGE = 50

# /metrics is for superusers, and for a scraper sending "Authorization: Bearer <this token>".
ZONETRACK_METRICS_TOKEN = os.environ.get("ZONETRACK_METRICS_TOKEN", "")
# The name a phone shows under the home-screen icon (the web app manifest).
ZONETRACK_APP_NAME = os.environ.get("ZONETRACK_APP_NAME", "开发区项目管理")
ZONETRACK_APP_SHORT_NAME = os.environ.get("ZONETRACK_APP_SHORT_NAME", "开发区项目")

# Monthly progress reports are due by this day of the following month (REFERENCE.md: the 5th).
ZONETRACK_REPORT_DUE_DAY = int(os.environ.get("ZONETRACK_REPORT_DUE_DAY", "5"))


def env_share(name: str, default: str) -> str:
    """A share between 0 and 1 from the environment (e.g. "0.05"), refused at start-up when it
    is not one, rather than on the first page that needs it."""
    text = os.environ.get(name, default).strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(-1)
    if not Decimal(0) <= value <= Decimal(1):
        raise ImproperlyConfigured(f"{name} must be a share between 0 and 1, e.g. 0.05")
    return text


# How far children's targets may exceed their parent's, a land parcel's stated area may differ
# from its outline's, and an article's claim from zonetrack's record before it "differs".
ZONETRACK_TARGET_TOLERANCE = env_share("ZONETRACK_TARGET_TOLERANCE", "0.05")
ZONETRACK_LAND_AREA_TOLERANCE = env_share("ZONETRACK_LAND_AREA_TOLERANCE", "0.05")
ZONETRACK_CLAIM_TOLERANCE = env_share("ZONETRACK_CLAIM_TOLERANCE", "0.05")


def env_count(name: str, default: str) -> int:
    """A whole number above zero from the environment, refused at start-up otherwise."""
    text = os.environ.get(name, default).strip()
    if not text.isdecimal() or int(text) <= 0:
        raise ImproperlyConfigured(f"{name} must be a whole number above zero, e.g. {default}")
    return int(text)


# Years after a grant of standard land at which its capacity promise is reviewed; hours within
# which an investor's enquiry is to be answered.
ZONETRACK_LAND_CAPACITY_REVIEW_YEARS = env_count("ZONETRACK_LAND_CAPACITY_REVIEW_YEARS", "3")
# Idle land (腾笼换鸟): months after supply without a construction start, and years in a row of
# per-mu figures without tax, after which a parcel is listed.
ZONETRACK_LAND_IDLE_MONTHS = env_count("ZONETRACK_LAND_IDLE_MONTHS", "12")
ZONETRACK_LAND_NO_TAX_YEARS = env_count("ZONETRACK_LAND_NO_TAX_YEARS", "2")
ZONETRACK_ENQUIRY_RESPONSE_HOURS = env_count("ZONETRACK_ENQUIRY_RESPONSE_HOURS", "24")

# Map base layer: a tile URL template such as "https://tiles.example.org/{z}/{x}/{y}.png".
# Without one, maps draw the zones on a plain background, so they work offline.
ZONETRACK_MAP_TILES = os.environ.get("ZONETRACK_MAP_TILES", "")
ZONETRACK_MAP_ATTRIBUTION = os.environ.get("ZONETRACK_MAP_ATTRIBUTION", "")


def tile_origin(template: str) -> str | None:
    """The origin map tiles are fetched from, as a CSP source ("{s}" subdomains become "*")."""
    if not template:
        return None
    parts = urlsplit(template.replace("{s}", "subdomain-placeholder"))
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.netloc.rsplit("@", 1)[-1].replace("subdomain-placeholder", "*")
    if any(c in host for c in "{}; ',"):
        return None
    return f"{parts.scheme}://{host}"


# Content-Security-Policy (django-csp): scripts and styles come only from our own static files,
# so a record's text that reaches a page can never run as script even if a template or script
# got the escaping wrong. Templates carry no inline <script> (data goes in json_script
# elements), no <style> and no style= or on*= attributes; tests/core/test_templates_csp.py
# keeps it that way. The admin and the API docs work under it unchanged; a view that ever needs
# more widens it with django-csp's per-view decorators (csp_update), never here.
_TILE_ORIGIN = tile_origin(ZONETRACK_MAP_TILES)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", *([_TILE_ORIGIN] if _TILE_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Permissions-Policy (core.middleware): camera and location for our own pages only (site photos
# and positions taken on a phone), every other powerful feature off.
PERMISSIONS_POLICY = {
    "camera": ["self"],
    "geolocation": ["self"],
    "microphone": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "hid": [],
    "midi": [],
    "magnetometer": [],
    "gyroscope": [],
    "accelerometer": [],
    "display-capture": [],
    "fullscreen": ["self"],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "xr-spatial-tracking": [],
    "browsing-topics": [],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Navigation areas of the product (DESIGN.md); each names its URL once it exists.
NAVIGATION = [
    ("dashboards:home", _("Overview"), "home"),
    ("dashboards:cockpit_home", _("Cockpit"), "cockpit"),
    ("registry:zone_list", _("Zones"), "zones"),
    ("projects:project_list", _("Projects"), "projects"),
    ("dispatch:home", _("Dispatch"), "dispatch"),
    ("targets:overview", _("Targets"), "targets"),
    ("rankings:scheme_list", _("Rankings"), "rankings"),
    ("land:parcel_list", _("Land"), "land"),
    ("promotion:overview", _("Promotion"), "promotion"),
    ("articles:article_list", _("Articles"), "articles"),
]
# Where an area not built yet leads.
NAVIGATION_COMING = "dashboards:coming"
