"""WhichMovie settings: everything an operator may change comes from the environment.

Defaults let a newcomer run the app with nothing else installed: SQLite, no Redis,
no TMDB credential. See README.md for every variable.
"""

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
import pycountry
from django.core.exceptions import ImproperlyConfigured

from whichmovie.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))"), '
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-only-key"  # only ever used with DEBUG on

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # django_dramatiq must come first: it configures the broker before any actor is imported.
    "django_dramatiq",
    "dramatiq_crontab",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "movies",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "whichmovie.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out login before any password is hashed.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "whichmovie.urls"
WSGI_APPLICATION = "whichmovie.wsgi.application"

TEMPLATES = [
    {
        # The public pages (templates/jinja2/): fast enough to render on every request.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "whichmovie.jinja2.environment", "auto_reload": DEBUG},
    },
    {
        # The admin, and its overrides in templates/admin/.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite file by default, anything dj-database-url understands via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# The list's reads as PostgreSQL prepared statements (movies.prepared); off behind a pooler
# that moves a client between server connections (PgBouncer in transaction mode).
PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
if PREPARED_STATEMENTS and DATABASES["default"]["ENGINE"].endswith(("postgresql", "postgis")):
    # Planned once, not per execution. Only movies.prepared prepares statements: Django's
    # own queries are unaffected. An operator's own plan_cache_mode stands.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    if "plan_cache_mode" not in _options.get("options", ""):
        _options["options"] = f"{_options.get('options', '')} -c plan_cache_mode=force_generic_plan"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the background pipeline share the file: wait for locks instead of
    # failing, take write locks up front, and let readers run beside a writer (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests get a file too, not shared-cache memory: pipeline threads then wait on locks
    # the way they do in production instead of failing at once.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"whichmovie-test-{os.getpid()}.sqlite3")
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "DJANGO_STATICFILES_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Redis: broker, shared TMDB rate limit, page cache. Optional. ---
REDIS_URL = env_str("REDIS_URL")
# The commands that run the job queue: the worker and the scheduler.
QUEUE_COMMANDS = {"rundramatiq", "crontab"}

if REDIS_URL:
    DRAMATIQ_BROKER_CLASS = "dramatiq.brokers.redis.RedisBroker"
    # Bounded waits: a hung Redis makes a send fail in seconds rather than hang a request.
    DRAMATIQ_BROKER_OPTIONS = {"url": REDIS_URL, "socket_connect_timeout": 2, "socket_timeout": 10}
    CACHES = {
        "default": {
            "BACKEND": "whichmovie.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # Several sites (or test runs) may share one Redis: each names its own keys.
            "KEY_PREFIX": env_str("WHICHMOVIE_CACHE_PREFIX", "whichmovie"),
            "OPTIONS": {
                "socket_connect_timeout": 1,
                "socket_timeout": 1,
                # A write dropped in an outage may be an invalidation: invalidate on return.
                "ON_RECOVERY": "movies.cache.bump",
            },
        }
    }
else:
    # A worker or a scheduler on an in-memory broker would start, and never do anything:
    # each process's queue is its own.
    if len(sys.argv) > 1 and sys.argv[1] in QUEUE_COMMANDS:
        raise ImproperlyConfigured(
            f"manage.py {sys.argv[1]} needs REDIS_URL: the worker and the scheduler share "
            "their job queue through Redis."
        )
    # No server needed: commands run the pipeline synchronously; nothing consumes this broker.
    DRAMATIQ_BROKER_CLASS = "dramatiq.brokers.stub.StubBroker"
    DRAMATIQ_BROKER_OPTIONS = {}
    # A cache on disk that every process shares (gunicorn's workers, `make run`'s background
    # refresh, commands), so a write is visible to all of them on the next request.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("WHICHMOVIE_CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

DRAMATIQ_BROKER = {
    "BROKER": DRAMATIQ_BROKER_CLASS,
    "OPTIONS": DRAMATIQ_BROKER_OPTIONS,
    # dramatiq 2 has no Prometheus middleware; the admin's task list is replaced by our own
    # run history, so AdminMiddleware (one DB write per message state) is left out.
    "MIDDLEWARE": [
        "dramatiq.middleware.AgeLimit",
        "dramatiq.middleware.TimeLimit",
        "dramatiq.middleware.Callbacks",
        "dramatiq.middleware.Retries",
        "dramatiq.middleware.ShutdownNotifications",
        "django_dramatiq.middleware.DbConnectionsMiddleware",
    ],
}
# Only one `manage.py crontab` process may enqueue: the others wait for this lock.
DRAMATIQ_CRONTAB = {"REDIS_URL": REDIS_URL or None}

# --- TMDB ---
TMDB_API_URL = env_str("TMDB_API_URL", "https://api.themoviedb.org/3")
TMDB_READ_ACCESS_TOKEN = env_str("TMDB_READ_ACCESS_TOKEN")
TMDB_API_KEY = env_str("TMDB_API_KEY")
TMDB_MAX_RPS = env_float("TMDB_MAX_RPS", 40.0)
TMDB_MAX_CONNECTIONS = env_int("TMDB_MAX_CONNECTIONS", 10)
TMDB_TIMEOUT = env_float("TMDB_TIMEOUT", 10.0)
ENRICH_CONCURRENCY = env_int("ENRICH_CONCURRENCY", 8)

# --- Region: whose release dates and watch providers the pages show by default. ---
WHICHMOVIE_REGION = env_str("WHICHMOVIE_REGION", "US").strip().upper()
if not pycountry.countries.get(alpha_2=WHICHMOVIE_REGION or "-"):
    raise ImproperlyConfigured(
        f"WHICHMOVIE_REGION={WHICHMOVIE_REGION!r} is not an ISO 3166-1 country code "
        "(two letters, such as US, GB or DE)."
    )

# --- YouTube ---
YOUTUBE_TIMEOUT = env_float("YOUTUBE_TIMEOUT", 20.0)
# yt-dlp's retries of a failing listing page, 2, 4, 8... seconds apart (never 403/429).
YOUTUBE_RETRIES = env_int("YOUTUBE_RETRIES", 3)
# Seconds between two channels of a run, and before the next channel after a 429.
YOUTUBE_CHANNEL_PAUSE = env_float("YOUTUBE_CHANNEL_PAUSE", 3.0)
YOUTUBE_RATE_LIMIT_COOLDOWN = env_float("YOUTUBE_RATE_LIMIT_COOLDOWN", 60.0)

# --- Security. Defaults are production-grade; `make run` relaxes HTTPS for localhost. ---
SECURE = env_bool("DJANGO_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = SECURE
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # container health checks speak plain HTTP
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000) if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE and env_bool("DJANGO_HSTS_PRELOAD", True)
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Curators' sessions: a working day, and gone when the browser closes (both configurable).
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_HOURS", 8) * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
# Features no page uses, refused to any script that might ask.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# --- Login throttling (django-axes): the admin login resists guessing. ---
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
# Locked per user name (guessing one curator's password) and per address (trying many names).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success forgets the failures of that user name only (whichmovie.signins), not of the
# address: another name's guesses from there still count.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Behind the proxy, the client's address is the one the proxy added last to X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "whichmovie.middleware.client_address"

LOGIN_URL = "admin:login"

# --- Logging: one readable line per event on stdout. ---
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Per-request lines belong to the server's access log, and urllib3's retry chatter
        # would repeat URLs (and so credentials) into the log.
        "django.server": {"level": "WARNING"},
        # A line per sign-in (and one at start-up): the lockouts, at WARNING, are what matter.
        "axes": {"level": "WARNING"},
        "urllib3": {"level": "WARNING"},
    },
}

# Only what the pages use: our own files, TMDB's images, YouTube thumbnails and the
# privacy-enhanced (nocookie) player, loaded after a click. No inline script or style
# anywhere (the admin included), so neither 'unsafe-inline' nor data: URLs are needed.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "https://image.tmdb.org", "https://i.ytimg.com"],
    "frame-src": ["https://www.youtube-nocookie.com"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
