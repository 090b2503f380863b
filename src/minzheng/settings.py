"""Django settings. An instance is configured by environment variables only (see docs/operations.md)."""

from __future__ import annotations

import os

import dj_database_url

from minzheng import home as mz_home

HOME = mz_home.home()
BASE_DIR = mz_home.SOURCE_ROOT

SECRET_KEY = mz_home.key("django").hex()
DEBUG = os.environ.get("MINZHENG_DEBUG") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("MINZHENG_ALLOWED_HOSTS", "*").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("MINZHENG_CSRF_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # Swagger UI for /api/v1/docs from ninja's own static files (no CDN on an intranet)
    "minzheng.core",
    "minzheng.registry",
    "minzheng.benefits",
    "minzheng.assistance",
    "minzheng.children",
    "minzheng.disability",
    "minzheng.elderly",
    "minzheng.verification",
    "minzheng.payroll",
    "minzheng.eldercare",
    "minzheng.volunteers",
    "minzheng.charity",
    "minzheng.socialwork",
    "minzheng.communities",
    "minzheng.socialorgs",
    "minzheng.placenames",
    "minzheng.marriage",
    "minzheng.adoption",
    "minzheng.funeral",
    "minzheng.homeless",
    "minzheng.portal",
    "minzheng.relief",
    "minzheng.specialcare",
    "minzheng.lottery",
    "minzheng.monitoring",
    "minzheng.indicators",
    "minzheng.synthetic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost but one: CSP and no-store reach every response, error pages included.
    "minzheng.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Chinese only (docs/decisions/0013-chinese-only-ui.md): with one language, Django's LocaleMiddleware serves
    # zh-hans whatever the browser asks for and sets Content-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "minzheng.core.middleware.SessionSlideMiddleware",
    "minzheng.core.inbox_cache.ForgetAfterWritesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "minzheng.core.middleware.RequestContextMiddleware",
    "minzheng.core.middleware.PasswordChangeMiddleware",
]

ROOT_URLCONF = "minzheng.urls"
WSGI_APPLICATION = "minzheng.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "src" / "minzheng" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "minzheng.core.context_processors.nav_context",
            ],
        },
    }
]
# Django's, with its built-in widgets written in Python rather than through five nested templates (core/form_renderer).
FORM_RENDERER = "minzheng.core.form_renderer.FormRenderer"


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        db = dj_database_url.parse(url, conn_max_age=60)
        return db
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": HOME / "db.sqlite3",
        "OPTIONS": {
            # IMMEDIATE: every transaction takes the write lock at its start, so two writers never
            # interleave on the audit chain head (see docs/decisions/0004-audit-chain.md).
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=30000; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
            ),
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["minzheng.core.auth.LockoutModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "minzheng.core.auth.ComplexityValidator"},
    {"NAME": "minzheng.core.auth.HistoryValidator"},
]

