"""Settings for the site, read from the environment (12-factor).

The site's own wiring (database, Redis, Celery, security, e-mail, the libraries' settings) is read
here with defaults fit for the embedded setup (`make run`): SQLite in WAL mode, a local Redis, the
console e-mail backend. Production sets DEBUG=0, SECRET_KEY, DATABASE_URL, REDIS_URL and ALLOWED_HOSTS.
Each app's own settings and their defaults are declared by the app (`<app>/conf.py`) and only read here.
"""

import ipaddress
import os
import secrets
import shutil
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import environ
from csp.constants import NONE, SELF
from kombu import Queue

from comments import conf as comments_conf
from core.environment import config_error, env, read_app_settings, read_bool, read_int
from core.private_files import kept_secret
from moderation import conf as moderation_conf
from newsite import conf as newsite_conf

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

environ.Env.read_env(BASE_DIR / ".env")


DEBUG = read_bool("DEBUG", True)


def _secret_key():
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    if not DEBUG:
        config_error("SECRET_KEY", "must be set when DEBUG is off")
    # A development key kept outside the repository (readable by its owner only), so sessions survive restarts.
    return kept_secret(VAR_DIR / "secret_key", lambda: secrets.token_urlsafe(50))


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_NAME = env.str("SITE_NAME", default="The Daily Ledger")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# The apps' own settings (newsite/conf.py, comments/conf.py, moderation/conf.py), each from its variable.
globals().update(
    read_app_settings(
        newsite_conf.DEFAULTS, comments_conf.DEFAULTS, moderation_conf.DEFAULTS, known={"SITE_URL": SITE_URL}
    )
)

