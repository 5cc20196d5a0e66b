"""Push endpoints cannot make the server a request forwarder (recoverynet.push.endpoints): only the
browsers' push services and the origins PUSH_ENDPOINT_HOSTS lists are saved or sent to; the
sender checks again before every POST, follows no redirect and reads a bounded answer; and one
account cannot take over another's subscription."""
import socket
import time
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from recoverynet.extensions import db
from recoverynet.push import sender
from recoverynet.push.endpoints import allowed_origins
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.push.sender import VapidSigner, send
from recoverynet.reminders.models import Reminder
from recoverynet.timeutil import utcnow
from tests.pushservice import HitRecorder, PushService, b64url, deliver, make_subscription, save_subscription

KEYS = make_subscription(PushService(), "browser")["keys"]  # a real key pair and auth secret

REFUSED = {
    "http": "http://127.0.0.1:8123/push/x",
    "ip-literal-v4": "https://169.254.169.254/latest/meta-data/",
    "ip-literal-v6": "https://[fd00:ec2::254]/latest/meta-data/",
    "userinfo": "https://user:pass@fcm.googleapis.com/fcm/send/x",
    "port-8443": "https://fcm.googleapis.com:8443/fcm/send/x",
    "unknown-host": "https://push.example.net/send/x",
    "known-name-as-prefix": "https://fcm.googleapis.com.evil.example/fcm/send/x",
    "suffix-trick-exact-name": "https://evilfcm.googleapis.com/fcm/send/x",
    "suffix-trick-wildcard": "https://evilnotify.windows.com/w/?token=x",
    "backslash-parser-confusion": "https://fcm.googleapis.com\\@evil.example/x",
    "over-long": "https://fcm.googleapis.com/fcm/send/" + "a" * 2000,
}
ACCEPTED = {
    "google-fcm": "https://fcm.googleapis.com/fcm/send/dTK3",
    "google-legacy": "https://android.googleapis.com/gcm/send/dTK3",
    "mozilla": "https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
    "apple": "https://web.push.apple.com/QGx7",
    "microsoft": "https://wns2-par02p.notify.windows.com/w/?token=BQYAAA",
}


@pytest.fixture
def signed_in(client, auth, people):
    auth.login()
    return client


@pytest.fixture
def signer(app):
    return VapidSigner(app.config["VAPID_PRIVATE_KEY"], app.config["VAPID_SUBJECT"])


@pytest.fixture
def recorder():
    server = HitRecorder()
    yield server
    server.close()


@pytest.fixture
def service(app):
    with PushService(app_public_key=app.config["VAPID_PUBLIC_KEY"]) as stand_in:
        app.config["PUSH_ENDPOINT_HOSTS"] = [stand_in.origin]  # the stand-in on 127.0.0.1
        yield stand_in


def saved_endpoints(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(PushSubscription.endpoint)).all()


def subscribe(client, endpoint: str, keys: dict = KEYS):
    return client.post("/push/subscriptions", json={"endpoint": endpoint, "keys": keys})


class Posts:
    """A stand-in for the sender's HTTP session that records every POST and answers 201."""

    def __init__(self):
        self.urls: list[str] = []

    def post(self, url, **options):
        self.urls.append(url)
        return _Answer()


class _Answer:
    """A 201 with an empty body, as far as the sender reads it."""
    status_code, headers, text = 201, {}, ""
    raw = SimpleNamespace(read1=lambda size, decode_content: b"", release_conn=lambda: None)


@pytest.fixture
def posts(monkeypatch):
    recorded = Posts()
    monkeypatch.setattr(sender, "_session", lambda: recorded)
    return recorded


def resolving_to(monkeypatch, address: str) -> None:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sockaddr = (address, 443, 0, 0) if family == socket.AF_INET6 else (address, 443)
    monkeypatch.setattr(socket, "getaddrinfo",
                        lambda *args, **kwargs: [(family, socket.SOCK_STREAM, 6, "", sockaddr)])


# ---- Saving a subscription ------------------------------------------------------------------

@pytest.mark.parametrize("endpoint", REFUSED.values(), ids=REFUSED.keys())
def test_a_push_endpoint_of_this_shape_is_refused_and_not_saved(app, signed_in, endpoint):
    response = subscribe(signed_in, endpoint)

    assert response.status_code == 422 and response.json["error"] == "invalid_subscription"
    assert saved_endpoints(app) == []


