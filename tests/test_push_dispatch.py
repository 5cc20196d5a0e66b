"""The dispatcher end to end: reminders and events become encrypted pushes that a strict stand-in
push service on 127.0.0.1 accepts, decrypts and records; its answers prune, delay or retry."""
import functools
import json
import os
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.notifications.notify import notify
from recoverynet.push import dispatch, sender
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.push.queue import TTL, payload
from recoverynet.reminders import due
from recoverynet.reminders.models import Reminder
from recoverynet.timeutil import utcnow, zone
from tests.network_world import add_member, sign_in_as
from tests.pushservice import PushService, deliver, save_subscription


@pytest.fixture
def service(app):
    with PushService(app_public_key=app.config["VAPID_PUBLIC_KEY"], slow_seconds=1.5) as stand_in:
        app.config["PUSH_ENDPOINT_HOSTS"] = [stand_in.origin]  # the stand-in on 127.0.0.1
        yield stand_in
        assert stand_in.rejections == [], "the push service refused something the app sent"
        assert stand_in.telltale_hits == [], "a discreet lock-screen text named what the app is about"


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield
        db.session.remove()


def due_reminder(user_id: int, kind: str = "checkin", ago: timedelta = timedelta(minutes=1), **fields) -> Reminder:
    fields.setdefault("times", "09:00")
    reminder = Reminder(user_id=user_id, kind=kind, next_due_at=utcnow() - ago, **fields)
    db.session.add(reminder)
    db.session.commit()
    return reminder


def deliveries(**where) -> list[Delivery]:
    db.session.expire_all()
    query = select(Delivery).order_by(Delivery.id)
    for name, value in where.items():
        query = query.where(getattr(Delivery, name) == value)
    return db.session.scalars(query).all()


def close_to(moment, expected, slack: float = 5.0) -> bool:
    return abs((moment - expected).total_seconds()) <= slack


def quiet_window_around_now(zone_name: str) -> tuple[str, str]:
    """Quiet hours from an hour ago to an hour from now, local time in `zone_name`."""
    local_now = utcnow().astimezone(zone(zone_name))
    return ((local_now - timedelta(hours=1)).strftime("%H:%M"), (local_now + timedelta(hours=1)).strftime("%H:%M"))


# ---- What arrives ---------------------------------------------------------------------------

def test_a_due_reminder_arrives_as_exactly_the_text_meant_for_it(app, ctx, people, service):
    save_subscription(service, people["client"], "casey-phone")
    reminder = due_reminder(people["client"], "checkin")

    counts = deliver(app)

    meant = payload("Reminder", "Time for your check-in", "/log/new", f"r{reminder.id}", reminder.id)
    assert service.payloads("casey-phone") == [meant]
    assert counts == {"reminders": 1, "sent": 1}
    [delivery] = deliveries()
    assert (delivery.status, delivery.last_status, delivery.attempts) == ("sent", 201, 1)
    assert delivery.sent_at is not None and delivery.claimed_until is None


def test_a_delivered_reminder_moves_on_to_its_next_time(app, ctx, people, service):
    save_subscription(service, people["client"], "casey-phone")
    reminder = due_reminder(people["client"], "checkin")

    deliver(app)

    db.session.expire_all()
    assert db.session.get(Reminder, reminder.id).next_due_at > utcnow()
    assert deliver(app) == {"reminders": 0, "sent": 0}
    assert len(service.payloads("casey-phone")) == 1


def test_a_reminder_push_carries_the_reminder_ttl_normal_urgency_and_topic_r_id(app, ctx, people, service):
    save_subscription(service, people["client"], "casey-phone")
    reminder = due_reminder(people["client"], "medication", title="Evening tablets")

    deliver(app)

    [receipt] = service.received["casey-phone"]
    assert (receipt.ttl, receipt.urgency, receipt.topic) == (TTL["reminder"], "normal", f"r{reminder.id}")


def test_an_encouragement_sent_by_a_member_arrives_discreetly_with_event_ttl_and_its_own_topic(app, ctx, client, people,
                                                                                          service):
    add_member(app, people["client"], "alex@example.org", "Alex Partner")
    save_subscription(service, people["client"], "casey-phone")
    sign_in_as(client, "alex@example.org")

    response = client.post(f"/support/{people['client']}/encourage", data={"text": "Proud of you, keep going"})
    assert response.status_code == 303
    deliver(app)

    assert service.payloads("casey-phone") == [payload("Message", "You have a new message", "/rewards",
                                                       "encouragement")]
    [receipt] = service.received["casey-phone"]
    assert (receipt.ttl, receipt.urgency) == (TTL["event"], "normal")
    assert re.fullmatch(r"[0-9a-f]{24}", receipt.topic)  # its own, so a retry replaces, not doubles


