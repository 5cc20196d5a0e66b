"""The one place a push leaves the app (recoverynet.push.sender), against a strict stand-in push
service on 127.0.0.1; and what a lock screen may show (recoverynet.push.texts)."""
import json
import time
from datetime import date, timedelta
from email.utils import format_datetime

import pytest
from py_vapid import jwt as vapid_jwt

from recoverynet.extensions import db
from recoverynet.notifications.notify import notify
from recoverynet.push import sender
from recoverynet.push.endpoints import allowed_origins, configured_origins
from recoverynet.push.sender import MAX_PLAINTEXT, VapidSigner, send
from recoverynet.push.texts import DISCREET_EVENTS, TELLTALE_WORDS, event_text
from recoverynet.reminders.models import KINDS, Reminder
from recoverynet.reminders.texts import reminder_text
from recoverynet.timeutil import utcnow
from tests.pushservice import (ALL_RECEIVED, PushService, deliver, lock_screen_text, make_subscription,
                               save_subscription, telltale_words_in)
from tests.helpers import free_port


@pytest.fixture
def service(app):
    with PushService(app_public_key=app.config["VAPID_PUBLIC_KEY"], slow_seconds=1.5) as stand_in:
        app.config["PUSH_ENDPOINT_HOSTS"] = [stand_in.origin]
        yield stand_in
        assert stand_in.telltale_hits == [], "a discreet lock-screen text named what the app is about"


@pytest.fixture
def signer(app):
    return VapidSigner(app.config["VAPID_PRIVATE_KEY"], app.config["VAPID_SUBJECT"])


@pytest.fixture
def allowed(app, service):
    """The stand-in's origin, as PUSH_ENDPOINT_HOSTS lists it for the dispatcher."""
    return configured_origins(app.config)


def vapid_claims(headers: dict) -> tuple[dict, str]:
    token, key = headers["Authorization"].removeprefix("vapid t=").split(",k=")
    return vapid_jwt.decode(token, key), key


# ---- Encryption, signature and headers ------------------------------------------------------

def test_the_push_service_decrypts_exactly_the_plaintext_sent(service, signer, allowed):
    subscription = make_subscription(service, "phone")
    text = json.dumps({"title": "Reminder", "body": "Zeit für dein Check-in ✓ — 今日は"}, ensure_ascii=False)

    outcome = send(signer, subscription, text, ttl=60, allowed=allowed)

    assert (outcome.status, outcome.http_status) == ("sent", 201)
    assert service.payloads("phone") == [text]
    assert service.rejections == []


def test_ttl_urgency_and_topic_are_sent_as_asked(service, signer, allowed):
    subscription = make_subscription(service, "phone")

    send(signer, subscription, "a", ttl=14400, urgency="high", topic="r42", allowed=allowed)

    [receipt] = service.received["phone"]
    assert (receipt.ttl, receipt.urgency, receipt.topic) == (14400, "high", "r42")


def test_no_topic_header_is_sent_when_there_is_no_topic(service, signer, allowed):
    send(signer, make_subscription(service, "phone"), "a", ttl=60, allowed=allowed)

    [receipt] = service.received["phone"]
    assert (receipt.urgency, receipt.topic) == ("normal", None)


def test_the_vapid_token_is_for_the_push_services_origin_expires_within_24_hours_and_names_a_contact(app, service,
                                                                                                   signer):
    claims, key = vapid_claims(signer.headers_for(service.endpoint("phone")))

    assert claims["aud"] == service.origin
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    assert claims["sub"].startswith(("mailto:", "https://"))
    assert key == app.config["VAPID_PUBLIC_KEY"].rstrip("=")


def test_one_token_is_reused_per_origin_and_another_origin_gets_its_own(signer):
    first = signer.headers_for("https://fcm.googleapis.com/fcm/send/aaa")
    again = signer.headers_for("https://fcm.googleapis.com/fcm/send/bbb")
    other = signer.headers_for("https://web.push.apple.com/QGx")

    assert again == first
    assert vapid_claims(other)[0]["aud"] == "https://web.push.apple.com"
    assert vapid_claims(first)[0]["aud"] == "https://fcm.googleapis.com"


