"""The in-app inbox."""
from recoverynet.extensions import db
from recoverynet.notifications.notify import notify


def test_the_inbox_lists_new_notifications_then_marks_them_read(app, client, auth, people):
    with app.app_context():
        notify(people["client"], "encouragement", "Mia: “Proud of you”", "/rewards")
        db.session.commit()
    auth.login()
    assert b'aria-label="Inbox, 1 new"' in client.get("/").data
    body = client.get("/notifications").get_data(as_text=True)
    assert "Proud of you" in body and "· new" in body
    assert b"Inbox, 1 new" not in client.get("/").data


def test_a_form_shown_again_after_a_post_keeps_the_address_of_its_page(client, auth, people):
    auth.login()
    response = client.post("/settings/profile", data={"display_name": ""}, headers={"HX-Request": "true",
                                                                                      "HX-Boosted": "true"})
    assert response.status_code == 422 and response.headers["HX-Push-Url"] == "false"
