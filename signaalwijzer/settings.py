"""Signaalwijzer settings: one module, everything that differs per machine read from the environment.

SIGNAALWIJZER_ENV selects the profile: ``development`` (the default: DEBUG on, demo keys, SQLite) or
``production`` (DEBUG off; refuses to start without SECRET_KEY, FIELD_ENCRYPTION_KEYS and ALLOWED_HOSTS).
See docs/operations.md for every variable.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from signaalwijzer import env, log_format, release

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

ENVIRONMENT = env.get("SIGNAALWIJZER_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("SIGNAALWIJZER_ENV must be 'development' or 'production'")
PRODUCTION = ENVIRONMENT == "production"

# Only for development: fixed, public, worthless keys so that `make run` works without setup.
_DEVELOPMENT_SECRET_KEY = "development-only-not-secret-" + "x" * 40
_DEVELOPMENT_FIELD_KEY = "j5S5HX2n1ZdUuQKpTOMnUn_OuV1MQEl5qwlcdaVP86Y="
_DEVELOPMENT_AUDIT_SIGNING_KEY = "YEbrwuV1roMKo8sIzqBvaVAkgJQuNQMyxgQAUNsL4bs="

if PRODUCTION:
    _missing = [
        name
        for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "ALLOWED_HOSTS")
        if not env.get(name)
    ]
    if _missing:
        raise ImproperlyConfigured(
            "Production needs these settings (environment or <NAME>_FILE): " + ", ".join(_missing)
        )

SECRET_KEY = env.get("SECRET_KEY") or _DEVELOPMENT_SECRET_KEY
# Keys for encrypting free text and identifying fields at rest; the first one encrypts, all decrypt
# (so a key can be rotated). Separate from SECRET_KEY on purpose.
FIELD_ENCRYPTION_KEYS = env.get_list("FIELD_ENCRYPTION_KEYS") or [_DEVELOPMENT_FIELD_KEY]
DEBUG = False if PRODUCTION else env.get_bool("DEBUG", True)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # allauth's passkey list shows "last used 2 hours ago" with humanize's naturaltime.
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "signaalwijzer.accounts",
    "signaalwijzer.directory",
    "signaalwijzer.public",
    "signaalwijzer.cases",
    "signaalwijzer.consent",
    "signaalwijzer.meldcode",
    "signaalwijzer.safety",
    "signaalwijzer.links",
    "signaalwijzer.audit",
    "signaalwijzer.jobruns",
    "signaalwijzer.instruments",
    "signaalwijzer.casework",
    "signaalwijzer.register",
    "signaalwijzer.logmanager",
    "signaalwijzer.orgadmin",
    "signaalwijzer.statistics",
    "signaalwijzer.api",
    "signaalwijzer.jobs",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "signaalwijzer.api.authentication.PersonalAccessTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["signaalwijzer.api.permissions.CaseWorker"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "signaalwijzer.api.problems.handle",
    "UNAUTHENTICATED_USER": None,
    # Per token user and per client address (for requests without a valid token); answers 429 with
    # Retry-After. The counters live in the shared database cache, so they hold across processes.
    "DEFAULT_THROTTLE_CLASSES": [
        "signaalwijzer.api.throttling.UserThrottle",
        "signaalwijzer.api.throttling.AnonymousThrottle",
    ],
}
# Requests a minute; 0 switches the limit off (the benchmark's load generator does).
API_RATE_LIMIT_PER_MINUTE = env.get_int("API_RATE_LIMIT_PER_MINUTE", 600)
API_ANONYMOUS_RATE_LIMIT_PER_MINUTE = env.get_int("API_ANONYMOUS_RATE_LIMIT_PER_MINUTE", 60)
# How long a retry with the same Idempotency-Key gets the first answer (re-read, never stored).
IDEMPOTENCY_KEY_HOURS = 24
SPECTACULAR_SETTINGS = {
    "TITLE": "Signaalwijzer API",
    "DESCRIPTION": (
        "Cases and the five steps of the meldcode, with the same access rules and audit trail as the web "
        "pages. Authenticate with a personal access token (Authorization: Bearer swt_...). Updates need "
        "If-Match with the version you read; POSTs accept an Idempotency-Key."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Separate request schemas (ObservationRequest, ...) without the read-only fields (id, version,
    # recorded_at), so a generated client does not ask for them when it sends a record.
    "COMPONENT_SPLIT_REQUEST": True,
}

MIDDLEWARE = [
    # First: every response and every log line of the request carries the request id (see Deployment below).
    "signaalwijzer.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "signaalwijzer.security.PermissionsPolicyMiddleware",
    "signaalwijzer.audit.context.AuditContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's SessionMiddleware, which also writes the request's read events in the same commit.
    "signaalwijzer.audit.middleware.SessionAndReadsMiddleware",
    "signaalwijzer.i18n.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "signaalwijzer.accounts.middleware.RequireMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "signaalwijzer.accounts.session_limits.AbsoluteSessionTimeoutMiddleware",
    # Notes the time of each request that counts as activity (the timeout warning's clock).
    "signaalwijzer.accounts.session_limits.SessionActivityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "signaalwijzer.security.PrivateNoStoreMiddleware",
    # Axes must be last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "signaalwijzer.urls"
WSGI_APPLICATION = "signaalwijzer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
DATABASE_URL = env.get("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    SQLITE_PATH = Path(env.get("SQLITE_PATH") or BASE_DIR / "var" / "signaalwijzer.sqlite3")
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                # WAL lets the worker and the web server read while the other writes; IMMEDIATE
                # transactions plus a busy timeout make concurrent writers wait instead of fail.
                # secure_delete overwrites deleted rows, so a destroyed case leaves nothing in free pages.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                    "PRAGMA secure_delete=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
# A streaming replica for reads that may be a few seconds old (signaalwijzer/replica.py, decision 47): the statistics
# pages and the log manager's search. Writes, reads in a write transaction and the cache stay on the primary.
DATABASE_REPLICA_URL = env.get("DATABASE_REPLICA_URL")
DATABASE_REPLICA_MAX_LAG_SECONDS = env.get_int("DATABASE_REPLICA_MAX_LAG_SECONDS", 30)
if DATABASE_REPLICA_URL:
    _replica = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True)
    if _replica["ENGINE"] == "django.db.backends.postgresql":
        # An unreachable replica must cost a page seconds, not minutes, before it reads from the primary.
        _replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    # Tests read the test database through the replica alias; no second test database is made.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
# Behind PgBouncer in transaction pooling mode a server-side cursor (QuerySet.iterator(): verifying the access
# log's chain, rotating keys) may outlive the transaction on the server it ran on: switch them off.
# Prepared statements are no issue: Django binds parameters on the client (psycopg's ClientCursor).
DATABASE_TRANSACTION_POOLING = env.get_bool("DATABASE_TRANSACTION_POOLING", False)
if DATABASE_TRANSACTION_POOLING:
    for _database in DATABASES.values():
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True
DATABASE_ROUTERS = ["signaalwijzer.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A database cache: shared by every web process and the worker, so rate limits and the
# "TOTP code already used" markers hold across processes. A migration (accounts 0003) makes its table.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "signaalwijzer_cache",
        # The protected statistics tables live here: a cube per table, block and audience (organisations x 11
        # tables), so the default limit of 300 entries would throw them out again at once.
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
    # Rendered case pages: in the memory of each web process only, never in the shared database cache,
    # because they hold personal data (cases/page_cache.py). 0 switches the cache off.
    "case_pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "case-pages",
        "TIMEOUT": env.get_int("CASE_PAGE_CACHE_SECONDS", 300),
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

# Every read and write of case data is logged. Not read from the environment on purpose: only the benchmark's
# own settings (bench/settings.py) switch it off, to measure the cost; `check` refuses that in production.
AUDIT_LOG_ENABLED = True
# Signed checkpoints of the access log (audit/checkpoints.py, docs/operations.md). The Ed25519 private key (PEM or
# base64 of 32 bytes) lives outside the database; production has no default and then refuses to write checkpoints.
AUDIT_SIGNING_KEY = env.get("AUDIT_SIGNING_KEY") or (
    None if PRODUCTION else _DEVELOPMENT_AUDIT_SIGNING_KEY
)
# The key `audit verify --checkpoint` checks signatures with; derived from AUDIT_SIGNING_KEY when not set.
AUDIT_VERIFY_PUBLIC_KEY = env.get("AUDIT_VERIFY_PUBLIC_KEY")
# Checkpoints are appended to this file (make it append-only, and collect it) and logged; empty: logged only.
AUDIT_CHECKPOINT_FILE = env.get("AUDIT_CHECKPOINT_FILE") or None
AUDIT_CHECKPOINT_MINUTES = env.get_int("AUDIT_CHECKPOINT_MINUTES", 60)
# PostgreSQL partitions the access log by month (decision 49): the job "audit-partitions" keeps this many months
# made ahead. The log is kept AUDIT_LOG_RETENTION_YEARS (at least 5, NEN 7513); then a month is exported to
# AUDIT_ARCHIVE_DIR (a JSON-lines file per month, chain-checked before anything is dropped) and its partition
# dropped. Without AUDIT_ARCHIVE_DIR nothing is ever dropped.
AUDIT_PARTITION_MONTHS_AHEAD = env.get_int("AUDIT_PARTITION_MONTHS_AHEAD", 3)
AUDIT_LOG_RETENTION_YEARS = env.get_int("AUDIT_LOG_RETENTION_YEARS", 5)
AUDIT_ARCHIVE_DIR = env.get("AUDIT_ARCHIVE_DIR") or None

# --- Scheduled jobs and /health/ready (decision 45, docs/operations.md) ----------------------------------
# The worker's heartbeat (a job the scheduler queues every minute) must be at most this old.
JOBS_HEARTBEAT_MAX_MINUTES = env.get_int("JOBS_HEARTBEAT_MAX_MINUTES", 5)
# A task due longer ago than this is waiting: no worker takes it.
JOBS_TASK_WAITING_MINUTES = env.get_int("JOBS_TASK_WAITING_MINUTES", 10)
# A task (or job run) running longer than this is stuck: its worker probably died.
JOBS_TASK_RUNNING_MINUTES = env.get_int("JOBS_TASK_RUNNING_MINUTES", 120)
# How long a process trusts its last "no unapplied migrations" answer.
JOBS_MIGRATION_CHECK_SECONDS = env.get_int("JOBS_MIGRATION_CHECK_SECONDS", 60)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Accounts, login and MFA ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "signaalwijzer.accounts.passwords.DutchCommonPasswordValidator"},
    # zxcvbn, also knowing Dutch words, the product's name and the user's own name and organisation.
    {"NAME": "signaalwijzer.accounts.passwords.StrengthValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cases:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "public:home"
ACCOUNT_ADAPTER = "signaalwijzer.accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Accounts are made by an organisation's administrator, who knows the address; no open sign-up.
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
# A password reset for an address without an account sends nothing (the page says the same either way).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Wrong passwords: django-axes' lockout (below). allauth's own counter (`login_failed`) is off so that the
# password step has one rule and one message; allauth also used that counter for second-factor codes, so
# those have their own limits instead (SECOND_FACTOR_* below, accounts/code_attempts.py).
ACCOUNT_RATE_LIMITS = {"login_failed": False}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Signaalwijzer] "

MFA_ADAPTER = "signaalwijzer.accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Signaalwijzer"
# One 30-second step either way: phone clocks drift. Used codes cannot be replayed (cache marker).
MFA_TOTP_TOLERANCE = 1
# Browsers allow WebAuthn on http://localhost only; development serves exactly that.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
# Wrong codes (TOTP, recovery codes) and passkey answers at the second step and at re-authentication:
# a pending login ends after 5 (start again with the password, which axes counts), an account's second step
# locks after 10 within 15 minutes (doubling per further lock that day), and a client address waits longer
# after every try beyond 10. Counted in the shared database cache (accounts/code_attempt_rules.py).
MFA_FORMS = {
    "authenticate": "signaalwijzer.accounts.mfa_forms.AuthenticateForm",
    "reauthenticate": "signaalwijzer.accounts.mfa_forms.ReauthenticateForm",
    "authenticate_webauthn": "signaalwijzer.accounts.mfa_forms.AuthenticateWebAuthnForm",
    "reauthenticate_webauthn": "signaalwijzer.accounts.mfa_forms.ReauthenticateWebAuthnForm",
}
SECOND_FACTOR_FAILURES_PER_LOGIN = 5
SECOND_FACTOR_FAILURES_PER_ACCOUNT = 10
SECOND_FACTOR_FAILURES_PER_ADDRESS = 10
SECOND_FACTOR_WINDOW_MINUTES = 15
SECOND_FACTOR_LOCKOUT_MINUTES = 15

AXES_FAILURE_LIMIT = env.get_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.get_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2", "code"]
AXES_IPWARE_PROXY_COUNT = env.get_int("PROXY_COUNT", 0) or None
# The client address as the access log sees it (the PROXY_COUNT-th X-Forwarded-For entry from the right
# behind a proxy), so that a lockout counts the client, not the proxy. allauth's limits use it too
# (AccountAdapter.get_client_ip).
AXES_CLIENT_IP_CALLABLE = "signaalwijzer.client_address.address_of"

# --- Single sign-on (OpenID Connect) per organisation: signaalwijzer/sso, decision 42 ----------------------
# allauth's OpenID Connect provider; the providers (one per organisation) are IdentityProvider rows, read by
# sso.adapters.SocialAccountAdapter. The account adapter and login form extend the accounts ones: password
# and passkey login refused where an organisation switched them off, the provider's MFA (amr/acr) accepted.
INSTALLED_APPS += ["allauth.socialaccount", "signaalwijzer.sso"]
ACCOUNT_ADAPTER = "signaalwijzer.sso.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "signaalwijzer.sso.forms.LoginForm"}
SOCIALACCOUNT_ADAPTER = "signaalwijzer.sso.adapters.SocialAccountAdapter"
# No access or refresh tokens kept; accounts are made and linked by sso.sign_in, never by allauth's sign-up.
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
# The login page's "Sign in with <organisation>" forms redirect to the provider: that page's CSP form-action
# names the providers' origins (sso/csp.py). After CSPMiddleware, so it runs before the policy is built.
MIDDLEWARE.insert(
    MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1,
    "signaalwijzer.sso.csp.SsoFormActionMiddleware",
)
# The demo organisation signs in against the local test provider (tests/oidc_provider) when it answers here.
SSO_DEMO_ISSUER = env.get("SSO_DEMO_ISSUER") or None

# --- Sessions, cookies and security headers ------------------------------------------------------------
SESSION_IDLE_TIMEOUT_MINUTES = env.get_int("SESSION_IDLE_TIMEOUT_MINUTES", 30)
# Saved on every request, so the cookie age is an idle timeout, not an absolute one.
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
# Signed-in pages warn this many seconds before the session ends, with "stay logged in" (static/js/session.js).
SESSION_WARNING_SECONDS = env.get_int("SESSION_WARNING_SECONDS", 120)
# However active, a session ends after this many hours (a working day).
SESSION_ABSOLUTE_TIMEOUT_HOURS = env.get_int("SESSION_ABSOLUTE_TIMEOUT_HOURS", 12)
# Break the glass: how long a meldcode officer's emergency access to a case lasts.
EMERGENCY_ACCESS_HOURS = env.get_int("EMERGENCY_ACCESS_HOURS", 4)
# The log manager must have passed the second factor this recently to read the access log.
FRESH_SECOND_FACTOR_MINUTES = env.get_int("FRESH_SECOND_FACTOR_MINUTES", 15)
# An organisation's own instrument definition (admin or `instruments import`) may be at most this large;
# checked before the file is read as YAML. The largest shipped definition is about 35 KB.
INSTRUMENT_DEFINITION_MAX_BYTES = env.get_int("INSTRUMENT_DEFINITION_MAX_BYTES", 256 * 1024)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "signaalwijzer.errors.csrf_failure"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env.get_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # allauth shows the TOTP QR code as a data: URI.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# The quick exit ("Snel weg") on the public pages leaves for this neutral site (docs/accessibility.md).
QUICK_EXIT_URL = env.get("QUICK_EXIT_URL") or "https://www.buienradar.nl/"
if not QUICK_EXIT_URL.startswith("https://"):
    raise ImproperlyConfigured("QUICK_EXIT_URL must start with https://")

# --- Language, time -------------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
# Our own date formats per language (signaalwijzer/formats): Dutch month names in lower case.
FORMAT_MODULE_PATH = ["signaalwijzer.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env.get("STATIC_ROOT") or BASE_DIR / "var" / "static")
# Outside production WhiteNoise serves straight from the source folders: no collectstatic needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- E-mail ----------------------------------------------------------------------------------------
EMAIL_BACKEND = env.get("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = env.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env.get_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL", "Signaalwijzer <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Used in e-mails, which are sent outside a request.
SITE_URL = env.get("SITE_URL") or "http://127.0.0.1:8000"

# --- Deployment: logs, security.txt, health probes (docs/operations.md "Containers", decision 44) -------
# Logs: never personal data; see docs/security.md. One JSON object a line (timestamp, level, logger, message,
# request_id) when DEBUG is off, a plain line with DEBUG on; LOG_FORMAT=json|text overrides. gunicorn.conf.py
# gives gunicorn's own lines the same formatter. Query strings are cut from request lines and e-mail addresses
# from every line (log_filters.py); every line of a request has its id (request_id.py).
try:
    LOG_FORMAT = log_format.choose_format(env.get("LOG_FORMAT"), DEBUG)
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from error
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": log_format.FORMATTERS,
    "filters": log_format.FILTERS,
    "handlers": {"console": log_format.console_handler(LOG_FORMAT)},
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Axes names the e-mail address and IP address in its messages; we log lockouts ourselves.
        "axes": {"level": "ERROR"},
        # runserver's request log (Django's own handler for it has no filter).
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # One line per request (request_id.py). With DEBUG on runserver already writes one, so only problems.
        "signaalwijzer.request": {"level": "WARNING" if DEBUG else "INFO"},
    },
}
# security.txt (RFC 9116, /.well-known/security.txt): whom to tell about a vulnerability in this installation,
# mailto: or https:. Without it the file is not served. It expires (ISO date) by default a year after the release.
# In development and the demo a placeholder address (example.org is reserved for examples), so the file can be
# seen; in production only what the organisation sets (without it there is no security.txt: SECURITY.md).
SECURITY_CONTACT = env.get("SECURITY_CONTACT") or (
    None if PRODUCTION else "mailto:security@example.org"
)
if SECURITY_CONTACT and not SECURITY_CONTACT.startswith(("mailto:", "https://")):
    raise ImproperlyConfigured("SECURITY_CONTACT must start with mailto: or https://")
try:
    SECURITY_TXT_EXPIRES = date.fromisoformat(
        env.get("SECURITY_TXT_EXPIRES") or release.one_year_after(release.RELEASE_DATE).isoformat()
    )
except ValueError as error:
    raise ImproperlyConfigured("SECURITY_TXT_EXPIRES must be a date: YYYY-MM-DD") from error
# Health probes come from inside (the container's HEALTHCHECK, an orchestrator) over plain HTTP: no redirect
# to HTTPS for them (they answer no personal data). Host checks still apply (deploy/healthcheck.py).
SECURE_REDIRECT_EXEMPT = [r"^health/"]
