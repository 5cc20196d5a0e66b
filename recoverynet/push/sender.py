"""The one place a push leaves the app: VAPID, encryption, TTL, Urgency, Topic, and what the
push service's answer means for the subscription and for a retry."""
import email.utils
import os
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlparse

import requests
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

MAX_PLAINTEXT = 3000  # well under the 3993-byte limit of aes128gcm with one record
TIMEOUT_SECONDS = 10
JWT_LIFETIME = 12 * 3600  # push services accept up to 24 h


@dataclass(frozen=True)
class Outcome:
    status: str  # "sent", "gone" (prune the subscription), "retry" or "failed"
    http_status: int | None = None
    error: str = ""
    retry_after: float | None = None


class VapidSigner:
    """Signs one VAPID JWT per push service origin and reuses it until near expiry."""

    def __init__(self, private_key: str, subject: str):
        self._vapid = Vapid.from_file(private_key) if os.path.isfile(private_key) else Vapid.from_string(private_key)
        self._subject = subject
        self._cache: dict[str, tuple[dict, int]] = {}
        self._lock = threading.Lock()

    def headers_for(self, endpoint: str) -> dict:
        parts = urlparse(endpoint)
        audience = f"{parts.scheme}://{parts.netloc}"
        now = int(time.time())
        with self._lock:
            cached = self._cache.get(audience)
            if cached and cached[1] - now > 3600:
                return cached[0]
            expires = now + JWT_LIFETIME
            # A fresh claims dict every time: py_vapid writes into the one it is given.
            headers = self._vapid.sign({"sub": self._subject, "aud": audience, "exp": expires})
            self._cache[audience] = (headers, expires)
            return headers


_local = threading.local()


def _session() -> requests.Session:
    """One HTTP session per thread, so connections are reused without sharing across threads."""
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def send(signer: VapidSigner, subscription: dict, payload: str, *, ttl: int, urgency: str = "normal",
         topic: str = "", timeout: float = TIMEOUT_SECONDS) -> Outcome:
    """Send one encrypted push and say what happened. Never raises for the service's answers."""
    if len(payload.encode()) > MAX_PLAINTEXT:
        return Outcome("failed", error="payload too large")
    headers = dict(signer.headers_for(subscription["endpoint"]))
    headers["Urgency"] = urgency
    if topic:
        headers["Topic"] = topic
    try:
        response = webpush(subscription, data=payload, headers=headers, ttl=ttl, timeout=timeout,
                           requests_session=_session())
        return Outcome("sent", response.status_code)
    except WebPushException as error:
        code = error.status_code
        if code in (404, 410):
            return Outcome("gone", code, "subscription expired or removed")
        if code == 429:
            return Outcome("retry", code, "rate limited", _retry_after_seconds(error.retry_after))
        if code is not None and code >= 500:
            return Outcome("retry", code, f"push service error {code}")
        return Outcome("failed", code, str(error.message)[:300])
    except requests.RequestException as error:  # timeouts and connection failures
        return Outcome("retry", None, type(error).__name__)