def test_a_cached_token_is_renewed_before_it_gets_near_expiry(signer, monkeypatch):
    endpoint = "https://fcm.googleapis.com/fcm/send/aaa"
    first = signer.headers_for(endpoint)
    later = time.time() + sender.JWT_LIFETIME - 1800  # half an hour before the first would expire
    monkeypatch.setattr(sender.time, "time", lambda: later)

    renewed = signer.headers_for(endpoint)

    assert renewed != first
    assert vapid_claims(renewed)[0]["exp"] > vapid_claims(first)[0]["exp"]


def test_a_push_signed_with_a_key_the_service_does_not_expect_is_refused_and_not_retried(app, service, tmp_path,
                                                                                        allowed):
    from recoverynet.instance_secrets import load_vapid_keys
    stranger = VapidSigner(load_vapid_keys(tmp_path)[0], app.config["VAPID_SUBJECT"])

    outcome = send(stranger, make_subscription(service, "phone"), "a", ttl=60, allowed=allowed)

    assert (outcome.status, outcome.http_status) == ("failed", 403)
    assert service.payloads("phone") == []


def test_the_largest_payload_the_app_allows_is_delivered(service, signer, allowed):
    text = "x" * MAX_PLAINTEXT

    outcome = send(signer, make_subscription(service, "phone"), text, ttl=60, allowed=allowed)

    assert outcome.status == "sent" and service.payloads("phone") == [text]


def test_a_payload_over_the_limit_fails_without_being_sent(service, signer, allowed):
    outcome = send(signer, make_subscription(service, "phone"), "x" * (MAX_PLAINTEXT + 1), ttl=60, allowed=allowed)

    assert (outcome.status, outcome.error) == ("failed", "payload too large")
    assert service.attempts_for("phone") == []


# ---- What the push service's answers mean ---------------------------------------------------

@pytest.mark.parametrize("code", [404, 410])
def test_404_and_410_mean_the_subscription_is_gone(service, signer, code, allowed):
    subscription = make_subscription(service, "phone")
    service.set_mode(str(code), "phone")

    assert send(signer, subscription, "a", ttl=60, allowed=allowed).status == "gone"


def test_413_means_failed_for_good(service, signer, allowed):
    subscription = make_subscription(service, "phone")
    service.set_mode("413", "phone")

    outcome = send(signer, subscription, "a", ttl=60, allowed=allowed)

    assert (outcome.status, outcome.http_status) == ("failed", 413)


def test_429_means_retry_after_the_seconds_the_service_asks(service, signer, allowed):
    subscription = make_subscription(service, "phone")
    service.set_mode("429", "phone", retry_after=120)

    outcome = send(signer, subscription, "a", ttl=60, allowed=allowed)

    assert (outcome.status, outcome.http_status, outcome.retry_after) == ("retry", 429, 120.0)


def test_429_with_an_http_date_means_retry_after_that_moment(service, signer, allowed):
    subscription = make_subscription(service, "phone")
    service.set_mode("429", "phone", retry_after=format_datetime(utcnow() + timedelta(seconds=300), usegmt=True))

    outcome = send(signer, subscription, "a", ttl=60, allowed=allowed)

    assert outcome.status == "retry" and 295 <= outcome.retry_after <= 301


def test_429_without_retry_after_means_retry_on_the_usual_backoff(service, signer, allowed):
    subscription = make_subscription(service, "phone")
    service.set_mode("429", "phone", retry_after=None)

    outcome = send(signer, subscription, "a", ttl=60, allowed=allowed)

    assert (outcome.status, outcome.retry_after) == ("retry", None)


def test_a_server_error_means_retry(service, signer, allowed):
    subscription = make_subscription(service, "phone")
    service.set_mode("500", "phone")

    outcome = send(signer, subscription, "a", ttl=60, allowed=allowed)

    assert (outcome.status, outcome.http_status, outcome.error) == ("retry", 500, "push service error 500")


def test_a_reply_slower_than_the_timeout_means_retry(service, signer, allowed):
    subscription = make_subscription(service, "phone")
    service.set_mode("slow", "phone")

    started = time.monotonic()
    outcome = send(signer, subscription, "a", ttl=60, timeout=0.5, allowed=allowed)

    assert (outcome.status, outcome.http_status, outcome.error) == ("retry", None, "ReadTimeout")
    assert time.monotonic() - started < 1.4


