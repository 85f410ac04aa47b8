"""The one settings file: everything that differs between machines comes from the environment.

See .env.example for every variable. With nothing set, the portal runs on SQLite under var/
and Celery runs tasks in-process, so a newcomer needs no services.
"""

import base64
import hashlib
import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from portal.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

RUNNING_TESTS = "pytest" in sys.modules
DEBUG = env_bool("DEBUG", False)

# Known to everyone who reads this repository: fine for a laptop, tests and management commands;
# the web application refuses to start with it in production mode (portal/wsgi.py), and
# `manage.py check --deploy` reports it (portal/checks.py).
DEV_SECRET_KEY = "dev-insecure-dan-van-portal-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_secret("SECRET_KEY") or DEV_SECRET_KEY

# Citizens' identity at rest (docs/security.md): IDENTITY_KEYS are Fernet keys, comma-separated, the first
# encrypts and every one decrypts (so a key can be rotated in); IDENTITY_HASH_KEY keys the digests that let
# officials find a person by exact name or ID number. In development and tests fixed keys stand in, derived from
# the public strings below (anyone can recompute them: no real citizen's data under them); in production mode
# the web application and the workers refuse to start without real keys (portal/checks.py).
DEV_IDENTITY_KEYS = [base64.urlsafe_b64encode(hashlib.sha256(b"dan-van-portal dev identity key").digest()).decode()]
DEV_IDENTITY_HASH_KEY = "dev-insecure-dan-van-portal-identity-hash-key"  # noqa: S105
IDENTITY_KEYS = [key.strip() for key in env_secret("IDENTITY_KEYS").split(",") if key.strip()] or (
    DEV_IDENTITY_KEYS if DEBUG or RUNNING_TESTS else []
)
IDENTITY_HASH_KEY = env_secret("IDENTITY_HASH_KEY") or (DEV_IDENTITY_HASH_KEY if DEBUG or RUNNING_TESTS else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG or RUNNING_TESTS else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.forms",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    # After django.contrib.auth, so that permissions exist when role groups are synced.
    "portal.apps.PortalConfig",
    "petitions.apps.PetitionsConfig",
    "reception.apps.ReceptionConfig",
    # The reports app registers the built-in report families first; later apps add theirs after them.
    "reports.apps.ReportsConfig",
    "models_registry.apps.ModelsRegistryConfig",
    "reform.apps.ReformConfig",
    "support.apps.SupportConfig",
    "transparency.apps.TransparencyConfig",  # published complaint decisions (public pages and API)
    "privacy.apps.PrivacyConfig",  # personal data: record of processing, data-subject requests, retention
    # Reads the other apps' report snapshots: after every family is registered.
    "alerts.apps.AlertsConfig",
]

MIDDLEWARE = [
    "portal.logs.RequestIdMiddleware",  # first: every line logged while answering carries the request's id
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.PrivateResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "portal.middleware.PortalNotFoundPageMiddleware",  # innermost: it sees the 404 Django made under DEBUG
]
DEBUG_TECHNICAL_404 = env_bool("DEBUG_TECHNICAL_404", False)

ROOT_URLCONF = "portal.urls"
# Widget templates may live in templates/ (e.g. the searchable select).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "portal.sqlite3",
        }
    }
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A new connection per request costs ~7x in throughput here (shared/MEASURED.md).
    # Tests drop their database at the end, which persistent connections would block.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 0 if RUNNING_TESTS else 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # JIT compiling a list's query cost 1.8 s of its 11 s over the national register; pages want plans, not code.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if RUNNING_TESTS:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Language and time ------------------------------------------------------------------------
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "vi")
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]  # Vietnamese numbers grouped by thousands (portal/formats/vi)
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