INSTALLED_APPS = [
    "config.apps.SiteAdminConfig",  # django.contrib.admin, with the site of config.admin_site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.syndication",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "captcha",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "newsite",
    "comments",
    "moderation",
    "demo",  # seed_demo: demo content, above every app
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lock-out raised while logging in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsite.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------

DEFAULT_SQLITE_PATH = VAR_DIR / "db.sqlite3"
SQLITE_OPTIONS = {
    # WAL lets the web process read while a worker writes; IMMEDIATE transactions
    # and a busy timeout make concurrent writers wait instead of failing.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
}


def _database():
    url = env.str("DATABASE_URL", default=f"sqlite:///{DEFAULT_SQLITE_PATH}")
    scheme = urlsplit(url).scheme
    if not scheme or scheme not in environ.Env.DB_SCHEMES:
        config_error("DATABASE_URL", f"unsupported or missing scheme in {url!r} (use sqlite:///path or postgres://...)")
    try:
        database = environ.Env.db_url_config(url)
    except Exception as error:
        config_error("DATABASE_URL", f"cannot be parsed ({error})")
    if not database.get("NAME"):
        config_error("DATABASE_URL", f"no database name in {url!r}")
    if database["ENGINE"] == "django.db.backends.sqlite3":
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        database["OPTIONS"] = {**SQLITE_OPTIONS, **database.get("OPTIONS", {})}
        # A file, not memory: Celery worker processes in tests must see the same data.
        # One file per test run, so two runs on one machine never share a database.
        database["TEST"] = {"NAME": str(VAR_DIR / f"test_db_{os.getpid()}.sqlite3")}
        # Reused connections: opening one runs the WAL pragmas and closing the last one checkpoints
        # the WAL; per request that was about an eighth of a warm article page's time (bench/).
        database.setdefault("CONN_MAX_AGE", read_int("DATABASE_CONN_MAX_AGE", 60))
    else:
        database.setdefault("CONN_MAX_AGE", read_int("DATABASE_CONN_MAX_AGE", 60))
        database.setdefault("CONN_HEALTH_CHECKS", True)
    return database


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: the Celery broker, and the cache (pages, feeds, versions, rate limits, tallies) -----
# Two roles with opposite memory policies: the broker must never drop a message (noeviction), the
# cache may drop what was least recently used (allkeys-lru). Redis applies maxmemory and its policy
# to a whole server, not to a database, so production runs them as two servers (README).


def _redis_url(variable, default):
    url = env.str(variable, default=default)
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix"):
        config_error(variable, f"expected redis://host:port/db, got {url!r}")
    if parts.scheme != "unix":
        try:
            parts.port  # noqa: B018 - raises on a malformed port
        except ValueError:
            config_error(variable, f"malformed port in {url!r}")
        if not parts.hostname:
            config_error(variable, f"no host in {url!r}")
    return url


def _next_database(url):
    """The same server's next database (db 1 for db 0): the cache's default, apart from the broker's keys."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    if parts.scheme == "unix":
        query["db"] = str(int(query.get("db") or 0) + 1)
        return urlunsplit(parts._replace(query=urlencode(query)))
    current = parts.path.strip("/") or query.pop("db", "0")
    database = int(current) + 1 if current.isdigit() else 1
    return urlunsplit(parts._replace(path=f"/{database}", query=urlencode(query)))


REDIS_URL = _redis_url("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHE_REDIS_URL = _redis_url("CACHE_REDIS_URL", _next_database(REDIS_URL))

CACHES = {
    "default": {
        "BACKEND": "core.cache_backend.ResilientRedisCache",
        "LOCATION": CACHE_REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="newsite"),
        "TIMEOUT": read_int("CACHE_TIMEOUT", 3600),
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Celery --------------------------------------------------------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = read_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
# Longer than the longest task: a message a worker took and never acknowledged (the worker was killed,
# its machine lost) is delivered again this long after it was taken.
CELERY_VISIBILITY_TIMEOUT = read_int("CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT * 4)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # How often a worker looks for such messages (kombu's default is every 10 s, scanning every tenth time).
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 10)),
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 2,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish must not hang a reader's request when Redis is down: fail fast, the
# sweeper re-enqueues what was saved.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_DEFAULT_QUEUE = "checks"
CELERY_TASK_QUEUES = tuple(Queue(name) for name in ("checks", "learning", "notifications", "maintenance"))
# Every task by name (tests/test_task_routes.py: each route names a task, each task has a route).
CELERY_TASK_ROUTES = {
    "moderation.tasks.check_comment": {"queue": "checks"},
    "moderation.tasks.learn_from_decision": {"queue": "learning"},
    "moderation.tasks.refit_classifier": {"queue": "learning"},
    "moderation.tasks.notify_authors": {"queue": "notifications"},
    "moderation.tasks.alert_reported_comments": {"queue": "notifications"},
    "moderation.tasks.alert_held_queue": {"queue": "notifications"},
    "moderation.tasks.notify_statement": {"queue": "notifications"},
    "moderation.tasks.notify_appeal_outcome": {"queue": "notifications"},
    "comments.tasks.send_address_link": {"queue": "notifications"},
    "comments.tasks.send_account_link": {"queue": "notifications"},
    "moderation.tasks.sweep_submitted": {"queue": "maintenance"},
    "moderation.tasks.purge_expired_personal_data": {"queue": "maintenance"},
    "moderation.tasks.apply_moderation_schedule": {"queue": "maintenance"},
    "comments.tasks.purge_expired_captchas": {"queue": "maintenance"},
    "newsite.tasks.close_expired_comment_threads": {"queue": "maintenance"},
}
# How often beat runs the sweeper (comments still submitted MODERATION_SWEEP_SECONDS after posting are checked again).
MODERATION_SWEEP_INTERVAL_SECONDS = read_int("MODERATION_SWEEP_INTERVAL_SECONDS", 60)
CELERY_BEAT_SCHEDULE = {
    "close-expired-comment-threads": {
        "task": "newsite.tasks.close_expired_comment_threads",
        "schedule": 60.0,
    },
    "sweep-unchecked-comments": {
        "task": "moderation.tasks.sweep_submitted",
        "schedule": float(MODERATION_SWEEP_INTERVAL_SECONDS),
        "options": {"queue": "maintenance"},
    },
    # Captcha rows are made when a code's image is first fetched and expire after CAPTCHA_TIMEOUT minutes.
    "purge-expired-captchas": {
        "task": "comments.tasks.purge_expired_captchas",
        "schedule": 600.0,
        "options": {"queue": "maintenance"},
    },
    # IP addresses, user agents and voter/reporter keys past PRIVACY_RETENTION_DAYS (moderation.retention).
    "purge-expired-personal-data": {
        "task": "moderation.tasks.purge_expired_personal_data",
        "schedule": 3600.0,
        "options": {"queue": "maintenance"},
    },
    # The moderators' shifts: sections' off-shift policies switched on when the desk goes off shift, and back.
    "apply-moderation-schedule": {
        "task": "moderation.tasks.apply_moderation_schedule",
        "schedule": 60.0,
        "options": {"queue": "maintenance"},
    },
    # A safety net for the debounced refit (a refit whose message was lost while Redis was away).
    "refit-spam-classifier": {
        "task": "moderation.tasks.refit_classifier",
        "schedule": 600.0,
        "options": {"queue": "learning"},
    },
}

# --- Auth, i18n, static ---------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Log-in lock-out (django-axes), on /accounts/login/ and /admin/login/ alike: LOGIN_FAILURE_LIMIT wrong
# passwords for one username from one client (core.clients, so behind trusted proxies each reader is
# the address they vouch for) lock that pair out for LOGIN_COOLOFF_MINUTES; a failure meanwhile starts
# the wait again, a success clears the count. Kept in the database, like every other shared state.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = read_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=read_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.clients.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.login_lockout.lockout_response"
# Nothing personal in logs or tables that nothing purges: no log of every log-in, no names or addresses
# in the log lines (a failed attempt's row goes when the cool-off has passed or the log-in succeeds).
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_STR_CALLABLE = "config.login_lockout.client_description"

# A second factor for the admin (django-otp, TOTP): with ADMIN_REQUIRE_OTP on, the admin's log-in also
# asks for the code of the moderator's authenticator app (`manage.py otp_enroll USERNAME` sets one up),
# and only a session verified that way may use the admin or the moderation API by session.
ADMIN_REQUIRE_OTP = read_bool("ADMIN_REQUIRE_OTP", False)
OTP_TOTP_ISSUER = SITE_NAME

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "config" / "static"]  # the site's own style sheets, beside its base template
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# The embedded setup serves uploaded and generated images itself; production puts
# them behind the proxy or object storage and turns this off.
SERVE_MEDIA = read_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and "pytest" not in sys.modules
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- E-mail -----------------------------------------------------------------------


def _email():
    url = env.str("EMAIL_URL", default="consolemail://")
    try:
        config = environ.Env.email_url_config(url)
    except Exception as error:
        config_error("EMAIL_URL", f"cannot be parsed ({error})")
    # Mail servers' errors name the recipients and Celery logs them: core.mail re-raises them without.
    config["EMAIL_DELIVERY_BACKEND"] = config["EMAIL_BACKEND"]
    config["EMAIL_BACKEND"] = "core.mail.EmailBackend"
    return config


vars().update(_email())
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="comments@newsite.local")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security (production) -------------------------------------------------------


def _trusted_proxy_count():
    count = read_int("TRUSTED_PROXY_COUNT", 0)
    if count < 0:
        config_error("TRUSTED_PROXY_COUNT", f"expected 0 or more proxies, got {count}")
    return count


def _trusted_proxies():
    networks = [entry.strip() for entry in env.list("TRUSTED_PROXIES", default=[]) if entry.strip()]
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            config_error("TRUSTED_PROXIES", f"not an address or network: {network!r}")
    return networks


# Who the client is (core.clients): X-Forwarded-For is read only as far as these proxies wrote
# it, the nearest TRUSTED_PROXY_COUNT hops and any hop inside TRUSTED_PROXIES. Neither: ignored.
TRUSTED_PROXY_COUNT = _trusted_proxy_count()
TRUSTED_PROXIES = _trusted_proxies()
# X-Forwarded-Proto says the client spoke HTTPS to the proxy; only a proxy we trust may say so (without
# one, any client could send the header and pass for a secure request).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT or TRUSTED_PROXIES else None
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = read_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = read_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = read_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp, v4 settings): scripts, styles, images, fonts and fetches from
# this site only; no inline script, no inline style, no plugin, no framing, forms post here only.
# Our pages and the admin run under it as they are (their scripts are static files); the API's
# Swagger page too (its script comes from a second request, config.api_docs). Only the Redoc page
# adds 'unsafe-inline' styles, which Redoc writes at run time (config.api_docs).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- REST API -------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # JSON only, within API_JSON_MAX_BYTES and API_JSON_MAX_DEPTH (comments.api.parsers).
    "DEFAULT_PARSER_CLASSES": ["comments.api.parsers.BoundedJSONParser"],
    # For any stock DRF throttle: the same proxies as core.clients (ours ask client_key itself).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/minute"),
        "user": env.str("API_THROTTLE_USER", default="600/minute"),
        # Writes (comments, reports, ratings, decisions) and new captchas, per client.
        "write": env.str("API_THROTTLE_WRITE", default="30/minute"),
        "captcha": env.str("API_THROTTLE_CAPTCHA", default="20/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsite comments API",
    "DESCRIPTION": "Articles, comments, reports, ratings and moderation queues.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"CommentStatusEnum": "comments.models.Comment.Status"},
}

# --- Comments and moderation ------------------------------------------------------

CAPTCHA_IMAGE_SIZE = (150, 50)
CAPTCHA_FONT_SIZE = 32
CAPTCHA_LENGTH = 5
CAPTCHA_TIMEOUT = 10  # minutes
CAPTCHA_TEST_MODE = read_bool("CAPTCHA_TEST_MODE", False)
# The audio alternative to the image appears when flite (text to speech) is installed.
CAPTCHA_FLITE_PATH = env.str("CAPTCHA_FLITE_PATH", default=shutil.which("flite") or "") or None


# --- Privacy (docs/privacy.md) ------------------------------------------------------

RATELIMIT_USE_CACHE = "default"
# Redis down must not stop readers posting (the comment is saved and checked later);
# the captcha, honeypot and the worker's flood checks still stand while limits cannot count.
RATELIMIT_FAIL_OPEN = read_bool("RATELIMIT_FAIL_OPEN", True)
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="")