def test_a_push_service_that_cannot_be_reached_means_retry(signer):
    origin = f"http://127.0.0.1:{free_port()}"
    closed = {"endpoint": f"{origin}/push/x", "keys": make_subscription(PushService(), "x")["keys"]}

    outcome = send(signer, closed, "a", ttl=60, timeout=2, allowed=allowed_origins((origin,)))

    assert (outcome.status, outcome.error) == ("retry", "ConnectionError")


def test_every_send_gives_the_client_a_timeout():
    import inspect
    assert inspect.signature(send).parameters["timeout"].default == sender.TIMEOUT_SECONDS > 0


# ---- Discreet by default ----------------------------------------------------------------------

# Things a person might type that must not reach a discreet lock screen.
REVEALING = {"title": "Naloxone and relapse plan", "place": "Sober living house, rehab wing",
             "note": "Alcohol craving clinic (addiction, overdose)"}


def every_reminder(user_id=None) -> list[Reminder]:
    today = date.today()
    return [Reminder(user_id=user_id, kind=kind, times="09:00", weekday=today.weekday(),
                     on_date=today + timedelta(days=1), **REVEALING) for kind in KINDS]


EVENT_KINDS = sorted(DISCREET_EVENTS) + ["something_new_later"]


def test_the_telltale_list_names_the_obvious_words():
    assert {"relapse", "craving", "drink", "drug", "sober", "crisis", "alcohol", "recovery"} <= set(TELLTALE_WORDS)


@pytest.mark.parametrize("reminder", every_reminder(), ids=list(KINDS))
def test_no_discreet_reminder_text_has_a_telltale_word(reminder):
    title, body = reminder_text(reminder, detailed=False)

    assert telltale_words_in(f"{title}\n{body}") == []


@pytest.mark.parametrize("kind", EVENT_KINDS)
def test_no_discreet_event_text_has_a_telltale_word(kind):
    detail = "Alex: “Stay sober, no drink or drug tonight” - crisis alert, relapse, recovery, rehab"

    title, body = event_text(kind, detail, detailed=False, name="Casey Client")

    assert telltale_words_in(f"{title}\n{body}") == []


def test_no_discreet_push_actually_delivered_has_a_telltale_word(app, people, service):
    """Every kind of reminder and every kind of event, through the real dispatcher and a real
    decryption; plus everything any stand-in received so far in this run for a discreet person."""
    with app.app_context():
        save_subscription(service, people["client"], "casey-phone")
        for reminder in every_reminder(people["client"]):
            reminder.next_due_at = utcnow() - timedelta(minutes=1)
            db.session.add(reminder)
        for kind in EVENT_KINDS:
            notify(people["client"], kind, f"Alex: “Stay sober tonight, no drink” ({kind}, relapse, crisis)",
                   name="Alex Partner")
        db.session.commit()
        deliver(app)
        db.session.remove()

    received = service.payloads("casey-phone")
    assert len(received) == len(KINDS) + len(EVENT_KINDS)
    everything = received + [text for discreet, text in ALL_RECEIVED if discreet]
    leaks = {text: telltale_words_in(lock_screen_text(text)) for text in everything}
    assert {text: words for text, words in leaks.items() if words} == {}


def test_detailed_text_may_say_more_for_people_who_chose_it():
    checkin, medication, meeting, appointment, weekly = every_reminder()

    assert reminder_text(checkin, detailed=True)[1] == "How are you today? Log your mood and cravings."
    assert REVEALING["title"] in reminder_text(medication, detailed=True)[1]
    assert REVEALING["place"] in reminder_text(meeting, detailed=True)[1]
    assert REVEALING["title"] in reminder_text(appointment, detailed=True)[1]
    assert event_text("encouragement", "Alex: “Stay sober tonight”", detailed=True) == (
        "RecoveryNet", "Alex: “Stay sober tonight”")
    assert len(reminder_text(meeting, detailed=True)[1]) > len(reminder_text(meeting, detailed=False)[1])