# --- Static files (served by the app; nothing from a CDN) ------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# `manage.py backup` writes one directory per backup here (docs/operations.md).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or RUNNING_TESTS
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Cache, Celery ----------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Answers as an empty cache while Redis is down (portal/cache.py), after a second at most.
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# Without a broker the portal still works: tasks run in-process (the embedded default).
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL or RUNNING_TESTS
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task a worker took and never acknowledged (the worker was killed) goes back to the queue after this long (Redis
# keeps it aside meanwhile). Longer than the longest task, or one still running would be run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
# With the broker down, a send gives up after a second instead of holding the request (the refresh requests wait in
# the database for reports' pick-up).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "portal.tasks.worker_heartbeat", "schedule": 300.0},
    # Before the overdue sweep: a unit that became remote today gives its petitions the longer deadlines first.
    "unit-statuses-apply": {"task": "portal.tasks.unit_statuses_apply_task", "schedule": crontab(hour=0, minute=10)},
    "petitions-mark-overdue": {
        "task": "petitions.tasks.mark_overdue_task",
        "schedule": crontab(hour=0, minute=30),
    },
    "reports-refresh-all": {"task": "reports.tasks.refresh_all_task", "schedule": crontab(hour=1, minute=30)},
    # The refreshes whose task was lost (the broker was down, a worker died): run once the worker is back.
    "reports-refresh-pending": {"task": "reports.tasks.refresh_pending_task", "schedule": 60.0},
    "reception-duty-reminders": {
        "task": "reception.tasks.send_duty_reminders_task",
        "schedule": crontab(hour=7, minute=0),
    },
    # Leaders' alerts read the snapshots the refreshes keep: hourly, and the digest on Monday morning.
    "alerts-check": {"task": "alerts.tasks.alerts_check_task", "schedule": crontab(minute=20)},
    "alerts-weekly-digest": {
        "task": "alerts.tasks.digest_send_task",
        "schedule": crontab(day_of_week="mon", hour=6, minute=30),
    },
    # Monthly and only a dry run: it logs what is past retention; an administrator applies it (docs/privacy.md).
    "privacy-retention-dry-run": {
        "task": "privacy.tasks.retention_sweep_task",
        "schedule": crontab(day_of_month="1", hour=2, minute=15),
    },
}

# --- Personal data (privacy app, docs/privacy.md) --------------------------------------------
# Years after a case is closed (a reception visit without a petition: after the visit) before the citizens'
# identity is de-identified. The archives' own retention periods for these files are not verified (cần xác minh):
# an agency with a longer legal duty raises these.
PRIVACY_RETENTION_YEARS = {
    "petitions": env_int("PRIVACY_RETENTION_YEARS_PETITIONS", 10),
    "denunciations": env_int("PRIVACY_RETENTION_YEARS_DENUNCIATIONS", 10),
    "reception": env_int("PRIVACY_RETENTION_YEARS_RECEPTION", 5),
}
# Cases de-identified per transaction by `privacy_retention --apply`.
PRIVACY_RETENTION_BATCH = env_int("PRIVACY_RETENTION_BATCH", 200)
# Days to answer a data-subject request; the statutory limit under Law 91/2025 is not verified (cần xác minh).
PRIVACY_REQUEST_DAYS = env_int("PRIVACY_REQUEST_DAYS", 15)

