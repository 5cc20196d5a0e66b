"""Every response's security in one place: cross-site refusal, headers, caching, cookies."""
from flask import Flask, abort, request
from flask_babel import gettext
from werkzeug.middleware.proxy_fix import ProxyFix

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# No inline script or style anywhere: htmx is configured (meta htmx-config) to need neither.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

# Responses that hold nothing personal and may be cached (the service worker precaches them).
# Every other response is personal or may become so, and is never stored.
CACHEABLE_ENDPOINTS = frozenset({"static", "pwa.service_worker", "pwa.manifest", "pwa.offline"})


def refuse_cross_site_requests() -> None:
    """Refuse any unsafe request another site could have sent (login CSRF included).

    Browsers send Sec-Fetch-Site on every request; older ones still send Origin on
    POST. A request with neither is refused: a real browser form always has one.
    """
    if request.method in SAFE_METHODS:
        return
    # Header names are read without regard to case, so the mutants that change these two names'
    # case are equivalent (hence the pragmas).
    fetch_site = request.headers.get("Sec-Fetch-Site")  # pragma: no mutate
    if fetch_site is not None:
        if fetch_site != "same-origin":
            abort(403, description=gettext("This form was sent from another site, so it was refused."))
        return
    origin = request.headers.get("Origin")  # pragma: no mutate
    # host_url always ends in one "/"; removesuffix takes exactly that (rstrip took any of a set).
    if origin != request.host_url.removesuffix("/"):
        abort(403, description=gettext("This form was sent from another site, so it was refused."))


def set_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    # same-origin keeps Referer (and Origin) on our own POSTs while telling other sites nothing.
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    if request.endpoint not in CACHEABLE_ENDPOINTS:
        headers["Cache-Control"] = "no-store"
    response.vary.add("HX-Request")
    return response


def init_app(app: Flask) -> None:
    if app.config.get("BEHIND_PROXY"):
        # Trust exactly one proxy (the TLS terminator) for scheme, host and client address. Said
        # in full, though x_for and x_proto are ProxyFix's defaults: so leaving either out is the
        # same code (equivalent mutants, hence the pragma on the call's line; the numbers on the
        # next line are still mutated, and the BEHIND_PROXY tests catch each).
        app.wsgi_app = ProxyFix(  # pragma: no mutate
            app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    app.before_request(refuse_cross_site_requests)
    app.after_request(set_security_headers)