def test_an_encouragement_for_someone_who_chose_detailed_notifications_shows_the_words(app, ctx, people, service):
    db.session.get(User, people["client"]).detailed_notifications = True
    db.session.commit()
    save_subscription(service, people["client"], "casey-phone", discreet=False)

    notify(people["client"], "encouragement", "Alex Partner: “Proud of you”", "/rewards")
    db.session.commit()
    deliver(app)

    assert service.messages("casey-phone") == [
        {"title": "RecoveryNet", "body": "Alex Partner: “Proud of you”", "url": "/rewards", "tag": "encouragement"}]


def test_a_crisis_alert_reaches_each_member_who_accepted_alerts_at_high_urgency(app, ctx, client, auth, people,
                                                                                 service):
    alex, _ = add_member(app, people["client"], "alex@example.org", "Alex Partner", scopes=("crisis_alerts",))
    sam, _ = add_member(app, people["client"], "sam@example.org", "Sam Sibling")  # no crisis_alerts scope
    save_subscription(service, alex, "alex-phone")
    save_subscription(service, sam, "sam-phone")
    auth.login()

    assert client.post("/crisis/alert", data={"device_id": "9a3e4c1e-0d1f-4f4e-9a55-3f1f1e0b7a10"}).status_code == 303
    deliver(app)

    assert service.payloads("alex-phone") == [payload("Message", "Casey Client needs you. Please get in touch now.",
                                                      f"/support/{people['client']}", "crisis_alert")]
    [receipt] = service.received["alex-phone"]
    assert (receipt.urgency, receipt.ttl) == ("high", TTL["crisis_alert"])
    assert re.fullmatch(r"[0-9a-f]{24}", receipt.topic)
    assert service.payloads("sam-phone") == []


def test_a_subscription_saved_through_the_app_gets_a_test_push(app, ctx, client, auth, people, service):
    from tests.pushservice import make_subscription
    auth.login()

    response = client.post("/push/subscriptions", json=make_subscription(service, "new-phone"))
    assert response.status_code == 201
    deliver(app)

    assert service.payloads("new-phone") == [payload("Message", "Notifications are on", "/settings", "test")]
    assert service.received["new-phone"][0].ttl == TTL["test"]


def test_a_reminder_reaches_both_devices_of_a_person(app, ctx, people, service):
    save_subscription(service, people["client"], "casey-phone")
    save_subscription(service, people["client"], "casey-tablet")
    save_subscription(service, people["other_client"], "oli-phone")
    reminder = due_reminder(people["client"], "meeting", weekday=utcnow().weekday(), title="Thursday group")

    assert deliver(app) == {"reminders": 1, "sent": 2}

    meant = payload("Reminder", "You have something coming up", "/meetings", f"r{reminder.id}", reminder.id)
    assert service.payloads("casey-phone") == [meant]
    assert service.payloads("casey-tablet") == [meant]
    assert service.payloads("oli-phone") == []
    assert [d.status for d in deliveries()] == ["sent", "sent"]


# ---- What the push service's answers do ------------------------------------------------------

@pytest.mark.parametrize("code", [404, 410])
def test_a_subscription_the_push_service_no_longer_knows_is_pruned(app, ctx, people, service, code):
    old = save_subscription(service, people["client"], "old-phone").id
    save_subscription(service, people["client"], "new-phone")
    service.set_mode(str(code), "old-phone")
    due_reminder(people["client"])

    deliver(app)

    db.session.expire_all()
    assert db.session.scalars(select(PushSubscription.endpoint)).all() == [service.endpoint("new-phone")]
    gone = deliveries(status="gone")
    assert [(d.last_status, d.subscription_id) for d in gone] == [(code, None)]
    assert db.session.get(PushSubscription, old) is None
    assert len(service.payloads("new-phone")) == 1


def test_a_stored_key_the_push_library_cannot_read_fails_that_push_alone(app, ctx, people, service):
    """Saved before subscriptions checked their keys: "!!!!" made the library raise an IndexError,
    which crashed every pass of the worker."""
    save_subscription(service, people["client"], "phone")
    db.session.add(PushSubscription(user_id=people["client"], endpoint=service.endpoint("old-phone"),
                                    p256dh="!!!!", auth="a"))
    db.session.commit()
    due_reminder(people["client"])

    deliver(app)

    [failed] = deliveries(status="failed")
    assert failed.last_error.startswith("subscription keys unusable: ") and failed.claimed_by == ""
    assert len(service.payloads("phone")) == 1 and service.attempts_for("old-phone") == []


def test_workers_on_one_long_named_host_lease_under_names_of_their_own(monkeypatch):
    monkeypatch.setattr(dispatch.socket, "gethostname", lambda: "h" * 63)  # the longest a host name may be
    names = {dispatch.worker_name() for _ in range(3)}
    assert len(names) == 3
    assert all(len(name) <= 64 and re.fullmatch(rf"h+:{os.getpid()}:[0-9a-f]{{6}}", name) for name in names)


