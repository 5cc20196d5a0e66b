"""The in-app inbox."""
from datetime import datetime, timezone

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.notifications.models import Notification
from recoverynet.notifications.notify import notify


def notify_casey(app, people, text="Mia: “Proud of you”"):
    with app.app_context():
        notify(people["client"], "encouragement", text, "/rewards")
        db.session.commit()


def test_the_inbox_lists_new_notifications_and_the_page_marks_them_read(app, client, auth, people):
    notify_casey(app, people)
    auth.login()
    assert b'aria-label="Inbox, 1 new"' in client.get("/").data
    body = client.get("/notifications").get_data(as_text=True)
    assert "Proud of you" in body and "· new" in body
    assert 'hx-post="/notifications/read" hx-trigger="load"' in body
    client.post("/notifications/read", data={"up_to": body.split('name="up_to" value="')[1].split('"')[0]})
    assert b"Inbox, 1 new" not in client.get("/").data


def test_opening_the_inbox_marks_nothing_read(app, client, auth, people):
    """Reads are free of writes: a prefetch or a background fetch of the page changes nothing."""
    notify_casey(app, people)
    auth.login()
    client.get("/notifications")
    assert b'aria-label="Inbox, 1 new"' in client.get("/").data


def test_marking_read_leaves_what_arrived_after_the_page_was_shown(app, client, auth, people):
    notify_casey(app, people)
    auth.login()
    body = client.get("/notifications").get_data(as_text=True)
    newest = body.split('name="up_to" value="')[1].split('"')[0]
    notify_casey(app, people, "Jo: “Thinking of you”")
    client.post("/notifications/read", data={"up_to": newest})
    assert b'aria-label="Inbox, 1 new"' in client.get("/").data


def test_a_form_shown_again_after_a_post_keeps_the_address_of_its_page(client, auth, people):
    auth.login()
    response = client.post("/settings/profile", data={"display_name": ""}, headers={"HX-Request": "true",
                                                                                      "HX-Boosted": "true"})
    assert response.status_code == 422 and response.headers["HX-Push-Url"] == "false"


def test_each_notification_shows_when_it_came_in_the_readers_own_zone(app, client, auth, people):
    with app.app_context():
        db.session.get(User, people["client"]).timezone = "America/Los_Angeles"
        db.session.add_all(Notification(user_id=people["client"], kind="encouragement", text=text, link="/rewards",
                                        created_at=datetime(2026, 1, 16, hour, 30, 59, tzinfo=timezone.utc))
                           for text, hour in (("Early", 7), ("Later", 9)))
        db.session.commit()
    auth.login()
    body = client.get("/notifications").get_data(as_text=True)
    assert body.index("Fri 16 Jan, 01:30") < body.index("Later") < body.index("Thu 15 Jan, 23:30") < body.index("Early")
