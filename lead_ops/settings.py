"""LEAD Ops settings.

One module for every environment: each difference between a laptop and
production is an environment variable with a safe default. A bad value stops
start-up with an ImproperlyConfigured error that names the variable.
"""

import ipaddress
import os
import re
import zoneinfo
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = env_str(name)
    if not raw:
        return default
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a yes/no value (1/0, true/false, on/off); got {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None
    if value < minimum or (maximum is not None and value > maximum):
        upper = "" if maximum is None else f" and at most {maximum}"
        raise ImproperlyConfigured(f"{name} must be at least {minimum}{upper}; got {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Behind TLS (the default outside DEBUG): secure cookies, HSTS. Turn off only for
# plain-http set-ups on loopback (tests, benchmarks).
LEAD_HTTPS = env_bool("LEAD_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = LEAD_HTTPS
CSRF_COOKIE_SECURE = LEAD_HTTPS
SECURE_HSTS_SECONDS = 31536000 if LEAD_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = LEAD_HTTPS
# Allows (does not make) a submission to the browsers' HSTS preload list.
SECURE_HSTS_PRELOAD = LEAD_HTTPS
if env_bool("LEAD_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Plain http is redirected to https wherever LEAD_HTTPS is on. /health/ stays on
# plain http so a load balancer's probe behind the TLS proxy gets its answer.
SECURE_SSL_REDIRECT = env_bool("LEAD_SSL_REDIRECT", LEAD_HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Client addresses for the audit trail are read from this request header only
# when a trusted reverse proxy sets it (e.g. HTTP_X_REAL_IP); otherwise REMOTE_ADDR.
LEAD_CLIENT_IP_HEADER = env_str("LEAD_CLIENT_IP_HEADER")

# The shape of the department's incident / report numbers, checked on the referral form.
LEAD_INCIDENT_NUMBER_PATTERN = env_str("LEAD_INCIDENT_NUMBER_PATTERN", r"^[0-9]{2,4}-[0-9]{4,8}$")
LEAD_INCIDENT_NUMBER_EXAMPLE = env_str("LEAD_INCIDENT_NUMBER_EXAMPLE", "2026-012345")
try:
    re.compile(LEAD_INCIDENT_NUMBER_PATTERN)
except re.error as error:
    raise ImproperlyConfigured(f"LEAD_INCIDENT_NUMBER_PATTERN is not a valid regular expression: {error}.") from None

# Retention: records untouched this long are purged (purge_expired_records), except
# under legal hold; audit events are kept at least a year (HIPAA asks six for the
# accounting of disclosures, which is kept six years whatever these say).
LEAD_RETENTION_YEARS = env_int("LEAD_RETENTION_YEARS", 7, minimum=1, maximum=100)
LEAD_AUDIT_RETENTION_DAYS = env_int("LEAD_AUDIT_RETENTION_DAYS", 2190, minimum=365)

# Demo mode: a banner on every page says the data is synthetic.
LEAD_DEMO_MODE = env_bool("LEAD_DEMO_MODE", False)
LEAD_SITE_NAME = env_str("LEAD_SITE_NAME", "LEAD Ops")
# The community door's public request form, for people without an account: off
# unless a site opens it, and then a budget of requests per address an hour.
LEAD_PUBLIC_REQUESTS = env_bool("LEAD_PUBLIC_REQUESTS", False)
LEAD_PUBLIC_REQUESTS_PER_HOUR = env_int("LEAD_PUBLIC_REQUESTS_PER_HOUR", 5, minimum=1, maximum=1000)
# Where the site is reached, for links in e-mails.
LEAD_SITE_URL = env_str("LEAD_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "lead_ops.admin_site.LeadAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    # Ours, lowest layer first; a later app may import an earlier one, never the reverse.
    "lead_ops.accounts",
    "lead_ops.audit",
    "lead_ops.protocol",
    "lead_ops.notifications",
    "lead_ops.offline",
    "training",
    "referrals",
    "community",
    "workgroup",
    "reports",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "oauth2_provider",
    "api",
    "webhooks",
    "sso",
]

MIDDLEWARE = [
    # First: a body over the limit is refused from its Content-Length, unread.
    "lead_ops.body_limits.BodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lead_ops.request_context.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lead_ops.cache_headers.NoStoreWhenSignedInMiddleware",
    # Before anything reads the body: the upload limit only for those who may upload.
    "lead_ops.body_limits.UploadAllowanceMiddleware",
    "lead_ops.input_guard.NullCharacterGuardMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lead_ops.accounts.middleware.SessionLimitsMiddleware",
    "lead_ops.accounts.middleware.MfaRequiredMiddleware",
    "lead_ops.accounts.partners.PartnerConfinementMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into our lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lead_ops.urls"
WSGI_APPLICATION = "lead_ops.wsgi.application"

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
                "lead_ops.navigation.navigation",
            ],
        },
    },
]

# Form templates come from TEMPLATES, so templates/django/forms/ and
# templates/bootstrap5/ can replace the ones that mark help text safe.
FORM_RENDERER = "lead_ops.form_rendering.LeadFormRenderer"

# --- Database -----------------------------------------------------------------

DATABASE_URL = env_str("DATABASE_URL")
SQLITE_PATH = BASE_DIR / "var" / "lead_ops.sqlite3"


def _database_from_url(url: str) -> dict:
    scheme = urlsplit(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ImproperlyConfigured(f"DATABASE_URL must start with postgres:// or sqlite://; got scheme {scheme!r}.")
    try:
        config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL could not be read: {error}") from None
    if config["ENGINE"].endswith("sqlite3"):
        config["CONN_MAX_AGE"] = 0
    else:
        # The working set is in memory or on SSD: random reads cost little more than
        # sequential ones, so the planner takes the trigram index for name searches.
        config.setdefault("OPTIONS", {})["options"] = "-c random_page_cost=1.1"
    return config


if DATABASE_URL:
    DATABASES = {"default": _database_from_url(DATABASE_URL)}
else:
    SQLITE_PATH.parent.mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                # One writer at a time; readers wait instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so that tests with several connections (threads racing
    # to approve, the live server) see the locking a real SQLite site sees.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(BASE_DIR / "var" / "test_lead_ops.sqlite3")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery ---------------------------------------------------------

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and urlsplit(REDIS_URL).scheme not in {"redis", "rediss"}:
    raise ImproperlyConfigured(f"REDIS_URL must start with redis:// or rediss://; got {REDIS_URL!r}.")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lead_ops",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    # Sessions read from Redis, written through to the database: one query fewer
    # per request. Only with a shared cache: a per-process cache would let a
    # signed-out session live on in another worker.
    SESSION_ENGINE = "lead_ops.session_store"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Without REDIS_URL there is no broker: tasks run in-process, at once.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
# One Redis can serve several sites (or a test run) when each uses its own queue.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_SOFT_TIME_LIMIT = max(1, CELERY_TASK_TIME_LIMIT - 30)
# A task is acknowledged when it finishes, not when it starts: a worker that dies
# mid-task leaves it to be run again (tasks are safe to run twice). A pool process
# killed mid-task (the OOM killer) puts its task back at once; a whole worker gone
# leaves its task in Redis until CELERY_VISIBILITY_TIMEOUT passes, then another
# worker takes it. Keep that timeout above CELERY_TASK_TIME_LIMIT, or a slow task
# is handed to a second worker while the first still runs it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A Redis that vanishes without closing its connections (a dropped network, a
# frozen host) must not stall a request or a worker: every socket gives up.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "socket_keepalive": True,
    "health_check_interval": 30,
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1),
}
# A web request that queues a task while Redis is down gives up after a few
# seconds (the outbox or the page's own message takes over), not after twenty.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"timeout": 5.0}}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Integration API ----------------------------------------------------------

# Clients sign in with OAuth 2.0 client credentials (django-oauth-toolkit); their
# tokens last LEAD_API_TOKEN_SECONDS (10 minutes by default).
OAUTH2_PROVIDER = {
    "SCOPES_BACKEND_CLASS": "api.scopes.ClientScopes",
    "ACCESS_TOKEN_EXPIRE_SECONDS": env_int("LEAD_API_TOKEN_SECONDS", 600, minimum=60),
    "REFRESH_TOKEN_EXPIRE_SECONDS": 0,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "PKCE_REQUIRED": True,
    # The OAuth 2.0 Security BCP (RFC 9700) throughout: no implicit or password
    # grants, no tokens in URLs, tokens stored as checksums only.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
}
# django-oauth-toolkit's own models, named as its swappable settings expect.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"  # noqa: S105  (a model name)
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"  # noqa: S105  (a model name)
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"  # noqa: S105  (a model name)
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["oauth2_provider.contrib.rest_framework.OAuth2Authentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.access.problem_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LEAD Ops integration API",
    "DESCRIPTION": "Prefill referral drafts from a records system, read referral status and de-identified "
    "figures, and manage webhook subscriptions. OAuth 2.0 client credentials at /api/oauth/token/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "oauth2": {
                "type": "oauth2",
                "flows": {
                    "clientCredentials": {
                        "tokenUrl": "/api/oauth/token/",
                        "scopes": {
                            "referrals:prefill": "Prefill referral drafts",
                            "referrals:status": "Read referral status",
                            "reports:read": "Read de-identified figures",
                            "webhooks:manage": "Manage webhook subscriptions",
                        },
                    }
                },
            }
        }
    },
    "SECURITY": [{"oauth2": []}],
}

