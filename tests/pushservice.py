"""A stand-in Web Push service on 127.0.0.1, strict about the protocol, for tests and benchmarks.

It plays the part of FCM / Mozilla autopush / Apple: every POST to /push/<id> must carry a valid
VAPID `Authorization: vapid t=<jwt>,k=<key>` header (RFC 8292), a `TTL` header and an
`aes128gcm` body (RFC 8188/8291). It decrypts the body with the subscriber's private key and
auth secret -- which only the "browser" side knows, so `make_subscription` keeps them -- and keeps
the plaintext with the TTL, Urgency and Topic it came with. Anything off is answered 400/401/403
and written to `rejections`, which a test should expect to stay empty.

    with PushService(app_public_key=app.config["VAPID_PUBLIC_KEY"]) as service:
        subscription = make_subscription(service, "phone-1")
        ...
        service.set_mode("429", "phone-1", retry_after=120)

Modes, per subscription id or for every subscription: "ok" (201), "404", "410", "413", "429"
(with Retry-After), "500", "slow" (sleeps `slow_seconds`, longer than the client's timeout,
then accepts) and "301", "302", "307" (a redirect to `location`; a `HitRecorder` there shows
whether the app followed it). A mode can be limited to the next `times` requests. `latency` delays every answer,
as a real push service far away would (50-300 ms).
"""
from __future__ import annotations

import base64
import json
import os
import re
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import jwt as vapid_jwt

from recoverynet.push.texts import TELLTALE_WORDS

MODES = ("ok", "404", "410", "413", "429", "500", "slow", "301", "302", "307")
REDIRECTS = ("301", "302", "307")
URGENCIES = ("very-low", "low", "normal", "high")
TOPIC = re.compile(r"[A-Za-z0-9_-]{1,32}")  # RFC 8030 section 5.4: base64url, at most 32 chars
SUBJECT = re.compile(r"(mailto:[^@\s]+@[^@\s]+|https://[^\s/]+.*)")
AUTHORIZATION = re.compile(r"vapid\s+t=([A-Za-z0-9_.-]+)\s*,\s*k=([A-Za-z0-9_=-]+)", re.IGNORECASE)
MAX_JWT_LIFETIME = 24 * 3600

# Every plaintext any stand-in received in this process, as (discreet, plaintext): the
# discreet-text test scans all of them as well as its own.
ALL_RECEIVED: list[tuple[bool, str]] = []
_ALL_LOCK = threading.Lock()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def lock_screen_text(plaintext: str) -> str:
    """What a phone shows on its lock screen for this push: the title and the body."""
    try:
        data = json.loads(plaintext)
    except ValueError:
        return plaintext
    return f"{data.get('title', '')}\n{data.get('body', '')}"


def telltale_words_in(text: str) -> list[str]:
    lowered = text.lower()
    return [word for word in TELLTALE_WORDS if word in lowered]


@dataclass
class Receipt:
    """One push the service accepted (or, for "slow", accepted after the client gave up)."""
    sub_id: str
    plaintext: str
    ttl: int
    urgency: str | None
    topic: str | None
    mode: str
    at: float = field(default_factory=time.time)


