"""The one place a push leaves the app: which endpoints it may go to, VAPID, encryption, TTL,
Urgency, Topic, and what the push service's answer means for the subscription and for a retry."""
import email.utils
import os
import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlparse

import requests
import urllib3
from py_vapid import Vapid
from pywebpush import WebPusher

from recoverynet.push.endpoints import EndpointRefused, Origin, check_endpoint, check_resolved

MAX_PLAINTEXT = 3000  # well under the 3993-byte limit of aes128gcm with one record
TIMEOUT_SECONDS = 10
MAX_ANSWER_BYTES = 64 * 1024  # a push service answers in a few hundred bytes; read no more than this
JWT_LIFETIME = 12 * 3600  # push services accept up to 24 h


class SendResult(StrEnum):
    """What one attempt at a push came to."""

    SENT = "sent"
    GONE = "gone"  # prune the subscription
    RETRY = "retry"
    FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    status: SendResult
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


def _read_answer(response: requests.Response, deadline: float) -> str:
    """At most MAX_ANSWER_BYTES of the answer, read before `deadline`; a longer or slower one is
    cut off and its connection dropped instead of being read on."""
    body = b""
    try:
        while len(body) <= MAX_ANSWER_BYTES and time.monotonic() < deadline:
            # What has arrived so far, undecoded (no gzip bomb), without waiting for a full piece.
            piece = response.raw.read1(8192, decode_content=False)
            if not piece:
                response.raw.release_conn()  # read to the end: the connection can carry the next push
                return body.decode("utf8", "replace")
            body += piece
    except (urllib3.exceptions.HTTPError, OSError):  # the status line already said what happened
        pass
    response.close()
    return body[:MAX_ANSWER_BYTES].decode("utf8", "replace")


def send(signer: VapidSigner, subscription: dict, payload: str, *, ttl: int, urgency: str = "normal",
         topic: str = "", timeout: float = TIMEOUT_SECONDS, allowed: frozenset[Origin] = frozenset()) -> Outcome:
    """Send one encrypted push and say what happened. Never raises for the service's answers.

    `allowed` holds the origins PUSH_ENDPOINT_HOSTS lists. An endpoint that is no longer allowed
    is "gone" (the caller prunes it) and nothing is sent; a known push service's name that
    resolves to a private address "failed" (the network's resolver is wrong, not the row)."""
    if len(payload.encode()) > MAX_PLAINTEXT:
        return Outcome(SendResult.FAILED, error="payload too large")
    endpoint = subscription["endpoint"]
    try:
        (_, host, port), listed = check_endpoint(endpoint, allowed)
    except EndpointRefused as refused:
        return Outcome(SendResult.GONE, error=f"endpoint refused: {refused}")
    try:
        if not listed:
            check_resolved(host, port)
    except EndpointRefused as refused:
        return Outcome(SendResult.FAILED, error=f"endpoint refused: {refused}")
    except OSError as error:  # no DNS answer right now
        return Outcome(SendResult.RETRY, error=f"DNS lookup failed: {type(error).__name__}")
    try:
        body = WebPusher(subscription).encode(payload.encode(), "aes128gcm")["body"]
    except Exception as error:  # only the stored keys are read here: any failure is theirs
        # A key the library can't parse raises whatever its parsing meets (a key saved before the
        # subscription checked its keys: "!!!!" was an IndexError that crashed every pass).
        return Outcome(SendResult.FAILED, error=f"subscription keys unusable: {type(error).__name__}: {error}"[:300])
    headers = {**signer.headers_for(endpoint), "TTL": str(ttl), "Content-Encoding": "aes128gcm",
               "Urgency": urgency}
    if topic:
        headers["Topic"] = topic
    deadline = time.monotonic() + timeout
    try:
        # Never follow a redirect: a push service answers 201, and following one would let
        # whoever runs the endpoint send us anywhere.
        response = _session().post(endpoint, data=body, headers=headers, timeout=timeout,
                                   allow_redirects=False, stream=True)
        answer = _read_answer(response, deadline)
    except requests.RequestException as error:  # timeouts and connection failures
        return Outcome(SendResult.RETRY, None, type(error).__name__)
    code = response.status_code
    if code in (200, 201, 202):
        return Outcome(SendResult.SENT, code)
    if code in (404, 410):
        return Outcome(SendResult.GONE, code, "subscription expired or removed")
    if code == 429:
        return Outcome(SendResult.RETRY, code, "rate limited", _retry_after_seconds(response.headers.get("Retry-After")))
    if code >= 500:
        return Outcome(SendResult.RETRY, code, f"push service error {code}")
    if 300 <= code < 400:
        return Outcome(SendResult.FAILED, code, f"push service answered a redirect ({code}); not followed")
    return Outcome(SendResult.FAILED, code, f"push service answered {code}: {answer}"[:300])