# --- Email ------------------------------------------------------------------------------------
# Development and tests print emails to the console. With EMAIL_HOST, or in production (where
# `check --deploy` refuses a console mailer), they go by SMTP to EMAIL_HOST, by default a mail server
# on the machine itself. EMAIL_BACKEND names another backend. Django 6.1's MAILERS, not EMAIL_* settings.
_smtp_backend = "django.core.mail.backends.smtp.EmailBackend"
_email_host = env_str("EMAIL_HOST")
_email_backend = env_str(
    "EMAIL_BACKEND",
    _smtp_backend if _email_host or not (DEBUG or RUNNING_TESTS) else "django.core.mail.backends.console.EmailBackend",
)
MAILERS = {"default": {"BACKEND": _email_backend}}
if _email_backend == _smtp_backend:
    MAILERS["default"]["OPTIONS"] = {
        "host": _email_host or "localhost",
        "port": env_int("EMAIL_PORT", 0) or None,  # unset: 25, or 587 with TLS, 465 with SSL
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_secret("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": env_int("EMAIL_TIMEOUT", 30),
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cổng Dân vận <no-reply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The portal's address as officials open it: the links in emails (the weekly digest) are absolute.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://localhost:8000")

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Rates are read per request (portal/throttling.py), so tests can tighten them; generous enough
    # for a person or an integration paging through a list, and a ceiling for a runaway script.
    "DEFAULT_THROTTLE_CLASSES": ["portal.throttling.AnonRateThrottle", "portal.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_RATE_ANON", "30/min"),
        "user": env_str("API_RATE_USER", "600/min"),
    },
    "EXCEPTION_HANDLER": "portal.throttling.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Dân Vận Portal API",
    "DESCRIPTION": "Citizen reception, petitions, models, administrative reform and reports.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's files come from the drf-spectacular-sidecar package: nothing from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AgencyKindEnum": "portal.choices.AgencyKind",
        "PetitionKindEnum": "petitions.choices.Kind",
        "SessionKindEnum": "reception.choices.SessionKind",
        "PetitionStatusEnum": "petitions.choices.Status",
        "ProposalStatusEnum": "petitions.models.ProposalStatus",
        "FieldEnum": "petitions.choices.Field",  # petitions and reception share it; models have their own
        "ModelStatusEnum": "models_registry.choices.Status",
        "ModelFieldEnum": "models_registry.choices.Field",
        "CouncilRoleEnum": "models_registry.choices.CouncilRole",
        "ForceRoleEnum": "models_registry.choices.ForceRole",
        "ReformTaskStatusEnum": "reform.choices.TaskStatus",
        "ReformCompletionStatusEnum": "reform.choices.CompletionStatus",
        "ReformExtensionStatusEnum": "reform.choices.ExtensionStatus",
        "ReformIndicatorKindEnum": "reform.choices.IndicatorKind",
    },
    # Every operation declares its error statuses (400/403/404, 409/202 where they apply).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api.schema.declare_error_responses",
    ],
}

# --- Security: strict unless DEBUG ------------------------------------------------------------
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG and not RUNNING_TESTS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG and not RUNNING_TESTS)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not RUNNING_TESTS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG or RUNNING_TESTS else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every script and style comes from the portal's own static files: no inline script, handler or style attribute
# (tests/portal/test_security_headers.py reads every template for them; the browser tests watch for violations).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
# Only with one reverse proxy in front that appends the client's address to X-Forwarded-For:
# then that last address is the client's (login and API throttles); otherwise REMOTE_ADDR is.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)

# Failed logins (portal/throttling.py): this many for one username, or from one address, within
# the window lock that username or address for the window, even for the right password.
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 15 * 60)  # seconds

# The citizens' petition look-up (petitions/lookup.py): this many per address (an IPv6 /64) within the window
# (seconds), and this many per register number per hour, whoever asks; then 429 with a Vietnamese message.
LOOKUPS_PER_ADDRESS = env_int("LOOKUPS_PER_ADDRESS", 20)
LOOKUP_WINDOW_SECONDS = env_int("LOOKUP_WINDOW_SECONDS", 600)
LOOKUPS_PER_NUMBER = env_int("LOOKUPS_PER_NUMBER", 30)
# Every public page (schedules, decisions, models, units' pages, the look-up): this many a minute per address
# (an IPv6 /64) for visitors who have not signed in, then 429; 0 turns the limit off.
PUBLIC_REQUESTS_PER_MINUTE = env_int("PUBLIC_REQUESTS_PER_MINUTE", 120)
# How long browsers and proxies may keep a visitor's copy of a public page (schedules, decisions, models, units).
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 300)
# The address the receipts' QR codes and look-up links print ("https://dichvu.tinh.gov.vn"); unset: the
# address the receipt was printed from (an office intranet's may be one citizens cannot reach).
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "")

# Django's defaults, said out loud: a request's text may total 2.5 MB (uploaded files don't count).
# One field at its limit (20,000 characters, portal/limits.py) is at most ~180 KB even URL-encoded,
# so real forms fit many times over; a bigger body, or more fields, gets the Vietnamese 413 page
# (portal.views.bad_request). Raising it would only let each request hold more memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# Each line carries its request's id (portal/logs.py); LOG_FORMAT=json (production's default) writes one JSON
# object a line for a log collector, "plain" a line for a person at a terminal.
LOG_FORMAT = env_str("LOG_FORMAT", "plain" if DEBUG or RUNNING_TESTS else "json")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {"()": "portal.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- Portal -----------------------------------------------------------------------------------
DEMO_PASSWORD = env_secret("DEMO_PASSWORD", "demo12345")
