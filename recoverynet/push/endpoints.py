"""Which push endpoints the app will send to.

A push endpoint is a URL a browser hands us and the worker later POSTs to from inside our own
network, so an unchecked one would let anyone signed in aim the server at internal hosts or a
cloud metadata address. We accept only the browsers' own push services, and the origins an
operator lists in PUSH_ENDPOINT_HOSTS for a self-hosted one. The view checks on saving; the
sender checks again before every POST, so a row saved earlier or a setting changed since is
refused too.

PUSH_ENDPOINT_HOSTS entries are origins, the same notion as the VAPID `aud` claim: `host`
(https on 443), `host:port` (https on that port only) or `http://host:port` (plain http, for a
stand-in on a test machine). An endpoint is allowed when its scheme, host and port equal one
entry's, so nothing is ever widened implicitly: no loopback exception, no port or http without
the operator writing it down. Listed hosts are trusted as configured (their names are not
resolved and checked), which is what lets a test point at 127.0.0.1.
"""
import ipaddress
import re
import socket
from functools import lru_cache
from urllib.parse import urlsplit

# The push services browsers subscribe with (a page cannot choose another). "*." means any
# subdomain, not the bare name. Gathered from the vendors' documentation as listed in
# web-push-libs/web-push issue #801 ("Add whitelist for valid browser push service hosts"),
# Chromium's push_messaging_constants.cc (fcm.googleapis.com/fcm/send/ and /wp/) and Mozilla
# autopush's endpoint configuration (updates.push.services.mozilla.com).
KNOWN_PUSH_SERVICES = (
    "fcm.googleapis.com",  # Google FCM: Chrome, Edge on Android, Opera, Brave, Samsung Internet
    "android.googleapis.com",  # Google's legacy GCM host, still in old Chrome subscriptions
    "updates.push.services.mozilla.com",  # Mozilla autopush: Firefox
    "push.services.mozilla.com",
    "web.push.apple.com",  # Apple: Safari on macOS, and iOS/iPadOS 16.4+ home-screen apps
    "*.push.apple.com",
    "*.notify.windows.com",  # Microsoft WNS: Edge on Windows, e.g. wns2-par02p.notify.windows.com
)
MAX_ENDPOINT_LENGTH = 2000  # the column's size; real endpoints are a few hundred characters
# RFC 3986 characters only: URL parsers disagree about spaces, backslashes and non-ASCII.
URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
DEFAULT_PORTS = {"https": 443, "http": 80}

Origin = tuple[str, str, int]  # scheme, lower-case host, port


class EndpointRefused(ValueError):
    """Why an endpoint is not sent to, in words for the delivery record."""


def _is_known_service(host: str) -> bool:
    for name in KNOWN_PUSH_SERVICES:
        if name.startswith("*."):
            if host.endswith(name[1:]) and len(host) > len(name) - 1:
                return True
        elif host == name:
            return True
    return False


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=16)
def allowed_origins(entries: tuple[str, ...]) -> frozenset[Origin]:
    """The origins PUSH_ENDPOINT_HOSTS lists. A malformed entry is an operator's mistake: raise."""
    origins = set()
    for entry in entries:
        entry = entry.strip()
        if not entry:
            continue
        parts = urlsplit(entry if "://" in entry else f"https://{entry}")
        try:
            port = parts.port
        except ValueError:
            port = -1
        if (parts.scheme not in DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc or port == -1
                or parts.path not in ("", "/") or parts.query or parts.fragment):
            raise ValueError(f"PUSH_ENDPOINT_HOSTS: {entry!r} is not host, host:port or http(s)://host:port")
        origins.add((parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme]))
    return frozenset(origins)


def configured_origins(config) -> frozenset[Origin]:
    """The origins this app's PUSH_ENDPOINT_HOSTS setting lists."""
    return allowed_origins(tuple(config["PUSH_ENDPOINT_HOSTS"]))


def check_endpoint(endpoint, listed: frozenset[Origin]) -> tuple[Origin, bool]:
    """The endpoint's origin and whether the operator listed it; raises EndpointRefused if the
    app must not send there."""
    if not isinstance(endpoint, str) or not URL_CHARACTERS.fullmatch(endpoint):
        raise EndpointRefused("not a URL")
    if len(endpoint) > MAX_ENDPOINT_LENGTH:
        raise EndpointRefused(f"longer than {MAX_ENDPOINT_LENGTH} characters")
    parts = urlsplit(endpoint)
    scheme, host = parts.scheme.lower(), parts.hostname or ""
    try:
        port = parts.port or DEFAULT_PORTS.get(scheme, 0)
    except ValueError:
        raise EndpointRefused("the port is not a number") from None
    if "@" in parts.netloc:
        raise EndpointRefused("carries a user name or password")
    if not host or scheme not in DEFAULT_PORTS:
        raise EndpointRefused("not an http(s) URL with a host")
    origin = (scheme, host, port)
    if origin in listed:
        return origin, True
    if scheme != "https":
        raise EndpointRefused("not https")
    if _is_ip_literal(host):
        raise EndpointRefused(f"{host} is an IP address, not a push service")
    if port != 443:
        raise EndpointRefused(f"port {port} is not allowed")
    if not _is_known_service(host):
        raise EndpointRefused(f"{host} is not a known push service")
    return origin, False


def check_resolved(host: str, port: int) -> None:
    """Raise EndpointRefused if the name leads anywhere but the public internet (a poisoned or
    split-horizon resolver). socket.gaierror (no answer) is left to the caller: try later."""
    for *_, address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        ip = ipaddress.ip_address(address[0].split("%")[0])
        if getattr(ip, "ipv4_mapped", None):
            ip = ip.ipv4_mapped
        if (not ip.is_global or ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or ip.is_unspecified):
            raise EndpointRefused(f"{host} resolves to {ip}, which is not a public address")