# Keys no browser sends (RFC 8291: a 65-byte uncompressed P-256 point and a 16-byte secret).
POINT, SECRET = b"\x04" + bytes(range(64)), bytes(range(16))
REFUSED_KEYS = {
    "key not base64url": {"p256dh": "!!!!", "auth": KEYS["auth"]},
    "key of 64 bytes": {"p256dh": b64url(POINT[:64]), "auth": KEYS["auth"]},
    "key compressed (0x02)": {"p256dh": b64url(b"\x02" + POINT[1:]), "auth": KEYS["auth"]},
    "key not ascii": {"p256dh": "ß" * 87, "auth": KEYS["auth"]},
    "secret of 15 bytes": {"p256dh": KEYS["p256dh"], "auth": b64url(SECRET[:15])},
    "secret not base64url": {"p256dh": KEYS["p256dh"], "auth": "#" * 22},
}


@pytest.mark.parametrize("keys", REFUSED_KEYS.values(), ids=REFUSED_KEYS.keys())
def test_a_subscription_with_keys_no_browser_sends_is_refused_and_not_saved(app, signed_in, keys):
    response = subscribe(signed_in, ACCEPTED["google-fcm"], keys)

    assert response.status_code == 422 and response.json["error"] == "invalid_subscription"
    assert saved_endpoints(app) == []


def test_keys_with_or_without_base64_padding_are_accepted(app, signed_in):
    padded = {"p256dh": KEYS["p256dh"] + "=", "auth": KEYS["auth"] + "=="}
    assert subscribe(signed_in, ACCEPTED["google-fcm"], padded).status_code == 201
    assert subscribe(signed_in, ACCEPTED["mozilla"], KEYS).status_code == 201


