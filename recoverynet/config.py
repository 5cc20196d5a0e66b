"""Configuration, read from the environment in one place."""
import os
from datetime import timedelta


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_environment(instance_path: str) -> dict:
    """Settings for this process; anything unset gets a safe development default."""
    database_url = os.environ.get("DATABASE_URL") or (
        "sqlite:///" + os.path.join(instance_path, "recoverynet.sqlite")
    )
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants an explicit driver.
    for prefix in ("postgres://", "postgresql://"):
        if database_url.startswith(prefix):
            database_url = "postgresql+psycopg://" + database_url[len(prefix):]
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # SQLite only: how long a write waits for another worker's commit before "database is
        # locked" and a 503 the outbox retries. Short, so reads never queue behind stuck writers
        # (see recoverynet/sqlite.py); the reminder worker may run with a longer one.
        "SQLITE_BUSY_TIMEOUT_MS": int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "1000")),
        # Secure cookies need HTTPS; plain-HTTP localhost development opts out.
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", default=True),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "rn_session",
        "PERMANENT_SESSION_LIFETIME": timedelta(days=int(os.environ.get("SESSION_DAYS", "30"))),
        # A session unused this long is refused, however long it had left.
        "SESSION_IDLE_DAYS": int(os.environ.get("SESSION_IDLE_DAYS", "14")),
        # The cookie is re-sent only when the session changes, so a background request (the
        # service worker refreshing the crisis page) can't overwrite a newer cookie.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "BEHIND_PROXY": _flag("BEHIND_PROXY"),
        # Development only (make run sets it): static files are looked up on every request, so
        # an edited file is served at once under its new content-hashed name.
        "STATIC_AUTOREFRESH": _flag("STATIC_AUTOREFRESH"),
        # The address people open, e.g. https://recovery.example.org: every link that leaves the
        # app (an email, an invite) starts with it, never with the request's Host header.
        # Required in production; see links.configure_public_address.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "").strip().rstrip("/"),
        # More host names to answer on besides PUBLIC_URL's (comma-separated); others get a 400.
        "EXTRA_TRUSTED_HOSTS": [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()],
        # Nothing we accept is near 1 MB; a bigger body is refused (413) before it is read.
        # Flask's own MAX_FORM_MEMORY_SIZE (500 kB a field) and MAX_FORM_PARTS (1000) stay.
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_REQUEST_BYTES", str(1024 * 1024))),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS", default=True),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "RecoveryNet <no-reply@recoverynet.invalid>"),
        "PASSWORD_RESET_MINUTES": int(os.environ.get("PASSWORD_RESET_MINUTES", "30")),
        # Emails a stranger can make us send (reset, sign-up confirmation): at most this many to
        # one address, and at the request of one client address, in the window. Over it the page
        # answers the same and nothing is sent.
        "EMAIL_LIMIT_PER_ADDRESS": int(os.environ.get("EMAIL_LIMIT_PER_ADDRESS", "3")),
        "EMAIL_LIMIT_PER_CLIENT": int(os.environ.get("EMAIL_LIMIT_PER_CLIENT", "20")),
        "EMAIL_LIMIT_MINUTES": int(os.environ.get("EMAIL_LIMIT_MINUTES", "60")),
        # Wrong passwords allowed in the window before each next try must wait 1 s, 2 s, 4 s…
        # (at most the window): per account from one address, and per address over all accounts.
        # A device that signed in to the account before is never slowed down.
        "LOGIN_LIMIT_PER_ACCOUNT": int(os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5")),
        "LOGIN_LIMIT_PER_ADDRESS": int(os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "20")),
        "LOGIN_LIMIT_MINUTES": int(os.environ.get("LOGIN_LIMIT_MINUTES", "15")),
        "VAPID_SUBJECT": os.environ.get("VAPID_SUBJECT", "mailto:admin@recoverynet.invalid"),
        "VAPID_PRIVATE_KEY": os.environ.get("VAPID_PRIVATE_KEY", ""),
        "VAPID_PUBLIC_KEY": os.environ.get("VAPID_PUBLIC_KEY", ""),
        # Push endpoints go only to the browsers' push services and to these origins of a
        # self-hosted one (comma-separated host, host:port or http://host:port); see push/endpoints.py.
        "PUSH_ENDPOINT_HOSTS": [h.strip() for h in os.environ.get("PUSH_ENDPOINT_HOSTS", "").split(",") if h.strip()],
        # What is kept, and for how long (the worker prunes the rest hourly; see retention.py).
        "DELIVERIES_KEPT_DAYS": int(os.environ.get("DELIVERIES_KEPT_DAYS", "30")),
        "INVITES_KEPT_DAYS": int(os.environ.get("INVITES_KEPT_DAYS", "30")),
        "VIEW_RECORDS_KEPT_DAYS": int(os.environ.get("VIEW_RECORDS_KEPT_DAYS", "365")),
        # Settings → Bring in my data takes an export this big at most (MAX_REQUEST_BYTES elsewhere).
        "IMPORT_MAX_BYTES": int(os.environ.get("IMPORT_MAX_BYTES", str(16 * 1024 * 1024))),
    }