def test_a_delivery_queued_for_a_pruned_subscription_is_marked_gone_without_sending(app, ctx, people, service):
    save_subscription(service, people["client"], "old-phone")
    service.set_mode("410", "old-phone")
    notify(people["client"], "encouragement", "One", "/rewards")
    db.session.commit()
    deliver(app)
    notify(people["client"], "encouragement", "Two", "/rewards")  # no device left: nothing queued
    db.session.commit()

    deliver(app)

    assert [d.status for d in deliveries()] == ["gone"]
    assert len(service.attempts_for("old-phone")) == 1


def test_a_payload_the_push_service_calls_too_large_fails_without_retrying(app, ctx, people, service):
    save_subscription(service, people["client"], "casey-phone")
    service.set_mode("413", "casey-phone")
    due_reminder(people["client"])

    deliver(app)
    deliver(app)

    [delivery] = deliveries()
    assert (delivery.status, delivery.last_status, delivery.attempts) == ("failed", 413, 1)
    assert "413" in delivery.last_error
    assert len(service.attempts_for("casey-phone")) == 1


@pytest.mark.parametrize("retry_after", ["120", "http-date"])
def test_a_rate_limited_push_waits_for_retry_after_and_is_not_retried_before(app, ctx, people, service, retry_after):
    from email.utils import format_datetime
    save_subscription(service, people["client"], "casey-phone")
    value = "120" if retry_after == "120" else format_datetime(utcnow() + timedelta(seconds=120), usegmt=True)
    service.set_mode("429", "casey-phone", retry_after=value)
    due_reminder(people["client"])

    started = utcnow()
    deliver(app)
    deliver(app)  # straight away again: too early, nothing is sent

    [delivery] = deliveries()
    assert (delivery.status, delivery.attempts, delivery.last_status, delivery.last_error) == (
        "queued", 1, 429, "rate limited")
    assert close_to(delivery.not_before, started + timedelta(seconds=120), slack=3)
    assert delivery.claimed_until is None and delivery.sent_at is None
    assert len(service.attempts_for("casey-phone")) == 1


@pytest.mark.parametrize("trouble", ["500", "slow"])
def test_a_failing_push_service_is_retried_with_growing_backoff_then_given_up(app, ctx, people, service,
                                                                               monkeypatch, trouble):
    # The stand-in's "slow" sleeps 1.5 s; the client waits 0.5 s (the app's default is 10 s).
    monkeypatch.setattr(dispatch, "send", functools.partial(sender.send, timeout=0.5))
    save_subscription(service, people["client"], "casey-phone")
    service.set_mode(trouble, "casey-phone")
    due_reminder(people["client"])
    expected_status, expected_error = (500, "push service error 500") if trouble == "500" else (None, "ReadTimeout")

    for attempt, wait in enumerate(dispatch.BACKOFF, start=1):
        started = utcnow()
        deliver(app)
        [delivery] = deliveries()
        assert (delivery.status, delivery.attempts) == ("queued", attempt)
        assert (delivery.last_status, delivery.last_error) == (expected_status, expected_error)
        assert close_to(delivery.not_before, started + timedelta(seconds=wait), slack=3)
        deliver(app)  # before the backoff is over: not tried again
        assert len(service.attempts_for("casey-phone")) == attempt or trouble == "slow"
        delivery.not_before = utcnow() - timedelta(seconds=1)  # let the backoff pass
        db.session.commit()

    deliver(app)

    [delivery] = deliveries()
    assert (delivery.status, delivery.attempts) == ("failed", dispatch.MAX_ATTEMPTS)
    assert (delivery.last_status, delivery.last_error) == (expected_status, expected_error)
    assert delivery.claimed_until is None
    if trouble == "500":
        assert len(service.attempts_for("casey-phone")) == dispatch.MAX_ATTEMPTS


def test_a_push_service_that_recovers_gets_the_retried_push_once(app, ctx, people, service):
    save_subscription(service, people["client"], "casey-phone")
    service.set_mode("500", "casey-phone", times=1)
    reminder = due_reminder(people["client"])

    deliver(app)
    delivery = deliveries()[0]
    delivery.not_before = utcnow() - timedelta(seconds=1)
    db.session.commit()
    deliver(app)

    [delivery] = deliveries()
    assert (delivery.status, delivery.attempts, delivery.last_status, delivery.last_error) == ("sent", 2, 201, "")
    assert service.payloads("casey-phone") == [
        payload("Reminder", "Time for your check-in", "/log/new", f"r{reminder.id}", reminder.id)]


# ---- When not to send -------------------------------------------------------------------------