# --- Webhooks -------------------------------------------------------------------

# Each failed delivery waits LEAD_WEBHOOK_BACKOFF_SECONDS, doubling up to the cap,
# and is given up after LEAD_WEBHOOK_MAX_ATTEMPTS (16: about three hours).
LEAD_WEBHOOK_BACKOFF_SECONDS = env_int("LEAD_WEBHOOK_BACKOFF_SECONDS", 30, minimum=1)
LEAD_WEBHOOK_BACKOFF_CAP_SECONDS = env_int("LEAD_WEBHOOK_BACKOFF_CAP_SECONDS", 900, minimum=1)
LEAD_WEBHOOK_MAX_ATTEMPTS = env_int("LEAD_WEBHOOK_MAX_ATTEMPTS", 16, minimum=1)
LEAD_WEBHOOK_TIMEOUT_SECONDS = env_int("LEAD_WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)
# Receivers are https only, except these hosts over http (a receiver on this machine).
LEAD_WEBHOOK_HTTP_HOSTS = [host for host in os.environ.get("LEAD_WEBHOOK_HTTP_HOSTS", "").split(",") if host]
CELERY_TIMEZONE = "UTC"

# --- Auth ---------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every sign-in attempt for a locked-out username.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sign-in with an agency's identity provider; answers only the OpenID Connect callback.
    "sso.backend.ProviderBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Single sign-on and provisioning --------------------------------------------

# Identity providers are set up per agency in the admin (sso.IdentityProvider).
# Their client secrets are encrypted with this Fernet key (python -c "from
# cryptography.fernet import Fernet; print(Fernet.generate_key().decode())");
# without it a key is derived from SECRET_KEY.
LEAD_SECRETS_KEY = env_str("LEAD_SECRETS_KEY")
if LEAD_SECRETS_KEY:
    try:
        from cryptography.fernet import Fernet

        Fernet(LEAD_SECRETS_KEY.encode())
    except ValueError:
        raise ImproperlyConfigured("LEAD_SECRETS_KEY must be a Fernet key (32 url-safe base64 bytes).") from None
# How long a provider may take to answer (discovery, keys, token, user info)
# before the sign-in page says it is not answering.
LEAD_SSO_TIMEOUT_SECONDS = env_int("LEAD_SSO_TIMEOUT_SECONDS", 5, minimum=1, maximum=60)
# Providers' discovery documents and signing keys are reused this long.
LEAD_SSO_METADATA_SECONDS = env_int("LEAD_SSO_METADATA_SECONDS", 3600, minimum=0, maximum=86400)
# Read by mozilla-django-oidc's session helpers (sso.views): sign-ins under way
# at once per browser, and whether a ?next= page must be https.
OIDC_MAX_STATES = 10
OIDC_REDIRECT_REQUIRE_HTTPS = LEAD_HTTPS
_site = urlsplit(LEAD_SITE_URL)
SCIM_SERVICE_PROVIDER = {
    "NETLOC": _site.netloc,
    "SCHEME": _site.scheme or "https",
    "USER_MODEL_GETTER": "sso.scim_filters.account_model",
    "USER_ADAPTER": "sso.scim.ScimUser",
    "GROUP_MODEL": "sso.models.ProviderGroup",
    "GROUP_ADAPTER": "sso.scim.ScimGroup",
    "USER_FILTER_PARSER": "sso.scim_filters.UserFilter",
    "GROUP_FILTER_PARSER": "sso.scim_filters.GroupFilter",
    "AUTH_CHECK_MIDDLEWARE": "sso.scim.ProviderTokenRequired",
    "GET_EXTRA_MODEL_FILTER_KWARGS_GETTER": "sso.scim_filters.own_provider_filter",
    "GET_QUERYSET_POST_PROCESSOR_GETTER": "sso.scim_filters.rows_with_their_parts",
    "AUTHENTICATION_SCHEMES": [
        {
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "The SCIM token of one identity provider, made in the admin.",
            "primary": True,
        }
    ],
    "WWW_AUTHENTICATE_HEADER": 'Bearer realm="LEAD Ops SCIM"',
}

# --- Sign-in hardening (CJIS Security Policy: MFA, lockout, session lock) ----------

# Two-factor sign-in (an authenticator app, with one-time recovery codes) for every
# account. Off only for the demo and the test suite; every page then says so.
LEAD_REQUIRE_MFA = env_bool("LEAD_REQUIRE_MFA", True)
OTP_TOTP_ISSUER = LEAD_SITE_NAME
OTP_ADMIN_HIDE_SENSITIVE_DATA = True


def _passkey_required_roles(names: list[str]) -> frozenset[str]:
    from lead_ops.accounts.roles import Role

    unknown = [name for name in names if name not in Role.values]
    if unknown:
        raise ImproperlyConfigured(
            f"LEAD_PASSKEY_REQUIRED_ROLES names unknown roles {unknown!r}; the roles are {', '.join(Role.values)}."
        )
    return frozenset(names)


# With LEAD_REQUIRE_MFA on, these roles' second factor is a passkey (WebAuthn):
# the authenticator app or a recovery code only leads to registering one.
LEAD_PASSKEY_REQUIRED_ROLES = _passkey_required_roles(
    env_list("LEAD_PASSKEY_REQUIRED_ROLES", ["Administrator", "Agency administrator", "Analyst"])
)


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _passkey_relying_party(site_url: str) -> tuple[str, list[str]]:
    """The passkeys' domain and the origins they are used from, by default the
    site's own. Browsers refuse an IP address as a passkey domain, so a site at
    http://127.0.0.1:8000 (the development default) has its passkeys on
    localhost: open it at http://localhost:8000 to use them."""
    parts = urlsplit(site_url)
    host = parts.hostname or ""
    if host == "localhost" or _is_ip_address(host):
        port = f":{parts.port}" if parts.port else ""
        return "localhost", [f"http://localhost{port}"]
    return host, [f"{parts.scheme}://{parts.netloc}"]


_rp_id_default, _origins_default = _passkey_relying_party(LEAD_SITE_URL)
OTP_WEBAUTHN_RP_ID = env_str("OTP_WEBAUTHN_RP_ID", _rp_id_default)
OTP_WEBAUTHN_RP_NAME = LEAD_SITE_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("OTP_WEBAUTHN_ALLOWED_ORIGINS", _origins_default)
for _origin in OTP_WEBAUTHN_ALLOWED_ORIGINS:
    _host = urlsplit(_origin).hostname or ""
    if not (_origin.startswith("https://") or _host == "localhost") or not (
        _host == OTP_WEBAUTHN_RP_ID or _host.endswith(f".{OTP_WEBAUTHN_RP_ID}")
    ):
        raise ImproperlyConfigured(
            f"OTP_WEBAUTHN_ALLOWED_ORIGINS: {_origin!r} must be https:// (or http://localhost) "
            f"on OTP_WEBAUTHN_RP_ID {OTP_WEBAUTHN_RP_ID!r} or one of its subdomains."
        )
# Second factor only: a passkey never replaces the password.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# Five consecutive failures (passwords and second-factor codes alike) lock the
# username, never the address: a precinct shares one, and locking it would lock
# every officer out. CJIS: at most five attempts, locked for at least 10 minutes.
LEAD_LOCKOUT_MINUTES = env_int("LEAD_LOCKOUT_MINUTES", 15, minimum=10, maximum=1440)
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = timedelta(minutes=LEAD_LOCKOUT_MINUTES)
# Failures are cleared only after the second factor (accounts.lockout), so a
# known password cannot buy fresh guesses at the code.
AXES_RESET_ON_SUCCESS = False
# Attempts while locked are refused without extending the lock, so the message
# can say when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "lead_ops.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "lead_ops.request_context.client_ip"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]
# The audit trail records every sign-in and sign-out; no second log.
AXES_DISABLE_ACCESS_LOG = True
SILENCED_SYSTEM_CHECKS = [
    # axes.W006 asks for locking by address too. Deliberately not: the failures of
    # one username are counted across every address already, and locking an
    # address would lock out a whole precinct behind one NAT.
    "axes.W006",
]

# A session ends after this many idle minutes (CJIS: at most 30) and, however
# busy, this many hours after sign-in.
LEAD_SESSION_IDLE_MINUTES = env_int("LEAD_SESSION_IDLE_MINUTES", 30, minimum=1, maximum=30)
LEAD_SESSION_MAX_HOURS = env_int("LEAD_SESSION_MAX_HOURS", 12, minimum=1, maximum=24)
SESSION_COOKIE_AGE = LEAD_SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Filing offline: answers kept on an officer's device (IndexedDB) are deleted
# this many hours after they last changed, sent or not (and at sign-out).
LEAD_OFFLINE_DRAFT_HOURS = env_int("LEAD_OFFLINE_DRAFT_HOURS", 12, minimum=1, maximum=72)

# Largest request body outside file uploads; a bigger one gets a clean 413 page.
LEAD_MAX_REQUEST_MB = env_int("LEAD_MAX_REQUEST_MB", 2, minimum=1, maximum=100)
DATA_UPLOAD_MAX_MEMORY_SIZE = LEAD_MAX_REQUEST_MB * 1024 * 1024
# Uploaded files stream to a temporary file on disk, never into memory.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.TemporaryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 0

# --- Operational workgroup ---------------------------------------------------------

# The agenda (with an .ics invitation) is e-mailed to the members this many days
# before a meeting; owners of action items are reminded this many days before due.
LEAD_AGENDA_DAYS_BEFORE = env_int("LEAD_AGENDA_DAYS_BEFORE", 3, minimum=0, maximum=30)
LEAD_ACTION_REMINDER_DAYS = env_int("LEAD_ACTION_REMINDER_DAYS", 2, minimum=0, maximum=30)
# A recurring meeting series is turned into meetings this many weeks ahead.
LEAD_MEETING_HORIZON_WEEKS = env_int("LEAD_MEETING_HORIZON_WEEKS", 8, minimum=1, maximum=52)

# --- Time, language -------------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "America/Los_Angeles")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"TIME_ZONE must be an IANA zone such as America/Los_Angeles; got {TIME_ZONE!r}."
    ) from None