@dataclass
class Attempt:
    """One POST, whatever it was answered."""
    sub_id: str
    status: int
    mode: str
    at: float = field(default_factory=time.time)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 512  # many workers x many threads connect at once

    def handle_error(self, request, client_address) -> None:
        """A client that dies mid-request (a killed worker) is not the service's problem."""
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class PushService:
    def __init__(self, app_public_key: str | None = None, *, slow_seconds: float = 3.0, latency: float = 0.0,
                 host: str = "127.0.0.1"):
        self.app_public_key = app_public_key.rstrip("=") if app_public_key else None
        self.slow_seconds = slow_seconds
        self.latency = latency  # seconds added to every answer, like a real service far away
        self.host = host
        self.port: int | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._keys: dict[str, tuple[ec.EllipticCurvePrivateKey, bytes, bool]] = {}
        self._modes: dict[str | None, dict] = {}
        self._verified: dict[tuple[str, str], dict] = {}
        self.received: dict[str, list[Receipt]] = defaultdict(list)
        self.attempts: list[Attempt] = []
        self.rejections: list[str] = []
        self.telltale_hits: list[tuple[str, str]] = []
        self.counts: Counter = Counter()  # (sub_id, plaintext) -> receipts

    # ---- life cycle -----------------------------------------------------------------------
    def start(self) -> PushService:
        service = self

        class Handler(_Handler):
            pass

        Handler.service = service
        self._server = _Server((self.host, 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"push-service-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    def __enter__(self) -> PushService:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def endpoint(self, sub_id: str) -> str:
        return f"{self.origin}/push/{sub_id}"

    # ---- subscriptions and modes ----------------------------------------------------------
    def register(self, sub_id: str, private_key: ec.EllipticCurvePrivateKey, auth_secret: bytes,
                 discreet: bool = True) -> None:
        with self._lock:
            self._keys[sub_id] = (private_key, auth_secret, discreet)

    def set_mode(self, mode: str, sub_id: str | None = None, *, retry_after: str | int | None = 120,
                 times: int | None = None, location: str = "") -> None:
        """Answer `mode` for this subscription (or all, when sub_id is None); `times` limits it."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        with self._lock:
            self._modes[sub_id] = {"mode": mode, "retry_after": retry_after, "times": times, "location": location}

    def clear_modes(self) -> None:
        with self._lock:
            self._modes.clear()

    def _take_mode(self, sub_id: str) -> dict:
        with self._lock:
            rule = self._modes.get(sub_id) or self._modes.get(None)
            if rule is None:
                return {"mode": "ok"}
            if rule["times"] is not None:
                rule["times"] -= 1
                if rule["times"] <= 0:
                    self._modes = {key: value for key, value in self._modes.items() if value is not rule}
            return dict(rule)

    # ---- what arrived ---------------------------------------------------------------------
    def payloads(self, sub_id: str) -> list[str]:
        with self._lock:
            return [receipt.plaintext for receipt in self.received.get(sub_id, [])]

    def messages(self, sub_id: str) -> list[dict]:
        return [json.loads(text) for text in self.payloads(sub_id)]

    def attempts_for(self, sub_id: str) -> list[Attempt]:
        with self._lock:
            return [attempt for attempt in self.attempts if attempt.sub_id == sub_id]

    def total_received(self) -> int:
        with self._lock:
            return sum(len(receipts) for receipts in self.received.values())

    def duplicates(self) -> int:
        """Receipts beyond the first of the same payload to the same subscription."""
        with self._lock:
            return sum(count - 1 for count in self.counts.values() if count > 1)

    def repeated(self) -> dict[tuple[str, str], int]:
        with self._lock:
            return {key: count for key, count in self.counts.items() if count > 1}

    def wait_for(self, predicate, timeout: float = 10.0, interval: float = 0.02) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(interval)
        return predicate()

    # ---- the protocol ---------------------------------------------------------------------
    def _check_vapid(self, header: str) -> str | None:
        """Why this Authorization header would be refused, or None if it is good."""
        match = AUTHORIZATION.fullmatch(header.strip())
        if not match:
            return f"Authorization is not 'vapid t=...,k=...': {header[:80]!r}"
        token, key = match.group(1), match.group(2).rstrip("=")
        if self.app_public_key and key != self.app_public_key:
            return "k is not the app's VAPID public key"
        claims = self._verified.get((token, key))
        if claims is None:
            try:
                jwt_header = json.loads(b64url_decode(token.split(".")[0]))
            except ValueError:
                return "JWT header is not JSON"
            if jwt_header.get("alg") != "ES256":
                return f"JWT alg is {jwt_header.get('alg')!r}, not ES256"
            try:
                claims = vapid_jwt.decode(token, key)
            except (InvalidSignature, ValueError) as error:
                return f"JWT signature does not verify against k ({type(error).__name__})"
            with self._lock:
                self._verified[(token, key)] = claims
        if claims.get("aud") != self.origin:
            return f"aud {claims.get('aud')!r} is not the endpoint's origin {self.origin!r}"
        now = time.time()
        expires = claims.get("exp")
        if not isinstance(expires, int) or expires <= now:
            return f"exp {expires!r} is missing or in the past"
        if expires > now + MAX_JWT_LIFETIME:
            return f"exp is more than 24 h ahead ({expires - now:.0f} s)"
        if not SUBJECT.fullmatch(str(claims.get("sub", ""))):
            return f"sub {claims.get('sub')!r} is not a mailto: or https: URL"
        return None

    def _decrypt(self, sub_id: str, body: bytes) -> tuple[str | None, str | None]:
        with self._lock:
            keys = self._keys.get(sub_id)
        if keys is None:
            return None, "no such subscription"
        private_key, auth_secret, _ = keys
        try:
            plain = http_ece.decrypt(body, private_key=private_key, auth_secret=auth_secret, version="aes128gcm")
        except Exception as error:  # noqa: BLE001 - any failure means the body was not right
            return None, f"could not decrypt: {type(error).__name__}: {error}"
        try:
            return plain.decode("utf8"), None
        except UnicodeDecodeError:
            return None, "plaintext is not UTF-8"

    def _receive(self, sub_id: str, plaintext: str, ttl: int, urgency, topic, mode: str) -> None:
        with self._lock:
            discreet = self._keys[sub_id][2]
            self.received[sub_id].append(Receipt(sub_id, plaintext, ttl, urgency, topic, mode))
            self.counts[(sub_id, plaintext)] += 1
            if discreet:
                for word in telltale_words_in(lock_screen_text(plaintext)):
                    self.telltale_hits.append((word, plaintext))
        with _ALL_LOCK:
            ALL_RECEIVED.append((discreet, plaintext))

    def _reject(self, sub_id: str, why: str) -> None:
        with self._lock:
            self.rejections.append(f"{sub_id}: {why}")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real push services do
    service: PushService

    def log_message(self, *args) -> None:  # quiet
        pass

    def _answer(self, status: int, headers: dict | None = None, body: bytes = b"") -> None:
        try:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, str(value))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def do_GET(self) -> None:
        self._answer(405)

    def do_POST(self) -> None:
        service = self.service
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if len(body) < length:  # the client went away mid-request: nothing was delivered
            self.close_connection = True
            return
        match = re.fullmatch(r"/push/([A-Za-z0-9_.-]+)", self.path)
        if not match:
            return self._answer(404)
        sub_id = match.group(1)
        if service.latency:
            time.sleep(service.latency)

        status, why = self._check(body)
        if why:
            service._reject(sub_id, why)
            self._log(sub_id, status, "rejected")
            return self._answer(status, body=why.encode())

        rule = service._take_mode(sub_id)
        mode = rule["mode"]
        if mode in ("404", "410", "413", "500"):
            self._log(sub_id, int(mode), mode)
            return self._answer(int(mode))
        if mode == "429":
            self._log(sub_id, 429, mode)
            headers = {} if rule["retry_after"] is None else {"Retry-After": rule["retry_after"]}
            return self._answer(429, headers)
        if mode in REDIRECTS:
            self._log(sub_id, int(mode), mode)
            return self._answer(int(mode), {"Location": rule["location"]})
        if mode == "slow":
            time.sleep(service.slow_seconds)

        plaintext, why = service._decrypt(sub_id, body)
        if why:
            status = 404 if why == "no such subscription" else 400
            if status == 400:
                service._reject(sub_id, why)
            self._log(sub_id, status, "rejected")
            return self._answer(status, body=why.encode())
        service._receive(sub_id, plaintext, int(self.headers["TTL"]), self.headers.get("Urgency"),
                         self.headers.get("Topic"), mode)
        self._log(sub_id, 201, mode)
        self._answer(201, {"Location": f"{service.origin}/message/{os.urandom(8).hex()}"})

    def _check(self, body: bytes) -> tuple[int, str | None]:
        service = self.service
        authorization = self.headers.get("Authorization")
        if not authorization:
            return 401, "no Authorization header"
        why = service._check_vapid(authorization)
        if why:
            return 403, why
        ttl = self.headers.get("TTL")
        if ttl is None or not ttl.strip().isdigit():
            return 400, f"TTL header missing or not a number: {ttl!r}"
        if (self.headers.get("Content-Encoding") or "").lower() != "aes128gcm":
            return 400, f"Content-Encoding is {self.headers.get('Content-Encoding')!r}, not aes128gcm"
        urgency = self.headers.get("Urgency")
        if urgency is not None and urgency not in URGENCIES:
            return 400, f"Urgency {urgency!r} is not one of {URGENCIES}"
        topic = self.headers.get("Topic")
        if topic is not None and not TOPIC.fullmatch(topic):
            return 400, f"Topic {topic!r} is not up to 32 base64url characters"
        if not body:
            return 400, "empty body"
        if len(body) > 4096:
            return 413, f"body of {len(body)} bytes is over 4096"
        return 200, None

    def _log(self, sub_id: str, status: int, mode: str) -> None:
        with self.service._lock:
            self.service.attempts.append(Attempt(sub_id, status, mode))


class HitRecorder:
    """A server on 127.0.0.1 that remembers each request as (method, path) and answers `status`
    with a body of `body_bytes` zeros, written in 64 KB pieces or, with `drip_seconds`, a byte at
    a time with that pause between. `finished` counts the answers written to the end: where a
    redirect would lead, or a push service that talks too long."""

    def __init__(self, status: int = 200, body_bytes: int = 0, drip_seconds: float = 0.0):
        self.hits: list[tuple[str, str]] = []
        self.finished = 0
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _record(self) -> None:
                recorder.hits.append((self.command, self.path))
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(status)
                self.send_header("Content-Length", str(body_bytes))
                self.end_headers()
                piece = 1 if drip_seconds else 64 * 1024
                try:
                    for start in range(0, body_bytes, piece):
                        self.wfile.write(b"0" * min(piece, body_bytes - start))
                        if drip_seconds:
                            self.wfile.flush()
                            time.sleep(drip_seconds)
                except (BrokenPipeError, ConnectionResetError):
                    return
                recorder.finished += 1

            do_GET = do_POST = do_PUT = do_HEAD = _record

        self._server = _Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def browser_keys() -> dict:
    """The keys a browser hands over with a subscription no push service here will decrypt for:
    for tests that save a subscription and send nothing to it."""
    public = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return {"p256dh": b64url(public), "auth": b64url(os.urandom(16))}


def make_subscription(service: PushService, sub_id: str, *, discreet: bool = True) -> dict:
    """A browser's side of a subscription: a P-256 key pair and 16 random bytes of auth secret.

    Returns what the browser would hand the app (endpoint and base64url keys); the service keeps
    the private key and auth secret to decrypt what arrives. `discreet=False` marks a person who
    chose detailed notifications, whose lock-screen text may name things."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    auth_secret = os.urandom(16)
    public = private_key.public_key().public_bytes(serialization.Encoding.X962,
                                                   serialization.PublicFormat.UncompressedPoint)
    service.register(sub_id, private_key, auth_secret, discreet)
    return {"endpoint": service.endpoint(sub_id), "keys": {"p256dh": b64url(public), "auth": b64url(auth_secret)}}


# ---- The app's side, for tests: subscriptions in the database and one dispatcher pass --------

def save_subscription(service: PushService, user_id: int, sub_id: str, *, discreet: bool = True):
    """A PushSubscription row for this person pointing at the stand-in (call in an app context;
    commits). Returns the row."""
    from recoverynet.extensions import db
    from recoverynet.push.models import PushSubscription

    info = make_subscription(service, sub_id, discreet=discreet)
    row = PushSubscription(user_id=user_id, endpoint=info["endpoint"], p256dh=info["keys"]["p256dh"],
                           auth=info["keys"]["auth"])
    db.session.add(row)
    db.session.commit()
    return row


def app_signer(app):
    from recoverynet.push.sender import VapidSigner
    return VapidSigner(app.config["VAPID_PRIVATE_KEY"], app.config["VAPID_SUBJECT"])


def deliver(app, worker: str = "test-worker", **options) -> dict:
    """One dispatcher pass, as the worker runs it: queue what is due, send what is sendable."""
    from recoverynet.reminders.due import run_once
    return run_once(worker, app_signer(app), **options)
