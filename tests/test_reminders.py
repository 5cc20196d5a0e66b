"""Setting reminders and notification preferences; saving a device's push subscription."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.push.models import Delivery, PushSubscription
from recoverynet.reminders.models import Reminder
from recoverynet.timeutil import local_today, utcnow
from tests.pushservice import browser_keys

SUBSCRIPTION = {"endpoint": "https://fcm.googleapis.com/fcm/send/abc123",
                "keys": browser_keys()}


def reminders(app):
    with app.app_context():
        return db.session.scalars(select(Reminder).order_by(Reminder.id)).all()


@pytest.fixture
def signed_in(client, auth, people):
    auth.login()
    return client


@pytest.mark.parametrize("form", [
    {"kind": "checkin", "time_1": "20:00"},
    {"kind": "medication", "title": "Naltrexone", "time_1": "08:00", "time_2": "20:00"},
    {"kind": "meeting", "title": "NA", "weekday": "3", "time_1": "19:00", "place": "St Mary's hall", "lead_minutes": "30"},
    {"kind": "weekly", "weekday": "0", "time_1": "18:00"},
])
def test_each_kind_of_reminder_is_saved_and_scheduled(app, signed_in, form):
    assert signed_in.post("/reminders", data=form).status_code == 303
    [reminder] = reminders(app)
    assert reminder.kind == form["kind"] and reminder.next_due_at > utcnow()


def test_an_appointment_is_reminded_a_chosen_time_before(app, signed_in):
    day = local_today("Europe/London") + timedelta(days=3)
    signed_in.post("/reminders", data={"kind": "appointment", "title": "Key worker", "on_date": day.isoformat(),
                                       "time_1": "10:00", "lead_minutes": "60"})
    [reminder] = reminders(app)
    from recoverynet.timeutil import local
    assert local(reminder.next_due_at, "Europe/London").strftime("%H:%M") == "09:00"


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"kind": "checkin", "time_1": ""}, "time_1", "Please choose a time."),
    ({"kind": "checkin", "time_1": "25:00"}, "time_1", "Please enter a time like 08:30."),
    ({"kind": "medication", "title": "", "time_1": "08:00"}, "title", "Please name the medication."),
    ({"kind": "medication", "title": "Antabuse"}, "time_1", "Please add at least one time."),
    ({"kind": "meeting", "time_1": "19:00", "lead_minutes": "0"}, "weekday", "Please choose a day."),
    ({"kind": "appointment", "title": "GP", "on_date": "2020-01-01", "time_1": "10:00", "lead_minutes": "60"},
     "on_date", "That date has passed."),
])
def test_a_bad_reminder_is_explained_beside_the_field(app, signed_in, form, field, message):
    response = signed_in.post("/reminders", data=form)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and message in body and f'id="{field}-error"' in body
    assert reminders(app) == []


def test_a_reminder_can_be_paused_edited_and_deleted(app, signed_in):
    signed_in.post("/reminders", data={"kind": "checkin", "time_1": "20:00"})
    reminder_id = reminders(app)[0].id
    signed_in.post(f"/reminders/{reminder_id}/pause")
    assert reminders(app)[0].paused and reminders(app)[0].next_due_at is None
    signed_in.post(f"/reminders/{reminder_id}/pause")
    assert reminders(app)[0].next_due_at is not None
    signed_in.post(f"/reminders/{reminder_id}", data={"time_1": "07:15"})
    assert reminders(app)[0].times == "07:15"
    signed_in.post(f"/reminders/{reminder_id}/delete")
    assert reminders(app) == []


def test_changing_time_zone_moves_every_reminder(app, signed_in):
    signed_in.post("/reminders", data={"kind": "checkin", "time_1": "08:00"})
    signed_in.post("/settings/profile", data={"display_name": "Casey", "timezone": "Asia/Tokyo", "country": "GB"})
    from recoverynet.timeutil import local
    assert local(reminders(app)[0].next_due_at, "Asia/Tokyo").strftime("%H:%M") == "08:00"


def test_snoozing_sends_the_reminder_again_in_an_hour_with_the_same_topic(app, signed_in, people):
    signed_in.post("/push/subscriptions", json=SUBSCRIPTION)
    signed_in.post("/reminders", data={"kind": "checkin", "time_1": "20:00"})
    reminder_id = reminders(app)[0].id
    response = signed_in.post(f"/reminders/{reminder_id}/snooze", headers={"Accept": "application/json"})
    assert response.status_code == 202
    with app.app_context():
        snoozed = db.session.scalar(select(Delivery).where(Delivery.kind == "reminder"))
        assert snoozed.topic == f"r{reminder_id}"
        assert timedelta(minutes=59) < snoozed.not_before - utcnow() <= timedelta(hours=1)


def test_a_device_subscription_is_saved_and_a_test_push_queued(app, signed_in, people):
    response = signed_in.post("/push/subscriptions", json=SUBSCRIPTION)
    assert response.status_code == 201
    with app.app_context():
        subscription = db.session.scalar(select(PushSubscription))
        assert (subscription.user_id, subscription.endpoint) == (people["client"], SUBSCRIPTION["endpoint"])
        assert db.session.scalar(select(Delivery.kind)) == "test"


def test_several_devices_per_person_work(app, signed_in):
    signed_in.post("/push/subscriptions", json=SUBSCRIPTION)
    signed_in.post("/push/subscriptions", json={**SUBSCRIPTION, "endpoint": SUBSCRIPTION["endpoint"] + "-laptop"})
    with app.app_context():
        assert len(db.session.scalars(select(PushSubscription)).all()) == 2


def test_a_garbled_subscription_is_refused_clearly(signed_in):
    response = signed_in.post("/push/subscriptions", json={"endpoint": "javascript:alert(1)"})
    assert response.status_code == 422 and response.json["error"] == "invalid_subscription"


def test_turning_off_removes_the_subscription_on_the_server(app, signed_in):
    signed_in.post("/push/subscriptions", json=SUBSCRIPTION)
    signed_in.post("/push/subscriptions/delete", json={"endpoint": SUBSCRIPTION["endpoint"]})
    with app.app_context():
        assert db.session.scalars(select(PushSubscription)).all() == []


def test_one_person_cannot_remove_anothers_subscription(app, client, auth, people):
    auth.login()
    client.post("/push/subscriptions", json=SUBSCRIPTION)
    auth.logout()
    auth.login("oli@example.org")
    client.post("/push/subscriptions/delete", json={"endpoint": SUBSCRIPTION["endpoint"]})
    with app.app_context():
        assert len(db.session.scalars(select(PushSubscription)).all()) == 1


def test_notification_settings_save_quiet_hours_and_detail(app, signed_in, people):
    response = signed_in.post("/settings/notifications", data={"quiet_start": "22:30", "quiet_end": "07:00",
                                                               "detailed_notifications": "on"})
    assert response.status_code == 303
    with app.app_context():
        user = db.session.get(User, people["client"])
        assert (user.quiet_start, user.quiet_end, user.detailed_notifications) == ("22:30", "07:00", True)


def test_quiet_hours_need_both_ends(signed_in):
    response = signed_in.post("/settings/notifications", data={"quiet_start": "22:30"})
    assert response.status_code == 422 and b"Please give both a start and an end" in response.data


def test_notifications_are_discreet_unless_turned_on(app, people):
    with app.app_context():
        assert db.session.get(User, people["client"]).detailed_notifications is False


def test_the_reminders_page_offers_turning_reminders_on(signed_in):
    body = signed_in.get("/reminders").get_data(as_text=True)
    assert "Turn on reminders" in body and 'data-vapid-key="B' in body
    assert "add RecoveryNet to your Home Screen" in body.replace("&#34;", '"') or "Add to Home Screen" in body