USE_I18N = False
USE_TZ = True

# --- Reports -------------------------------------------------------------------

# Participants per case manager before the caseload figure flags them (Seattle's
# target: 20-25 people per case manager).
LEAD_CASELOAD_CAP = env_int("LEAD_CASELOAD_CAP", 25, minimum=1, maximum=500)
# Warm hand-off target: minutes from calling the case manager to their arrival.
LEAD_HANDOFF_TARGET_MINUTES = env_int("LEAD_HANDOFF_TARGET_MINUTES", 30, minimum=1, maximum=1440)
# Counts under this are suppressed in equity figures, on pages and in exports.
LEAD_SMALL_CELL_MIN = env_int("LEAD_SMALL_CELL_MIN", 5, minimum=1, maximum=100)
# Eligible contacts an officer or unit needs before a divert rate is highlighted.
LEAD_DISCRETION_MIN_COUNT = env_int("LEAD_DISCRETION_MIN_COUNT", 10, minimum=1, maximum=1000)
# How long a prepared export can be downloaded; then the file is deleted.
LEAD_EXPORT_LINK_HOURS = env_int("LEAD_EXPORT_LINK_HOURS", 24, minimum=1, maximum=720)
# Seconds the computed figures for one scope and set of filters are reused.
LEAD_REPORT_CACHE_SECONDS = env_int("LEAD_REPORT_CACHE_SECONDS", 60, minimum=0, maximum=3600)

# --- Static files ---------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# Vendor assets come from the npm registry at set-up (make assets); nothing is copied into the repo.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/idb", NODE_MODULES / "idb" / "build"),
]
# The service worker Workbox builds at set-up (make assets), served at /sw.js.
LEAD_OFFLINE_BUILD_DIR = BASE_DIR / "build" / "offline"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
# Training session materials (PDF, Office, images) larger than this are refused.
LEAD_TRAINING_MATERIAL_MAX_MB = env_int("LEAD_TRAINING_MATERIAL_MAX_MB", 20, minimum=1, maximum=500)

# --- Forms, content security -------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The filing path's service worker and web app manifest (Filing offline).
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- E-mail -------------------------------------------------------------------------

EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Mail written to files instead of sent (a staging site, the test suite's worker process).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH")
if EMAIL_FILE_PATH:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "LEAD Ops <lead-ops@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Logging -----------------------------------------------------------------------

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL; got {LOG_LEVEL!r}.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Quiet by default: a line per eager task or per start-up says nothing useful.
    "loggers": {
        "celery.app.trace": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