@pytest.mark.parametrize("endpoint", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_each_browsers_push_service_is_accepted(app, signed_in, endpoint):
    assert subscribe(signed_in, endpoint).status_code == 201
    assert saved_endpoints(app) == [endpoint]


def test_a_self_hosted_push_service_listed_in_the_setting_is_accepted(app, signed_in):
    app.config["PUSH_ENDPOINT_HOSTS"] = ["push.example.org"]

    assert subscribe(signed_in, "https://push.example.org/wpush/x").status_code == 201


def test_a_listed_host_takes_only_the_port_it_is_listed_with(app, signed_in):
    app.config["PUSH_ENDPOINT_HOSTS"] = ["push.example.org:8443"]

    assert subscribe(signed_in, "https://push.example.org:8443/wpush/a").status_code == 201
    assert subscribe(signed_in, "https://push.example.org/wpush/b").status_code == 422
    assert subscribe(signed_in, "https://push.example.org:9443/wpush/c").status_code == 422


def test_plain_http_needs_the_host_listed_with_http(app, signed_in):
    app.config["PUSH_ENDPOINT_HOSTS"] = ["127.0.0.1:8123"]
    assert subscribe(signed_in, "http://127.0.0.1:8123/push/a").status_code == 422

    app.config["PUSH_ENDPOINT_HOSTS"] = ["http://127.0.0.1:8123"]
    assert subscribe(signed_in, "http://127.0.0.1:8123/push/a").status_code == 201


def test_a_malformed_setting_entry_is_an_error_not_an_open_door():
    with pytest.raises(ValueError, match="PUSH_ENDPOINT_HOSTS"):
        allowed_origins(("https://push.example.org/some/path",))


# ---- One subscription, one account --------------------------------------------------------

def test_another_account_cannot_take_over_a_subscription_without_its_keys(app, client, auth, people):
    endpoint = ACCEPTED["google-fcm"]
    auth.login()
    subscribe(client, endpoint)
    auth.logout()
    auth.login("oli@example.org")

    response = subscribe(client, endpoint, {"p256dh": KEYS["p256dh"], "auth": "guessedauthsecret0000A"})

    assert response.status_code == 409 and response.json["error"] == "subscription_taken"
    assert response.json["message"] == "This device is already set up for notifications on another account."
    with app.app_context():
        row = db.session.scalar(select(PushSubscription))
        assert (row.user_id, row.auth) == (people["client"], KEYS["auth"])


def test_the_same_browser_moves_its_subscription_to_the_account_now_signed_in(app, client, auth, people):
    endpoint = ACCEPTED["google-fcm"]
    auth.login()
    subscribe(client, endpoint)
    auth.logout()
    auth.login("oli@example.org")

    assert subscribe(client, endpoint).status_code == 201
    with app.app_context():
        assert db.session.scalar(select(PushSubscription.user_id)) == people["other_client"]


# ---- Sending: checked again before every POST ---------------------------------------------

@pytest.mark.parametrize("address", ["127.0.0.1", "169.254.169.254", "10.1.2.3", "::1", "::ffff:169.254.169.254"])
def test_a_known_push_host_that_resolves_to_a_private_address_is_not_sent_to(signer, posts, monkeypatch, address):
    resolving_to(monkeypatch, address)

    outcome = send(signer, {"endpoint": ACCEPTED["google-fcm"], "keys": KEYS}, "a", ttl=60)

    assert posts.urls == []
    assert outcome.status == "failed" and "not a public address" in outcome.error


def test_a_known_push_host_with_a_public_address_is_sent_to(signer, posts, monkeypatch):
    resolving_to(monkeypatch, "142.250.180.10")

    outcome = send(signer, {"endpoint": ACCEPTED["google-fcm"], "keys": KEYS}, "a", ttl=60)

    assert (outcome.status, posts.urls) == ("sent", [ACCEPTED["google-fcm"]])


def test_a_subscription_stored_before_the_fix_is_refused_and_pruned_not_sent(app, people, recorder):
    """A row saved when any endpoint was accepted, pointing at an internal address."""
    with app.app_context():
        db.session.add(PushSubscription(user_id=people["client"], endpoint=f"{recorder.url}/latest/meta-data",
                                        p256dh=KEYS["p256dh"], auth=KEYS["auth"]))
        db.session.add(Reminder(user_id=people["client"], kind="checkin", times="09:00", next_due_at=utcnow()))
        db.session.commit()

        deliver(app)

        assert recorder.hits == []
        assert db.session.scalars(select(PushSubscription)).all() == []
        delivery = db.session.scalar(select(Delivery))
        assert delivery.status == "gone" and delivery.subscription_id is None
        assert delivery.last_error == "endpoint refused: not https"


def test_a_host_taken_off_the_setting_is_refused_and_pruned_at_send_time(app, people, service):
    with app.app_context():
        save_subscription(service, people["client"], "phone")
        db.session.add(Reminder(user_id=people["client"], kind="checkin", times="09:00", next_due_at=utcnow()))
        db.session.commit()
        app.config["PUSH_ENDPOINT_HOSTS"] = []

        deliver(app)

        assert service.attempts == []
        assert db.session.scalars(select(PushSubscription)).all() == []
        assert db.session.scalar(select(Delivery.last_error)) == "endpoint refused: not https"


@pytest.mark.parametrize("code", ["301", "302", "307"])
def test_a_redirect_from_the_push_service_is_not_followed(app, service, signer, recorder, code):
    subscription = make_subscription(service, "phone")
    service.set_mode(code, "phone", location=f"{recorder.url}/latest/meta-data")

    outcome = send(signer, subscription, "a", ttl=60, allowed=allowed_origins((service.origin,)))

    assert recorder.hits == []
    assert (outcome.status, outcome.http_status) == ("failed", int(code))


def test_a_huge_answer_is_cut_off_not_read_to_the_end(app, signer):
    talker = HitRecorder(status=400, body_bytes=64 * 1024 * 1024)
    try:
        endpoint = f"{talker.url}/push/x"
        outcome = send(signer, {"endpoint": endpoint, "keys": KEYS}, "a", ttl=60,
                       allowed=allowed_origins((talker.url,)))
        time.sleep(0.2)

        assert (outcome.status, outcome.http_status) == ("failed", 400)
        assert len(outcome.error) <= 300 and talker.finished == 0
    finally:
        talker.close()


def test_an_answer_that_keeps_dripping_is_cut_off_at_the_timeout(app, signer):
    dripper = HitRecorder(status=400, body_bytes=100, drip_seconds=0.1)  # 10 s to the end
    try:
        started = time.monotonic()
        outcome = send(signer, {"endpoint": f"{dripper.url}/push/x", "keys": KEYS}, "a", ttl=60, timeout=1,
                       allowed=allowed_origins((dripper.url,)))

        assert time.monotonic() - started < 3
        assert (outcome.status, outcome.http_status) == ("failed", 400)
    finally:
        dripper.close()
