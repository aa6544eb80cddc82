"""Settings for the newsroom, read from the environment (see .env.example)."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from core.env import database_from_url, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default="localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default="")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"  # Vietnamese, like the other error pages
# Flash messages in a signed cookie only: Django's default falls back to the session when the cookie is full, and a
# reader who posts again and again without loading the page would get a session (README: readers get none).
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
SITE_NAME = "Báo Hà Tĩnh"
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.redirects",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "taggit",
    "django_prose_editor",  # the body editor: its static files (ProseMirror/Tiptap, icons); articles/widgets.py
    "django_tasks_db",
    "articles",
    "comments",
    "inbox",
    "royalties",
    "tips",
    "weather",
    "accounts",
    "core",
]

MIDDLEWARE = [
    "core.middleware.RequestIdMiddleware",  # first: every response and log line gets the request id
    # Anonymous readers' public pages whole from the cache. A hit is answered here, with the headers the layers
    # below gave the page when it was stored (security headers, CSP); only GET and HEAD of public pages stop here.
    "core.pagecache.PageCacheMiddleware",
    "core.middleware.RequestShapeMiddleware",  # no Host: 400; PUT, DELETE…: 405
    "core.middleware.Utf8FormMiddleware",  # form data that is not UTF-8 is marked, not garbled
    "core.middleware.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.security.AdminContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.middleware.StaffSessionMiddleware",  # "last seen" of the staff's sessions
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
]
# The app compresses its pages itself only where no nginx does it (make serve, `make lighthouse` behind it): in
# production deploy/nginx.conf compresses each page once, before its micro-cache.
GZIP_PAGES = env_bool("GZIP_PAGES", default=False)
if GZIP_PAGES:
    MIDDLEWARE.insert(1, "django.middleware.gzip.GZipMiddleware")

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "articles.context_processors.site",
            ],
        },
    },
    # Every page a reader sees (templates/jinja2/, newsroom/jinja2.py): Jinja2 renders them several times faster
    # than Django templates (figures in the README's "Templates"). render() and get_template() look in both engines.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "newsroom.jinja2.environment",
            "autoescape": True,
            # `request`, `csrf_input` and `csrf_token` come with Django's backend.
            "context_processors": [
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
    )
}
# Optional read replica for anonymous readers' public pages (core/db_router.py; README "Scaling out").
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
DATABASE_REPLICA_LAG_SECONDS = env_int("DATABASE_REPLICA_LAG_SECONDS", 5)  # primary only, this long after a change
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **database_from_url(DATABASE_REPLICA_URL, conn_max_age=env_int("CONN_MAX_AGE", 60)),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Degrades to a per-process local cache while Redis is unreachable (docs/operations.md).
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            # Short timeouts: a dead Redis costs a quarter of a second, once every retry_interval seconds.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, "retry_interval": 2},
        }
    }
    # cached_db, not cache: editors stay logged in when Redis restarts or evicts keys under memory pressure.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # The embedded default: one cache every process shares, so a change made by any of them (a worker,
    # `manage.py shell`, a scheduled command) shows on the next request of every other; per-process local memory
    # kept a story listed on the home page for PAGE_CACHE_SECONDS after it was unpublished. The database cache
    # rather than Django's file cache: a cached story hit costs 1.13 ms on SQLite against 0.70 ms from files
    # (0.43 ms in local memory), but the file cache lists its whole folder on every write (28 ms at 5,000 entries:
    # every reader's "already counted" mark and rate-limit counter is a write; 0.23 ms here) and its add()/incr()
    # are not atomic across processes. SharedDatabaseCache makes count() atomic, so rate limits hold.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.SharedDatabaseCache",
            "LOCATION": "newsroom_cache",  # made by `migrate` (core.apps)
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# The cache of rendered output: whole public pages for anonymous readers (core/pagecache.py). OUTPUT_CACHE=0
# turns it off (make bench measures the site both ways); data caches (sections, the "Địa phương" box, stories and
# their pages' lists) stay on, exact under their tokens.
OUTPUT_CACHE = env_bool("OUTPUT_CACHE", default=True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)  # how long the shared cache keeps a page; 0 = no page cache
PAGE_CACHE_MAX_AGE = env_int("PAGE_CACHE_MAX_AGE", 10)  # Cache-Control max-age for browsers and proxies
PAGE_CACHE_STALE_SECONDS = env_int("PAGE_CACHE_STALE_SECONDS", 30)  # stale-while-revalidate
# Cookies that make a public page this reader's own (never shared): flash messages and the comments this browser
# posted (comments/own.py).
PAGE_CACHE_PRIVATE_COOKIES = ("messages", "comments_posted")
# What tells the page cache when content changes by itself: a scheduled story's minute.
PAGE_CACHE_NEXT_CHANGE = "articles.models.next_publication"

# Staff logins: a blocked username or address never authenticates (accounts/throttle.py has the policy).
AUTHENTICATION_BACKENDS = ["accounts.backends.LockoutAwareBackend"]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)  # failures per username from one address: block that pair
LOGIN_IP_SLOWDOWN_AFTER = env_int("LOGIN_IP_SLOWDOWN_AFTER", 5)  # failures from one address before it must wait
LOGIN_IP_SLOWDOWN_MAX_SECONDS = env_int("LOGIN_IP_SLOWDOWN_MAX_SECONDS", 60)  # longest wait between its attempts
LOGIN_IP_FAILURE_LIMIT = env_int("LOGIN_IP_FAILURE_LIMIT", 20)  # failures from one address: block the address
LOGIN_ACCOUNT_ADDRESS_LIMIT = env_int("LOGIN_ACCOUNT_ADDRESS_LIMIT", 10)  # addresses failing one username: lock it
LOGIN_FAILURE_WINDOW_MINUTES = env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
LOGIN_EVENT_RETENTION_DAYS = env_int("LOGIN_EVENT_RETENTION_DAYS", 90)  # purge_login_events deletes older rows
# Only staff have sessions; one lasts a working day from login, however busy (accounts/staffsessions.py).
STAFF_SESSION_HOURS = env_int("STAFF_SESSION_HOURS", 10)
SESSION_COOKIE_AGE = STAFF_SESSION_HOURS * 3600
# Two-step login (TOTP): who must enrol an authenticator app. Anyone may enrol from the admin's user menu.
TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = env_bool("TWO_FACTOR_REQUIRED_FOR_SUPERUSERS", default=False)
TWO_FACTOR_REQUIRED_GROUPS = env_list("TWO_FACTOR_REQUIRED_GROUPS", default="")  # e.g. "Biên tập viên"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# One language: every request is in Vietnamese without LocaleMiddleware (no Accept-Language to negotiate, so no
# "Vary: Accept-Language" on every page).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Our catalog (`make messages` rewrites it from the source), then the strings Django's and django-taggit's own
# Vietnamese catalogs lack (kept by hand; scripts/missing_django_vi.py lists them).
LOCALE_PATHS = [BASE_DIR / "newsroom" / "locale", BASE_DIR / "newsroom" / "locale_gaps"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
SERVE_MEDIA = env_bool(
    "SERVE_MEDIA", default=False
)  # the app serves MEDIA_ROOT itself (make serve; nginx in production)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads: images only, and never bigger than this (also enforced per field).
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Mail goes to the console while developing and through SMTP in production (check --deploy refuses the console).
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND")
        or ("django.core.mail.backends.console.EmailBackend" if DEBUG else SMTP_BACKEND),
    }
}
if MAILERS["default"]["BACKEND"] == SMTP_BACKEND:
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", default=False),
        "use_ssl": env_bool("EMAIL_USE_SSL", default=False),
        "timeout": env_int("EMAIL_TIMEOUT", 10),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Toa soan <noreply@localhost>")

# Background work (mail first) goes through Django's tasks framework, kept in the database and run by
# `manage.py db_worker` (`make run` starts one): no request waits on, or fails because of, an outside service.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Security: Django's defaults plus HTTPS-only cookies and HSTS whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django.middleware.csp): no inline script or style on public pages.
ADMIN_URL_PREFIX = "/quan-tri/"
CSP_IMG_SRC_EXTRA = env_list("CSP_IMG_SRC_EXTRA", default="")  # e.g. a media CDN origin
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *CSP_IMG_SRC_EXTRA],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # Videos in stories (articles/embeds.py): YouTube's no-cookie player and Facebook's video plugin, nothing else.
    "frame-src": ["https://www.youtube-nocookie.com", "https://www.facebook.com"],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# The admin's moderation and revision pages carry small <style> blocks; its scripts stay 'self' only.
SECURE_CSP_ADMIN = {**SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz/"]  # load balancers probe over plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

TAGGIT_CASE_INSENSITIVE = True

# Every line carries the request id; passwords, e-mail addresses and cookie values are scrubbed (core/logging.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.logging.RequestIdFilter"},
        "scrub": {"()": "core.logging.ScrubFilter"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id", "scrub"], "formatter": "plain"}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (DEBUG console, mail_admins) would bypass the filters: send everything to root.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
    },
}

# Reader comments: how long stories take comments and how hard the spam defences push back.
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 30)  # 0 keeps comments open for ever
COMMENTS_RATE_LIMIT = os.environ.get("COMMENTS_RATE_LIMIT", "5/10m")  # accepted comments per IP: count/window
COMMENTS_MIN_SECONDS = env_int("COMMENTS_MIN_SECONDS", 3)  # a form sent faster than this is a bot
COMMENTS_MAX_FORM_AGE = env_int("COMMENTS_MAX_FORM_AGE", 86400)  # seconds a rendered form stays valid
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50)  # top-level comments per page, each with its replies
COMMENTS_DUPLICATE_WINDOW = env_int("COMMENTS_DUPLICATE_WINDOW", 600)  # seconds the same text is refused again
COMMENTS_TRUSTED_PROXIES = env_int("COMMENTS_TRUSTED_PROXIES", 0)  # reverse proxies that append X-Forwarded-For
COMMENTS_IP_RETENTION_DAYS = env_int("COMMENTS_IP_RETENTION_DAYS", 90)  # erase_comment_ips blanks older IPs
COMMENTS_REJECTED_RETENTION_DAYS = env_int("COMMENTS_REJECTED_RETENTION_DAYS", 180)  # purge_rejected_comments
# An erasure request keeps a reader's published text under "Bạn đọc" (False) or removes the comments (True).
COMMENTS_ERASE_PUBLISHED_TEXT = env_bool("COMMENTS_ERASE_PUBLISHED_TEXT", default=False)
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "")
# A banned sender's comment (comments.SenderRule): "refuse" it with the spam refusal's words, or "hold" it for the desk.
COMMENTS_BANNED_SENDERS = os.environ.get("COMMENTS_BANNED_SENDERS", "refuse")
# Readers' reports ("Báo vi phạm"): reports per address per window, and how many distinct reporters (each from its
# own address range) take a published comment off the page until a moderator decides.
COMMENTS_REPORT_RATE_LIMIT = os.environ.get("COMMENTS_REPORT_RATE_LIMIT", "10/h")
COMMENTS_REPORT_HIDE_THRESHOLD = env_int("COMMENTS_REPORT_HIDE_THRESHOLD", 3)  # 0: reports never hide a comment

# Readers' tips ("Gửi thông tin cho tòa soạn", the tips app).
TIPS_RATE_LIMIT = os.environ.get("TIPS_RATE_LIMIT", "3/h")  # tips accepted per IP: count/window
TIPS_MIN_SECONDS = env_int("TIPS_MIN_SECONDS", 5)  # a form sent faster than this is a bot
TIPS_MAX_FORM_AGE = env_int("TIPS_MAX_FORM_AGE", 86400)  # seconds a rendered form stays valid
TIPS_MAX_PHOTOS = env_int("TIPS_MAX_PHOTOS", 5)
TIPS_RETENTION_DAYS = env_int("TIPS_RETENTION_DAYS", 365)  # purge_tip_personal_data: closed tips older than this
# The moderation desk sends a decision this many seconds after the key, so that U can take it back.
DESK_UNDO_SECONDS = env_int("DESK_UNDO_SECONDS", 5)  # shown on /chinh-sach-rieng-tu/

# Signed preview links editors send to people without an account stop working after this many hours.
PREVIEW_LINK_HOURS = env_int("PREVIEW_LINK_HOURS", 48)
# An edit to a story's text after a step approved it: "first" sends it back to the chain's first step, "same" keeps the
# approvals of the steps before the one it waited at (articles/chains.py, README "Approval by rank").
ARTICLES_EDIT_AFTER_APPROVAL_RESETS_TO = os.environ.get("ARTICLES_EDIT_AFTER_APPROVAL_RESETS_TO", "first")
