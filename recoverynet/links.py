"""Links that leave the app (emails, invites) and the host names the app answers on.

A link built from the request would trust its Host header (or a proxy's X-Forwarded-Host): a
stranger could ask for a reset email whose link points at their own site. So every such link
starts with the configured PUBLIC_URL, and a request for any other host is refused (400).
"""
import os
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from werkzeug.exceptions import SecurityError

DEVELOPMENT_URL = "http://127.0.0.1:5000"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")
MISSING_PUBLIC_URL = (
    "PUBLIC_URL is not set. Links in emails must not be built from the request's Host header, so "
    "production needs the address people open, e.g. PUBLIC_URL=https://recovery.example.org. "
    "(For local development over plain HTTP, `make run` sets it; or set SESSION_COOKIE_SECURE=0.)"
)


def public_url(endpoint: str, **values) -> str:
    """The full address of `endpoint` at PUBLIC_URL; works with or without a request."""
    base = current_app.config["PUBLIC_URL"]
    if not base:
        raise RuntimeError(MISSING_PUBLIC_URL)
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


def _is_development(app: Flask) -> bool:
    # Production is the default (secure cookies); tests, debug and `make run` say otherwise.
    return app.testing or app.debug or not app.config["SESSION_COOKIE_SECURE"]


def configure_public_address(app: Flask) -> None:
    """Check PUBLIC_URL and derive Flask's TRUSTED_HOSTS from it; refuse to start without it in
    production. The `flask` command (migrations, the worker) may start without it: only building
    a link then fails, with the same message."""
    config = app.config
    if not config["PUBLIC_URL"]:
        if _is_development(app):
            config["PUBLIC_URL"] = DEVELOPMENT_URL
        elif os.environ.get("FLASK_RUN_FROM_CLI") != "true":
            raise RuntimeError(MISSING_PUBLIC_URL)
    parts = urlsplit(config["PUBLIC_URL"])
    if config["PUBLIC_URL"] and (parts.scheme not in ("http", "https") or not parts.hostname):
        raise RuntimeError(f"PUBLIC_URL must look like https://recovery.example.org, not {config['PUBLIC_URL']!r}.")
    if config.get("TRUSTED_HOSTS") is None:
        # Flask ignores the port when it matches these names.
        hosts = [parts.hostname] if parts.hostname else []
        if not hosts or parts.hostname in LOOPBACK_HOSTS:
            hosts += [name for name in LOOPBACK_HOSTS if name not in hosts]
        config["TRUSTED_HOSTS"] = hosts + list(config.get("EXTRA_TRUSTED_HOSTS", []))
    # Flask finds an untrusted host before the request starts but says so only when the view
    # would run; refusing here, in the first before_request, spares the session its work.
    app.before_request(refuse_untrusted_host)


def refuse_untrusted_host() -> None:
    if isinstance(request.routing_exception, SecurityError):
        raise request.routing_exception