# Security settings the secadmin may tune by environment.
MINZHENG_LOCKOUT_THRESHOLD = int(os.environ.get("MINZHENG_LOCKOUT_THRESHOLD", "5"))
MINZHENG_LOCKOUT_MINUTES = int(os.environ.get("MINZHENG_LOCKOUT_MINUTES", "30"))
# Passwords expire after this many days (0 = never) and may not repeat the last N (docs/security/access.md).
MINZHENG_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("MINZHENG_PASSWORD_MAX_AGE_DAYS", "90"))
MINZHENG_PASSWORD_HISTORY = int(os.environ.get("MINZHENG_PASSWORD_HISTORY", "5"))
# API tokens live this many days unless made with another lifetime (0 = no expiry).
MINZHENG_TOKEN_DAYS = int(os.environ.get("MINZHENG_TOKEN_DAYS", "90"))
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated); empty: the peer
# address is the client's, whatever the header says.
MINZHENG_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("MINZHENG_TRUSTED_PROXIES", "").split(",") if p.strip()]
# Idle timeout: the session expires this many seconds after the last request (renewed at most once a minute by
# core.middleware.SessionSlideMiddleware, not saved on every request).
SESSION_COOKIE_AGE = int(os.environ.get("MINZHENG_IDLE_TIMEOUT_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = os.environ.get("MINZHENG_SECURE_COOKIES") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # pages carry the token in the form / the body's hx-headers, never read the cookie
CSRF_FAILURE_VIEW = "minzheng.core.views.errors.csrf_failure"
# Behind TLS (MINZHENG_SECURE_COOKIES=1) browsers are also told to keep to HTTPS.
SECURE_HSTS_SECONDS = 31536000 if SESSION_COOKIE_SECURE else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (core.middleware.SecurityHeadersMiddleware): everything from this origin, no inline or
# evaluated script, no framing. Inline style *attributes* stay allowed (progress bars, chart widths); they cannot
# run code.
MINZHENG_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
                "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
                "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["minzheng.formats"]  # thousands separated by commas (minzheng/formats/zh_Hans)

STATIC_URL = "/static/"
STATIC_ROOT = mz_home.home_dir("static")
_assets = mz_home.assets_dir()
STATICFILES_DIRS = [
    BASE_DIR / "src" / "minzheng" / "static",
    ("vendor/htmx", _assets / "htmx.org" / "dist"),
    ("vendor/bootstrap", _assets / "bootstrap" / "dist"),
    ("vendor/echarts", _assets / "echarts" / "dist"),
    ("vendor/leaflet", _assets / "leaflet" / "dist"),  # the offline map (placenames)
]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = mz_home.home_dir("uploads")
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MINZHENG_LOG_LEVEL", "WARNING")},
}

# ---- Files at rest (issue 11; core.filestore, docs/security/files.md) ------------------------------------------------
# Days a stored file is kept, per category (None = kept until deleted with its record). Override one category with
# MINZHENG_FILE_RETENTION_<CATEGORY>=<days> (e.g. MINZHENG_FILE_RETENTION_BANK_FILE=30; "keep" = never expires).
def _retention(category: str, default: int | None) -> int | None:
    value = os.environ.get(f"MINZHENG_FILE_RETENTION_{category.upper()}", "").strip()
    return None if value == "keep" else int(value) if value else default


MINZHENG_FILE_RETENTION_DAYS = {category: _retention(category, default) for category, default in {
    "bank_file": 7, "bank_return": 90, "import": 7, "feed": 7, "error_report": 30, "export": 1,
    "case_document": None, "visit_photo": None, "indicator_evidence": None, "rescue_photo": None,
    "placename_photo": None, "marker_photo": None}.items()}
MINZHENG_FILE_SEGMENT_BYTES = int(os.environ.get("MINZHENG_FILE_SEGMENT_BYTES", str(1024 * 1024)))
# A department file whose rejected share exceeds this does not replace the kind's current snapshot unless the
# operator confirms (`feeds load --confirm-replace`, the upload page's checkbox).
MINZHENG_FEED_MAX_REJECT_SHARE = float(os.environ.get("MINZHENG_FEED_MAX_REJECT_SHARE", "0.05"))
# Django writes uploads larger than 2.5 MB to a temporary file while the request runs: keep it under the instance's
# own folder (owner-only), not the shared /tmp; `minzheng files cleanup` removes any left by a killed process.
FILE_UPLOAD_TEMP_DIR = str(mz_home.home_dir("tmp"))
FILE_UPLOAD_PERMISSIONS = 0o600

# ---- Production scale (issue 21; docs/deploy.md) -------------------------------------------------------------------
# Where submitted jobs run: "embedded" (a thread in the web process, no server) or "procrastinate" (PostgreSQL queue
# tables in the same database, run by `minzheng jobs worker`; docs/decisions/0015-job-queue.md).
MINZHENG_QUEUE = os.environ.get("MINZHENG_QUEUE", "embedded")
MINZHENG_JOB_ATTEMPTS = int(os.environ.get("MINZHENG_JOB_ATTEMPTS", "3"))  # a restartable job's attempts in all
# Home-page tiles (county aggregates) are shared this many seconds by users who see the same figures (core.views.home).
MINZHENG_HOME_TILE_SECONDS = int(os.environ.get("MINZHENG_HOME_TILE_SECONDS", "300"))
# The inbox's sections per user (core.inbox_cache): the user's own writes show at once, others' within this time.
MINZHENG_INBOX_SECONDS = int(os.environ.get("MINZHENG_INBOX_SECONDS", "60"))
# The cache is a table of the database (core migration 0007 creates it): every web process of an instance shares what
# one computed — a county's home-page figures take seconds — with no cache server to run.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "minzheng_cache",
                      "OPTIONS": {"MAX_ENTRIES": 100_000}}}
MINZHENG_JOB_STALE_SECONDS = int(os.environ.get("MINZHENG_JOB_STALE_SECONDS", "600"))
# A list export of more rows than this becomes a background job with a download on its page (core.pages.export_jobs);
# smaller ones stream from the request.
MINZHENG_EXPORT_INLINE_ROWS = int(os.environ.get("MINZHENG_EXPORT_INLINE_ROWS", "10000"))
# /metrics answers loopback requests, or any bearing this token (Prometheus on another host).
MINZHENG_METRICS_TOKEN = os.environ.get("MINZHENG_METRICS_TOKEN", "")
MIDDLEWARE.insert(0, "minzheng.core.metrics.MetricsMiddleware")  # outermost: times the whole answer