def test_quiet_hours_hold_a_reminder_until_they_end(app, ctx, people, service):
    user = db.session.get(User, people["client"])
    user.quiet_start, user.quiet_end = quiet_window_around_now(user.timezone)
    db.session.commit()
    save_subscription(service, people["client"], "casey-phone")
    due_reminder(people["client"])

    started = utcnow()
    deliver(app)

    [delivery] = deliveries()
    assert delivery.status == "queued" and delivery.attempts == 0
    end = started.astimezone(zone(user.timezone)) + timedelta(hours=1)
    assert close_to(delivery.not_before, end.replace(second=0, microsecond=0), slack=61)
    assert service.payloads("casey-phone") == []


def test_a_held_reminder_goes_out_once_quiet_hours_are_over(app, ctx, people, service):
    user = db.session.get(User, people["client"])
    user.quiet_start, user.quiet_end = quiet_window_around_now(user.timezone)
    db.session.commit()
    save_subscription(service, people["client"], "casey-phone")
    due_reminder(people["client"])
    deliver(app)

    delivery = deliveries()[0]
    delivery.not_before = utcnow() - timedelta(seconds=1)  # the hours have ended
    db.session.commit()
    deliver(app)

    assert [d.status for d in deliveries()] == ["sent"]
    assert len(service.payloads("casey-phone")) == 1


def test_a_crisis_alert_is_not_held_by_quiet_hours(app, ctx, client, auth, people, service):
    alex, _ = add_member(app, people["client"], "alex@example.org", "Alex Partner", scopes=("crisis_alerts",))
    member = db.session.get(User, alex)
    member.quiet_start, member.quiet_end = quiet_window_around_now(member.timezone)
    db.session.commit()
    save_subscription(service, alex, "alex-phone")
    auth.login()

    client.post("/crisis/alert", data={"device_id": "5b0f1a4e-8d2c-4c7b-9e61-0a7d3c2b1f90"})
    deliver(app)

    assert [r.urgency for r in service.received["alex-phone"]] == ["high"]
    assert [d.status for d in deliveries()] == ["sent"]


def test_other_events_are_held_by_quiet_hours(app, ctx, people, service):
    user = db.session.get(User, people["client"])
    user.quiet_start, user.quiet_end = quiet_window_around_now(user.timezone)
    db.session.commit()
    save_subscription(service, people["client"], "casey-phone")

    notify(people["client"], "encouragement", "Alex: “Thinking of you”", "/rewards")
    db.session.commit()
    deliver(app)

    assert [d.status for d in deliveries()] == ["queued"]
    assert service.payloads("casey-phone") == []


def test_a_paused_reminder_is_not_sent(app, ctx, people, service):
    save_subscription(service, people["client"], "casey-phone")
    reminder = due_reminder(people["client"], paused=True)
    due_at = reminder.next_due_at

    assert deliver(app) == {"reminders": 0, "sent": 0}

    assert service.payloads("casey-phone") == [] and deliveries() == []
    db.session.expire_all()
    assert db.session.get(Reminder, reminder.id).next_due_at == due_at


def test_a_reminder_due_longer_ago_than_stale_is_skipped_but_moved_on(app, ctx, people, service):
    save_subscription(service, people["client"], "casey-phone")
    reminder = due_reminder(people["client"], ago=due.STALE + timedelta(minutes=5))

    deliver(app)

    assert service.payloads("casey-phone") == [] and deliveries() == []
    db.session.expire_all()
    assert db.session.get(Reminder, reminder.id).next_due_at > utcnow()


def test_a_reminder_due_a_little_less_than_stale_ago_is_still_sent(app, ctx, people, service):
    save_subscription(service, people["client"], "casey-phone")
    due_reminder(people["client"], ago=due.STALE - timedelta(minutes=5))

    deliver(app)

    assert len(service.payloads("casey-phone")) == 1


# ---- The worker command ----------------------------------------------------------------------

def test_the_reminders_run_once_command_sends_what_is_due(app, ctx, people, runner, service):
    save_subscription(service, people["client"], "casey-phone")
    save_subscription(service, people["other_client"], "oli-phone")
    casey = due_reminder(people["client"], "checkin").id
    oli = due_reminder(people["other_client"], "weekly", weekday=utcnow().weekday()).id
    db.session.remove()  # the command works in its own app context and session

    result = runner.invoke(args=["reminders", "run", "--once"])

    assert result.exit_code == 0, result.output
    assert "Queued 2 reminder(s); sent 2 push(es)." in result.output
    assert service.payloads("casey-phone") == [
        payload("Reminder", "Time for your check-in", "/log/new", f"r{casey}", casey)]
    assert json.loads(service.payloads("oli-phone")[0])["body"] == "Your weekly check-in is coming up"
    assert service.received["oli-phone"][0].topic == f"r{oli}"
