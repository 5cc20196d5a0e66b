"""The in-app inbox."""
from recoverynet.extensions import db
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
