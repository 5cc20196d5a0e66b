"""A request body over MAX_CONTENT_LENGTH (1 MB) is refused with 413 and nothing is stored (issue 14)."""
import json

import pytest
from sqlalchemy import func, select

from recoverynet.auth.models import User
from recoverynet.extensions import db
from recoverynet.log.models import Entry
from recoverynet.push.models import PushSubscription

TWO_MB = "x" * (2 * 1024 * 1024)
DEVICE_ID = "8d6b5f6e-9a6b-4a57-8f0e-3c1f7c1d2a11"


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def signed_in(client, auth, people):
    auth.login()
    return client


def test_a_2_mb_form_post_to_the_log_gets_a_clear_413_page_and_saves_nothing(app, signed_in):
    response = signed_in.post("/log", data={"mood": "4", "device_id": DEVICE_ID, "note": TWO_MB})
    assert response.status_code == 413
    body = response.get_data(as_text=True)
    assert "That was too much to send" in body and "Nothing was saved" in body
    assert 'class="crisis-link"' in body  # the layout, with its way to help, is still there
    assert count(app, Entry) == 0


def test_a_2_mb_outbox_post_gets_a_json_413_and_saves_nothing(app, signed_in):
    # The offline outbox posts the form asking for JSON; it drops an item refused this way.
    response = signed_in.post("/log", data={"mood": "4", "device_id": DEVICE_ID, "note": TWO_MB},
                              headers={"Accept": "application/json"})
    assert response.status_code == 413
    assert response.is_json and "Nothing was saved" in response.json["message"] and response.json["error"]
    assert count(app, Entry) == 0


def test_a_2_mb_json_body_is_refused_before_it_is_read(app, signed_in):
    subscription = {"endpoint": "https://push.example.org/x", "keys": {"p256dh": TWO_MB, "auth": "a"}}
    response = signed_in.post("/push/subscriptions", data=json.dumps(subscription),
                              content_type="application/json", headers={"Accept": "application/json"})
    assert response.status_code == 413 and response.is_json
    assert count(app, PushSubscription) == 0


def test_a_2_mb_anonymous_signup_is_refused_and_makes_no_account(app, client):
    response = client.post("/signup", data={"email": "sam@example.org", "password": "a long passphrase",
                                            "display_name": TWO_MB, "timezone": "Europe/London", "country": "GB"})
    assert response.status_code == 413
    assert count(app, User) == 0


def test_a_normal_entry_still_saves(app, signed_in):
    response = signed_in.post("/log", data={"mood": "4", "device_id": DEVICE_ID, "note": "a calm evening " * 50})
    assert response.status_code == 303
    assert count(app, Entry) == 1
